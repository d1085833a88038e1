import { withCallOperator } from '../services/context';
import { z, ZodError } from 'zod';
import { contract, isOpName, type OpName } from '../../shared/api/contract';
import { AppError, type ApiErrorBody, type Envelope } from '../../shared/api/envelope';
import { BUSY_MESSAGE } from '../db/connection';
import { newErrorId } from '../log/error-id';
import { silentLogger, type Logger } from '../log/logger';
import type { ServiceContext } from '../services/context';
import type { HandlerMap } from './handler-types';
import { handlers } from './handlers';

/** Runs one operation of the contract and returns its envelope; never throws. */
/**
 * What a door knows about one call beyond its input: in browser mode, the operator chosen in the
 * calling window (each tab may be a different person; the `x-desk-operator` header).
 */
export interface CallInfo {
  operatorId?: number;
}

export type Dispatch = (op: string, input: unknown, call?: CallInfo) => Promise<Envelope<unknown>>;

/**
 * Operations that replace the database under everyone's feet: they wait until the calls in flight
 * have finished, and calls arriving meanwhile wait until they are done.
 */
export const EXCLUSIVE_OPS: ReadonlySet<string> = new Set(['backup.restore']);

/** Error codes that describe the user's input or the data's state, logged as warnings; anything else is an error. */
const EXPECTED_CODES: ReadonlySet<string> = new Set(['invalid_input', 'not_found', 'conflict', 'import_failed', 'unsupported', 'forbidden']);

/**
 * The error map of the input parse (zod consults it only for issues whose schema gave no message of
 * its own): zod's generic Chinese message, with the place it arose, since such a message cannot name
 * its field. A contract's own messages name the field in words (“第 2 个阶段的结束日期早于开始日期”)
 * and are shown as they are: an internal path such as `document.notice.stages.1.end` never reaches a
 * user through them.
 */
export function locatedGenericMessage(iss: Parameters<NonNullable<ReturnType<typeof z.config>['localeError']>>[0]): string | undefined {
  const generic = z.config().localeError?.(iss);
  const message = typeof generic === 'string' ? generic : generic?.message;
  if (!message) return undefined;
  return iss.path?.length ? `字段“${iss.path.join('.')}”：${message}` : message;
}

/** Turns zod issues into one Chinese message naming the field. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? `字段“${i.path.join('.')}”` : '输入';
      return `${where}：${i.message}`;
    })
    .join('；');
}

/**
 * Chinese messages for SQLite constraint failures that reach the dispatcher unmapped, chosen by the
 * driver's error code (never by matching the English message). Services and repositories map the
 * ones they can name better (e.g. which school holds a code) where they arise.
 */
const SQLITE_CODE_MESSAGES: Record<string, { code: ApiErrorBody['code']; message: string }> = {
  SQLITE_CONSTRAINT_UNIQUE: { code: 'conflict', message: '与已有记录重复，未保存' },
  SQLITE_CONSTRAINT_PRIMARYKEY: { code: 'conflict', message: '与已有记录重复，未保存' },
  SQLITE_CONSTRAINT_FOREIGNKEY: { code: 'conflict', message: '引用的记录不存在或仍被其他记录引用，未保存' },
  SQLITE_CONSTRAINT_NOTNULL: { code: 'invalid_input', message: '缺少必填的数据，未保存' },
  SQLITE_CONSTRAINT_CHECK: { code: 'invalid_input', message: '数据不符合要求，未保存' },
  SQLITE_BUSY: { code: 'conflict', message: BUSY_MESSAGE },
  SQLITE_LOCKED: { code: 'conflict', message: BUSY_MESSAGE },
};

