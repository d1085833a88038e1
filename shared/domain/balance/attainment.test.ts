import { describe, expect, it } from 'vitest';
import { attainmentStatus, verdictOf } from './attainment';
import { computeBalance } from './compute';
import type { SchoolBalanceInput } from './input';
import { BUILT_IN_PROFILES, floorOf } from './profiles';
import type { BalanceSection } from './types';

const PUPILS = 20000;
type Level = 'threshold' | 'floor' | 'belowFloor' | 'belowThreshold' | 'missing';

/** Numerator fields per indicator for a single-section school (L5 puts everything on the ground). */
const FIELDS: Record<BalanceSection, Record<string, string>> = {
  primary: { L1: 'teachersAboveDegreePrimary', L2: 'backboneTeachersPrimary', L3: 'peArtTeachersPrimary', L4: 'teachingAuxArea', L5: 'sportsGroundArea', L6: 'equipmentValue', L7: 'multimediaRooms' },
  junior: { L1: 'teachersAboveDegreeJunior', L2: 'backboneTeachersJunior', L3: 'peArtTeachersJunior', L4: 'teachingAuxArea', L5: 'sportsGroundArea', L6: 'equipmentValue', L7: 'multimediaRooms' },
};

/** A school whose indicators sit exactly at the requested levels (others exactly at the threshold). */
function schoolAt(section: BalanceSection, levels: Record<string, Level> = {}, pupils = PUPILS): SchoolBalanceInput {
  const profile = BUILT_IN_PROFILES.quality2017;
  const stats: Record<string, number> = { [section === 'primary' ? 'pupilsPrimary' : 'pupilsJunior']: pupils, gymArea: 0 };
  for (const ind of profile.indicators) {
    const level = levels[ind.code] ?? 'threshold';
    if (level === 'missing') continue;
    const t = ind.thresholds![section];
    const target = level === 'threshold' ? t : level === 'belowThreshold' ? t * 0.95 : floorOf(t, 0.85);
    // Numerator in the school's real units; integer-friendly at 20 000 pupils.
    let numerator = ind.per100 ? Math.round(target * pupils) / 100 : Math.round(target * pupils * 1000) / 1000;
    if (level === 'belowFloor') numerator *= 1 - 1e-6;
    stats[FIELDS[section][ind.code]] = numerator;
  }
  return { id: `s-${section}`, name: '测试学校', type: section === 'primary' ? '小学' : '初中', stats };
}

function attain(section: BalanceSection, levels: Record<string, Level> = {}, pupils = PUPILS) {
  const r = computeBalance({ year: 2024, schools: [schoolAt(section, levels, pupils)] }, { sections: [section] });
  return r.schools[0].sections[0].attainment!;
}

const CODES = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];

describe('thresholds and derived 85 % floors (domain.md §1.2)', () => {
  const expected: Record<string, [number, number, number, number]> = {
    L1: [4.2, 5.3, 3.57, 4.505],
    L2: [1.0, 1.0, 0.85, 0.85],
    L3: [0.9, 0.9, 0.765, 0.765],
    L4: [4.5, 5.8, 3.825, 4.93],
    L5: [7.5, 10.2, 6.375, 8.67],
    L6: [2000, 2500, 1700, 2125],
    L7: [2.3, 2.4, 1.955, 2.04],
  };
  it.each(CODES)('%s floors are 0.85 × threshold, exactly the decimal figures', (code) => {
    const ind = BUILT_IN_PROFILES.quality2017.indicators.find((i) => i.code === code)!;
    const [tp, tj, fp, fj] = expected[code];
    expect(ind.thresholds).toEqual({ primary: tp, junior: tj });
    expect(floorOf(tp, 0.85)).toBe(fp);
    expect(floorOf(tj, 0.85)).toBe(fj);
  });
});

describe.each(['primary', 'junior'] as const)('per-indicator status — %s', (section) => {
  it('every value exactly at the threshold is met → pass', () => {
    const a = attain(section);
    expect(a.indicators.map((i) => i.status)).toEqual(Array(7).fill('met'));
    expect(a.indicators.every((i) => i.shortfall === 0)).toBe(true);
    expect(a.verdict).toBe('pass');
    expect(a.explanation).toBe('7 项指标全部达到要求，达标。');
  });

  it.each(CODES)('%s exactly at the 85%% floor is within85 and the school passes (6 + 1)', (code) => {
    const a = attain(section, { [code]: 'floor' });
    const ind = a.indicators.find((i) => i.code === code)!;
    expect(ind.status).toBe('within85');
    expect(ind.value).toBeCloseTo(ind.floor, 9);
    expect(ind.shortfall).toBeCloseTo(ind.threshold - ind.floor, 9);
    expect(ind.shortfallToFloor).toBe(0);
    expect(ind.ratio).toBeCloseTo(0.85, 9);
    expect(a.verdict).toBe('pass');
    expect(a.explanation).toContain('不低于要求的 85%，达标');
  });

  it.each(CODES)('%s just below the floor is below and the school fails', (code) => {
    const a = attain(section, { [code]: 'belowFloor' });
    const ind = a.indicators.find((i) => i.code === code)!;
    expect(ind.status).toBe('below');
    expect(ind.shortfallToFloor!).toBeGreaterThan(0);
    expect(a.verdict).toBe('fail');
    expect(a.verdictLabel).toBe('未达标');
  });
});

