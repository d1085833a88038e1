import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import type { SchoolBalanceInput } from './input';
import { juniorSchool, primarySchool } from './test-support';

const special: SchoolBalanceInput = { id: 'sp', name: '县特殊教育学校', type: '特殊教育学校', stats: { pupilsPrimary: 80, pupilsJunior: 40, teachingAuxArea: 100 } };
const tinyPoint = primarySchool('tp', 30, {}, '教学点');
const bigPoint = primarySchool('bp', 60, {}, '教学点');

describe('exclusions', () => {
  it('special-education schools never enter, with the reason listed', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('a', 400), special] });
    expect(r.exclusions).toEqual([{ schoolId: 'sp', schoolName: '县特殊教育学校', section: null, kind: 'specialEducation', reason: '特殊教育学校不参与校际均衡计算', warning: false }]);
    expect(r.sections[0].schoolCount).toBe(1);
    expect(r.sections[1].schoolCount).toBe(0);
    expect(r.schools.find((s) => s.schoolId === 'sp')!.sections).toEqual([]);
  });

  it('teaching points are kept by default', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('a', 400), tinyPoint, bigPoint] });
    expect(r.exclusions).toEqual([]);
    expect(r.sections[0].schoolCount).toBe(3);
  });

  it('teaching points under the configured size are excluded with their size in the reason', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('a', 400), tinyPoint, bigPoint] }, { excludeTeachingPointsBelow: 50 });
    expect(r.exclusions).toHaveLength(1);
    expect(r.exclusions[0]).toMatchObject({ schoolId: 'tp', kind: 'smallTeachingPoint', reason: '教学点在校生 30 人，少于 50 人，不参与计算' });
    expect(r.sections[0].schoolCount).toBe(2);
    // Only teaching points: a 30-pupil 小学 stays.
    const r2 = computeBalance({ year: 2024, schools: [primarySchool('small', 30)] }, { excludeTeachingPointsBelow: 50 });
    expect(r2.exclusions).toEqual([]);
  });

  it('manual exclusions carry the office’s reason', () => {
    const r = computeBalance({ year: 2024, schools: [{ ...primarySchool('v', 300), exclude: { reason: '职业学校' } }] });
    expect(r.exclusions[0]).toMatchObject({ kind: 'manual', reason: '人工排除：职业学校', warning: false });
  });

  it('a section with no pupils is left out with a warning', () => {
    const nine: SchoolBalanceInput = { id: 'n', name: '新建九年一贯制学校', type: '九年一贯制', stats: { ...primarySchool('x', 300).stats, pupilsJunior: 0 } };
    const r = computeBalance({ year: 2024, schools: [nine] });
    expect(r.exclusions).toEqual([{ schoolId: 'n', schoolName: '新建九年一贯制学校', section: 'junior', kind: 'noPupils', reason: '初中在校生数为 0，该学段不参与计算', warning: true }]);
    expect(r.warnings.some((w) => w.kind === 'noPupils' && w.message === '新建九年一贯制学校：初中在校生数为 0，该学段不参与计算')).toBe(true);
    // The primary section then takes all shared facilities.
    const p = r.schools[0].sections[0];
    expect(p.section).toBe('primary');
    expect(p.values.find((v) => v.code === 'L4')!.share).toBe(1);
  });

  it('only the requested sections are computed', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('a', 300), juniorSchool('b', 300)] }, { sections: ['junior'] });
    expect(r.sections.map((s) => s.section)).toEqual(['junior']);
    expect(r.schools[0].sections).toEqual([]);
    expect(r.schools[1].sections).toHaveLength(1);
  });

  it('senior pupils never form a section; complete middle schools enter as junior only', () => {
    const cm: SchoolBalanceInput = { ...juniorSchool('cm', 800), type: '完全中学', stats: { ...juniorSchool('cm', 800).stats, pupilsSenior: 1000 } };
    const r = computeBalance({ year: 2024, schools: [cm] });
    expect(r.schools[0].sections.map((s) => s.section)).toEqual(['junior']);
    expect(r.schools[0].sections[0].values.find((v) => v.code === 'L4')!.share).toBeCloseTo(800 / 2000, 15);
  });
});
