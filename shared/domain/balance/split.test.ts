import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import type { SchoolBalanceInput } from './input';
import { resolveOptions } from './options';
import { sectionShares, splitWeights, splitWholeForDisplay, weightedShare } from './split';

/** domain.md §2.3: 166 primary + 210 junior pupils, 23 226 books. */
const NINE_YEAR: SchoolBalanceInput = {
  id: 'jy',
  name: '九年一贯制示例学校',
  type: '九年一贯制',
  stats: { pupilsPrimary: 166, pupilsJunior: 210, books: 23226 },
};

describe('section split — the §2.3 example', () => {
  const o = resolveOptions({ profile: 'basic2012' });

  it('primary share = 166 / (166 + 1.1 × 210) = 166 / 397', () => {
    const sh = sectionShares(NINE_YEAR.type, NINE_YEAR.stats, 'primary', o.split);
    expect(sh.shares!.facility).toBeCloseTo(166 / 397, 15);
    expect(sh.shares!.pupil).toBeCloseTo(166 / 376, 15);
  });

  it('apportions 23 226 books into 9 711 primary and 13 515 junior for display, full precision inside', () => {
    const r = computeBalance({ year: 2024, schools: [NINE_YEAR] }, o);
    const [primary, junior] = r.schools[0].sections;
    const pB5 = primary.values.find((v) => v.code === 'B5')!;
    const jB5 = junior.values.find((v) => v.code === 'B5')!;
    expect(pB5.source).toBe('sharedApportioned');
    expect(pB5.numerator).toBeCloseTo((23226 * 166) / 397, 9); // 9 711.68…
    expect(jB5.numerator).toBeCloseTo((23226 * 231) / 397, 9); // 13 514.32…
    expect(pB5.numerator! + jB5.numerator!).toBeCloseTo(23226, 9);
    expect(splitWholeForDisplay(23226, [pB5.numerator!, jB5.numerator!])).toEqual([9711, 13515]);
    // 58.50 books per primary-equivalent pupil.
    expect(23226 / 397).toBeCloseTo(58.5, 2);
    expect(pB5.value).toBeCloseTo(23226 / 397, 12);
    expect(jB5.value).toBeCloseTo((23226 / 397) * 1.1, 12);
    expect(primary.notes[0]).toContain('共用设施按加权学生数分摊，小学占 41.81%');
  });

  it('pupil-ratio mode apportions by plain pupils', () => {
    const r = computeBalance({ year: 2024, schools: [NINE_YEAR] }, { profile: 'basic2012', split: { mode: 'pupilRatio' } });
    const p = r.schools[0].sections[0].values.find((v) => v.code === 'B5')!;
    expect(p.numerator).toBeCloseTo((23226 * 166) / 376, 9);
    expect(r.schools[0].sections[0].notes[0]).toContain('按学生数比例分摊');
    // Per-pupil values are then equal in both sections.
    const j = r.schools[0].sections[1].values.find((v) => v.code === 'B5')!;
    expect(j.value).toBeCloseTo(p.value!, 12);
  });

  it('weights are configurable', () => {
    const r = computeBalance({ year: 2024, schools: [NINE_YEAR] }, { profile: 'basic2012', split: { nineYear: { primary: 1, junior: 1.2 } } });
    const p = r.schools[0].sections[0].values.find((v) => v.code === 'B5')!;
    expect(p.share).toBeCloseTo(166 / (166 + 1.2 * 210), 15);
  });
});

describe('section split — weights by school type', () => {
  const o = resolveOptions(undefined);
  it('defaults: 1 : 1.1 (nine-year), 1 : 1.1 : 1.32 (twelve-year), junior 1 : senior 1.2 (complete middle)', () => {
    expect(splitWeights('九年一贯制', o.split)).toEqual({ primary: 1, junior: 1.1 });
    expect(splitWeights('十二年一贯制', o.split)).toEqual({ primary: 1, junior: 1.1, senior: 1.32 });
    expect(splitWeights('完全中学', o.split)).toEqual({ junior: 1, senior: 1.2 });
    expect(splitWeights('小学', o.split)).toEqual({ primary: 1 });
  });

  it('twelve-year: A / (A + 1.1B + 1.32C) and 1.1B / (A + 1.1B + 1.32C)', () => {
    const stats = { pupilsPrimary: 600, pupilsJunior: 400, pupilsSenior: 300 };
    const d = 600 + 1.1 * 400 + 1.32 * 300;
    expect(sectionShares('十二年一贯制', stats, 'primary', o.split).shares!.facility).toBeCloseTo(600 / d, 15);
    expect(sectionShares('十二年一贯制', stats, 'junior', o.split).shares!.facility).toBeCloseTo((1.1 * 400) / d, 15);
    expect(sectionShares('十二年一贯制', stats, 'junior', o.split).shares!.pupil).toBeCloseTo(400 / 1300, 15);
  });

  it('complete middle school: junior share B / (B + 1.2C)', () => {
    const stats = { pupilsJunior: 800, pupilsSenior: 1000 };
    expect(sectionShares('完全中学', stats, 'junior', o.split).shares!.facility).toBeCloseTo(800 / 2000, 15);
  });

  it('a missing senior count makes the shares missing (flagged), not zero', () => {
    const sh = sectionShares('完全中学', { pupilsJunior: 800 }, 'junior', o.split);
    expect(sh.shares).toBeNull();
    expect(sh.missing).toEqual([{ key: 'pupilsSenior', label: '高中在校生数', reason: 'absent' }]);
  });

  it('single-section schools keep everything (share 1)', () => {
    expect(sectionShares('小学', { pupilsPrimary: 10 }, 'primary', o.split).shares).toEqual({ facility: 1, pupil: 1 });
  });

  it('weightedShare is null when the weighted total is zero', () => {
    expect(weightedShare({ primary: 0, junior: 0 }, { primary: 1, junior: 1.1 }, 'primary')).toBeNull();
  });
});

