/**
 * Statistics of a school that has only campus records (no school-level record): summed where
 * additive. The rule, stated to the user in the source note:
 *   - counts, areas and money: summed when every campus recorded the field; if only some did, the
 *     field stays missing (a partial sum would understate the school; missing is never zero);
 *   - lists (class sizes, room areas): concatenated under the same condition;
 *   - percentages are not additive: taken only when there is a single campus record.
 */
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import { STAT_FIELD_BY_KEY, type StatValues } from '../../../shared/domain/schools/statistics-fields';

export interface MergedStats {
  values: StatValues;
  /** Chinese labels of fields left missing because only some campuses recorded them. */
  partial: string[];
}

export function mergeCampusRecords(records: readonly StatRecord[]): MergedStats {
  if (records.length === 1) return { values: { ...records[0].values }, partial: [] };
  const keys = new Set(records.flatMap((r) => Object.keys(r.values)));
  const values: StatValues = {};
  const partial: string[] = [];
  for (const key of keys) {
    const def = STAT_FIELD_BY_KEY.get(key);
    if (!def || def.kind === 'percent') continue;
    const parts = records.map((r) => r.values[key]);
    if (parts.some((p) => p === undefined || p === null)) {
      partial.push(def.label);
      continue;
    }
    if (def.kind === 'list') values[key] = parts.flatMap((p) => (Array.isArray(p) ? p : [p!]));
    else values[key] = parts.reduce<number>((sum, p) => sum + (Array.isArray(p) ? NaN : p!), 0);
  }
  return { values, partial };
}
