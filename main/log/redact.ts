/**
 * What the logs must never contain: the browser-mode token or launch code, cookies, authorization
 * headers, passwords and secrets, and long contents (files cross the API by reference only, but a
 * `content` or `data` field may still hold text). Applied to every object and message the logger
 * writes, at any depth and whatever the key's case.
 */
export const REDACTED = '[已隐藏]';

const SECRET_KEY = /token|cookie|authorization|password|passwd|secret|launch.?code|api.?key/i;
const CONTENT_KEY = /^(content|bytes|data)$/i;
/** `token=abc`, `token: abc`, `"token":"abc"`, `Cookie: desk=abc` inside free text such as URLs and messages. */
const SECRET_IN_TEXT = /((?:token|cookie|authorization|launch.?code|password|secret)["']?\s*[:=]\s*["']?)(?:Bearer\s+)?[^\s"'&;,]+/gi;
const MAX_DEPTH = 8;

/** Replaces secrets written inside a string (e.g. `?token=…` in a URL) with a marker. */
export function redactText(text: string): string {
  return text.replace(SECRET_IN_TEXT, `$1${REDACTED}`);
}

function errorToObject(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  const extra = error as unknown as Record<string, unknown>;
  for (const key of ['code', 'errorId', 'details']) if (extra[key] !== undefined) out[key] = extra[key];
  if (error.cause !== undefined) out.cause = error.cause;
  return out;
}

/**
 * A copy of `value` with every field named like a secret replaced by a marker, file contents replaced
 * by their length, secrets inside strings removed, and Errors turned into `{ type, message, stack }`.
 * Never throws and never modifies its input.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[循环引用]';
  if (depth >= MAX_DEPTH) return '[层级过深]';
  seen.add(value);
  if (value instanceof Error) return redact(errorToObject(value), depth + 1, seen);
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[二进制内容 ${(value as ArrayBufferView).byteLength} 字节]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (CONTENT_KEY.test(key) && typeof v === 'string' && v.length > 256) out[key] = `[文件内容 ${v.length} 个字符]`;
    else out[key] = redact(v, depth + 1, seen);
  }
  return out;
}