describe('section split — teachers and overrides', () => {
  const school: SchoolBalanceInput = {
    id: 'jy2',
    name: '实验学校',
    type: '九年一贯制',
    stats: {
      pupilsPrimary: 600,
      pupilsJunior: 400,
      teachersAboveDegreePrimary: 30,
      teachersAboveDegreeJunior: 25,
      backboneTeachers: 12, // no per-section figure → apportioned 600 : 400
      peArtTeachersPrimary: 7,
      peTeachers: 5,
      musicTeachers: 3,
      artTeachers: 3, // junior peArt not recorded → (5 + 3 + 3) × 0.4
      teachingAuxArea: 5000,
      sportsGroundArea: 9000,
      gymArea: 1000,
      equipmentValue: 2_000_000,
      multimediaRooms: 24,
    },
  };

  it('uses the per-section field where recorded, else the total by plain pupil ratio, with a note', () => {
    const r = computeBalance({ year: 2024, schools: [school] });
    const [p, j] = r.schools[0].sections;
    const get = (s: typeof p, code: string) => s.values.find((v) => v.code === code)!;
    expect(get(p, 'L1')).toMatchObject({ source: 'section', numerator: 30, value: 5 });
    expect(get(j, 'L1')).toMatchObject({ source: 'section', numerator: 25, value: 6.25 });
    expect(get(p, 'L2').source).toBe('totalApportioned');
    expect(get(p, 'L2').numerator).toBeCloseTo(7.2, 12);
    expect(get(j, 'L2').numerator).toBeCloseTo(4.8, 12);
    expect(get(p, 'L3')).toMatchObject({ source: 'section', numerator: 7 });
    expect(get(j, 'L3').source).toBe('totalApportioned');
    expect(get(j, 'L3').numerator).toBeCloseTo(4.4, 12);
    expect(p.notes.some((n) => n.startsWith('L2') && n.includes('按学生数比例（小学占 60.00%）分摊“县级及以上骨干教师数”'))).toBe(true);
    expect(j.notes.some((n) => n.startsWith('L3') && n.includes('“体育专任教师数”、“音乐专任教师数”、“美术专任教师数”'))).toBe(true);
    // Shared facilities by weighted pupils: 600 / (600 + 440).
    expect(get(p, 'L4').share).toBeCloseTo(600 / 1040, 15);
  });

  it('manual overrides win and are listed', () => {
    const r = computeBalance({
      year: 2024,
      schools: [
        {
          ...school,
          overrides: { numerators: { junior: { L4: 2600 } }, sectionFields: { backboneTeachersJunior: 6, peArtTeachersJunior: 4 }, note: '按任教学段核实' },
        },
      ],
    });
    const [p, j] = r.schools[0].sections;
    const get = (s: typeof p, code: string) => s.values.find((v) => v.code === code)!;
    expect(get(j, 'L4')).toMatchObject({ source: 'override', numerator: 2600, value: 6.5 });
    expect(get(j, 'L2')).toMatchObject({ source: 'section', numerator: 6 });
    expect(get(j, 'L3')).toMatchObject({ source: 'section', numerator: 4 });
    // Primary still apportions the total: the override concerns junior only.
    expect(get(p, 'L2').source).toBe('totalApportioned');
    expect(j.overrides.map((o) => o.target).sort()).toEqual(['L4', 'backboneTeachersJunior', 'peArtTeachersJunior']);
    expect(j.overrides.find((o) => o.target === 'backboneTeachersJunior')).toMatchObject({ label: '初中县级及以上骨干教师数', value: 6, note: '按任教学段核实' });
    expect(p.overrides).toEqual([]);
  });

  it('2012 B8 (no per-section field) always apportions the total in multi-section schools', () => {
    const r = computeBalance({ year: 2024, schools: [{ ...school, stats: { ...school.stats, midTitleTeachers: 20 } }] }, { profile: 'basic2012' });
    const b8 = r.schools[0].sections[1].values.find((v) => v.code === 'B8')!;
    expect(b8.source).toBe('totalApportioned');
    expect(b8.numerator).toBeCloseTo(8, 12);
  });
});

describe('splitWholeForDisplay', () => {
  it('floors all but the last part, which takes the remainder', () => {
    expect(splitWholeForDisplay(10, [3.3, 3.3, 3.4])).toEqual([3, 3, 4]);
    expect(splitWholeForDisplay(7, [7])).toEqual([7]);
  });
});