describe('exact decimal thresholds are not lost to floating point', () => {
  it('126 teachers for 3 000 pupils is exactly 4.2 per 100 → met', () => {
    expect((126 * 100) / 3000).toBe(4.2);
    expect(attainmentStatus((126 * 100) / 3000, 4.2, 3.57)).toBe('met');
  });
  it('values within float noise of the threshold count as met; a real shortfall does not', () => {
    expect(attainmentStatus(4.5 - 1e-13, 4.5, 3.825)).toBe('met');
    expect(attainmentStatus(4.5 - 1e-6, 4.5, 3.825)).toBe('within85');
    expect(attainmentStatus(0.85 * 4.5, 4.5, floorOf(4.5, 0.85))).toBe('within85');
    expect(attainmentStatus(null, 4.5, 3.825)).toBe('missing');
  });
});

describe('the 6-of-7 + 85 % rule', () => {
  it.each([
    [{ within85: 0, below: 0, missing: 0 }, 'pass'],
    [{ within85: 1, below: 0, missing: 0 }, 'pass'],
    [{ within85: 0, below: 1, missing: 0 }, 'fail'],
    [{ within85: 2, below: 0, missing: 0 }, 'fail'],
    [{ within85: 0, below: 0, missing: 1 }, 'incomplete'],
    [{ within85: 1, below: 0, missing: 1 }, 'incomplete'],
    [{ within85: 0, below: 1, missing: 1 }, 'fail'],
    [{ within85: 2, below: 0, missing: 1 }, 'fail'],
  ] as const)('%o → %s', (counts, verdict) => {
    expect(verdictOf(counts, 1)).toBe(verdict);
  });

  it('6 met + 1 between 85 % and the threshold passes', () => {
    const a = attain('primary', { L5: 'belowThreshold' });
    expect([a.metCount, a.within85Count, a.verdict]).toEqual([6, 1, 'pass']);
    expect(a.explanation).toContain('6 项指标达到要求；生均体育运动场馆面积 7.125（要求 7.500，为要求的 95.00%）');
  });

  it('5 met + 2 within 85 % fails', () => {
    const a = attain('junior', { L2: 'belowThreshold', L4: 'floor' });
    expect([a.metCount, a.within85Count, a.verdict]).toEqual([5, 2, 'fail']);
    expect(a.explanation).toContain('须至少 6 项达到要求、其余不低于要求的 85%，未达标');
  });

  it('6 met + 1 below 85 % fails', () => {
    const a = attain('primary', { L7: 'belowFloor' });
    expect([a.metCount, a.belowCount, a.verdict]).toEqual([6, 1, 'fail']);
    expect(a.explanation).toContain('低于要求的 85%：每百名学生拥有网络多媒体教室数');
  });

  it('missing data is 数据不全, never pass', () => {
    const a = attain('primary', { L2: 'missing' });
    expect(a.verdict).toBe('incomplete');
    expect(a.verdictLabel).toBe('数据不全');
    const l2 = a.indicators.find((i) => i.code === 'L2')!;
    expect(l2).toMatchObject({ status: 'missing', value: null, shortfall: null, ratio: null });
    // The school total is the fallback, so both are named.
    expect(l2.missing.map((m) => m.label)).toEqual(['小学县级及以上骨干教师数', '县级及以上骨干教师数']);
    expect(a.explanation).toContain('数据缺失：每百名学生拥有县级以上骨干教师数（缺少“小学县级及以上骨干教师数”、“县级及以上骨干教师数”）');
    expect(a.explanation).toContain('数据不全，无法判定是否达标');
  });

  it('a failure already certain is reported as 未达标 even with missing data', () => {
    const a = attain('primary', { L2: 'missing', L4: 'belowFloor' });
    expect(a.verdict).toBe('fail');
    expect(a.missingCount).toBe(1);
  });
});

describe('profiles without a per-school rule', () => {
  it('2012 and 2019 give no attainment (null) and no gaps', () => {
    for (const profile of ['basic2012', 'application2019'] as const) {
      const r = computeBalance({ year: 2024, schools: [schoolAt('primary')] }, { profile, sections: ['primary'] });
      expect(r.schools[0].sections[0].attainment).toBeNull();
      expect(r.gaps.items).toEqual([]);
      expect(r.sections[0].attainment).toBeNull();
    }
  });
});
