/**
 * Reading numeric statistics with missing-data tracking: absent, null, lists, negative or
 * non-finite values are “missing”, never zero.
 */
import { STAT_FIELD_BY_KEY } from '../schools/statistics-fields';
import type { MissingField } from './types';

export type StatsLike = Readonly<Record<string, unknown>>;

export function fieldLabel(key: string): string {
  return STAT_FIELD_BY_KEY.get(key)?.label ?? key;
}

export function missingField(key: string, reason: MissingField['reason']): MissingField {
  return { key, label: fieldLabel(key), reason };
}

/** A usable number, or the MissingField describing why not. */
export function readNumber(stats: StatsLike, key: string): number | MissingField {
  const v = stats[key];
  if (v === undefined || v === null) return missingField(key, 'absent');
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return missingField(key, 'invalid');
  return v;
}

/** Sum of several fields; all of them must be usable. */
export function readSum(stats: StatsLike, keys: readonly string[]): { value: number; missing: [] } | { value: null; missing: MissingField[] } {
  let sum = 0;
  const missing: MissingField[] = [];
  for (const k of keys) {
    const v = readNumber(stats, k);
    if (typeof v === 'number') sum += v;
    else missing.push(v);
  }
  return missing.length ? { value: null, missing } : { value: sum, missing: [] };
}

export function describeMissing(missing: readonly MissingField[]): string {
  return missing.map((m) => `“${m.label}”${m.reason === 'invalid' ? '（数值无效）' : ''}`).join('、');
}
