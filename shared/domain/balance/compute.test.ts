import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import type { SchoolBalanceInput } from './input';
import { juniorSchool, primarySchool } from './test-support';

describe('missing data', () => {
  const schools = [primarySchool('a', 400), primarySchool('b', 300, { sportsGroundArea: null }), primarySchool('c', 200, { equipmentValue: -5 })];
  const r = computeBalance({ year: 2024, schools }, { sections: ['primary'] });

  it('an absent field makes that indicator missing for that school, flagged with the Chinese label, never zero', () => {
    const l5 = r.schools[1].sections[0].values.find((v) => v.code === 'L5')!;
    expect(l5.value).toBeNull();
    expect(l5.numerator).toBeNull();
    expect(l5.missing).toEqual([{ key: 'sportsGroundArea', label: '室外体育运动场地面积', reason: 'absent' }]);
  });

  it('L5: a blank gym is 0 m² with a note; an invalid gym is missing', () => {
    const r2 = computeBalance(
      { year: 2024, schools: [primarySchool('g', 100, { gymArea: null }), primarySchool('h', 100, { gymArea: -1 }), primarySchool('k', 100, { sportsGroundArea: null, gymArea: null })] },
      { sections: ['primary'] },
    );
    const [g, h, k] = r2.schools.map((s) => s.sections[0]);
    const l5 = (s: typeof g) => s.values.find((v) => v.code === 'L5')!;
    // Sports ground 700 m² + no gym, 100 pupils.
    expect(l5(g)).toMatchObject({ numerator: 700, value: 7, missing: [] });
    expect(r2.schools[0].sections[0].attainment!.indicators.find((i) => i.code === 'L5')!.status).toBe('within85');
    expect(g.notes).toContain('L5 生均体育运动场馆面积：未填报“室内体育馆面积”，按 0 平方米计（视为没有）');
    expect(l5(h).missing).toEqual([{ key: 'gymArea', label: '室内体育馆面积', reason: 'invalid' }]);
    expect(l5(k).missing.map((m) => m.key)).toEqual(['sportsGroundArea']);
    expect(k.notes.some((n) => n.startsWith('L5'))).toBe(false);
  });

  it('a negative or non-numeric value is flagged as invalid', () => {
    const l6 = r.schools[2].sections[0].values.find((v) => v.code === 'L6')!;
    expect(l6.missing).toEqual([{ key: 'equipmentValue', label: '教学仪器设备资产值', reason: 'invalid' }]);
    const r2 = computeBalance({ year: 2024, schools: [primarySchool('d', 100, { teachingAuxArea: [1, 2] as unknown as number })] }, { sections: ['primary'] });
    expect(r2.schools[0].sections[0].values.find((v) => v.code === 'L4')!.missing[0].reason).toBe('invalid');
  });

  it('the school is left out of that indicator’s CV only, with a listed warning', () => {
    const l5 = r.sections[0].indicators.find((i) => i.code === 'L5')!;
    const l4 = r.sections[0].indicators.find((i) => i.code === 'L4')!;
    expect(l5.schoolCount).toBe(2);
    expect(l5.missingSchools).toBe(1);
    expect(l5.pupils).toBe(600);
    expect(l4.schoolCount).toBe(3);
    const w = r.warnings.filter((x) => x.kind === 'missingData');
    expect(w.map((x) => x.message)).toEqual([
      'b小学（小学）L5 生均体育运动场馆面积：缺少“室外体育运动场地面积”，未计入该指标差异系数',
      'c小学（小学）L6 生均教学仪器设备值：缺少“教学仪器设备资产值”（数值无效），未计入该指标差异系数',
    ]);
    expect(r.schools[1].sections[0].attainment!.verdict).toBe('incomplete');
  });

  it('a coefficient over only some schools is printed but never judged: the section is 无法判定, never 达到要求', () => {
    const l5 = r.sections[0].indicators.find((i) => i.code === 'L5')!;
    expect(l5.cv).not.toBeNull();
    expect(l5.pass).toBeNull();
    expect(l5.note).toBe('1 所学校（学段）缺少数据，差异系数只反映其余 2 所，不作判定');
    expect(r.sections[0].pass).toBeNull();
    expect(r.sections[0].verdictText).toBe('L5、L6有学校缺少数据（最多 1 所学校/学段），差异系数不完整，无法判定；请补齐统计数据');
    // One school with data out of several: its coefficient is 0, which must not read as a pass.
    const one = computeBalance(
      { year: 2026, schools: [primarySchool('x', 300), ...['y', 'z'].map((id) => ({ ...primarySchool(id, 200), stats: { ...primarySchool(id, 200).stats, pupilsPrimary: undefined } }))] },
      { sections: ['primary'] },
    );
    expect(one.sections[0].indicators.every((i) => i.pass === null)).toBe(true);
    expect(one.sections[0].pass).toBeNull();
    expect(one.sections[0].verdictText).not.toMatch(/达到要求/);
    // The 2012 profile tests the composite: it is not judged either.
    const basic = computeBalance({ year: 2024, schools }, { sections: ['primary'], profile: 'basic2012' });
    expect(basic.sections[0].composite.pass).toBeNull();
    expect(basic.sections[0].pass).toBeNull();
  });

  it('missing pupils: every indicator missing, the school shown as 数据不全', () => {
    const s: SchoolBalanceInput = { ...primarySchool('e', 100), stats: { ...primarySchool('e', 100).stats, pupilsPrimary: undefined } };
    const r3 = computeBalance({ year: 2024, schools: [primarySchool('a', 400), s] }, { sections: ['primary'] });
    const row = r3.schools[1].sections[0];
    expect(row.pupils).toBeNull();
    expect(row.missingPupils).toMatchObject({ key: 'pupilsPrimary', label: '小学在校生数' });
    expect(row.values.every((v) => v.value === null && v.missing[0].key === 'pupilsPrimary')).toBe(true);
    expect(row.attainment!.verdict).toBe('incomplete');
    expect(r3.sections[0].indicators.every((i) => i.schoolCount === 1 && i.missingSchools === 1)).toBe(true);
    expect(r3.sections[0].pupils).toBe(400);
  });

  it('L1 has no school total in the catalogue: a nine-year school without per-section figures is missing', () => {
    const n: SchoolBalanceInput = { id: 'n', name: '一贯制', type: '九年一贯制', stats: { pupilsPrimary: 100, pupilsJunior: 100 } };
    const r4 = computeBalance({ year: 2024, schools: [n] });
    const l1 = r4.schools[0].sections[1].values.find((v) => v.code === 'L1')!;
    expect(l1.missing.map((m) => m.label)).toEqual(['初中本科及以上学历专任教师数']);
  });
});

