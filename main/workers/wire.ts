/** How a task's answer and error cross between threads (structured clone keeps plain data only). */
import { AppError, type ErrorCode } from '../../shared/api/envelope';

export type WireError = { app: true; code: ErrorCode; message: string; details?: unknown } | { app: false; message: string; stack?: string; name?: string };

export type TaskEnvelope = { ok: true; value: unknown } | { ok: false; error: WireError };

export function errorToWire(e: unknown): WireError {
  if (e instanceof AppError) return { app: true, code: e.code, message: e.message, details: safeClone(e.details) };
  if (e instanceof Error) return { app: false, message: e.message, stack: e.stack, name: e.name };
  return { app: false, message: String(e) };
}

export function wireToError(w: WireError): Error {
  if (w.app) return new AppError(w.code, w.message, w.details);
  const e = new Error(w.message);
  if (w.name) e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}

function safeClone(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return undefined;
  }
}
