import type { StatFieldDef, StatValues } from '../../../../../shared/domain/schools/statistics-fields';

/** Form state per field: numbers for scalar fields, the typed text for list fields; absent = missing. */
export type StatFormValues = Record<string, number | string | null | undefined>;

const LIST_SEPARATORS = /[,，、;；\s]+/;

/** Parses "45,43,46" (also Chinese commas and 顿号); returns null for blank and an error text when invalid. */
export function parseList(text: string): { value: number[] | null; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  const parts = trimmed.split(LIST_SEPARATORS).filter(Boolean);
  const numbers = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(numbers[i]) || numbers[i] < 0);
  if (bad !== undefined) return { value: null, error: `“${bad}”不是有效的非负数字，请用逗号分隔，如 45,43,46` };
  return { value: numbers };
}

export function toStatForm(fields: readonly StatFieldDef[], values: StatValues | undefined): StatFormValues {
  const form: StatFormValues = {};
  for (const f of fields) {
    const v = values?.[f.key];
    if (v === undefined || v === null) continue; // Missing stays missing: never fill with 0.
    form[f.key] = Array.isArray(v) ? v.join(',') : v;
  }
  return form;
}

export function fromStatForm(fields: readonly StatFieldDef[], form: StatFormValues): Record<string, number | number[]> {
  const values: Record<string, number | number[]> = {};
  for (const f of fields) {
    const raw = form[f.key];
    if (raw === undefined || raw === null || raw === '') continue;
    if (f.kind === 'list') {
      const parsed = parseList(String(raw));
      if (parsed.value) values[f.key] = parsed.value;
    } else if (typeof raw === 'number') {
      values[f.key] = raw;
    }
  }
  return values;
}
