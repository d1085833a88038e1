/** Text fields as every form of the contract checks them, with the Chinese messages users read. */
import { z } from 'zod';

/** A required text: trimmed, 1 to `max` characters; “请填写{label}” when empty. */
export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);

/** An optional text: trimmed, at most `max` characters, '' when not given. */
export const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).default('');

/** Whether `v` is a day of the calendar written YYYY-MM-DD (2026-02-30 and 2026-13-01 are not). */
function isDay(v: string): boolean {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

/**
 * A calendar date written 2026-12-31, any year (a deadline far ahead is a user's choice); a day the calendar does not have is named (“2026-02-30”不存在：
 * 2026年2月没有30日), a wrong form asks for the right one.
 */
export const calendarDate = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isDay, {
    error: (iss) => {
      const v = String(iss.input);
      const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
      return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${label}“${v}”不存在：${Number(m[1])}年${Number(m[2])}月没有${Number(m[3])}日` : `${label}“${v}”不是有效日期，应写成 2026-12-31 这样的格式`;
    },
  });
