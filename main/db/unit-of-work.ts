/**
 * One user action = one unit of work: one IMMEDIATE transaction, and the typed audit entries of
 * every entity it changed, appended to the hash chain in that same transaction (both or neither).
 *
 * Inside a unit, the transaction handle (`Tx`) is the only one that works:
 * - `Tx` is branded and has no `transaction()` / `connection()`: nesting is a type error;
 * - the outer handle services read through (`readerOf`) is typed without any write method, and at
 *   run time refuses writes, and refuses any query issued from inside a unit of the same database
 *   (with one SQLite connection that query would wait for the unit forever);
 * - starting a unit inside a unit of the same database is refused the same way.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import type { AuditAction, AuditEntityType } from '../../shared/api/contracts/audit';
import { AppError } from '../../shared/api/envelope';
import { BUSY_MESSAGE, type Db } from './connection';
import { appendAudit, type NewAuditRow } from './repositories/audit-repo';
import type { Database } from './schema';

declare const TX_BRAND: unique symbol;

/** The transaction of a unit of work: the only handle that may write. Cannot start another transaction. */
export type Tx = Kysely<Database> & { readonly [TX_BRAND]: true; transaction: never; startTransaction: never; connection: never };

/** A handle for reads outside units of work: no write method, no transaction. */
export type ReadDb = Kysely<Database> & {
  insertInto: never;
  replaceInto: never;
  updateTable: never;
  deleteFrom: never;
  mergeInto: never;
  transaction: never;
  startTransaction: never;
  connection: never;
};

/** A snapshot of an entity's fields (nested objects are compared field by field). */
export type Snapshot = Readonly<Record<string, unknown>>;

/** Who acts: a chosen operator (id set), or the system account when nobody was chosen yet. */
export interface AuditOperator {
  id: number | null;
  name: string;
  office: string;
}

/** One changed entity, as a service reports it; the unit keeps only the fields that differ. */
export interface AuditChange {
  entityType: AuditEntityType;
  entityId: string | number | null;
  /** The entity's name as users know it (school name, “学校 2025 年”, 文号 …) at the time of the change. */
  entityName: string;
  action: AuditAction;
  /** One Chinese sentence. */
  summary: string;
  before?: Snapshot | null;
  after?: Snapshot | null;
}

/** What a unit's callback gets besides the transaction. */
export interface Unit {
  readonly operator: AuditOperator;
  /** Shared by all entries of a bulk operation (import, demo), null otherwise. */
  readonly batchId: string | null;
  /** The unit's time, recorded with every entry. */
  readonly at: string;
  /** Records a change; written to the audit chain just before the transaction commits. */
  audit(change: AuditChange): void;
  /** Records the unit's entries as `operator` instead (a person adding themselves on first run). */
  actAs(operator: AuditOperator): void;
}

export interface UnitOptions {
  /** The door and system account, e.g. `zhang@electron`. */
  via: string;
  /** Resolves the operator inside the transaction. */
  operator: (tx: Tx) => Promise<AuditOperator>;
  /** A bulk operation: every entry carries one batch id (set anyway when a unit records several entries). */
  batch?: boolean;
}

const ACTIVE = new AsyncLocalStorage<{ db: Db }>();

/**
 * Runs `work` as one unit: BEGIN IMMEDIATE (so a second process waits for the lock instead of failing
 * on upgrade), the work, the audit entries, COMMIT — or ROLLBACK of everything when anything throws.
 */
