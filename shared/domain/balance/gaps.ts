/**
 * Gap planning (达标差距测算): for every unmet indicator of a school section, what closes it in real
 * units — teachers (whole persons, ceil), m² to build, 元 of equipment, rooms (ceil) — and county totals.
 */
import type { SchoolAttainment } from './attainment';
import type { IndicatorDef, StandardsProfile } from './profile-schema';
import { formatForDisplay, kindOfUnit } from './rounding';
import type { IndicatorValue } from './school-values';
import { ceilWhole } from './tolerance';
import { BALANCE_SECTION_LABELS, type BalanceSection } from './types';

export interface GapItem {
  schoolId: string;
  schoolName: string;
  section: BalanceSection;
  code: string;
  name: string;
  status: 'within85' | 'below';
  value: number;
  threshold: number;
  floor: number;
  pupils: number;
  /** threshold − value, in the indicator's units. */
  shortfall: number;
  /** The indicator's unit, e.g. 平方米/生. */
  indicatorUnit: string;
  /** What to add (高于规定学历专任教师, 教学及辅助用房面积…) and its unit (人, 平方米, 元, 间…). */
  what: string;
  unit: string;
  /** Section numerator to add to reach the threshold, full precision. */
  amount: number;
  /** amount rounded up to whole units for persons/rooms/items; equal to amount for m² and 元. */
  planAmount: number;
  /** To reach the 85 % floor only (what the 6-of-7 rule needs for one indicator). */
  amountToFloor: number;
  planAmountToFloor: number;
  /**
   * Campus-wide amount for a shared facility of a multi-section school: only this section's share
   * of new shared space counts for it, so the campus adds amount ÷ share. Equal to amount otherwise.
   * Not additive across the sections of one school.
   */
  schoolWideAmount: number;
  planSchoolWideAmount: number;
  /** Whether schoolWideAmount differs from amount (shared facility of a multi-section school). */
  sharedFacility: boolean;
}

export interface GapTotal {
  section: BalanceSection;
  code: string;
  name: string;
  what: string;
  unit: string;
  /** School sections below the threshold on this indicator. */
  schools: number;
  amount: number;
  /** Σ per-school planAmount (each school rounded up first). */
  planAmount: number;
  amountToFloor: number;
  planAmountToFloor: number;
}

const plan = (ind: IndicatorDef, x: number) => (ind.gap.whole ? ceilWhole(x) : x);

/** Gap items for one school section (empty when there is no attainment rule or nothing is unmet). */
export function planSectionGaps(
  school: { id: string; name: string },
  section: BalanceSection,
  pupils: number | null,
  values: readonly IndicatorValue[],
  attainment: SchoolAttainment | null,
  profile: StandardsProfile,
): GapItem[] {
  if (!attainment || pupils === null || pupils <= 0) return [];
  const items: GapItem[] = [];
  profile.indicators.forEach((ind, k) => {
    const a = attainment.indicators[k];
    if (a.status !== 'within85' && a.status !== 'below') return;
    const scale = ind.per100 ? 100 : 1;
    const v = values[k];
    // Required numerator minus current numerator: avoids the rounding of (threshold − value) × pupils.
    const current = v.numerator ?? (a.value! * pupils) / scale;
    const amount = Math.max(0, (a.threshold * pupils) / scale - current);
    const amountToFloor = Math.max(0, (a.floor * pupils) / scale - current);
    const shared = v.source === 'sharedApportioned' && v.share > 0;
    const schoolWideAmount = shared ? amount / v.share : amount;
    const planAmount = plan(ind, amount);
    items.push({
      schoolId: school.id,
      schoolName: school.name,
      section,
      code: ind.code,
      name: ind.name,
      status: a.status,
      value: a.value!,
      threshold: a.threshold,
      floor: a.floor,
      pupils,
      shortfall: a.shortfall!,
      indicatorUnit: ind.unit,
      what: ind.gap.what,
      unit: ind.gap.unit,
      amount,
      planAmount,
      amountToFloor,
      planAmountToFloor: plan(ind, amountToFloor),
      schoolWideAmount,
      planSchoolWideAmount: plan(ind, schoolWideAmount),
      sharedFacility: shared,
    });
  });
  return items;
}

/**
 * Chinese one-line description of a gap item, built on demand (formatting every item eagerly was a
 * measurable share of the 5,000-school computation).
 */
export function describeGap(g: GapItem): string {
  const kind = kindOfUnit(g.unit);
  const campus = g.sharedFacility ? `（共用设施，全校需新增约 ${formatForDisplay(g.planSchoolWideAmount, kind)} ${g.unit}）` : '';
  return `${g.schoolName}（${BALANCE_SECTION_LABELS[g.section]}）${g.name}差 ${formatForDisplay(g.shortfall, 'shortfall')} ${g.indicatorUnit}，需增加${g.what} ${formatForDisplay(g.planAmount, kind)} ${g.unit}${campus}`;
}

/** County totals per section and indicator, in profile order. */
export function gapTotals(items: readonly GapItem[], profile: StandardsProfile, sections: readonly BalanceSection[]): GapTotal[] {
  const out: GapTotal[] = [];
  const index = new Map<string, GapTotal>();
  for (const section of sections) {
    for (const ind of profile.indicators) {
      if (!ind.thresholds) continue;
      const t: GapTotal = { section, code: ind.code, name: ind.name, what: ind.gap.what, unit: ind.gap.unit, schools: 0, amount: 0, planAmount: 0, amountToFloor: 0, planAmountToFloor: 0 };
      out.push(t);
      index.set(`${section}|${ind.code}`, t);
    }
  }
  for (const g of items) {
    const t = index.get(`${g.section}|${g.code}`);
    if (!t) continue;
    t.schools += 1;
    t.amount += g.amount;
    t.planAmount += g.planAmount;
    t.amountToFloor += g.amountToFloor;
    t.planAmountToFloor += g.planAmountToFloor;
  }
  return out;
}
