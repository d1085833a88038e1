/**
 * Multi-year view: per-year coefficients and attainment counts, chart series, and the
 * “each of the N years before the application passes” check (渝教督发〔2019〕4号).
 */
import type { BalanceResult, SectionAttainmentSummary } from './aggregate';
import { computeBalance } from './compute';
import type { BalanceYearInput } from './input';
import { resolveOptions, type BalanceOptionsInput, type ResolvedBalanceOptions } from './options';
import { BALANCE_SECTION_LABELS, type BalanceSection } from './types';

export interface TrendIndicatorPoint {
  code: string;
  name: string;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  limit: number;
  tested: boolean;
  pass: boolean | null;
}

export interface TrendSectionYear {
  section: BalanceSection;
  label: string;
  schoolCount: number;
  pupils: number;
  indicators: TrendIndicatorPoint[];
  composite: number | null;
  pass: boolean | null;
  verdictText: string;
  attainment: SectionAttainmentSummary | null;
}

export interface TrendYear {
  year: number;
  sections: TrendSectionYear[];
  exclusionCount: number;
  warningCount: number;
}

export interface TrendSeries {
  section: BalanceSection;
  /** Indicator code, or 'composite'. */
  code: string;
  name: string;
  limit: number;
  points: { year: number; cv: number | null }[];
}

export interface PriorYearsCheck {
  section: BalanceSection;
  applicationYear: number;
  requiredYears: number[];
  missingYears: number[];
  failedYears: number[];
  /** true: every required year is on record and passes; false: one fails; null: years missing or undecided. */
  pass: boolean | null;
  text: string;
}

export interface BalanceTrend {
  profileId: string;
  profileName: string;
  /** From the profile: years before an application that must pass (null: no such rule). */
  priorYearsRequired: number | null;
  years: TrendYear[];
  series: TrendSeries[];
}

/** The trend row of an already computed year (the service can reuse stored results). */
export function summariseYear(r: BalanceResult): TrendYear {
  return {
    year: r.year,
    sections: r.sections.map((s) => ({
      section: s.section,
      label: s.label,
      schoolCount: s.schoolCount,
      pupils: s.pupils,
      indicators: s.indicators.map((i) => ({ code: i.code, name: i.name, mean: i.mean, sd: i.sd, cv: i.cv, limit: i.limit, tested: i.tested, pass: i.pass })),
      composite: s.composite.cv,
      pass: s.pass,
      verdictText: s.verdictText,
      attainment: s.attainment,
    })),
    exclusionCount: r.exclusions.length,
    warningCount: r.warnings.length,
  };
}

/** Build the trend from per-year results (sorted by year). */
export function trendFromResults(results: readonly BalanceResult[], options: ResolvedBalanceOptions): BalanceTrend {
  const years = results.map(summariseYear).sort((a, b) => a.year - b.year);
  const series: TrendSeries[] = [];
  for (const section of options.sections) {
    const limit = options.profile.cvLimits[section];
    for (const [k, ind] of options.profile.indicators.entries()) {
      series.push({
        section,
        code: ind.code,
        name: ind.name,
        limit,
        points: years.map((y) => ({ year: y.year, cv: y.sections.find((s) => s.section === section)?.indicators[k]?.cv ?? null })),
      });
    }
    series.push({ section, code: 'composite', name: '综合', limit, points: years.map((y) => ({ year: y.year, cv: y.sections.find((s) => s.section === section)?.composite ?? null })) });
  }
  return { profileId: options.profile.id, profileName: options.profile.name, priorYearsRequired: options.profile.priorYearsRequired, years, series };
}

/** Compute every year and the trend. */
export function computeTrend(inputs: readonly BalanceYearInput[], options?: BalanceOptionsInput | ResolvedBalanceOptions): BalanceTrend {
  const o = resolveOptions(options);
  return trendFromResults(inputs.map((i) => computeBalance(i, o)), o);
}

/**
 * Whether each of the `years` (default: the profile's priorYearsRequired, else 3) years before the
 * application year is on record and passes the profile's coefficient test.
 */
export function checkPriorYears(trend: BalanceTrend, applicationYear: number, years = trend.priorYearsRequired ?? 3): PriorYearsCheck[] {
  const sections = new Set<BalanceSection>(trend.years.flatMap((y) => y.sections.map((s) => s.section)));
  const requiredYears = Array.from({ length: years }, (_, i) => applicationYear - years + i);
  return [...sections].map((section) => {
    const missingYears: number[] = [];
    const failedYears: number[] = [];
    let undecided = false;
    for (const y of requiredYears) {
      const s = trend.years.find((t) => t.year === y)?.sections.find((x) => x.section === section);
      if (!s) missingYears.push(y);
      else if (s.pass === false) failedYears.push(y);
      else if (s.pass === null) undecided = true;
    }
    const label = BALANCE_SECTION_LABELS[section];
    const pass = failedYears.length ? false : missingYears.length || undecided ? null : true;
    const text = failedYears.length
      ? `${label}：${failedYears.join('、')} 年差异系数未达到要求`
      : missingYears.length
        ? `${label}：缺少 ${missingYears.join('、')} 年数据，无法判定`
        : undecided
          ? `${label}：部分年份差异系数无法计算，无法判定`
          : `${label}：${requiredYears[0]}—${requiredYears[requiredYears.length - 1]} 年差异系数均达到要求`;
    return { section, applicationYear, requiredYears, missingYears, failedYears, pass, text };
  });
}
