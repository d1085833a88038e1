import { ZodError } from 'zod';
import { contract, isOpName, type OpName } from '../../shared/api/contract';
import { AppError, type Envelope } from '../../shared/api/envelope';
import type { ServiceContext } from '../services/context';
import type { HandlerMap } from './handler-types';
import { handlers } from './handlers';

export type Dispatch = (op: string, input: unknown) => Promise<Envelope<unknown>>;

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
 * The single entry point for every door. Input is validated with the contract before any handler
 * runs; output is validated too outside production so a handler cannot drift from its contract.
 */
export function createDispatcher(ctx: ServiceContext, table: HandlerMap = handlers, checkOutput = process.env.NODE_ENV !== 'production'): Dispatch {
  return async (op, input) => {
    if (typeof op !== 'string' || !isOpName(op)) {
      return { ok: false, error: { code: 'not_found', message: `未知的操作：${String(op)}` } };
    }
    const spec = contract[op as OpName];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: `输入有误：${describeZodError(parsed.error)}`, details: parsed.error.issues } };
    }
    try {
      const handler = table[op as OpName] as (c: ServiceContext, i: unknown) => unknown;
      const value = await handler(ctx, parsed.data);
      if (checkOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          return { ok: false, error: { code: 'internal', message: `内部错误：操作 ${op} 的返回值不符合约定（${describeZodError(out.error)}）` } };
        }
        return { ok: true, value: out.data };
      }
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

function toErrorBody(error: unknown) {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof ZodError) return { code: 'invalid_input' as const, message: `输入有误：${describeZodError(error)}` };
  const message = error instanceof Error ? error.message : String(error);
  if (/UNIQUE constraint failed: schools\.code/.test(message)) return { code: 'conflict' as const, message: '学校标识码已被其他学校使用' };
  if (/UNIQUE constraint failed: schools\.name/.test(message)) return { code: 'conflict' as const, message: '已有同名学校' };
  if (/UNIQUE constraint failed: campuses/.test(message)) return { code: 'conflict' as const, message: '该学校已有同名校区' };
  return { code: 'internal' as const, message: `内部错误：${message}` };
}
