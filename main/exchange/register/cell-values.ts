import { describeInvisible, hasInvisible, showInvisible } from '../../../shared/domain/text/normalize';
import { MISSING_MARKS, readNumberText, type NumberText } from '../../../shared/domain/text/number';
import { canonicalUnit } from './header-match';
import type { Cell } from './table';

/**
 * A cell read: its value, or why it is refused (Chinese, without the cell's place, which the caller
 * adds). `note`, when present, says something about an accepted value the user cannot see in the
 * cell or should know (an invisible character, a unit typed after the number); the caller lists it
 * as a warning at the cell.
 */
export type Read<T> = { ok: true; value: T; note?: string } | { ok: false; message: string };

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
   * The unit the column is read in, canonical as canonicalUnit gives it (人, 元, 万元, 平方米…). A cell
   * may repeat it after its number (213人 in a 人 column, 12.5万元 in a 万元 column), and a column read
   * in 万… may write a bare 万 (12.5万); either is read with a note. Any other unit, and a 万 in a column
   * not read in 万, is refused: a cell never converts by itself — 49.5万 in a 元 column suggests the
   * typist counted in 万, so the column's other, plain figures may be in 万 as well (numbers are never
   * guessed). Without a unit, a cell may name none.
   */
  unit?: string;
}

function checkNumber(v: number, shown: string, rule: NumberRule): Read<number> {
  if (v < 0) return fail(`“${shown}”是负数，应为 0 或正数`);
  let value = v;
  const factor = rule.factor;
  if (factor && factor !== 1) value = Math.round(v * factor * 100) / 100;
  else if (rule.roundTo2) value = Math.round(v * 100) / 100;
  if (rule.integer && !Number.isInteger(value)) return fail(`“${shown}”不是整数`);
  if (rule.max !== undefined && value > rule.max) return fail(`“${shown}”超过了 ${rule.max}`);
  return ok(value === 0 ? 0 : value);
}

/** A typed value as messages quote it: plain spaces at the ends dropped, every hidden character shown as ⟨U+XXXX⟩. */
function quoteTyped(raw: string): string {
  return showInvisible(raw.replace(/^ +| +$/g, ''));
}

