import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import { describeGap } from './gaps';
import type { SchoolBalanceInput } from './input';
import { primarySchool } from './test-support';

describe('gap planning (达标差距测算)', () => {
  // 500 pupils; thresholds: L1 4.2 → 21 teachers; L4 4.5 → 2 250 m²; L6 2 000 → 1 000 000 元; L7 2.3 → 11.5 rooms.
  const weak = primarySchool('w', 500, { teachersAboveDegreePrimary: 17.9, teachingAuxArea: 2000, equipmentValue: 900_000, multimediaRooms: 10 });
  const r = computeBalance({ year: 2024, schools: [weak, primarySchool('ok', 500)] }, { sections: ['primary'] });
  const item = (code: string) => r.gaps.items.find((g) => g.schoolId === 'w' && g.code === code)!;

  it('names one item per unmet indicator, none for met ones', () => {
    expect(r.gaps.items.map((g) => g.code)).toEqual(['L1', 'L4', 'L6', 'L7']);
    expect(r.schools[0].sections[0].attainment!.verdict).toBe('fail');
  });

  it('teachers: whole persons, rounded up', () => {
    expect(item('L1')).toMatchObject({ unit: '人', what: '高于规定学历专任教师', status: 'within85', shortfall: expect.any(Number) });
    expect(item('L1').amount).toBeCloseTo(3.1, 12);
    expect(item('L1').planAmount).toBe(4);
    expect(item('L1').shortfall).toBeCloseTo(0.62, 12);
    // Already above the floor 3.57 × 5 = 17.85.
    expect(item('L1').amountToFloor).toBe(0);
    expect(item('L1').planAmountToFloor).toBe(0);
  });

  it('to the 85 % floor: a school below the floor needs less than to the threshold', () => {
    const r2 = computeBalance({ year: 2024, schools: [primarySchool('f', 500, { teachersAboveDegreePrimary: 17.5 })] }, { sections: ['primary'] });
    const g = r2.gaps.items[0];
    expect(g.status).toBe('below');
    expect(g.planAmount).toBe(4); // 21 − 17.5 = 3.5
    expect(g.amountToFloor).toBeCloseTo(0.35, 12); // 17.85 − 17.5
    expect(g.planAmountToFloor).toBe(1);
  });

  it('area in m², money in 元 at full precision; rooms rounded up', () => {
    expect(item('L4')).toMatchObject({ unit: '平方米', amount: 250, planAmount: 250 });
    expect(item('L6')).toMatchObject({ unit: '元', amount: 100_000, planAmount: 100_000 });
    expect(item('L7').amount).toBeCloseTo(1.5, 12);
    expect(item('L7')).toMatchObject({ unit: '间', planAmount: 2 });
    expect(describeGap(item('L4'))).toBe('w小学（小学）生均教学及辅助用房面积差 0.500 平方米/生，需增加教学及辅助用房面积 250.00 平方米');
  });

  it('exactly-whole amounts are not rounded up by float noise', () => {
    const s = primarySchool('x', 300, { backboneTeachersPrimary: 2 });
    const g = computeBalance({ year: 2024, schools: [s] }, { sections: ['primary'] }).gaps.items.find((i) => i.code === 'L2')!;
    expect(g.planAmount).toBe(1);
  });

  it('county totals per section and indicator sum the rounded-up school figures', () => {
    const two = computeBalance(
      { year: 2024, schools: [weak, { ...weak, id: 'w2', name: 'w2小学' }] },
      { sections: ['primary'] },
    );
    const l1 = two.gaps.totals.find((t) => t.code === 'L1')!;
    expect(l1).toMatchObject({ section: 'primary', schools: 2, planAmount: 8, unit: '人' });
    expect(l1.amount).toBeCloseTo(6.2, 12);
    expect(two.gaps.totals.find((t) => t.code === 'L2')).toMatchObject({ schools: 0, planAmount: 0 });
    expect(two.gaps.totals).toHaveLength(7);
  });

  it('shared facilities of a multi-section school: the campus adds amount ÷ share', () => {
    const nine: SchoolBalanceInput = {
      id: 'n',
      name: '一贯制',
      type: '九年一贯制',
      stats: { ...primarySchool('n', 400).stats, pupilsJunior: 0, teachingAuxArea: 1000 },
    };
    // With junior 0 the primary takes everything (share 1).
    const r1 = computeBalance({ year: 2024, schools: [nine] }, { sections: ['primary'] });
    expect(r1.gaps.items.find((g) => g.code === 'L4')!.schoolWideAmount).toBeCloseTo(800, 9);
    const withJunior = { ...nine, stats: { ...nine.stats, pupilsJunior: 400 } };
    const r2 = computeBalance({ year: 2024, schools: [withJunior] }, { sections: ['primary'] });
    const g = r2.gaps.items.find((x) => x.code === 'L4')!;
    const share = 400 / (400 + 1.1 * 400);
    expect(g.amount).toBeCloseTo(1800 - 1000 * share, 9);
    expect(g.schoolWideAmount).toBeCloseTo(g.amount / share, 9);
    expect(g.sharedFacility).toBe(true);
    expect(describeGap(g)).toContain('共用设施，全校需新增约');
  });

  it('missing indicators produce no gap item', () => {
    const r3 = computeBalance({ year: 2024, schools: [primarySchool('m', 500, { teachingAuxArea: null, multimediaRooms: 1 })] }, { sections: ['primary'] });
    expect(r3.gaps.items.map((g) => g.code)).toEqual(['L7']);
  });
});
