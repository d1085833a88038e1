/**
 * County-level aggregation of the per-school results: coefficients per section and indicator
 * against the profile's limits, composite, contributions, attainment counts, gap totals, warnings.
 */
import { compositeCoefficient, weightedCoefficientOf, type WeightedStats } from './coefficient';
import { contributionsOf, type Contribution, type ContributionInput } from './contributions';
import type { Exclusion } from './exclusions';
import { gapTotals, type GapItem, type GapTotal } from './gaps';
import type { ResolvedBalanceOptions } from './options';
import type { StandardsProfile } from './profile-schema';
import { formatForDisplay } from './rounding';
import type { SchoolBalance, SchoolSectionBalance } from './school-balance';
import { describeMissing } from './stat-read';
import { atMost } from './tolerance';
import { BALANCE_SECTION_LABELS, type BalanceSection } from './types';

export interface IndicatorCoefficient extends WeightedStats {
  section: BalanceSection;
  code: string;
  name: string;
  unit: string;
  /** The section limit; tested says whether this indicator is judged on its own. */
  limit: number;
  tested: boolean;
  /** CV ≤ limit when tested and defined; null when not tested or CV undefined. */
  pass: boolean | null;
  /** School sections left out of this coefficient for missing data. */
  missingSchools: number;
  /** Chinese note for undefined coefficients. */
  note: string | null;
}

export interface CompositeCoefficient {
  /** Mean of the indicator CVs; null if any of them is undefined. */
  cv: number | null;
  limit: number;
  /** perIndicator profiles print the composite for information only. */
  tested: boolean;
  pass: boolean | null;
  note: string | null;
}

export interface SectionAttainmentSummary {
  evaluated: number;
  pass: number;
  fail: number;
  incomplete: number;
}

export interface SectionSummary {
  section: BalanceSection;
  label: string;
  /** School sections in the calculation (after exclusions). */
  schoolCount: number;
  /** Their pupils (sections with a known pupil count). */
  pupils: number;
  indicators: IndicatorCoefficient[];
  composite: CompositeCoefficient;
  /** The section's verdict under the profile's test; null when it cannot be decided. */
  pass: boolean | null;
  verdictText: string;
  attainment: SectionAttainmentSummary | null;
}

export interface ContributionTable {
  section: BalanceSection;
  code: string;
  name: string;
  mean: number | null;
  /** Largest share first. */
  contributions: Contribution[];
}

export type BalanceWarningKind = 'missingData' | 'noPupils' | 'undefinedCoefficient';

export interface BalanceWarning {
  kind: BalanceWarningKind;
  schoolId?: string;
  schoolName?: string;
  section?: BalanceSection;
  code?: string;
  /** Chinese message. */
  message: string;
}

export interface BalanceResult {
  year: number;
  profile: StandardsProfile;
  options: ResolvedBalanceOptions;
  schools: SchoolBalance[];
  sections: SectionSummary[];
  /** Empty when computed with { contributions: false }. */
  contributions: ContributionTable[];
  gaps: { items: GapItem[]; totals: GapTotal[] };
  exclusions: Exclusion[];
  warnings: BalanceWarning[];
}

interface Row {
  school: SchoolBalance;
  sb: SchoolSectionBalance;
}

function indicatorNote(stats: WeightedStats): string | null {
  if (stats.status === 'noSchools') return '没有可计算的学校，差异系数无法计算';
  if (stats.status === 'zeroMean') return '全县平均值为 0，差异系数无定义';
  return null;
}

function sectionVerdict(profile: StandardsProfile, section: BalanceSection, indicators: IndicatorCoefficient[], composite: CompositeCoefficient): { pass: boolean | null; text: string } {
  // Limits are printed as the documents print them: 0.50, 0.45, 0.65.
  const limit = profile.cvLimits[section].toFixed(2);
  if (profile.cvTest === 'composite') {
    if (composite.pass === null) return { pass: null, text: `${composite.note ?? '综合差异系数无法计算'}，无法判定` };
    const cv = formatForDisplay(composite.cv, 'cv');
    return composite.pass
      ? { pass: true, text: `综合差异系数 ${cv}，不高于 ${limit}，达到要求` }
      : { pass: false, text: `综合差异系数 ${cv}，高于 ${limit}，未达到要求` };
  }
  const failed = indicators.filter((i) => i.pass === false);
  const undecided = indicators.filter((i) => i.pass === null);
  if (failed.length) return { pass: false, text: `${failed.map((i) => `${i.code} ${i.name}（${formatForDisplay(i.cv, 'cv')}）`).join('、')}差异系数高于 ${limit}，未达到要求` };
  const partial = undecided.filter((i) => i.missingSchools > 0 && i.cv !== null);
  if (partial.length) {
    const most = Math.max(...partial.map((i) => i.missingSchools));
    return { pass: null, text: `${partial.map((i) => i.code).join('、')}有学校缺少数据（最多 ${most} 所学校/学段），差异系数不完整，无法判定；请补齐统计数据` };
  }
  if (undecided.length) return { pass: null, text: `${undecided.map((i) => i.code).join('、')}差异系数无法计算，无法判定` };
  return { pass: true, text: `${indicators.length} 项指标差异系数均不高于 ${limit}，达到要求` };
}

/** Options of the aggregation. */
export interface AggregateOptions {
  /** Build the contribution tables (default true); a live what-if may skip them and ask later. */
  contributions?: boolean;
}

