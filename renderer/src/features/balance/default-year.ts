/**
 * Which year the 差异系数 page opens on when the address names none (issue 10, new-user trial): the
 * newest year whose statistics are reasonably complete. A year that only one school has started
 * (2026 with one school's figures) would otherwise give coefficients of one school — numbers that
 * look like a verdict but are not one. The page says which sparse year it passed over, so nothing is
 * hidden: the user can switch to it with one click.
 */
import type { StatCompletenessRow } from '../../../../shared/api/contracts/statistics';

/** How many schools of a year's census have any statistics of that year. */
export interface YearCoverage {
  year: number;
  /** Schools in the year's census (stats.completeness lists those). */
  schools: number;
  /** Of those, schools with a record of the year: their own, or one of a campus. */
  withData: number;
}

/** How many of the newest years are checked before giving up and opening the newest one. */
export const YEARS_CHECKED = 3;

/**
 * The coverage of one year from its `stats.completeness` rows: a school counts as having data when
 * its whole-school record or any of its campus records exists for the year.
 */
export function yearCoverage(year: number, rows: readonly StatCompletenessRow[]): YearCoverage {
  const schools = new Set<number>();
  const withData = new Set<number>();
  for (const r of rows) {
    schools.add(r.schoolId);
    if (r.hasRecord) withData.add(r.schoolId);
  }
  return { year, schools: schools.size, withData: withData.size };
}

/**
 * Whether a year is too sparse to open by default: fewer than half of its census schools have
 * figures. A year without any school in its census is not sparse (there is nothing to wait for).
 */
export function isSparse(c: YearCoverage): boolean {
  return c.schools > 0 && c.withData * 2 < c.schools;
}

/** What the caller knows of a year: its coverage, still loading, or unknown (the read failed). */
export type CoverageState = YearCoverage | 'loading' | 'unknown';

export interface DefaultYear {
  year: number;
  /** Newer years passed over as sparse, newest first (empty when the newest year was chosen). */
  skipped: YearCoverage[];
}

/**
 * The default year. `years` newest first (as `stats.years` answers); `coverageOf` tells what is
 * known of each of the first YEARS_CHECKED of them. Returns null while a year that decides the
 * answer is still loading (the page waits rather than showing one year and then another).
 *
 * Walks from the newest year: the first year that is not sparse wins, and the sparse ones before it
 * are reported as skipped. A year whose coverage could not be read is taken as it is (nothing is
 * guessed). When every checked year is sparse (a county that has just started entering figures),
 * the newest year is opened and nothing is reported as skipped.
 */
export function chooseDefaultYear(years: readonly number[], coverageOf: (year: number) => CoverageState): DefaultYear | null {
  if (years.length === 0) return null;
  const skipped: YearCoverage[] = [];
  for (const year of years.slice(0, YEARS_CHECKED)) {
    const c = coverageOf(year);
    if (c === 'loading') return null;
    if (c === 'unknown' || !isSparse(c)) return { year, skipped };
    skipped.push(c);
  }
  return { year: years[0], skipped: [] };
}

/**
 * The page's sentence about skipped years, e.g. “2026 年仅 1 所学校有数据（共 21 所），已显示 2025 年”;
 * null when no year was skipped.
 */
export function skippedNotice(choice: DefaultYear): string | null {
  if (choice.skipped.length === 0) return null;
  const parts = choice.skipped.map((c) => `${c.year} 年仅 ${c.withData} 所学校有数据（共 ${c.schools} 所）`);
  return `${parts.join('，')}，已显示 ${choice.year} 年`;
}
