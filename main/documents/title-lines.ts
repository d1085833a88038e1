/**
 * Title line breaks: GB/T 9704 wants a multi-line title in a trapezoid or diamond shape, with no
 * word split across lines. A newline the user typed is kept as is; otherwise the title is cut into
 * the fewest lines that fit, between words only (Intl.Segmenter, word granularity), never inside a
 * number or against the line-breaking rules of line-break.ts, in a trapezoid or diamond shape
 * (the last line never the longest) with the lines as even as those constraints allow.
 */
import { canBreakBetween } from './line-break.js';
import { widthInChars } from './text-width.js';

/** 2号 on the 156 mm text block holds about 20 characters; 19 leaves air at the sides. */
const MAX_CHARS = 19;
/** More lines than this and a title is not a title: it is set in as few lines as fit, unbalanced. */
const MAX_LINES = 4;

const words = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Words of supervision documents that the segmenter's dictionary splits (督|导, 印|发, 测|算):
 * a cut inside them would read as a broken word.
 */
const DOMAIN_WORDS = [
  ...['督导', '印发', '测算', '县域', '校际', '评估', '均衡', '优质', '发展', '整改', '自评', '复核', '公示', '督导室'],
  // Set phrases of the field, read as one term.
  ...['优质均衡', '义务教育', '督导评估', '差异系数', '一校一案', '人民政府'],
];

/**
 * Cost of a cut between two segments: Infinity where forbidden, high between two single characters
 * (probably one word the dictionary does not know), nothing at an ordinary word boundary.
 */
function cutCost(before: string, after: string): number {
  if (!canBreakBetween(before.at(-1) ?? '', after[0] ?? '')) return Infinity;
  // A number stays with what it counts: 2026年, 12号, 36所.
  if (/\d$/.test(before)) return Infinity;
  if (DOMAIN_WORDS.some((w) => (before + after).includes(w) && !before.includes(w) && !after.includes(w))) return Infinity;
  return [...before].length === 1 && [...after].length === 1 ? 50 : 0;
}

/**
 * Splits a title into lines: typed newlines win; otherwise balanced lines of at most `maxChars`
 * characters (half-width characters count half), cut between words.
 */
export function titleLines(title: string, maxChars = MAX_CHARS): string[] {
  const typed = title.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (typed.length > 1) return typed;
  const text = typed[0] ?? '';
  const total = widthInChars(text);
  if (total <= maxChars) return [text];
  const segs = Array.from(words.segment(text), (s) => s.segment);
  const widths = segs.map(widthInChars);
  // cuts[i]: cost of cutting before segment i.
  const cuts = segs.map((s, i) => (i === 0 ? Infinity : cutCost(segs[i - 1], s)));
  const prefix = [0];
  for (const w of widths) prefix.push(prefix[prefix.length - 1] + w);
  const width = (from: number, to: number) => prefix[to] - prefix[from];

  for (let lines = Math.ceil(total / maxChars); lines <= MAX_LINES; lines++) {
    const target = total / lines;
    let best: { cost: number; breaks: number[] } | undefined;
    // Exhaustive search over cut positions (a title has a few dozen segments at most), pruned by
    // the best cost so far. Shapes: a trapezoid (each line no longer than the one above) or a
    // diamond (lines grow, then shrink); the last line is never longer than the one above it.
    const search = (from: number, left: number, prevWidth: number, shrinking: boolean, cost: number, breaks: number[]) => {
      if (best && cost >= best.cost) return;
      if (left === 1) {
        const w = width(from, segs.length);
        if (w > maxChars || w > prevWidth) return;
        const c = cost + (w - target) ** 2;
        if (!best || c < best.cost) best = { cost: c, breaks: [...breaks] };
        return;
      }
      for (let cut = from + 1; cut < segs.length; cut++) {
        const w = width(from, cut);
        if (w > maxChars) break;
        if (cuts[cut] === Infinity || (shrinking && w > prevWidth)) continue;
        const first = from === 0;
        search(cut, left - 1, w, !first && w < prevWidth ? true : shrinking, cost + (w - target) ** 2 + cuts[cut], [...breaks, cut]);
      }
    };
    search(0, lines, Infinity, false, 0, []);
    if (best) {
      const bounds = [0, ...best.breaks, segs.length];
      return bounds.slice(1).map((end, i) => segs.slice(bounds[i], end).join(''));
    }
  }
  return greedy(segs, widths, cuts, maxChars);
}

/** Fallback for titles no balanced split fits: fill each line, cutting at the last allowed word boundary. */
function greedy(segs: string[], widths: number[], cuts: number[], maxChars: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < segs.length) {
    let end = start + 1;
    let w = widths[start];
    let lastCut = -1;
    while (end < segs.length && w + widths[end] <= maxChars) {
      if (cuts[end] !== Infinity) lastCut = end;
      w += widths[end];
      end++;
    }
    if (end < segs.length && cuts[end] === Infinity && lastCut > start) end = lastCut;
    out.push(segs.slice(start, end).join(''));
    start = end;
  }
  return out;
}
