import { describe, expect, it } from 'vitest';
import type { UnitSchool } from '../schools/evaluated-units';
import { composeYearRows, subtractRecords, sumRecords, type YearRecord } from './basis';
import { computeBalance } from './compute';

const school = (id: number, name: string, campuses: [number, string, boolean][] = []): UnitSchool => ({
  id,
  name,
  type: '小学',
  status: '在办',
  closedOn: null,
  campuses: campuses.map(([cid, cname, flagged]) => ({ id: cid, name: cname, evaluatedSeparately: flagged })),
});
const rec = (schoolId: number, campusId: number | null, values: YearRecord['values']): YearRecord => ({ schoolId, campusId, values });

/**
 * A small district: 景行小学 (1 000 pupils, 5 000 m² of teaching rooms — its campus 潭中校区 included,
 * as the national statistics report it) has 潭中校区 marked 单独评估 with its own record (200 pupils,
 * 600 m²) and 本部 registered too; 公园路小学 has 500 pupils and 3 500 m².
 */
const DISTRICT = [school(1, '景行小学', [[10, '本部', false], [11, '潭中校区', true]]), school(2, '公园路小学')];
const RECORDS = [
  rec(1, null, { pupilsPrimary: 1000, teachingAuxArea: 5000, sportsGroundArea: 8000, gymArea: 500 }),
  rec(1, 11, { pupilsPrimary: 200, teachingAuxArea: 600, sportsGroundArea: 1000 }),
  rec(2, null, { pupilsPrimary: 500, teachingAuxArea: 3500, sportsGroundArea: 4000 }),
];
const l4cv = (rows: ReturnType<typeof composeYearRows>['rows'], basis: 'school' | 'unit') => {
  const r = computeBalance({ year: 2025, schools: rows.map((x) => ({ id: x.id, name: x.name, type: x.type, stats: x.stats })) }, { sections: ['primary'], basis });
  const l4 = r.sections[0].indicators.find((i) => i.code === 'L4')!;
  return { r, l4 };
};

