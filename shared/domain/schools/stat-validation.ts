/**
 * The rules a statistics value obeys, one home for every door: the per-school form, the year grid
 * (typed or pasted cells), the service behind `stats.save` / `stats.saveMany`. Messages are Chinese
 * and name the field as the forms label it (statistics-fields.ts), so the same words appear beside
 * a form field, on a grid cell and in an API refusal.
 *
 * - A figure is a finite number, never negative: a negative count or area is a typing or paste
 *   mistake, refused with a message — never turned into 0 or its absolute value.
 * - Counts (人, 个, 间, 册, 台) and the per-class sizes are whole numbers; areas and money may have
 *   decimals; percentages stay within 0–100.
 * - A list field (各班人数, 各教室面积) holds one figure per class or room.
 * - Blank is missing (never zero); placeholders such as “—” and “/” read as missing too.
 *
 * Pure: no Node, no DOM.
 */
import { readNumberText } from '../text/number';
import { STAT_FIELD_BY_KEY, type StatFieldDef, type StatValue } from './statistics-fields';

/** Whether each figure of the field must be a whole number (counts; class sizes in 人). */
export function statFieldIsInteger(def: StatFieldDef): boolean {
  return def.kind === 'count' || (def.kind === 'list' && def.unit === '人');
}

/** What one item of a list field is called in messages: 第 2 班 / 第 2 间. */
export function statListItemName(def: StatFieldDef, index: number): string {
  return def.unit === '人' ? `第 ${index + 1} 班` : `第 ${index + 1} 间`;
}

/** The problem of one figure (a scalar, or one item of a list), without the field's name; null when fine. */
function figureProblem(def: StatFieldDef, n: unknown): string | null {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '应为数字';
  if (n < 0) return `不能为负数（填写的是 ${n}）`;
  if (statFieldIsInteger(def) && !Number.isInteger(n)) return `应为整数（${def.unit}），填写的是 ${n}`;
  if (def.kind === 'percent' && n > 100) return `不能超过 100%（填写的是 ${n}）`;
  return null;
}

/**
 * The problem of a value for a field, as one Chinese sentence naming the field
 * (“小学在校生数”不能为负数（填写的是 -5）); null when the value is acceptable. `undefined` and
 * `null` (missing) are acceptable.
 */
export function statValueIssue(def: StatFieldDef, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const name = `“${def.label}”`;
  if (def.kind === 'list') {
    if (!Array.isArray(value)) return `${name}应为每${def.unit === '人' ? '班' : '间'}一个数字的列表`;
    for (const [i, item] of value.entries()) {
      const p = figureProblem(def, item);
      if (p) return `${name}${statListItemName(def, i)}${p}`;
    }
    return null;
  }
  if (Array.isArray(value)) return `${name}应为单个数字`;
  const p = figureProblem(def, value);
  return p ? `${name}${p}` : null;
}

/** One refused value of a record: the field key, its label and the message. */
export interface StatValueIssue {
  field: string;
  label: string;
  message: string;
}

/**
 * Every problem of a record's values, in catalogue key order of the input: unknown fields (named by
 * their key, since they have no label) and refused values. Empty when all is well.
 */
export function statValuesIssues(values: Readonly<Record<string, unknown>>): StatValueIssue[] {
  const issues: StatValueIssue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = STAT_FIELD_BY_KEY.get(key);
    if (!def) {
      issues.push({ field: key, label: key, message: `未知的统计字段“${key}”` });
      continue;
    }
    const message = statValueIssue(def, value);
    if (message) issues.push({ field: key, label: def.label, message });
  }
  return issues;
}

/** A value read from text: the value (null = missing), or the reason it is refused. */
export type StatTextReading = { ok: true; value: StatValue | null } | { ok: false; message: string };

const LIST_SEPARATORS = /[,，、;；\s]+/;

/**
 * Reads a value typed or pasted as text (a grid cell, a cell copied from Excel): full-width digits,
 * thousands separators (1,833,700) and spaces at the ends are accepted as readNumberText accepts
 * them; a list is separated by commas, 顿号, semicolons or spaces (45,43,46 / 45、43、46). Blank and
 * placeholders are missing. The result passes statValueIssue or is refused with its message.
 */
export function parseStatText(def: StatFieldDef, text: string): StatTextReading {
  const name = `“${def.label}”`;
  if (def.kind === 'list') {
    const parts = text.normalize('NFKC').trim().split(LIST_SEPARATORS).filter((p) => p !== '');
    if (parts.length === 0) return { ok: true, value: null };
    if (parts.length === 1 && readNumberText(parts[0]).kind === 'missing') return { ok: true, value: null };
    const out: number[] = [];
    for (const [i, part] of parts.entries()) {
      const n = readNumberText(part);
      if (n.kind !== 'number') return { ok: false, message: `${name}${statListItemName(def, i)}填写的“${part}”不是数字，多个数值请用逗号或顿号分隔` };
      out.push(n.value);
    }
    const issue = statValueIssue(def, out);
    return issue ? { ok: false, message: issue } : { ok: true, value: out };
  }
  const n = readNumberText(text, { allowPercent: def.kind === 'percent' });
  if (n.kind === 'missing') return { ok: true, value: null };
  if (n.kind === 'invalid') return { ok: false, message: `${name}填写的${n.reason}` };
  const issue = statValueIssue(def, n.value);
  return issue ? { ok: false, message: issue } : { ok: true, value: n.value };
}

/**
 * A stored value as text a grid cell shows and copies (and parseStatText reads back unchanged):
 * plain digits without thousands separators, lists joined with commas; '' when missing.
 */
export function statValueText(value: StatValue | null | undefined): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}
