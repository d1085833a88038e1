/**
 * One way to write dates and times (issue 10 item 10): on screen and in exports `2026-11-29 20:58`
 * (local time, 24-hour, no seconds) and `2026-11-29` for a date. Official documents write
 * `2026年11月29日` (GB/T 9704-2012, domain.md §6) with main/documents/dates.ts.
 *
 * Inputs are ISO 8601 strings as the core stores them (UTC with `Z`, or a calendar date
 * `YYYY-MM-DD`), or Date objects. A calendar date is never shifted by the time zone.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const m = DATE_ONLY.exec(value);
  // A bare calendar date means that day wherever the reader is; parse it as local midnight.
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `2026-11-29 20:58` in local time; '—' for null, undefined or an unreadable value. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const d = toDate(value);
  if (!d) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `2026-11-29` (local calendar day); '—' for null or unreadable. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const d = toDate(value);
  if (!d) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
