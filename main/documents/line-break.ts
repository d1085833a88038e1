/**
 * Chinese line breaking (GB/T 15834 标点符号用法 §5.1.7 and common typesetting practice, 避头尾):
 * a line may break between any two Chinese characters, but
 *   - never before closing punctuation (，。、；：？！）》」』”’ …) — it must not start a line;
 *   - never after opening punctuation (（《「『“‘ …) — it must not end a line;
 *   - never inside a run of half-width letters, digits and ASCII signs (2026, 0371-12345678, 3.5%).
 * When the character that does not fit may not start a line, the last character that fits is
 * pushed down with it (推出), and a justified renderer spreads the shorter line.
 * Used by the PDF renderer, which has to break body text itself (pdfmake knows none of these rules).
 */

/** Characters that must not begin a line. */
export const NO_LINE_START = new Set([...'，。、；：？！）》」』”’〕】〉］｝〗…—·～%‰℃,.;:?!)]}>％']);
/** Characters that must not end a line. */
export const NO_LINE_END = new Set([...'（《「『“‘〔【〈［｛〖([{<']);

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** Splits text into user-perceived characters (a character with its variation selector stays one). */
export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

const halfWidth = (g: string): boolean => /^[\x21-\x7e]/.test(g);

/** Whether a line may break between `before` and `after` (two graphemes). */
export function canBreakBetween(before: string, after: string): boolean {
  if (NO_LINE_START.has(after[0])) return false;
  if (NO_LINE_END.has(before[before.length - 1])) return false;
  if (halfWidth(before) && halfWidth(after)) return false;
  return true;
}

export interface BreakInput {
  /** The paragraph's graphemes; '\n' forces a line end. */
  graphemes: string[];
  /** Natural advance of each grapheme in points. */
  widths: number[];
  /** Spacing added after every grapheme, in points (negative to condense). */
  spacing: number;
  /** Width available to the first line and to the others, in points. */
  firstWidth: number;
  width: number;
}

export interface BrokenLine {
  /** Index of the first grapheme and one past the last (a forced '\n' is excluded). */
  start: number;
  end: number;
  /** The paragraph's last line, or one ended by '\n': not stretched when justifying. */
  last: boolean;
}

/** Breaks a paragraph into lines greedily under the rules above. Widths in points. */
export function breakLines({ graphemes: g, widths, spacing, firstWidth, width }: BreakInput): BrokenLine[] {
  const lines: BrokenLine[] = [];
  let start = 0;
  while (start <= g.length) {
    const avail = lines.length === 0 ? firstWidth : width;
    let used = 0;
    let i = start;
    // Take graphemes while they fit. Each counts with its spacing, as word processors count it:
    // 28 characters of 16 pt at −0.21 pt fill the 442.2 pt line, the last one's spacing included.
    while (i < g.length && g[i] !== '\n') {
      const next = used + widths[i] + spacing;
      if (next > avail + 0.01 && i > start) break;
      used = next;
      i++;
    }
    if (i >= g.length || g[i] === '\n') {
      lines.push({ start, end: i, last: true });
      if (i >= g.length) break;
      start = i + 1;
      if (start === g.length) break;
      continue;
    }
    // g[i] does not fit: break before it if allowed, else move the break back to the nearest allowed place.
    let cut = i;
    while (cut > start + 1 && !canBreakBetween(g[cut - 1], g[cut])) cut--;
    if (!canBreakBetween(g[cut - 1], g[cut])) cut = i; // an unbreakable run longer than the line: break where it overflows
    lines.push({ start, end: cut, last: false });
    start = cut;
  }
  return lines;
}