/** The error envelope body for anything a handler threw (without its error number). */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof ZodError) return { code: 'invalid_input', message: `输入有误：${describeZodError(error)}` };
  const sqliteCode = (error as { code?: unknown } | null)?.code;
  if (typeof sqliteCode === 'string' && sqliteCode.startsWith('SQLITE_')) {
    const known = SQLITE_CODE_MESSAGES[sqliteCode] ?? (sqliteCode.startsWith('SQLITE_CONSTRAINT') ? { code: 'conflict' as const, message: '数据与已有记录冲突，未保存' } : null);
    if (known) return { ...known };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `内部错误：${message}` };
}

/** Lets ordinary calls run side by side and an exclusive one (a restore) run alone. */
class CallGate {
  private active = 0;
  private exclusive: Promise<unknown> | null = null;
  private drained: (() => void) | null = null;

  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive.catch(() => undefined);
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive.catch(() => undefined);
    const job = (async () => {
      if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      return fn();
    })();
    this.exclusive = job;
    try {
      return await job;
    } finally {
      if (this.exclusive === job) this.exclusive = null;
    }
  }
}

const opForLog = (op: unknown) => (typeof op === 'string' ? op.slice(0, 100) : typeof op);

/**
 * The single entry point for every door. Input is validated with the contract before any handler
 * runs; output is validated too outside production so a handler cannot drift from its contract.
 * Every call is logged with its operation, duration and outcome (never its input); every error gets
 * an error number (错误编号) that is both in the envelope and in the log line, with the stack.
 */
export function createDispatcher(
  ctx: ServiceContext,
  table: HandlerMap = handlers,
  checkOutput = process.env.NODE_ENV !== 'production',
  logger: Logger = silentLogger(),
): Dispatch {
  const log = logger.child({ module: 'api' });
  const gate = new CallGate();

  const execute = async (op: string, input: unknown): Promise<{ envelope: Envelope<unknown>; thrown?: unknown }> => {
    if (typeof op !== 'string' || !isOpName(op)) {
      return { envelope: { ok: false, error: { code: 'not_found', message: `未知的操作：${String(op).slice(0, 100)}` } } };
    }
    const spec = contract[op as OpName];
    const parsed = spec.input.safeParse(input ?? {}, { error: locatedGenericMessage });
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join('；');
      return { envelope: { ok: false, error: { code: 'invalid_input', message: `输入有误：${message}`, details: parsed.error.issues } } };
    }
    const handler = table[op as OpName] as (c: ServiceContext, i: unknown) => unknown;
    const run = async () => {
      try {
        const value = await handler(ctx, parsed.data);
        if (checkOutput) {
          const out = spec.output.safeParse(value);
          if (!out.success) {
            const error = new Error(`操作 ${op} 的返回值不符合约定（${describeZodError(out.error)}）`);
            return { envelope: { ok: false as const, error: { code: 'internal' as const, message: `内部错误：${error.message}` } }, thrown: error };
          }
          return { envelope: { ok: true as const, value: out.data } };
        }
        return { envelope: { ok: true as const, value } };
      } catch (error) {
        return { envelope: { ok: false as const, error: toErrorBody(error) }, thrown: error };
      }
    };
    return EXCLUSIVE_OPS.has(op) ? gate.runExclusive(run) : gate.run(run);
  };

  return async (op, input, call = {}) => {
    const started = performance.now();
    // The window's operator holds for this call and everything it starts (a job records them too).
    const { envelope, thrown } = await withCallOperator(call.operatorId ?? null, () => execute(op, input));
    const ms = Math.round((performance.now() - started) * 10) / 10;
    if (envelope.ok) {
      log.info({ op: opForLog(op), ms, outcome: 'ok' }, 'api');
      return envelope;
    }
    const errorId = newErrorId();
    const error = { ...envelope.error, errorId };
    const line = { op: opForLog(op), ms, outcome: error.code, errorId, ...(thrown !== undefined ? { err: thrown } : {}) };
    if (EXPECTED_CODES.has(error.code)) log.warn(line, error.message);
    else log.error(line, error.message);
    return { ok: false, error };
  };
}