describe('calculation basis: a school with a campus evaluated separately', () => {
  it('按学校 (default): one row per school, the campus folded in and said so; CV by hand', () => {
    const c = composeYearRows(2025, DISTRICT, RECORDS, 'school');
    expect(c.rows.map((r) => [r.id, r.name, r.stats.pupilsPrimary, r.stats.teachingAuxArea])).toEqual([
      ['1', '景行小学', 1000, 5000],
      ['2', '公园路小学', 500, 3500],
    ]);
    expect(c.basisNotes).toEqual([
      expect.objectContaining({ campusId: 11, unitName: '景行小学潭中校区', kind: 'folded', note: expect.stringContaining('按学校计算（国家统计口径），并入景行小学：采用全校统计数据') }),
    ]);
    // L4 = 5.0 and 7.0 m² per pupil, weights 1000 and 500: mean 17/3, variance 8/9, CV = (2√2/3)/(17/3) = 2√2/17.
    const { l4, r } = l4cv(c.rows, 'school');
    expect(l4.mean).toBeCloseTo(17 / 3, 12);
    expect(l4.cv).toBeCloseTo((2 * Math.SQRT2) / 17, 12);
    expect(l4.schoolCount).toBe(2);
    expect(r.options.basis).toBe('school');
  });

  it('按评估单位: the campus is its own row, the school is the rest (whole minus campus); CV by hand', () => {
    const c = composeYearRows(2025, DISTRICT, RECORDS, 'unit');
    expect(c.rows.map((r) => [r.id, r.name, r.campusId, r.stats.pupilsPrimary, r.stats.teachingAuxArea])).toEqual([
      ['1', '景行小学', null, 800, 4400],
      ['c11', '景行小学潭中校区', 11, 200, 600],
      ['2', '公园路小学', null, 500, 3500],
    ]);
    expect(c.basisNotes.map((n) => n.kind)).toEqual(['ownRow']);
    expect(c.sourceNotes).toEqual([expect.objectContaining({ schoolId: 1, note: expect.stringContaining('全校统计数据减去单列的潭中校区后计算') })]);
    // The gym: 500 m² in the whole record, blank (none) at 潭中 → 500 m² for the rest, said in the note.
    expect(c.rows[0].stats.gymArea).toBe(500);
    expect(c.sourceNotes[0].note).toContain('“室内体育馆面积”未填报的部分按 0 计');
    // L4 = 5.5 (800), 3.0 (200), 7.0 (500): mean 17/3; Σ Pᵢ(Xᵢ−X̄)² = 200/9 + 12800/9 + 8000/9 = 21000/9;
    // variance 14/9; CV = (√14/3)/(17/3) = √14/17.
    const { l4, r } = l4cv(c.rows, 'unit');
    expect(l4.mean).toBeCloseTo(17 / 3, 12);
    expect(l4.cv).toBeCloseTo(Math.sqrt(14) / 17, 12);
    expect(l4.schoolCount).toBe(3);
    expect(r.options.basis).toBe('unit');
    expect(r.sections[0].pupils).toBe(1500);
  });

  it('without a school-level record: 按学校 sums the campuses; 按评估单位 splits the flagged one off the sum', () => {
    const records = [rec(1, 10, { pupilsPrimary: 800, teachingAuxArea: 4400 }), rec(1, 11, { pupilsPrimary: 200, teachingAuxArea: 600 })];
    const bySchool = composeYearRows(2025, [DISTRICT[0]], records, 'school');
    expect(bySchool.rows.map((r) => [r.name, r.stats.pupilsPrimary, r.stats.teachingAuxArea])).toEqual([['景行小学', 1000, 5000]]);
    expect(bySchool.basisNotes[0].note).toContain('与其他校区的统计数据汇总计算');
    const byUnit = composeYearRows(2025, [DISTRICT[0]], records, 'unit');
    expect(byUnit.rows.map((r) => [r.name, r.stats.pupilsPrimary])).toEqual([['景行小学', 800], ['景行小学潭中校区', 200]]);
    expect(byUnit.sourceNotes[0].note).toContain('按单列校区（潭中校区）以外的 1 个校区（本部）的统计数据汇总');
  });

  it('a flagged campus without figures cannot be its own row: it stays in its school, and the note says so', () => {
    const c = composeYearRows(2025, DISTRICT, [RECORDS[0], RECORDS[2]], 'unit');
    expect(c.rows.map((r) => r.name)).toEqual(['景行小学', '公园路小学']);
    expect(c.rows[0].stats.pupilsPrimary).toBe(1000);
    expect(c.basisNotes).toEqual([expect.objectContaining({ kind: 'noStatistics', note: '单独评估，但没有 2025 年的校区统计数据，不能单列，仍计入景行小学' })]);
    // 按学校 says nothing about a flagged campus that has nothing to fold.
    expect(composeYearRows(2025, DISTRICT, [RECORDS[0], RECORDS[2]], 'school').basisNotes).toEqual([]);
  });

  it('every campus evaluated separately: no school row when the whole record equals their sum', () => {
    const all = school(3, '弯塘路小学', [[31, '本部', true], [32, '北校区', true]]);
    const campuses = [rec(3, 31, { pupilsPrimary: 600 }), rec(3, 32, { pupilsPrimary: 250 })];
    const c = composeYearRows(2025, [all], [rec(3, null, { pupilsPrimary: 850 }), ...campuses], 'unit');
    expect(c.rows.map((r) => [r.id, r.name, r.stats.pupilsPrimary])).toEqual([['c31', '弯塘路小学本部', 600], ['c32', '弯塘路小学北校区', 250]]);
    expect(c.sourceNotes[0].note).toBe('按评估单位计算：各校区均单独评估，学校不再单列，全校统计数据不参与计算');
    const fewer = composeYearRows(2025, [all], [rec(3, null, { pupilsPrimary: 800 }), ...campuses], 'unit');
    expect(fewer.rows).toHaveLength(2);
    expect(fewer.sourceNotes[0].note).toContain('全校数据比各校区之和小学在校生数少 50 人，请核对数据');
    // Without a school-level record there is nothing beyond the campuses.
    expect(composeYearRows(2025, [all], campuses, 'unit').rows.map((r) => r.id)).toEqual(['c31', 'c32']);
  });

  it('every registered campus evaluated separately, but the whole record has more pupils: the rest is still a row (never dropped)', () => {
    const one = school(4, '景行小学', [[41, '潭中校区', true]]);
    const c = composeYearRows(2025, [one], [rec(4, null, { pupilsPrimary: 1000, teachingAuxArea: 5000 }), rec(4, 41, { pupilsPrimary: 200, teachingAuxArea: 600 })], 'unit');
    expect(c.rows.map((r) => [r.id, r.stats.pupilsPrimary, r.stats.teachingAuxArea])).toEqual([['4', 800, 4400], ['c41', 200, 600]]);
    expect(c.sourceNotes[0].note).toContain('各校区均单独评估，但全校统计数据比各校区之和多出学生（小学在校生数 800 人），这部分仍按学校单列计算');
    expect(c.sourceNotes[0].note).toContain('请在学校名册中把本部登记为校区');
  });

  it('a remainder below zero stays negative, so the computation flags the value as invalid', () => {
    const records = [rec(1, null, { pupilsPrimary: 1000, teachingAuxArea: 500 }), rec(1, 11, { pupilsPrimary: 200, teachingAuxArea: 600 })];
    const c = composeYearRows(2025, [DISTRICT[0]], records, 'unit');
    expect(c.rows[0].stats.teachingAuxArea).toBe(-100);
    expect(c.sourceNotes[0].note).toContain('“教学及辅助用房面积”全校数据比单列校区之和少 100 平方米，数据不一致，按无效处理');
    const r = computeBalance({ year: 2025, schools: c.rows.map((x) => ({ id: x.id, name: x.name, type: x.type, stats: x.stats })) }, { sections: ['primary'] });
    const l4 = r.schools[0].sections[0].values.find((v) => v.code === 'L4')!;
    expect(l4.value).toBeNull();
    expect(l4.missing).toEqual([{ key: 'teachingAuxArea', label: '教学及辅助用房面积', reason: 'invalid' }]);
  });
});