/** “12.5”, “495000”: a typed or converted figure for a message, without binary float noise and never rounded away. */
function showFigure(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

/**
 * The unit as the cell spells it (㎡, not the m2 that readNumberText reports after NFKC): the shortest
 * tail of the typed text, hidden characters at the end set aside, that reads as `unit`.
 */
function typedUnit(raw: string, unit: string): string {
  const chars = [...raw.replace(/[\s\u200B-\u200D\u2060\uFEFF\u00AD]+$/, '')];
  for (let i = chars.length - 1; i >= 0; i--) {
    const tail = chars.slice(i).join('');
    if (tail.normalize('NFKC') === unit) return tail;
  }
  return unit;
}

/** The refusal of a number with an invisible character inside it, naming the character. */
function invisibleInside(raw: string): string {
  return `“${quoteTyped(raw)}”的数字中间夹有不可见字符 ${describeInvisible(raw)}，无法确定原本的数值，未读取。请删除该字符后重新填写`;
}

/**
 * A number typed as text in a cell. Accepted silently: full-width digits, thousands separators
 * (1,234,567 and 3 500), plain spaces at the ends — what the user sees is what is read. Accepted
 * with a note: invisible characters and odd spaces (no-break, full-width, zero-width…) at the ends
 * or as thousands separators, which the user cannot see and would not otherwise learn of; the
 * column's own unit after the number (see NumberRule.unit). Refused: an invisible character inside
 * the digits (1⟨U+200B⟩88 may be 188 or two numbers run together), a unit other than the column's,
 * a 万 in a column not read in 万, scientific notation, anything else that is not a number.
 */
function readTyped(raw: string, rule: NumberRule): Read<number | null> {
  const shown = quoteTyped(raw);
  const n = readNumberText(raw, { allowPercent: rule.allowPercent, allowUnit: true });
  if (n.kind === 'missing') return ok(null);
  if (n.kind === 'invalid') {
    if (n.cause === 'invisible') return fail(invisibleInside(raw));
    // 1⟨U+00A0⟩88: a no-break space where no thousands separator can stand — name it, the user cannot see it.
    return fail(`“${shown}”${n.problem}${hasInvisible(raw) ? `；其中含不可见字符 ${describeInvisible(raw)}` : ''}`);
  }
  const notes: string[] = [];
  if (hasInvisible(raw)) notes.push(`含不可见字符 ${describeInvisible(raw)}`);
  if (n.unit !== null) {
    const typed = typedUnit(raw, n.unit);
    const unit = canonicalUnit(n.unit);
    const column = rule.unit;
    if (!column) return fail(`“${shown}”带有单位“${typed}”，本列只填写数字`);
    if (unit === '万') {
      if (!column.startsWith('万')) {
        return fail(
          `“${shown}”带“万”字（即乘以 10000），而本列单位是${column}，为免单位出错不作换算，未读取。` +
            `请按${column}填写完整数值（${showFigure(n.value)}万${column}即 ${showFigure(n.value * 10000)} ${column}）`,
        );
      }
      notes.push(`带“万”字，按本列单位${column}理解`);
    } else if (unit !== column) {
      return fail(`“${shown}”带的单位“${typed}”与本列的单位（${column}）不符，不作换算，未读取。请按${column}填写数值，数字后不要写其他单位`);
    } else {
      notes.push(typed === column ? `带单位“${typed}”，与本列单位相同` : `带单位“${typed}”，即本列单位${column}`);
    }
  }
  const checked = checkNumber(n.value, shown, rule);
  if (!checked.ok || notes.length === 0) return checked;
  const as = rule.unit ? `${showFigure(n.value)} ${rule.unit}` : `${showFigure(n.value)}${n.percent ? '%' : ''} `;
  return { ok: true, value: checked.value, note: `“${shown}”${notes.join('，')}，已按 ${as}读取` };
}

/**
 * One number from a cell, in the stored unit (`rule.factor` applied), or null for a blank or a
 * placeholder such as “—”. Numbers typed as text are read as readTyped says (invisible characters
 * and the column's unit accepted with a `note`, anything ambiguous refused); formulas without a
 * saved result, error values, dates and booleans are refused. Messages are Chinese and quote the cell.
 */
export function readNumber(cell: Cell, rule: NumberRule): Read<number | null> {
  switch (cell.t) {
    case 'empty':
      return ok(null);
    case 'number':
      return checkNumber(cell.v, formatNumber(cell.v), rule);
    case 'text':
      return readTyped(cell.v, rule);
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

/**
 * A list such as “45,43,46”, “45、43、46” or “45，43”. A single number cell is a one-item list.
 * Invisible characters around the items are read with a `note`, one inside an item is refused (as readNumber).
 */
export function readList(cell: Cell, rule: NumberRule): Read<number[] | null> {
  if (cell.t === 'number') {
    const one = checkNumber(cell.v, formatNumber(cell.v), rule);
    return one.ok ? ok([one.value]) : one;
  }
  if (cell.t !== 'text') {
    const r = readNumber(cell, rule);
    return r.ok ? ok(r.value === null ? null : [r.value]) : r;
  }
  const shown = quoteTyped(cell.v);
  const parts = cell.v.normalize('NFKC').split(LIST_SEPARATORS).filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && MISSING_MARKS.has(parts[0]))) return ok(null);
  const out: number[] = [];
  for (const part of parts) {
    const n = readCellNumberText(part);
    if (n.kind === 'missing' && hasInvisible(part)) continue; // a zero-width character alone between two separators
    if (n.kind === 'invalid' && n.cause === 'invisible') return fail(`“${shown}”中${invisibleInside(part)}`);
    if (n.kind !== 'number' || n.unit !== null) return fail(`“${shown}”中的“${quoteTyped(part)}”不是数字，多个数值请用逗号或顿号分隔`);
    const checked = checkNumber(n.value, quoteTyped(part), rule);
    if (!checked.ok) return fail(`“${shown}”中${checked.message}`);
    out.push(checked.value);
  }
  if (out.length === 0) return ok(null);
  if (!hasInvisible(cell.v)) return ok(out);
  return { ok: true, value: out, note: `“${shown}”含不可见字符 ${describeInvisible(cell.v)}，已按 ${out.map(showFigure).join('、')} 读取` };
}
