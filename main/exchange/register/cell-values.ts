import { INVISIBLE_IN_NUMBER, MISSING_MARKS, readNumberText, type NumberText } from '../../../shared/domain/text/number';
import { canonicalUnit } from './header-match';
import type { Cell } from './table';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });


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

/**
 * One number typed as text in a cell (see readNumberText in shared/domain/text/number.ts), with
 * its unit mapped to the canonical form (㎡ → 平方米, 名 → 人).
 */
export function readCellNumberText(raw: string, allowPercent = false): NumberText {
  const r = readNumberText(raw, { allowPercent, allowUnit: true });
  return r.kind === 'number' && r.unit !== null ? { ...r, unit: canonicalUnit(r.unit) } : r;
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
  const n = readCellNumberText(shown, rule.allowPercent);
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
    const n = readCellNumberText(part);
    if (n.kind === 'invalid' && INVISIBLE_IN_NUMBER.test(part)) return fail(n.reason);
    if (n.kind !== 'number' || n.unit !== null) return fail(`“${shown}”中的“${part}”不是数字，多个数值请用逗号或顿号分隔`);
    const checked = checkNumber(n.value, part, rule);
    if (!checked.ok) return fail(`“${shown}”中${checked.message}`);
    out.push(checked.value);
  }
  return ok(out);
}
