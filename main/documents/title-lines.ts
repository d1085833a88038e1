/**
 * Title line breaks: GB/T 9704 wants a multi-line title in a trapezoid or diamond shape, with no
 * word split across lines. A newline the user typed is kept as is; otherwise the title is cut into
 * the fewest lines that fit, upper lines a little longer than lower ones, never inside a number.
 */
import { widthInChars } from './text-width';

/** 2号 on the 156 mm text block holds about 20 characters; 19 leaves air at the sides. */
const MAX_CHARS = 19;

const isWordChar = (ch: string) => /[0-9A-Za-z〔〕（）()“”《》]/.test(ch);

export function titleLines(title: string, maxChars = MAX_CHARS): string[] {
  const typed = title.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (typed.length > 1) return typed;
  const text = typed[0] ?? '';
  const total = widthInChars(text);
  if (total <= maxChars) return [text];
  const chars = [...text];
  const lines = Math.ceil(total / maxChars);
  const out: string[] = [];
  let start = 0;
  for (let line = 0; line < lines - 1; line++) {
    const remaining = chars.slice(start);
    // Upper lines take the larger share (trapezoid): ceil of an even split.
    const target = Math.ceil(widthInChars(remaining.join('')) / (lines - line));
    let cut = 0;
    for (let w = 0; cut < remaining.length - 1 && w < target; cut++) w += widthInChars(remaining[cut]);
    // Never break inside a run of digits/Latin or right after an opening bracket: move the cut earlier.
    while (cut > 1 && isWordChar(remaining[cut - 1]) && isWordChar(remaining[cut])) cut--;
    while (cut > 1 && /[〔（(“《]/.test(remaining[cut - 1])) cut--;
    out.push(remaining.slice(0, cut).join(''));
    start += cut;
  }
  out.push(chars.slice(start).join(''));
  return out;
}
