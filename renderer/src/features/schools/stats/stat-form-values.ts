import { statListItemName, statValueIssue } from '../../../../../shared/domain/schools/stat-validation';
import type { StatFieldDef, StatValues } from '../../../../../shared/domain/schools/statistics-fields';

/** One row of a list field's table (a class's size, a room's area); null while not filled in. */
export type ListEntry = number | null;

/**
 * Form state per field: a number for scalar fields, the rows of its table for list fields (各班人数,
 * 各教室面积); absent = missing.
 */
export type StatFormValues = Record<string, number | ListEntry[] | null | undefined>;

/** The stored values as the form holds them; missing stays missing (never 0, never an empty table row). */
export function toStatForm(fields: readonly StatFieldDef[], values: StatValues | undefined): StatFormValues {
  const form: StatFormValues = {};
  for (const f of fields) {
    const v = values?.[f.key];
    if (v === undefined || v === null) continue;
    form[f.key] = Array.isArray(v) ? [...v] : v;
  }
  return form;
}

/**
 * The form's values as stored values. A list whose rows are all empty is missing; the form refuses
 * to save a table with an empty row among filled ones (listFieldError), so nothing is dropped here
 * that the user typed.
 */
export function fromStatForm(fields: readonly StatFieldDef[], form: StatFormValues): Record<string, number | number[]> {
  const values: Record<string, number | number[]> = {};
  for (const f of fields) {
    const raw = form[f.key];
    if (raw === undefined || raw === null) continue;
    if (f.kind === 'list') {
      if (!Array.isArray(raw)) continue;
      const filled = raw.filter((x): x is number => typeof x === 'number');
      if (filled.length > 0) values[f.key] = filled;
    } else if (typeof raw === 'number') {
      values[f.key] = raw;
    }
  }
  return values;
}

/** The problem of a list field's table, in Chinese naming field and row; null when it can be saved. */
export function listFieldError(def: StatFieldDef, rows: readonly ListEntry[] | null | undefined): string | null {
  if (!rows || rows.length === 0 || rows.every((r) => r === null)) return null;
  const blank = rows.findIndex((r) => r === null);
  if (blank >= 0) return `“${def.label}”${statListItemName(def, blank)}未填写，请填写或删除该行`;
  return statValueIssue(def, rows);
}

/**
 * Whether the form differs from the stored values: what saving would store, not how it is typed
 * (an empty row added to a table loses nothing when left).
 */
export function statFormChanged(fields: readonly StatFieldDef[], form: StatFormValues, stored: StatValues | undefined): boolean {
  const canon = (v: Record<string, unknown>) => JSON.stringify(Object.keys(v).sort().map((k) => [k, v[k]]));
  return canon(fromStatForm(fields, form)) !== canon(fromStatForm(fields, toStatForm(fields, stored)));
}