describe('record arithmetic', () => {
  it('sums counts and areas; a field only some parts recorded stays missing; lists are concatenated; the gym counts blank as 0', () => {
    const s = sumRecords([
      { pupilsPrimary: 300, teachingAuxArea: 1500.25, backboneTeachers: 4, classSizesPrimary: [45, 44], gymArea: 300 },
      { pupilsPrimary: 200, teachingAuxArea: 900.1, classSizesPrimary: [40] },
    ]);
    expect(s.values).toEqual({ pupilsPrimary: 500, teachingAuxArea: 2400.35, classSizesPrimary: [45, 44, 40], gymArea: 300 });
    expect(s.partial).toEqual(['县级及以上骨干教师数']);
    expect(s.zeroed).toEqual(['室内体育馆面积']);
  });

  it('a list in a number field stays invalid instead of vanishing', () => {
    expect(sumRecords([{ teachingAuxArea: [1, 2] }, { teachingAuxArea: 3 }]).values.teachingAuxArea).toEqual([1, 2]);
  });

  it('subtracts counts and areas (float noise dropped); lists cannot be split; a field a part left blank stays missing', () => {
    const d = subtractRecords({ pupilsPrimary: 1000, teachingAuxArea: 5000.3, classSizesPrimary: [45, 44], books: 20000 }, [{ pupilsPrimary: 200, teachingAuxArea: 600.1 }]);
    expect(d.values).toEqual({ pupilsPrimary: 800, teachingAuxArea: 4400.2 });
    expect(d.unsplit).toEqual(['小学各班人数']);
    expect(d.partial).toEqual(['图书册数']);
  });
});
