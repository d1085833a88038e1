/**
 * Per-school attainment (学校达标): each indicator against its threshold and 85 % floor, and the
 * “at least 6 of 7 met, the other ≥ 85 %” verdict (domain.md §1.2), generalised to
 * “all but `allowedBelowThreshold` met, those at or above the floor”.
 */
import { floorOf } from './profiles';
import type { StandardsProfile } from './profile-schema';
import { formatForDisplay } from './rounding';
import type { IndicatorValue } from './school-values';
import { describeMissing } from './stat-read';
import { atLeast } from './tolerance';
import { VERDICT_LABELS, type AttainmentStatus, type BalanceSection, type MissingField, type Verdict } from './types';

export interface IndicatorAttainment {
  code: string;
  name: string;
  unit: string;
  value: number | null;
  threshold: number;
  /** 85 % of the threshold (derived). */
  floor: number;
  status: AttainmentStatus;
  /** threshold − value in the indicator's units; 0 when met; null when missing. */
  shortfall: number | null;
  /** floor − value; 0 when at or above the floor; null when missing. */
  shortfallToFloor: number | null;
  /** value ÷ threshold; null when missing. */
  ratio: number | null;
  missing: MissingField[];
}

export interface SchoolAttainment {
  indicators: IndicatorAttainment[];
  metCount: number;
  within85Count: number;
  belowCount: number;
  missingCount: number;
  verdict: Verdict;
  /** 达标 / 未达标 / 数据不全 */
  verdictLabel: string;
  /** Chinese explanation of the verdict. */
  explanation: string;
}

/** Status of one value against a threshold and its floor (comparisons up to float noise). */
export function attainmentStatus(value: number | null, threshold: number, floor: number): AttainmentStatus {
  if (value === null) return 'missing';
  if (atLeast(value, threshold)) return 'met';
  if (atLeast(value, floor)) return 'within85';
  return 'below';
}

/**
 * The verdict from the counts. A failure that the known values already settle (a value below the
 * floor, or too many below the threshold) is 'fail' even with missing data; otherwise missing data
 * gives 'incomplete' (数据不全), never 'pass'.
 */
export function verdictOf(counts: { within85: number; below: number; missing: number }, allowedBelowThreshold: number): Verdict {
  if (counts.below > 0 || counts.within85 > allowedBelowThreshold) return 'fail';
  if (counts.missing > 0) return 'incomplete';
  return 'pass';
}

const fmt = (x: number | null) => formatForDisplay(x, 'value');

export interface ExplainOptions {
  /** A value or requirement as printed (default: the indicator-value rule of rounding.ts, no unit). */
  figure?: (i: IndicatorAttainment, x: number | null, kind: 'value' | 'threshold') => string;
  /**
   * End with the verdict (default), as the balance page shows it; false for documents that print
   * the verdict before the explanation (“小学：达标。”) and would otherwise say it twice.
   */
  withVerdict?: boolean;
}

/**
 * The verdict of one school section in words (domain.md §1.2, the per-school rule of the
 * profile): which indicators meet their standard, which fall below the floor, which lack data.
 * Indicators with no data at all for the same figure are said once (a school without its pupil
 * count misses every indicator for it).
 */
