import { showInvisible } from '../../../shared/domain/text/normalize';
import { canonicalUnit } from './header-match';
import type { Cell } from './table';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });

/** Placeholders people type for “no figure”; a blank is missing, never zero, and so are these. */
const MISSING_MARKS = new Set(['-', '--', '—', '——', '–', '/', '\\']);

function formulaMessage(formula: string): string {
  return `是公式“=${formula}”，但文件中没有保存计算结果。请在 Excel 中打开该文件并保存后再导入，或直接填写数值`;
}

export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** Shows a cell the way the user typed it, for messages. */
export function displayCell(cell: Cell): string {
  switch (cell.t) {
    case 'empty':
      return '';
    case 'text':
      return cell.v.trim();
    case 'number':
      return formatNumber(cell.v);
    case 'bool':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'date':
      return isoDate(cell.v);
    case 'formula':
      return `=${cell.formula}`;
    case 'error':
      return cell.v;
  }
}

/** Text for a text column; numbers become their digits (a 标识码 typed as a number). */
export function readText(cell: Cell): Read<string | null> {
  switch (cell.t) {
    case 'empty':
      return ok(null);
    case 'text': {
      const v = cell.v.replace(/^'/, '').trim();
      return ok(v === '' ? null : v);
    }
    case 'number':
      return ok(Number.isInteger(cell.v) ? cell.v.toFixed(0) : String(cell.v));
    case 'bool':
      return ok(cell.v ? 'TRUE' : 'FALSE');
    case 'date':
      return ok(isoDate(cell.v));
    case 'formula':
      return fail(formulaMessage(cell.formula));
    case 'error':
      return fail(`单元格显示错误值“${cell.v}”`);
  }
}

/**
 * A calendar date as YYYY-MM-DD from a date cell, an Excel serial number or text like 2020/9/1 or 2020年9月1日.
 * A serial number counts in the workbook's date system: from 1899-12-30 (1900 system), or from 1904-01-01
 * when `date1904` (the sheet's SheetTable.date1904).
 */
export function readDate(cell: Cell, date1904 = false): Read<string | null> {
  if (cell.t === 'date') return ok(isoDate(cell.v));
  if (cell.t === 'number') {
    if (cell.v > 20000 && cell.v < 80000 && Number.isInteger(cell.v)) {
      const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
      return ok(isoDate(new Date(epoch + cell.v * 86400000)));
    }
    return fail(`“${displayCell(cell)}”不是日期，应写成 2020-09-01`);
  }
  const text = readText(cell);
  if (!text.ok || text.value === null) return text;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.value.normalize('NFKC'));
  if (!m) return fail(`“${text.value}”不是日期，应写成 2020-09-01`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return fail(`“${text.value}”不是有效日期`);
  return ok(isoDate(date));
}

/** Invisible characters people paste with numbers (zero-width spaces, joiners, BOM, soft hyphen). */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const EDGE_NOISE = /^[\s\u200B-\u200D\u2060\uFEFF\u00AD]+|[\s\u200B-\u200D\u2060\uFEFF\u00AD]+$/g;
/** Units a number typed as text may carry at its end; mapped with canonicalUnit (㎡ → 平方米, 名 → 人). */
const UNIT_SUFFIX = /^(.*?)(万元|千元|元|万平方米|平方米|平米|m2|万|人|名|个|间|所|册|本|台)$/;

/** What a number typed as text says: missing, a number (with the unit it names, if any), or why it is refused. */
export type NumberText =
  | { kind: 'missing' }
  | { kind: 'number'; value: number; unit: string | null }
  | { kind: 'invalid'; reason: string };

/**
 * Reads one number typed as text. Accepted: full-width digits and punctuation (NFKC), thousands
 * separated by commas or single spaces in groups of three, spaces and invisible characters at
 * either end, a trailing unit (213人, 980㎡, 49.5万) returned in `unit`, a trailing % when
 * `allowPercent`. Refused with the reason shown to the user: invisible characters inside the
 * number (shown as ⟨U+200B⟩), other inner spaces, scientific notation (1.2E+6 is what Excel
 * displays for 1,234,567 in a narrow column: the digits are lost), anything else.
 */
export function readNumberText(raw: string, allowPercent = false): NumberText {
  let s = raw.normalize('NFKC').replace(EDGE_NOISE, '');
  if (INVISIBLE.test(s)) return { kind: 'invalid', reason: `“${showInvisible(raw.trim())}”中间含有看不见的字符，请删除后重新填写` };
  if (MISSING_MARKS.has(s.replace(/\s+/g, ''))) return { kind: 'missing' };
  if (s === '') return { kind: 'missing' };
  if (allowPercent) s = s.replace(/\s*%$/, '');
  let unit: string | null = null;
  const u = UNIT_SUFFIX.exec(s);
  if (u && u[1].trim() !== '') {
    unit = canonicalUnit(u[2]);
    s = u[1].trim();
  }
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[-+]?\d{1,3}( \d{3})+(\.\d+)?$/.test(s)) s = s.replace(/ /g, '');
  if (/^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(s)) {
    return { kind: 'invalid', reason: `“${raw.trim()}”是科学计数法显示的数字，可能已丢失位数，请填写完整数值` };
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return { kind: 'invalid', reason: `“${showInvisible(raw.trim())}”不是数字` };
  return { kind: 'number', value: Number(s), unit };
}

/** Back-compatible wrapper: the number, null for a blank/placeholder, undefined when refused or carrying a unit. */
export function parseNumberText(raw: string, allowPercent = false): number | null | undefined {
  const r = readNumberText(raw, allowPercent);
  if (r.kind === 'missing') return null;
  return r.kind === 'number' && r.unit === null ? r.value : undefined;
}

export interface NumberRule {
  integer: boolean;
  /** Multiplies the typed value into the stored unit (万元 → 元). */
  factor?: number;
  /** Money is kept to the fen; this also removes binary float noise from ×10000. */
  roundTo2?: boolean;
  max?: number;
  allowPercent?: boolean;
  /**
   * Units a cell may name itself (canonical, as canonicalUnit gives them), with the factor into the
   * stored unit; a cell's own unit wins over the column's. `storedUnit` names the column's unit in messages.
   */
  units?: Readonly<Record<string, number>>;
  storedUnit?: string;
}

function checkNumber(v: number, shown: string, rule: NumberRule, factor = rule.factor): Read<number> {
  if (v < 0) return fail(`“${shown}”是负数，应为 0 或正数`);
  let value = v;
  if (factor && factor !== 1) value = Math.round(v * factor * 100) / 100;
  else if (rule.roundTo2) value = Math.round(v * 100) / 100;
  if (rule.integer && !Number.isInteger(value)) return fail(`“${shown}”不是整数`);
  if (rule.max !== undefined && value > rule.max) return fail(`“${shown}”超过了 ${rule.max}`);
  return ok(value === 0 ? 0 : value);
}

function checkTyped(shown: string, rule: NumberRule): Read<number | null> {
  const n = readNumberText(shown, rule.allowPercent);
  if (n.kind === 'missing') return ok(null);
  if (n.kind === 'invalid') return fail(n.reason);
  if (n.unit === null) return checkNumber(n.value, shown, rule);
  const f = rule.units?.[n.unit];
  if (f === undefined) return fail(`“${shown}”带的单位“${n.unit}”与本列${rule.storedUnit ? `的单位（${rule.storedUnit}）` : ''}不符`);
  return checkNumber(n.value, shown, rule, f);
}

export function readNumber(cell: Cell, rule: NumberRule): Read<number | null> {
  switch (cell.t) {
    case 'empty':
      return ok(null);
    case 'number':
      return checkNumber(cell.v, formatNumber(cell.v), rule);
    case 'text':
      return checkTyped(cell.v.trim(), rule);
    case 'formula':
      return fail(formulaMessage(cell.formula));
    case 'error':
      return fail(`单元格显示错误值“${cell.v}”，不是数字`);
    case 'date':
      return fail(`“${displayCell(cell)}”是日期，不是数字`);
    case 'bool':
      return fail(`“${displayCell(cell)}”不是数字`);
  }
}

const LIST_SEPARATORS = /[,，、;；\s]+/;

/** A list such as “45,43,46”, “45、43、46” or “45，43”. A single number cell is a one-item list. */
export function readList(cell: Cell, rule: NumberRule): Read<number[] | null> {
  if (cell.t === 'number') {
    const one = checkNumber(cell.v, formatNumber(cell.v), rule);
    return one.ok ? ok([one.value]) : one;
  }
  if (cell.t !== 'text') {
    const r = readNumber(cell, rule);
    return r.ok ? ok(r.value === null ? null : [r.value]) : r;
  }
  const shown = cell.v.trim();
  const parts = shown.normalize('NFKC').split(LIST_SEPARATORS).filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && MISSING_MARKS.has(parts[0]))) return ok(null);
  const out: number[] = [];
  for (const part of parts) {
    const n = readNumberText(part);
    if (n.kind === 'invalid' && INVISIBLE.test(part)) return fail(n.reason);
    if (n.kind !== 'number' || n.unit !== null) return fail(`“${shown}”中的“${part}”不是数字，多个数值请用逗号或顿号分隔`);
    const checked = checkNumber(n.value, part, rule);
    if (!checked.ok) return fail(`“${shown}”中${checked.message}`);
    out.push(checked.value);
  }
  return ok(out);
}
