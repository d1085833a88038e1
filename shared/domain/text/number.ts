/**
 * Numbers typed as text, read the one way every door reads them: a statistics cell in an office's
 * workbook and a value typed into the 试算 form alike (issue 8 §2, §4, §5). Pure, no Node or DOM.
 */
import { showInvisible } from './normalize';

/** Placeholders people type for “no figure”; a blank is missing, never zero, and so are these. */
export const MISSING_MARKS: ReadonlySet<string> = new Set(['-', '--', '—', '——', '–', '/', '\\']);

/** Invisible characters people paste with numbers (zero-width spaces, joiners, BOM, soft hyphen). */
export const INVISIBLE_IN_NUMBER = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const EDGE_NOISE = /^[\s\u200B-\u200D\u2060\uFEFF\u00AD]+|[\s\u200B-\u200D\u2060\uFEFF\u00AD]+$/g;
/** Units a number may carry at its end, as typed (the caller maps them: ㎡ → 平方米, 名 → 人). */
const UNIT_SUFFIX = /^(.*?)(万元|千元|元|万平方米|平方米|平米|m2|万|人|名|个|间|所|册|本|台)$/;

/** What a number typed as text says: missing, a number (with the unit or % it names), or why it is refused. */
export type NumberText =
  | { kind: 'missing' }
  | { kind: 'number'; value: number; unit: string | null; percent: boolean }
  /**
   * `reason` quotes the value (“1.2E+6”是科学计数法…); `problem` is the same without the quote;
   * `cause` lets a caller word its own message: an invisible character inside the number, scientific
   * notation, or anything else that is not a number.
   */
  | { kind: 'invalid'; reason: string; problem: string; cause: 'invisible' | 'exponent' | 'format' };

export interface NumberTextOptions {
  /** A trailing % is read (and reported in `percent`); otherwise it is refused. */
  allowPercent?: boolean;
  /**
   * A trailing unit (213人, 980㎡, 49.5万) is read and reported in `unit` after NFKC (㎡ → m2); whether it
   * may stand (and what 万 multiplies) is the caller's decision. Otherwise a unit is refused.
   */
  allowUnit?: boolean;
}

/**
 * Reads one number typed as text. Accepted: full-width digits and punctuation (NFKC), thousands
 * separated by commas or single spaces in groups of three, spaces and invisible characters at
 * either end, a trailing unit and a trailing % when the options allow them. Refused, with the
 * reason in Chinese: invisible characters inside the number (shown as ⟨U+200B⟩), other inner
 * spaces, scientific notation (1.2E+6 is what Excel shows for 1,234,567 in a narrow column: the
 * digits are lost), anything else. Placeholders such as “—” and “/” are missing, never 0.
 */
export function readNumberText(raw: string, opts: NumberTextOptions = {}): NumberText {
  let s = raw.normalize('NFKC').replace(EDGE_NOISE, '');
  if (INVISIBLE_IN_NUMBER.test(s)) return invalid(raw, '中间含有看不见的字符，请删除后重新填写', 'invisible');
  if (s === '' || MISSING_MARKS.has(s.replace(/\s+/g, ''))) return { kind: 'missing' };
  let percent = false;
  if (opts.allowPercent && /\s*%$/.test(s)) {
    percent = true;
    s = s.replace(/\s*%$/, '');
  }
  let unit: string | null = null;
  const u = opts.allowUnit && !percent ? UNIT_SUFFIX.exec(s) : null;
  if (u && u[1].trim() !== '') {
    unit = u[2];
    s = u[1].trim();
  }
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[-+]?\d{1,3}( \d{3})+(\.\d+)?$/.test(s)) s = s.replace(/ /g, '');
  if (/^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(s)) {
    return invalid(raw, '是科学计数法显示的数字，可能已丢失位数，请填写完整数值', 'exponent');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return invalid(raw, '不是数字', 'format');
  return { kind: 'number', value: Number(s), unit, percent };
}

function invalid(raw: string, problem: string, cause: 'invisible' | 'exponent' | 'format'): NumberText {
  return { kind: 'invalid', reason: `“${showInvisible(raw.trim())}”${problem}`, problem, cause };
}
