import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import { resolveOptions } from './options';
import { primarySchool } from './test-support';
import { checkPriorYears, computeTrend, trendFromResults } from './trend';

const year = (y: number, spread: number) => ({
  year: y,
  schools: [primarySchool('a', 500, { backboneTeachersPrimary: 5 * (1 - spread) }), primarySchool('b', 500, { backboneTeachersPrimary: 5 * (1 + spread) })],
});

describe('multi-year trend', () => {
  const inputs = [year(2023, 0.6), year(2021, 0.2), year(2022, 0.4)];
  const t = computeTrend(inputs, { sections: ['primary'] });

  it('returns one row per year, sorted, with coefficients and attainment', () => {
    expect(t.years.map((y) => y.year)).toEqual([2021, 2022, 2023]);
    const l2 = t.years.map((y) => y.sections[0].indicators.find((i) => i.code === 'L2')!.cv);
    expect(l2[0]).toBeCloseTo(0.2, 12);
    expect(l2[2]).toBeCloseTo(0.6, 12);
    expect(t.years[2].sections[0].pass).toBe(false);
    expect(t.years[0].sections[0].attainment).toEqual({ evaluated: 2, pass: 1, fail: 1, incomplete: 0 });
    expect(t.profileId).toBe('quality2017');
  });

  it('provides chart series per section and indicator plus the composite', () => {
    expect(t.series).toHaveLength(8);
    const s = t.series.find((x) => x.code === 'L2')!;
    expect(s.points.map((p) => p.year)).toEqual([2021, 2022, 2023]);
    expect(s.limit).toBe(0.5);
    expect(t.series.at(-1)!.code).toBe('composite');
  });

  it('trendFromResults matches computeTrend (the service can reuse stored results)', () => {
    const o = resolveOptions({ sections: ['primary'] });
    expect(trendFromResults(inputs.map((i) => computeBalance(i, o)), o)).toEqual(t);
  });
});

describe('checkPriorYears (渝教督发〔2019〕4号: the three years before applying)', () => {
  const mk = (y: number, books: number) => ({
    year: y,
    schools: [
      { id: 'a', name: 'a', type: '小学' as const, stats: { pupilsPrimary: 100, teachingAuxArea: 500, sportsGroundArea: 600, gymArea: 0, equipmentValue: 1e5, computers: 10, books: 100 * books, teachersPrimary: 5, teachersAboveDegreePrimary: 5, midTitleTeachers: 2 } },
      { id: 'b', name: 'b', type: '小学' as const, stats: { pupilsPrimary: 100, teachingAuxArea: 500, sportsGroundArea: 600, gymArea: 0, equipmentValue: 1e5, computers: 10, books: 100 * (40 - books), teachersPrimary: 5, teachersAboveDegreePrimary: 5, midTitleTeachers: 2 } },
    ],
  });

  it('passes when each of the three prior years passes the composite limit', () => {
    const t = computeTrend([mk(2021, 20), mk(2022, 20), mk(2023, 20)], { profile: 'application2019', sections: ['primary'] });
    expect(t.priorYearsRequired).toBe(3);
    const [c] = checkPriorYears(t, 2024);
    expect(c).toMatchObject({ pass: true, requiredYears: [2021, 2022, 2023], text: '小学：2021—2023 年差异系数均达到要求' });
  });

  it('fails when one year exceeds the limit, and is undecided when a year is missing', () => {
    // Books 1 vs 39 per pupil: B5 CV 0.95, composite 0.95 / 8 — still below 0.60; all 8 spread needed to fail.
    const bad = mk(2022, 20);
    for (const s of bad.schools) Object.assign(s.stats, { teachingAuxArea: s.id === 'a' ? 10 : 990, equipmentValue: s.id === 'a' ? 1e3 : 2e5, computers: s.id === 'a' ? 0.1 : 20, books: s.id === 'a' ? 1 : 3999, sportsGroundArea: s.id === 'a' ? 1 : 1200, teachersPrimary: s.id === 'a' ? 0.1 : 10, teachersAboveDegreePrimary: s.id === 'a' ? 0.1 : 10, midTitleTeachers: s.id === 'a' ? 0.01 : 4 });
    const t = computeTrend([mk(2021, 20), bad, mk(2023, 20)], { profile: 'application2019', sections: ['primary'] });
    expect(t.years[1].sections[0].composite!).toBeGreaterThan(0.6);
    expect(checkPriorYears(t, 2024)[0]).toMatchObject({ pass: false, failedYears: [2022], text: '小学：2022 年差异系数未达到要求' });
    const t2 = computeTrend([mk(2021, 20), mk(2023, 20)], { profile: 'application2019', sections: ['primary'] });
    expect(checkPriorYears(t2, 2024)[0]).toMatchObject({ pass: null, missingYears: [2022] });
  });
});
