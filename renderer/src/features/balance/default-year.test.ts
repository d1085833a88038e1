import { describe, expect, it } from 'vitest';
import type { StatCompletenessRow } from '../../../../shared/api/contracts/statistics';
import { chooseDefaultYear, isSparse, skippedNotice, yearCoverage, type CoverageState, type YearCoverage } from './default-year';

const row = (schoolId: number, campusId: number | null, hasRecord: boolean): StatCompletenessRow => ({
  schoolId,
  campusId,
  unitName: `学校${schoolId}`,
  schoolName: `学校${schoolId}`,
  campusName: campusId === null ? null : `校区${campusId}`,
  type: '小学',
  evaluatedSeparately: campusId !== null,
  hasRecord,
  filled: 0,
  applicable: 10,
  missing: [],
});

const cov = (year: number, withData: number, schools = 21): YearCoverage => ({ year, schools, withData });
const known = (list: YearCoverage[]) => (y: number): CoverageState => list.find((c) => c.year === y) ?? 'loading';

describe('yearCoverage', () => {
  it('counts each school once, with data when its own or a campus record exists', () => {
    const rows = [row(1, null, true), row(2, null, false), row(2, 20, true), row(3, null, false), row(3, 30, false)];
    expect(yearCoverage(2025, rows)).toEqual({ year: 2025, schools: 3, withData: 2 });
  });
});

describe('isSparse', () => {
  it('is sparse below half of the census, not at half or above, and not for an empty census', () => {
    expect(isSparse(cov(2026, 1))).toBe(true);
    expect(isSparse(cov(2026, 10, 21))).toBe(true);
    expect(isSparse(cov(2026, 11, 21))).toBe(false);
    expect(isSparse(cov(2026, 2, 4))).toBe(false);
    expect(isSparse(cov(2026, 0, 0))).toBe(false);
  });
});

describe('chooseDefaultYear', () => {
  it('opens the newest year when it is complete, without waiting for older years', () => {
    expect(chooseDefaultYear([2026, 2025, 2024], known([cov(2026, 21)]))).toEqual({ year: 2026, skipped: [] });
  });

  it('passes over a sparse newest year to the newest complete one and reports what it skipped', () => {
    const choice = chooseDefaultYear([2026, 2025, 2024], known([cov(2026, 1), cov(2025, 21), cov(2024, 21)]));
    expect(choice).toEqual({ year: 2025, skipped: [cov(2026, 1)] });
    expect(skippedNotice(choice!)).toBe('2026 年仅 1 所学校有数据（共 21 所），已显示 2025 年');
  });

  it('waits while a deciding year is loading', () => {
    expect(chooseDefaultYear([2026, 2025], known([cov(2026, 1)]))).toBeNull();
    expect(chooseDefaultYear([2026, 2025], () => 'loading')).toBeNull();
  });

  it('takes a year whose coverage could not be read as it is', () => {
    expect(chooseDefaultYear([2026, 2025], (y) => (y === 2026 ? 'unknown' : cov(y, 21)))).toEqual({ year: 2026, skipped: [] });
  });

  it('opens the newest year when every checked year is sparse, reporting nothing as skipped', () => {
    const choice = chooseDefaultYear([2026, 2025, 2024, 2023], known([cov(2026, 1), cov(2025, 2), cov(2024, 3), cov(2023, 21)]));
    expect(choice).toEqual({ year: 2026, skipped: [] });
    expect(skippedNotice(choice!)).toBeNull();
    expect(chooseDefaultYear([2026], known([cov(2026, 1)]))).toEqual({ year: 2026, skipped: [] });
  });

  it('names every skipped year in the notice', () => {
    const choice = chooseDefaultYear([2026, 2025, 2024], known([cov(2026, 1), cov(2025, 3), cov(2024, 20)]))!;
    expect(choice.year).toBe(2024);
    expect(skippedNotice(choice)).toBe('2026 年仅 1 所学校有数据（共 21 所），2025 年仅 3 所学校有数据（共 21 所），已显示 2024 年');
  });

  it('has no answer without years', () => {
    expect(chooseDefaultYear([], () => 'loading')).toBeNull();
  });
});
