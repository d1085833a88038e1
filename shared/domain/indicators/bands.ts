/**
 * Grade bands (等级区间): lookup and gap/overlap validation.
 * Bounds are inclusive exactly as each band states (minInclusive / maxInclusive); null = unbounded.
 */
import { formatNumber } from './format.js';
import { COMPARISON_TOLERANCE } from './leaf.js';
import type { GradeBand, Grading } from './schema.js';

export interface BandIssue {
  /** Index of the band the message is about (in the order given). */
  bandIndex: number;
  message: string;
}

/** "80 ≤ 得分 < 90", "得分 ≥ 90", "得分 < 60". */
export function describeBand(b: GradeBand, subject = '得分'): string {
  const lo = b.min === null ? '' : `${formatNumber(b.min, 6)} ${b.minInclusive ? '≤' : '<'} `;
  const hi = b.max === null ? '' : ` ${b.maxInclusive ? '≤' : '<'} ${formatNumber(b.max, 6)}`;
  if (!lo && !hi) return `任意${subject}`;
  return `${lo}${subject}${hi}`;
}

/**
 * Whether x lies in the band. A value within the comparison tolerance of a bound counts as equal
 * to it, so a sum such as 0.6 × 7 + … = 59.99999999999999 is graded as the 60 it stands for.
 */
export function bandContains(b: GradeBand, x: number): boolean {
  if (b.min !== null) {
    const v = snap(x, b.min);
    if (b.minInclusive ? v < b.min : v <= b.min) return false;
  }
  if (b.max !== null) {
    const v = snap(x, b.max);
    if (b.maxInclusive ? v > b.max : v >= b.max) return false;
  }
  return true;
}

function snap(x: number, bound: number): number {
  return Math.abs(x - bound) <= COMPARISON_TOLERANCE * Math.max(1, Math.abs(bound)) ? bound : x;
}

/** The first band containing x (validated bands contain every x at most once). */
export function findBand(bands: readonly GradeBand[], x: number): GradeBand | null {
  return bands.find((b) => bandContains(b, x)) ?? null;
}

/** The band with the lowest lower bound (used as the grade of a vetoed result). */
export function lowestBand(bands: readonly GradeBand[]): GradeBand | null {
  let best: GradeBand | null = null;
  for (const b of bands) {
    if (!best) best = b;
    else if (b.min === null || (best.min !== null && b.min < best.min)) best = b;
  }
  return best;
}

/**
 * Checks that the bands cover [0, coverUpTo] (or beyond) with no gap and no overlap.
 * coverUpTo is the highest reachable value (nominal maximum plus bonus, or 100 for percent);
 * pass Infinity to require the top band to be unbounded.
 */
export function validateBands(grading: Grading, coverUpTo: number): BandIssue[] {
  const issues: BandIssue[] = [];
  const bands = grading.bands;
  const unit = grading.basis === 'percent' ? '%' : '分';
  const labels = new Set<string>();
  bands.forEach((b, i) => {
    if (labels.has(b.label)) issues.push({ bandIndex: i, message: `等级“${b.label}”重复` });
    labels.add(b.label);
    if (b.min !== null && b.max !== null) {
      if (b.min > b.max || (b.min === b.max && !(b.minInclusive && b.maxInclusive)))
        issues.push({ bandIndex: i, message: `等级“${b.label}”的区间为空（${describeBand(b)}）` });
    }
  });
  if (issues.length) return issues;

  const order = bands.map((b, i) => ({ b, i })).sort((x, y) => lowKey(x.b) - lowKey(y.b) || Number(y.b.minInclusive) - Number(x.b.minInclusive));
  const first = order[0];
  if (first && first.b.min !== null && (first.b.min > 0 || (first.b.min === 0 && !first.b.minInclusive)))
    issues.push({ bandIndex: first.i, message: `等级区间没有覆盖 0${unit}到 ${formatNumber(first.b.min, 6)}${unit}（最低等级“${first.b.label}”为 ${describeBand(first.b)}）` });

  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    const pMax = prev.b.max;
    const cMin = cur.b.min;
    const pair = `等级“${prev.b.label}”（${describeBand(prev.b)}）与“${cur.b.label}”（${describeBand(cur.b)}）`;
    if (pMax === null || cMin === null) {
      issues.push({ bandIndex: cur.i, message: `${pair}重叠` });
      continue;
    }
    if (pMax < cMin) issues.push({ bandIndex: cur.i, message: `${pair}之间有空档：${formatNumber(pMax, 6)} 到 ${formatNumber(cMin, 6)} 不属于任何等级` });
    else if (pMax > cMin) issues.push({ bandIndex: cur.i, message: `${pair}重叠` });
    else if (prev.b.maxInclusive && cur.b.minInclusive) issues.push({ bandIndex: cur.i, message: `${pair}在 ${formatNumber(pMax, 6)} 处重叠（两端都包含该值）` });
    else if (!prev.b.maxInclusive && !cur.b.minInclusive) issues.push({ bandIndex: cur.i, message: `${pair}之间有空档：${formatNumber(pMax, 6)} 不属于任何等级（两端都不包含该值）` });
  }

  const last = order[order.length - 1];
  if (last && last.b.max !== null && (last.b.max < coverUpTo || (last.b.max === coverUpTo && !last.b.maxInclusive)))
    issues.push({ bandIndex: last.i, message: `等级区间没有覆盖到最高可得 ${formatNumber(coverUpTo, 6)}${unit}（最高等级“${last.b.label}”为 ${describeBand(last.b)}）` });
  return issues;
}

function lowKey(b: GradeBand): number {
  return b.min === null ? -Infinity : b.min;
}