describe('county edge cases', () => {
  it('a county with one school: every CV is 0 and passes', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('only', 350)] }, { sections: ['primary'] });
    const s = r.sections[0];
    expect(s.indicators.every((i) => i.cv === 0 && i.sd === 0 && i.pass === true && i.schoolCount === 1)).toBe(true);
    expect(s.composite.cv).toBe(0);
    expect(s.pass).toBe(true);
    expect(s.verdictText).toBe('7 项指标差异系数均不高于 0.50，达到要求');
    expect(r.contributions[0].contributions).toEqual([
      expect.objectContaining({ schoolId: 'only', term: 0, share: 0 }),
    ]);
  });

  it('X̄ = 0 (no multimedia rooms anywhere): CV undefined and reported, composite undefined, section undecided', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('a', 300, { multimediaRooms: 0 }), primarySchool('b', 200, { multimediaRooms: 0 })] }, { sections: ['primary'] });
    const l7 = r.sections[0].indicators.find((i) => i.code === 'L7')!;
    expect(l7).toMatchObject({ status: 'zeroMean', mean: 0, cv: null, pass: null, note: '全县平均值为 0，差异系数无定义' });
    expect(r.warnings).toContainEqual({ kind: 'undefinedCoefficient', section: 'primary', code: 'L7', message: '小学 L7 每百名学生拥有网络多媒体教室数：全县平均值为 0，差异系数无定义' });
    expect(r.sections[0].composite.cv).toBeNull();
    expect(r.sections[0].composite.note).toBe('L7差异系数无定义，综合差异系数无法计算');
    expect(r.sections[0].pass).toBeNull();
    expect(r.sections[0].verdictText).toBe('L7差异系数无法计算，无法判定');
  });

  it('a section with no schools: coefficients noSchools, not a failure', () => {
    const r = computeBalance({ year: 2024, schools: [primarySchool('a', 300)] });
    const j = r.sections.find((s) => s.section === 'junior')!;
    expect(j.schoolCount).toBe(0);
    expect(j.indicators.every((i) => i.status === 'noSchools' && i.cv === null)).toBe(true);
    expect(j.pass).toBeNull();
  });

  it('an empty county computes without errors', () => {
    const r = computeBalance({ year: 2024, schools: [] });
    expect(r.sections).toHaveLength(2);
    expect(r.gaps.items).toEqual([]);
  });
});

