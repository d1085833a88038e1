import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore } from '../testing/temp-core';
import { createSchool, deleteCampus, deleteSchool, getSchool, listSchools, saveCampus, updateSchool } from './schools-service';
import { saveStats, statsForSchool } from './stats-service';
import { SchoolInput } from '../../shared/api/contracts/schools';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const input = (over: Record<string, unknown> = {}) => SchoolInput.parse({ name: '测试小学', type: '小学', locality: '乡村', township: '柳林乡', ...over });

describe('schools service', () => {
  it('searches by name, code, township and principal, and filters', async () => {
    await createSchool(core.ctx, input({ code: '3601000001', principal: '王芳' }));
    await createSchool(core.ctx, input({ name: '城关初级中学', type: '初中', locality: '城区', township: '城关镇' }));
    expect((await listSchools(core.ctx, { search: '王芳' })).map((s) => s.name)).toEqual(['测试小学']);
    expect((await listSchools(core.ctx, { search: '01000001' })).map((s) => s.name)).toEqual(['测试小学']);
    expect((await listSchools(core.ctx, { search: '城关' })).map((s) => s.name)).toEqual(['城关初级中学']);
    expect((await listSchools(core.ctx, { type: '初中' })).length).toBe(1);
    expect((await listSchools(core.ctx, { locality: '乡村' })).length).toBe(1);
    expect((await listSchools(core.ctx, { search: '%' })).length).toBe(0);
  });

  it('requires a date to close a school and keeps its statistics', async () => {
    const s = await createSchool(core.ctx, input());
    await saveStats(core.ctx, s.id, null, 2024, { pupilsPrimary: 80 });
    await expect(updateSchool(core.ctx, s.id, input({ status: '撤并' }))).rejects.toThrow(/撤并日期/);
    const closed = await updateSchool(core.ctx, s.id, input({ status: '撤并', closedOn: '2025-08-31' }));
    expect(closed).toMatchObject({ status: '撤并', closedOn: '2025-08-31', latestStatsYear: 2024 });
    expect((await statsForSchool(core.ctx, s.id))[0].values).toEqual({ pupilsPrimary: 80 });
  });

  it('refuses to delete a school with statistics, but deletes one without', async () => {
    const a = await createSchool(core.ctx, input());
    const b = await createSchool(core.ctx, input({ name: '空白小学' }));
    await saveStats(core.ctx, a.id, null, 2024, { pupilsPrimary: 80 });
    await expect(deleteSchool(core.ctx, a.id)).rejects.toThrow(/已有统计数据/);
    expect(await deleteSchool(core.ctx, b.id)).toEqual({ deleted: true });
    await expect(getSchool(core.ctx, b.id)).rejects.toThrow(/找不到/);
  });

  it('manages campuses with per-campus statistics', async () => {
    const s = await createSchool(core.ctx, input());
    const withCampus = await saveCampus(core.ctx, s.id, { name: '北校区', address: null, evaluatedSeparately: true });
    const campus = withCampus.campuses[0];
    await expect(saveCampus(core.ctx, s.id, { name: '北校区', address: null, evaluatedSeparately: false })).rejects.toThrow(/已有名为“北校区”/);
    await saveStats(core.ctx, s.id, campus.id, 2025, { pupilsPrimary: 300 });
    await saveStats(core.ctx, s.id, null, 2025, { pupilsPrimary: 700 });
    const records = await statsForSchool(core.ctx, s.id);
    expect(records.map((r) => [r.campusId, r.values.pupilsPrimary]).sort()).toEqual([[campus.id, 300], [null, 700]].sort());
    await expect(deleteCampus(core.ctx, campus.id)).rejects.toThrow(/已有统计数据/);
  });
});

describe('statistics service', () => {
  it('keeps missing values missing and rejects unknown fields and wrong shapes', async () => {
    const s = await createSchool(core.ctx, input());
    const saved = await saveStats(core.ctx, s.id, null, 2025, { pupilsPrimary: 120, classSizesPrimary: [40, 40, 40] });
    expect(saved.values).toEqual({ classSizesPrimary: [40, 40, 40], pupilsPrimary: 120 });
    expect('teachers' in saved.values).toBe(false);
    await expect(saveStats(core.ctx, s.id, null, 2025, { nonsense: 1 })).rejects.toThrow(/未知的统计字段/);
    await expect(saveStats(core.ctx, s.id, null, 2025, { pupilsPrimary: 1.5 })).rejects.toThrow(/整数/);
    await expect(saveStats(core.ctx, s.id, null, 2025, { classSizesPrimary: 40 })).rejects.toThrow(/数字列表/);
    await expect(saveStats(core.ctx, s.id, 999, 2025, {})).rejects.toThrow(/校区/);
  });
});
