/** GB/T 9704 heading numbers: 一、 / （一） / 1. / （1）. */
import type { Block, TextRun } from './model.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numeral for 1–999 as written in headings: 十, 十一, 二十, 一百零五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`标题序号超出范围：${n}`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = '';
  if (hundreds) out += `${DIGITS[hundreds]}百`;
  if (tens) out += `${tens === 1 && !hundreds ? '' : DIGITS[tens]}十`;
  else if (hundreds && ones) out += '零';
  if (ones) out += DIGITS[ones];
  return out;
}

export function headingNumber(level: 1 | 2 | 3 | 4, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

/** Counts headings in document order; a heading resets the counters of every deeper level. */
export class HeadingCounter {
  private readonly counts = [0, 0, 0, 0];

  next(level: 1 | 2 | 3 | 4): string {
    this.counts[level - 1] += 1;
    for (let i = level; i < this.counts.length; i++) this.counts[i] = 0;
    return headingNumber(level, this.counts[level - 1]);
  }
}

/**
 * A number typed by hand at the start of an item, in any of the GB/T 9704 forms or their
 * half-width variants: 一、 / （一） / (一) / 1. / 1、 / 1． / （1） / (1), with the spaces after it.
 */
const TYPED_NUMBER = /^\s*(?:[（(][一二三四五六七八九十百零]+[）)]|[一二三四五六七八九十百零]+[、，,]|[（(]\d{1,3}[）)]|\d{1,3}(?:[.．、](?!\d)))\s*/;

/** The item's text without a hand-typed leading number (see TYPED_NUMBER); other text unchanged. */
export function stripTypedNumber(text: string): string {
  return text.replace(TYPED_NUMBER, '');
}

/** A lead phrase of at most 16 characters ended by 。 or ： (学校自评。) is set in 楷体 with its number. */
const LEAD = /^[^。：]{1,16}[。：]/;

/**
 * A list of items (工作程序, 工作要求) as level-2 headings numbered （一）（二）… in 楷体 with the
 * item's text running on in 仿宋 (GB/T 9704: level 2 in 楷体). A short lead phrase ended by 。 or
 * ： ("学校自评。各学校……") is set in 楷体 with the number. Numbers typed by hand are removed and
 * the items renumbered in order, so a pasted "1." or "（三）" never doubles up. A single item is not
 * numbered and stays a body paragraph. Empty items are dropped.
 */
export function numberedItems(items: string[]): Block[] {
  const texts = items.map((t) => stripTypedNumber(t).trim()).filter(Boolean);
  if (texts.length === 1) return [{ type: 'paragraph', text: texts[0] }];
  return texts.map((text): Block => {
    const m = LEAD.exec(text);
    const lead = m && m[0].length < text.length ? m[0] : '';
    return { type: 'heading', level: 2, text: lead, runIn: text.slice(lead.length) };
  });
}

const TYPED_LEVEL2 = /^\s*[（(][一二三四五六七八九十百零]+[）)]/;

/**
 * A body paragraph typed by hand with a level-2 number, "（一）……": the number (and a short lead
 * phrase ended by 。 or ：) in 楷体, the rest in 仿宋, as a generated level-2 item is set. Undefined
 * for any other text. Half-width brackets are written full-width.
 */
export function typedItemRuns(text: string): TextRun[] | undefined {
  const n = TYPED_LEVEL2.exec(text);
  if (!n) return undefined;
  const number = n[0].trim().replace('(', '（').replace(')', '）');
  const rest = text.slice(n[0].length).replace(/^\s+/, '');
  const lead = LEAD.exec(rest)?.[0] ?? '';
  const body = rest.slice(lead.length);
  return [{ text: number + lead, font: 'kaiti' }, ...(body ? [{ text: body, font: 'fangsong' as const }] : [])];
}
