import { randomBytes } from 'node:crypto';

/** `E-20261129-1A2B3C`: the day (local time) and six random hex digits. */
export const ERROR_ID_PATTERN = /^E-\d{8}-[0-9A-F]{6}$/;

/**
 * A new error number (错误编号) for an error that reaches a user. The same number is written in the
 * log line of that error, so a support person can find the line from a screenshot or a phone call.
 */
export function newErrorId(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  return `E-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
}