export function explainAttainment(items: IndicatorAttainment[], verdict: Verdict, allowed: number, floorRatio: number, opts: ExplainOptions = {}): string {
  const figure = opts.figure ?? ((_i: IndicatorAttainment, x: number | null) => fmt(x));
  const withVerdict = opts.withVerdict ?? true;
  const n = items.length;
  const met = items.filter((i) => i.status === 'met').length;
  const within = items.filter((i) => i.status === 'within85');
  const below = items.filter((i) => i.status === 'below');
  const missing = items.filter((i) => i.status === 'missing');
  const floorPct = `${Math.round(floorRatio * 100)}%`;
  const describe = (i: IndicatorAttainment) => `${i.name} ${figure(i, i.value, 'value')}（要求 ${figure(i, i.threshold, 'threshold')}，为要求的 ${formatForDisplay(i.ratio, 'ratio')}）`;
  if (verdict === 'pass') {
    const head = within.length === 0 ? `${n} 项指标全部达到要求` : `${met} 项指标达到要求；${within.map(describe).join('；')}，不低于要求的 ${floorPct}`;
    return withVerdict ? `${head}，达标。` : `${head}。`;
  }
  const parts: string[] = met > 0 ? [`${met} 项指标达到要求`] : [];
  if (below.length) parts.push(`低于要求的 ${floorPct}：${below.map(describe).join('；')}`);
  if (within.length) parts.push(`未达要求但不低于 ${floorPct}：${within.map(describe).join('；')}`);
  if (missing.length) {
    const lacks = new Set(missing.map((i) => describeMissing(i.missing)));
    parts.push(
      missing.length === n && lacks.size === 1
        ? `${n} 项指标均缺少${[...lacks][0]}`
        : `数据缺失：${missing.map((i) => `${i.name}（缺少${describeMissing(i.missing)}）`).join('；')}`,
    );
  }
  if (verdict === 'incomplete') return withVerdict ? `${parts.join('；')}。数据不全，无法判定是否达标。` : `${parts.join('；')}，无法判定是否达标。`;
  return withVerdict
    ? `${parts.join('；')}。须至少 ${n - allowed} 项达到要求、其余不低于要求的 ${floorPct}，未达标。`
    : `${parts.join('；')}。达标须至少 ${n - allowed} 项指标达到要求、其余不低于要求的 ${floorPct}。`;
}

const floorCache = new WeakMap<StandardsProfile, Record<BalanceSection, number[]>>();

/** Floors per indicator, derived once per profile (floorOf works on decimal strings). */
function floorsOf(profile: StandardsProfile, floorRatio: number): Record<BalanceSection, number[]> {
  let f = floorCache.get(profile);
  if (!f) {
    f = {
      primary: profile.indicators.map((i) => floorOf(i.thresholds!.primary, floorRatio)),
      junior: profile.indicators.map((i) => floorOf(i.thresholds!.junior, floorRatio)),
    };
    floorCache.set(profile, f);
  }
  return f;
}

/** Attainment of one school section, or null when the profile sets no per-school rule. */
export function evaluateAttainment(values: readonly IndicatorValue[], profile: StandardsProfile, section: BalanceSection): SchoolAttainment | null {
  const rule = profile.perSchoolRule;
  if (!rule) return null;
  const floors = floorsOf(profile, rule.floorRatio)[section];
  const indicators: IndicatorAttainment[] = profile.indicators.map((ind, k) => {
    const v = values[k];
    const threshold = ind.thresholds![section];
    const floor = floors[k];
    const status = attainmentStatus(v.value, threshold, floor);
    const known = v.value !== null;
    return {
      code: ind.code,
      name: ind.name,
      unit: ind.unit,
      value: v.value,
      threshold,
      floor,
      status,
      shortfall: !known ? null : status === 'met' ? 0 : threshold - v.value!,
      shortfallToFloor: !known ? null : status === 'met' || status === 'within85' ? 0 : floor - v.value!,
      ratio: known ? v.value! / threshold : null,
      missing: v.missing,
    };
  });
  const count = (s: AttainmentStatus) => indicators.filter((i) => i.status === s).length;
  const counts = { met: count('met'), within85: count('within85'), below: count('below'), missing: count('missing') };
  const verdict = verdictOf(counts, rule.allowedBelowThreshold);
  return {
    indicators,
    metCount: counts.met,
    within85Count: counts.within85,
    belowCount: counts.below,
    missingCount: counts.missing,
    verdict,
    verdictLabel: VERDICT_LABELS[verdict],
    explanation: explainAttainment(indicators, verdict, rule.allowedBelowThreshold, rule.floorRatio),
  };
}
