/**
 * Indicator values of one school section: numerators from the statistics (apportioned where the
 * school runs several sections), manual overrides, missing data. Full precision throughout.
 */
import type { SchoolType } from '../schools/school-enums';
import { STAT_FIELD_BY_KEY } from '../schools/statistics-fields';
import type { SchoolBalanceInput } from './input';
import type { ResolvedBalanceOptions } from './options';
import type { IndicatorDef } from './profile-schema';
import { isMultiSection, PUPIL_FIELDS, sectionShares, type SectionShares } from './split';
import { describeMissing, fieldLabel, readNumber, readSum, type StatsLike } from './stat-read';
import { BALANCE_SECTION_LABELS, type BalanceSection, type MissingField } from './types';

/**
 * shared: the school's own facility (single section); sharedApportioned: weighted share of a
 * campus facility; section: the per-section teacher field; total: the school total of a
 * single-section school; totalApportioned: the total split by the plain pupil ratio; override.
 */
export type ValueSource = 'shared' | 'sharedApportioned' | 'section' | 'total' | 'totalApportioned' | 'override';

export interface IndicatorValue {
  code: string;
  /** Indicator value at full precision; null when data is missing. */
  value: number | null;
  /** The section's numerator in real units (人, 平方米, 元, 间…) after apportioning or override. */
  numerator: number | null;
  source: ValueSource | null;
  /** Share applied to a school-level figure (1 when none). */
  share: number;
  missing: MissingField[];
}

export interface AppliedOverride {
  section: BalanceSection;
  /** Indicator code (numerator override) or statistics field key (teacher count override). */
  target: string;
  label: string;
  value: number;
  note?: string;
}