function summariseSection(section: BalanceSection, rows: Row[], profile: StandardsProfile, warnings: BalanceWarning[], tables: ContributionTable[], withContributions: boolean): SectionSummary {
  const limit = profile.cvLimits[section];
  const perIndicator = profile.cvTest === 'perIndicator';
  let pupils = 0;
  for (const r of rows) if (r.sb.pupils !== null) pupils += r.sb.pupils;

  // Reused across indicators: one allocation per section instead of one object per school and indicator.
  const pupilsArr = new Float64Array(rows.length);
  const valuesArr = new Float64Array(rows.length);
  const inputs: ContributionInput[] = new Array(rows.length);
  const indicators = profile.indicators.map((ind, k): IndicatorCoefficient => {
    let n = 0;
    let missingSchools = 0;
    for (const { school, sb } of rows) {
      const v = sb.values[k];
      if (v.value === null || sb.pupils === null) {
        missingSchools++;
        warnings.push({
          kind: 'missingData',
          schoolId: school.schoolId,
          schoolName: school.schoolName,
          section,
          code: ind.code,
          message: `${school.schoolName}（${BALANCE_SECTION_LABELS[section]}）${ind.code} ${ind.name}：缺少${describeMissing(v.missing)}，未计入该指标差异系数`,
        });
        continue;
      }
      pupilsArr[n] = sb.pupils;
      valuesArr[n] = v.value;
      if (withContributions) inputs[n] = { schoolId: school.schoolId, schoolName: school.schoolName, pupils: sb.pupils, value: v.value };
      n++;
    }
    const stats = weightedCoefficientOf(pupilsArr, valuesArr, n);
    // Every school of the section takes part in the coefficient (domain.md §1: the CV of the county's
    // schools); one computed over some of them is printed but never judged — a school without data
    // can move it either way, and one school alone always gives 0.
    const incomplete = missingSchools > 0 && stats.cv !== null;
    const note = indicatorNote(stats) ?? (incomplete ? `${missingSchools} 所学校（学段）缺少数据，差异系数只反映其余 ${n} 所，不作判定` : null);
    if (note && !incomplete) warnings.push({ kind: 'undefinedCoefficient', section, code: ind.code, message: `${BALANCE_SECTION_LABELS[section]} ${ind.code} ${ind.name}：${note}` });
    if (withContributions) {
      const list = stats.mean === null ? [] : contributionsOf(inputs, n, stats.mean, stats.pupils);
      tables.push({ section, code: ind.code, name: ind.name, mean: stats.mean, contributions: list });
    }
    return {
      status: stats.status,
      schoolCount: stats.schoolCount,
      pupils: stats.pupils,
      mean: stats.mean,
      sd: stats.sd,
      cv: stats.cv,
      unweightedDiagnostic: stats.unweightedDiagnostic,
      section,
      code: ind.code,
      name: ind.name,
      unit: ind.unit,
      limit,
      tested: perIndicator,
      pass: perIndicator && stats.cv !== null && !incomplete ? atMost(stats.cv, limit) : null,
      missingSchools,
      note,
    };
  });

  const cv = compositeCoefficient(indicators.map((i) => i.cv));
  const partial = indicators.filter((i) => i.missingSchools > 0 && i.cv !== null);
  const composite: CompositeCoefficient = {
    cv,
    limit,
    tested: !perIndicator,
    pass: !perIndicator && cv !== null && partial.length === 0 ? atMost(cv, limit) : null,
    note:
      cv === null
        ? `${indicators.filter((i) => i.cv === null).map((i) => i.code).join('、')}差异系数无定义，综合差异系数无法计算`
        : partial.length > 0
          ? `${partial.map((i) => i.code).join('、')}有学校缺少数据，综合差异系数不作判定`
          : perIndicator
            ? '仅供参考'
            : null,
  };
  const verdict = sectionVerdict(profile, section, indicators, composite);

  let attainment: SectionAttainmentSummary | null = null;
  if (profile.perSchoolRule) {
    attainment = { evaluated: 0, pass: 0, fail: 0, incomplete: 0 };
    for (const { sb } of rows) {
      if (!sb.attainment) continue;
      attainment.evaluated++;
      attainment[sb.attainment.verdict === 'pass' ? 'pass' : sb.attainment.verdict === 'fail' ? 'fail' : 'incomplete']++;
    }
  }
  return { section, label: BALANCE_SECTION_LABELS[section], schoolCount: rows.length, pupils, indicators, composite, pass: verdict.pass, verdictText: verdict.text, attainment };
}

/** Assemble the county result from per-school results (pure; the what-if reuses it). */
export function aggregate(year: number, schools: SchoolBalance[], options: ResolvedBalanceOptions, aggregateOptions: AggregateOptions = {}): BalanceResult {
  const withContributions = aggregateOptions.contributions !== false;
  const { profile } = options;
  const rowsBySection = new Map<BalanceSection, Row[]>(options.sections.map((s) => [s, []]));
  const exclusions: Exclusion[] = [];
  const warnings: BalanceWarning[] = [];
  const gapItems: GapItem[] = [];
  for (const school of schools) {
    if (school.exclusion) exclusions.push(school.exclusion);
    for (const ex of school.sectionExclusions) {
      exclusions.push(ex);
      warnings.push({ kind: 'noPupils', schoolId: ex.schoolId, schoolName: ex.schoolName, section: ex.section ?? undefined, message: `${ex.schoolName}：${ex.reason}` });
    }
    for (const sb of school.sections) {
      rowsBySection.get(sb.section)?.push({ school, sb });
      for (const g of sb.gaps) gapItems.push(g);
    }
  }
  const tables: ContributionTable[] = [];
  const sections = options.sections.map((s) => summariseSection(s, rowsBySection.get(s)!, profile, warnings, tables, withContributions));
  return {
    year,
    profile,
    options,
    schools,
    sections,
    contributions: tables,
    gaps: { items: gapItems, totals: gapTotals(gapItems, profile, options.sections) },
    exclusions,
    warnings,
  };
}