export async function runUnitOfWork<T>(db: Db, options: UnitOptions, work: (tx: Tx, unit: Unit) => Promise<T>): Promise<T> {
  if (ACTIVE.getStore()?.db === db) {
    throw new AppError('internal', '内部错误：工作单元中又开始了一个工作单元（应在同一事务中完成），已停止以免等待不止');
  }
  return db.connection().execute(async (conn) => {
    const tx = conn as unknown as Tx;
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn);
    } catch (e) {
      throw busyOr(e);
    }
    try {
      const value = await ACTIVE.run({ db }, async () => {
        let operator = await options.operator(tx);
        const entries: AuditChange[] = [];
        const at = new Date().toISOString();
        const batchId = options.batch ? randomUUID() : null;
        const unit: Unit = {
          get operator() {
            return operator;
          },
          batchId,
          at,
          audit: (c) => void entries.push(c),
          actAs: (o) => void (operator = o),
        };
        const result = await work(tx, unit);
        const rows = entries.map((c) => toRow(c, unit, options.via)).filter((r): r is NewAuditRow => r !== null);
        const batch = batchId ?? (rows.length > 1 ? randomUUID() : null);
        await appendAudit(
          tx,
          rows.map((r) => ({ ...r, batch_id: batch })),
        );
        return result;
      });
      await sql`COMMIT`.execute(conn);
      return value;
    } catch (e) {
      try {
        await sql`ROLLBACK`.execute(conn);
      } catch {
        // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error matters.
      }
      throw busyOr(e);
    }
  });
}

function busyOr(e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT') return new AppError('conflict', BUSY_MESSAGE);
  return e;
}

/** True while the current async flow runs inside a unit of work on `db`. */
export function insideUnitOf(db: Db): boolean {
  return ACTIVE.getStore()?.db === db;
}

const READ_NODES = new Set(['SelectQueryNode', 'RawNode']);
const READERS = new WeakMap<Db, ReadDb>();

/** The read handle of a database: refuses writes, and refuses to run inside a unit of work of the same database. */
export function readerOf(db: Db): ReadDb {
  let reader = READERS.get(db);
  if (!reader) {
    const guard: KyselyPlugin = {
      transformQuery({ node }) {
        if (insideUnitOf(db)) throw new AppError('internal', '内部错误：工作单元中使用了外部数据库句柄（应使用工作单元的事务），已停止以免等待不止');
        if (!READ_NODES.has(node.kind)) throw new AppError('internal', '内部错误：写入须在工作单元中进行');
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    reader = db.withPlugin(guard) as unknown as ReadDb;
    READERS.set(db, reader);
  }
  return reader;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nested objects as dotted paths (`split.nineYear.junior`); arrays stay whole values. */
function flatten(s: Snapshot | null | undefined, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!s) return out;
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined) continue;
    if (isPlainObject(v)) flatten(v, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

function sameValue(a: unknown, b: unknown): boolean {
  if (!present(a) && !present(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields that differ between two snapshots, each side keeping only those fields. A snapshot that
 * is absent (created, deleted) keeps its other side's filled-in fields.
 */
export function changedFields(before: Snapshot | null | undefined, after: Snapshot | null | undefined): { before: Snapshot | null; after: Snapshot | null } {
  const b = flatten(before);
  const a = flatten(after);
  if (!before && !after) return { before: null, after: null };
  if (!before) return { before: null, after: Object.fromEntries(Object.entries(a).filter(([, v]) => present(v))) };
  if (!after) return { before: Object.fromEntries(Object.entries(b).filter(([, v]) => present(v))), after: null };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !sameValue(b[k], a[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, b[k] ?? null])), after: Object.fromEntries(keys.map((k) => [k, a[k] ?? null])) };
}

function toRow(c: AuditChange, unit: Unit, via: string): NewAuditRow | null {
  const d = changedFields(c.before, c.after);
  const empty = (s: Snapshot | null) => s === null || Object.keys(s).length === 0;
  // An update that changes nothing is not an event.
  if (c.action === 'update' && c.before && c.after && empty(d.before) && empty(d.after)) return null;
  return {
    at: unit.at,
    operator_id: unit.operator.id,
    operator_name: unit.operator.name,
    operator_office: unit.operator.office,
    via,
    entity_type: c.entityType,
    entity_id: c.entityId === null ? null : String(c.entityId),
    entity_name: c.entityName,
    action: c.action,
    summary: c.summary,
    before: d.before === null ? null : JSON.stringify(d.before),
    after: d.after === null ? null : JSON.stringify(d.after),
    batch_id: null,
  };
}