export interface SectionValues {
  section: BalanceSection;
  pupils: number | null;
  missingPupils: MissingField | null;
  shares: SectionShares | null;
  values: IndicatorValue[];
  notes: string[];
  overrides: AppliedOverride[];
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** Stats with per-section teacher overrides laid over them. */
function effectiveStats(school: SchoolBalanceInput): StatsLike {
  const o = school.overrides?.sectionFields;
  return o && Object.keys(o).length ? { ...(school.stats as StatsLike), ...o } : (school.stats as StatsLike);
}

function missingValue(code: string, missing: MissingField[]): IndicatorValue {
  return { code, value: null, numerator: null, source: null, share: 1, missing };
}

function valueFrom(ind: IndicatorDef, numerator: number, pupils: number, source: ValueSource, share: number): IndicatorValue {
  // Multiply before dividing: integer × 100 is exact, so 42 × 100 / 1000 is exactly the double 4.2.
  const value = ind.per100 ? (numerator * 100) / pupils : numerator / pupils;
  return { code: ind.code, value, numerator, source, share, missing: [] };
}

/**
 * Optional parts of a shared numerator (L5's gym): a blank is 0 with a note; an invalid value
 * (negative, a list…) stays missing, because it is an error rather than “none”.
 */
function optionalParts(ind: IndicatorDef & { numerator: { kind: 'shared' } }, stats: StatsLike, notes: string[]): { value: number; missing: MissingField[] } {
  let value = 0;
  const missing: MissingField[] = [];
  const blank: string[] = [];
  for (const key of ind.numerator.zeroIfAbsent ?? []) {
    const v = readNumber(stats, key);
    if (typeof v === 'number') value += v;
    else if (v.reason === 'absent') blank.push(key);
    else missing.push(v);
  }
  if (blank.length && !missing.length) {
    notes.push(`${ind.code} ${ind.name}：未填报${blank.map((k) => `“${fieldLabel(k)}”`).join('、')}，按 0 ${ind.gap.unit}计（视为没有）`);
  }
  return { value, missing };
}

function sharedValue(
  ind: IndicatorDef & { numerator: { kind: 'shared' } },
  stats: StatsLike,
  type: SchoolType,
  pupils: number,
  shares: SectionShares | null,
  sharesMissing: MissingField[],
  notes: string[],
): IndicatorValue {
  const sum = readSum(stats, ind.numerator.fields);
  if (sum.value === null) return missingValue(ind.code, sum.missing);
  if (ind.numerator.zeroIfAbsent?.length) {
    const extra = optionalParts(ind, stats, notes);
    if (extra.missing.length) return missingValue(ind.code, extra.missing);
    sum.value += extra.value;
  }
  if (!isMultiSection(type)) return valueFrom(ind, sum.value, pupils, 'shared', 1);
  if (!shares) return missingValue(ind.code, sharesMissing);
  return valueFrom(ind, sum.value * shares.facility, pupils, 'sharedApportioned', shares.facility);
}

function teacherValue(
  ind: IndicatorDef & { numerator: { kind: 'teacher' } },
  stats: StatsLike,
  type: SchoolType,
  section: BalanceSection,
  pupils: number,
  shares: SectionShares | null,
  sharesMissing: MissingField[],
  notes: string[],
): IndicatorValue {
  const { sectionFields, totalFields } = ind.numerator;
  let sectionMissing: MissingField[] = [];
  if (sectionFields) {
    const own = readSum(stats, sectionFields[section]);
    if (own.value !== null) return valueFrom(ind, own.value, pupils, 'section', 1);
    sectionMissing = own.missing;
  }
  if (!totalFields) return missingValue(ind.code, sectionMissing);
  const total = readSum(stats, totalFields);
  if (total.value === null) return missingValue(ind.code, [...sectionMissing, ...total.missing]);
  if (!isMultiSection(type)) return valueFrom(ind, total.value, pupils, 'total', 1);
  if (!shares) return missingValue(ind.code, [...sectionMissing, ...sharesMissing]);
  const what = sectionFields ? `未按学段填报${describeMissing(sectionMissing)}，` : '';
  notes.push(`${ind.code} ${ind.name}：${what}按学生数比例（${BALANCE_SECTION_LABELS[section]}占 ${pct(shares.pupil)}）分摊${totalFields.map((k) => `“${fieldLabel(k)}”`).join('、')}`);
  return valueFrom(ind, total.value * shares.pupil, pupils, 'totalApportioned', shares.pupil);
}

/** Values of every profile indicator for one section of one school. */
export function computeSectionValues(school: SchoolBalanceInput, section: BalanceSection, options: ResolvedBalanceOptions): SectionValues {
  const indicators = options.profile.indicators;
  const stats = effectiveStats(school);
  const notes: string[] = [];
  const overrides: AppliedOverride[] = [];
  const overrideNote = school.overrides?.note;
  for (const [key, value] of Object.entries(school.overrides?.sectionFields ?? {})) {
    if (STAT_FIELD_BY_KEY.get(key)?.section === section) {
      overrides.push({ section, target: key, label: fieldLabel(key), value, note: overrideNote });
    }
  }

  const pupilsRead = readNumber(stats, PUPIL_FIELDS[section]);
  if (typeof pupilsRead !== 'number') {
    return {
      section,
      pupils: null,
      missingPupils: pupilsRead,
      shares: null,
      values: indicators.map((i) => missingValue(i.code, [pupilsRead])),
      notes,
      overrides,
    };
  }
  const pupils = pupilsRead;
  const sh = sectionShares(school.type, stats, section, options.split);
  const numeratorOverrides = school.overrides?.numerators?.[section] ?? {};

  const values = indicators.map((ind): IndicatorValue => {
    const o = numeratorOverrides[ind.code];
    if (typeof o === 'number') {
      overrides.push({ section, target: ind.code, label: `${ind.name}（分子：${ind.gap.what}）`, value: o, note: overrideNote });
      return valueFrom(ind, o, pupils, 'override', 1);
    }
    if (ind.numerator.kind === 'shared') {
      return sharedValue(ind as IndicatorDef & { numerator: { kind: 'shared' } }, stats, school.type, pupils, sh.shares, sh.missing, notes);
    }
    return teacherValue(ind as IndicatorDef & { numerator: { kind: 'teacher' } }, stats, school.type, section, pupils, sh.shares, sh.missing, notes);
  });

  if (sh.shares && isMultiSection(school.type) && values.some((v) => v.source === 'sharedApportioned')) {
    const how = options.split.mode === 'weighted' ? '按加权学生数' : '按学生数比例';
    notes.unshift(`共用设施${how}分摊，${BALANCE_SECTION_LABELS[section]}占 ${pct(sh.shares.facility)}`);
  }
  return { section, pupils, missingPupils: null, shares: sh.shares, values, notes, overrides };
}
