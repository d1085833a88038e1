import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvaluatedUnitDto, School } from '../../shared/api/contracts/schools';
import type { StatCompletenessRow } from '../../shared/api/contracts/statistics';
import { applicableStatFields } from '../../shared/domain/schools/stat-completeness';
import { tempCore } from '../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

/** Register order is by 学校标识码: the codes fix it. */
async function district() {
  const jx = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  await api('schools.saveCampus', { schoolId: jx.id, campus: { name: '本部' } });
  const withTz = await api<School>('schools.saveCampus', { schoolId: jx.id, campus: { name: '潭中校区', evaluatedSeparately: true } });
  const tz = withTz.campuses.find((c) => c.name === '潭中校区')!.id;
  const wt = await api<School>('schools.create', { code: '4502020002', name: '弯塘路小学', type: '小学', locality: '城区' });
  let w = await api<School>('schools.saveCampus', { schoolId: wt.id, campus: { name: '本部', evaluatedSeparately: true } });
  w = await api<School>('schools.saveCampus', { schoolId: wt.id, campus: { name: '北校区', evaluatedSeparately: true } });
  const [wtMain, wtNorth] = w.campuses.map((c) => c.id);
  const closed = await api<School>('schools.create', { code: '4502020003', name: '河湾小学', type: '小学', locality: '乡村', status: '撤并', closedOn: '2024-08-31' });
  const nine = await api<School>('schools.create', { code: '4502020004', name: '石门学校', type: '九年一贯制', locality: '镇区' });
  return { jx: jx.id, tz, wt: wt.id, wtMain, wtNorth, closed: closed.id, nine: nine.id };
}

describe('schools.units', () => {
  it('lists the year’s evaluated units with the completeness of their figures', async () => {
    const d = await district();
    await api('stats.save', { schoolId: d.jx, campusId: null, year: 2025, values: { pupilsPrimary: 1000, teachers: 50 } });
    await api('stats.save', { schoolId: d.jx, campusId: d.tz, year: 2025, values: { pupilsPrimary: 200 } });
    await api('stats.save', { schoolId: d.wt, campusId: d.wtMain, year: 2025, values: { pupilsPrimary: 600 } });
    const units = await api<EvaluatedUnitDto[]>('schools.units', { year: 2025 });
    const applicable = applicableStatFields('小学').length;
    expect(units.map((u) => [u.key, u.name, u.statistics.source, u.statistics.filled, u.statistics.applicable])).toEqual([
      [`s${d.jx}`, '景行小学', 'own', 2, applicable],
      [`c${d.tz}`, '景行小学潭中校区', 'own', 1, applicable],
      // 弯塘路小学: every campus evaluated separately, so not a unit itself.
      [`c${d.wtMain}`, '弯塘路小学本部', 'own', 1, applicable],
      [`c${d.wtNorth}`, '弯塘路小学北校区', 'none', 0, applicable],
      // 河湾小学 closed on 2024-08-31: not in the 2025 census.
      [`s${d.nine}`, '石门学校', 'none', 0, applicableStatFields('九年一贯制').length],
    ]);
    expect(units[0].statistics.missing).not.toContain('小学在校生数');
    expect(units[0].statistics.missing).toContain('图书册数');
    // Closed on 2024-08-31: still in the 2023 census, not in 2024's.
    expect((await api<EvaluatedUnitDto[]>('schools.units', { year: 2023 })).some((u) => u.schoolId === d.closed)).toBe(true);
    expect((await api<EvaluatedUnitDto[]>('schools.units', { year: 2024 })).some((u) => u.schoolId === d.closed)).toBe(false);
  });

  it('a school unit without its own record is judged on the sum of the campuses it covers', async () => {
    const s = await api<School>('schools.create', { name: '文惠小学', type: '小学', locality: '城区' });
    const a = await api<School>('schools.saveCampus', { schoolId: s.id, campus: { name: '东校区' } });
    await api('stats.save', { schoolId: s.id, campusId: a.campuses[0].id, year: 2025, values: { pupilsPrimary: 300, books: 9000 } });
    const [u] = await api<EvaluatedUnitDto[]>('schools.units', { year: 2025 });
    expect(u.statistics).toMatchObject({ source: 'campuses', filled: 2 });
  });

  it('refuses a year out of range, in Chinese', async () => {
    await expect(api('schools.units', { year: 1990 })).rejects.toThrow('年份应在 2000—2100 之间');
  });
});

describe('stats.completeness', () => {
  it('one line per school in the census, then its campuses with a record or marked 单独评估', async () => {
    const d = await district();
    await api('stats.save', { schoolId: d.jx, campusId: null, year: 2025, values: { pupilsPrimary: 1000 } });
    await api('stats.save', { schoolId: d.jx, campusId: d.tz, year: 2025, values: { pupilsPrimary: 200, teachers: 10 } });
    const rows = await api<StatCompletenessRow[]>('stats.completeness', { year: 2025 });
    expect(rows.map((r) => [r.unitName, r.campusName, r.evaluatedSeparately, r.hasRecord, r.filled])).toEqual([
      // 景行小学本部 is not evaluated separately and has no record: covered by the school's line.
      ['景行小学', null, false, true, 1],
      ['景行小学潭中校区', '潭中校区', true, true, 2],
      ['弯塘路小学', null, false, false, 0],
      ['弯塘路小学本部', '本部', true, false, 0],
      ['弯塘路小学北校区', '北校区', true, false, 0],
      ['石门学校', null, false, false, 0],
    ]);
    const nine = rows[5];
    expect(nine.type).toBe('九年一贯制');
    expect(nine.applicable).toBe(nine.missing.length);
    expect(nine.missing).toEqual(expect.arrayContaining(['小学在校生数', '初中在校生数', '小学专任教师数']));
  });
});
