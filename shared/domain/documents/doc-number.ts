/**
 * 发文字号 as offices type them by hand. GB/T 9704-2012 §7.2.4: the year in hexagonal brackets
 * 〔〕 written in full, the sequence number without leading zeros and without 第 (城教督〔2026〕12号).
 * Clerks type 城教督[2026]012号, 城教督（2026）12号 or 城教督〔2026〕第12号; these are the same
 * number and must be stored and printed once, in the standard's form.
 */

const FULL_WIDTH_DIGIT = /[０-９]/g;
/** Brackets typed for 〔〕: [] ［］ 【】 () （） 〔〕 ［］ and 〈〉. */
const YEAR_IN_BRACKETS = /[[［【(（〔〈]\s*(\d{4})\s*[\]］】)）〕〉]/;

/**
 * The standard's form of a hand-typed number: half-width digits, 〔year〕, no spaces, no leading
 * zeros and no 第 before the sequence number. Text that is not a number is returned trimmed, for
 * parseDocNumber to refuse.
 */
export function normalizeDocNumber(input: string): string {
  let s = input.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
  s = s.replace(YEAR_IN_BRACKETS, '〔$1〕');
  // 〔2026〕第012号 → 〔2026〕12号
  s = s.replace(/〕第?0*(\d+)号$/, '〕$1号');
  return s;
}

export interface ParsedDocNumber {
  /** 机关代字, everything before 〔. */
  prefix: string;
  year: number;
  seq: number;
  /** The normalised text. */
  number: string;
}

/** Splits a normalised number into 代字, year and sequence; null when it is not of the form 代字〔年〕序号号. */
export function parseDocNumber(input: string): ParsedDocNumber | null {
  const number = normalizeDocNumber(input);
  const m = /^(.+?)〔(\d{4})〕([1-9]\d{0,5})号$/.exec(number);
  if (!m) return null;
  return { prefix: m[1], year: Number(m[2]), seq: Number(m[3]), number };
}
