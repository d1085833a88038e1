import type { OpInput, OpName, OpOutput } from '../../../shared/api/contract';
import type { ApiErrorBody } from '../../../shared/api/envelope';
import { invoke } from './bridge';

/** An API failure carrying the server's Chinese message and its error code. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly details: unknown;
  /** 错误编号 of this error, also written in the log (see ApiErrorBody.errorId). */
  readonly errorId: string | undefined;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.details = body.details;
    this.errorId = body.errorId;
  }
}

/** Typed call through the one contract; throws ApiError on an error envelope. */
export async function call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const envelope = await invoke(op, input);
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value as OpOutput<K>;
}

/**
 * The text to show for a failure: the core's Chinese message, or one the page wrote itself.
 * A browser's own error (a TypeError, a network DOMException) is English and technical: it is
 * replaced by a Chinese sentence rather than shown.
 */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError && e.message) return e.message;
  if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) return e.message;
  return '操作失败，请稍后重试';
}