describe('coefficients against the profile limits', () => {
  // L2 backbone teachers per 100 pupils: 0.2 vs 2.0 in two equal schools → CV = 0.8182.
  const schools = [primarySchool('a', 500, { backboneTeachersPrimary: 1 }), primarySchool('b', 500, { backboneTeachersPrimary: 10 })];

  it('quality2017 tests each indicator; the composite is for information only', () => {
    const r = computeBalance({ year: 2024, schools }, { sections: ['primary'] });
    const s = r.sections[0];
    const l2 = s.indicators.find((i) => i.code === 'L2')!;
    expect(l2.cv).toBeCloseTo(0.9 / 1.1, 12);
    expect(l2).toMatchObject({ limit: 0.5, tested: true, pass: false });
    expect(s.composite).toMatchObject({ tested: false, pass: null, note: '仅供参考' });
    expect(s.composite.cv).toBeCloseTo(0.9 / 1.1 / 7, 12);
    expect(s.pass).toBe(false);
    expect(s.verdictText).toBe('L2 每百名学生拥有县级以上骨干教师数（0.8182）差异系数高于 0.50，未达到要求');
  });

  it('junior limit is 0.45', () => {
    const r = computeBalance({ year: 2024, schools: [juniorSchool('a', 500), juniorSchool('b', 300)] }, { sections: ['junior'] });
    expect(r.sections[0].indicators.every((i) => i.limit === 0.45)).toBe(true);
  });

  it('a CV exactly at the limit passes', () => {
    // Values 1 and 3 (equal pupils): X̄ = 2, S = 1, CV = 0.5.
    const r = computeBalance(
      { year: 2024, schools: [primarySchool('a', 1000, { backboneTeachersPrimary: 10 }), primarySchool('b', 1000, { backboneTeachersPrimary: 30 })] },
      { sections: ['primary'] },
    );
    const l2 = r.sections[0].indicators.find((i) => i.code === 'L2')!;
    expect(l2.cv).toBe(0.5);
    expect(l2.pass).toBe(true);
  });

  it('basic2012 tests the composite of 8 at 0.65; application2019 at 0.60', () => {
    const stats = (p: number, books: number) => ({ pupilsPrimary: p, teachingAuxArea: p * 5, sportsGroundArea: p * 6, gymArea: 0, equipmentValue: p * 1000, computers: p * 0.1, books, teachersPrimary: p / 18, teachersAboveDegreePrimary: p / 20, midTitleTeachers: p / 40 });
    // Only books differ: 1 and 19 per pupil in equal schools → B5 CV = 9 / 10; composite = 0.9 / 8.
    const mk = (id: string, books: number): SchoolBalanceInput => ({ id, name: id, type: '小学', stats: stats(100, books) });
    const input = { year: 2024, schools: [mk('a', 100), mk('b', 1900)] };
    const b = computeBalance(input, { profile: 'basic2012', sections: ['primary'] }).sections[0];
    expect(b.indicators).toHaveLength(8);
    expect(b.indicators.find((i) => i.code === 'B5')!.cv).toBeCloseTo(0.9, 12);
    expect(b.indicators.every((i) => i.tested === false && i.pass === null)).toBe(true);
    expect(b.composite).toMatchObject({ limit: 0.65, tested: true, pass: true });
    expect(b.composite.cv).toBeCloseTo(0.9 / 8, 12);
    expect(b.verdictText).toBe('综合差异系数 0.1125，不高于 0.65，达到要求');
    const a = computeBalance(input, { profile: 'application2019' }).sections;
    expect(a.map((s) => s.composite.limit)).toEqual([0.6, 0.5]);
    expect(a[0].pass).toBe(true);
  });
});

describe('contributions', () => {
  it('lists each school’s share of each coefficient, largest first', () => {
    const r = computeBalance(
      { year: 2024, schools: [primarySchool('a', 100, { backboneTeachersPrimary: 5 }), primarySchool('b', 800), primarySchool('c', 100, { backboneTeachersPrimary: 1.2 })] },
      { sections: ['primary'] },
    );
    const t = r.contributions.find((c) => c.section === 'primary' && c.code === 'L2')!;
    expect(t.contributions.map((c) => c.schoolId)).toEqual(['a', 'b', 'c']);
    expect(t.contributions.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
    expect(t.contributions[0].deviation).toBeGreaterThan(0);
    const l2 = r.sections[0].indicators.find((i) => i.code === 'L2')!;
    expect(t.contributions.reduce((s, c) => s + c.term, 0)).toBeCloseTo(l2.sd! ** 2, 12);
    expect(r.contributions).toHaveLength(7);
  });
});
