import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../db/connection';
import type { FileRefs } from '../files/file-refs';
import type { Logger } from '../log/logger';
import type { TaskRunner } from '../workers/task-runner';
import { getOperator, mostRecentOperator } from '../db/repositories/audit-repo';
import { readerOf, runUnitOfWork, type AuditOperator, type ReadDb, type Tx, type Unit } from '../db/unit-of-work';

/**
 * The database as a door hands it to the services: an opaque handle. Services read through
 * `reader(ctx)` and write only inside `unitOfWork(ctx, …)`, whose transaction is the only handle
 * usable there; neither a query method nor a transaction is reachable from the context itself.
 */
export type DbHandle = Pick<Db, 'isTransaction'>;

/** What every service call gets: the database, the door, and (when the door knows it) the window's operator. */
export interface ServiceContext {
  db: DbHandle;
  /** The system account and door (`zhang@electron`); recorded as `via` beside the operator. */
  actor: string;
  dataDir: string;
  schemaVersion: number;
  /** 'electron' | 'web' | 'cli' | 'test' — shown in 关于 and recorded with audit entries. */
  mode: string;
  /**
   * The operator chosen in the calling window, when the door carries it per call. Without it the
   * core's current operator applies (chosen last in this process, else the one active last).
   */
  operatorId?: number | null;
  /** Where heavy work (rendering, reading workbooks) runs: worker threads in Electron and browser mode, inline in the CLI. */
  tasks: TaskRunner;
  /** Files by reference: uploads and picked paths the core may read, results the door fetches. */
  files: FileRefs;
  /** The core's logger, for work that outlives the call that started it (jobs); absent in bare test contexts. */
  log?: Logger;
}

function connectionOf(ctx: ServiceContext): Db {
  return ctx.db as Db;
}

/** The read handle: queries outside units of work (refuses writes, and refuses to run inside a unit). */
export function reader(ctx: ServiceContext): ReadDb {
  return readerOf(connectionOf(ctx));
}

// The operator chosen in this process, per app core (one context object each; it survives a restore).
const CURRENT_OPERATOR = new WeakMap<ServiceContext, number>();

/** Makes `operatorId` the operator of this core's later units of work (see ServiceContext.operatorId). */
export function setCurrentOperator(ctx: ServiceContext, operatorId: number): void {
  CURRENT_OPERATOR.set(ctx, operatorId);
}

// The operator of the window that made the current call (browser mode: one per tab), carried through
// everything the call awaits or starts — a job started by the call records the same person.
const CALL_OPERATOR = new AsyncLocalStorage<number>();

/** Runs `fn` as a call from the window whose operator is `operatorId` (null: no window operator). */
export function withCallOperator<T>(operatorId: number | null, fn: () => T): T {
  return operatorId === null ? fn() : CALL_OPERATOR.run(operatorId, fn);
}

/** The operator id in force for this call: the calling window's, else the core's choice, else null (then the one active last). */
export function chosenOperatorId(ctx: ServiceContext): number | null {
  return CALL_OPERATOR.getStore() ?? ctx.operatorId ?? CURRENT_OPERATOR.get(ctx) ?? null;
}

/**
 * Who a unit of work is recorded as: the chosen operator, else the one active last, else (nobody
 * was ever chosen, e.g. a script before first run) the system account with no office.
 */
export async function resolveOperator(ctx: ServiceContext, db: Db): Promise<AuditOperator> {
  const id = chosenOperatorId(ctx);
  const o = (id !== null ? await getOperator(db, id) : undefined) ?? (await mostRecentOperator(db));
  return o ? { id: o.id, name: o.name, office: o.office } : { id: null, name: ctx.actor, office: '' };
}

/**
 * Runs one user action as a unit of work (see main/db/unit-of-work.ts): `work` gets the
 * transaction and the unit to record audit entries on; everything commits together or not at all.
 * `batch` marks a bulk operation (every entry gets the same batch id).
 */
export function unitOfWork<T>(ctx: ServiceContext, work: (tx: Tx, unit: Unit) => Promise<T>, options: { batch?: boolean } = {}): Promise<T> {
  return runUnitOfWork(connectionOf(ctx), { via: ctx.actor, batch: options.batch, operator: (tx) => resolveOperator(ctx, tx) }, work);
}

export type { ReadDb, Tx, Unit };
