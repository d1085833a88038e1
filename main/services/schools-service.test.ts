import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore } from '../testing/temp-core';
import { csvText, utf8Bom, xlsx } from '../exchange/register/test-fixtures';
import { nameKey } from '../../shared/domain/text/normalize';
import { loadDemo } from './demo/demo-service';
import { importSchools } from './exchange-service';
import { localFile } from '../testing/files';
import { createSchool, deleteCampus, deleteSchool, getSchool, listSchools, saveCampus, setSchoolsStatus, updateSchool } from './schools-service';
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

  it('sets the status of several schools at once, in one audit batch, with the form\'s rules', async () => {
    const a = await createSchool(core.ctx, input());
    const b = await createSchool(core.ctx, input({ name: '另一小学' }));
    await expect(setSchoolsStatus(core.ctx, [a.id, b.id], '撤并', null)).rejects.toThrow('撤并的学校须填写撤并日期');
    await expect(setSchoolsStatus(core.ctx, [a.id, b.id], '撤并', '2024-02-30')).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await getSchool(core.ctx, a.id)).status).toBe('在办');
    expect(await setSchoolsStatus(core.ctx, [a.id, b.id], '撤并', '2024-08-31')).toEqual({ changed: 2, unchanged: 0 });
    expect((await getSchool(core.ctx, b.id)).closedOn).toBe('2024-08-31');
    const batches = core.database.raw.prepare("SELECT DISTINCT batch_id FROM audit_log WHERE summary LIKE '批量修改办学状态%'").all() as { batch_id: string }[];
    expect(batches).toHaveLength(1);
    expect(batches[0].batch_id).toMatch(/\S/);
    expect(await setSchoolsStatus(core.ctx, [a.id], '撤并', '2024-08-31')).toEqual({ changed: 0, unchanged: 1 });
    expect(await setSchoolsStatus(core.ctx, [a.id, b.id], '在办', '2024-08-31')).toEqual({ changed: 2, unchanged: 0 });
    expect((await getSchool(core.ctx, a.id)).closedOn).toBeNull();
    await expect(setSchoolsStatus(core.ctx, [a.id, 9999], '在办', null)).rejects.toThrow('找不到编号为 9999 的学校');
  });

  it('requires a date to close a school and keeps its statistics', async () => {
    const s = await createSchool(core.ctx, input());
    await saveStats(core.ctx, s.id, null, 2024, { pupilsPrimary: 80 });
    // Unparsed input, as a caller inside main might pass it: the service applies the shared rules itself.
    const closedWithoutDate = { ...input(), status: '撤并' as const, closedOn: null };
    await expect(updateSchool(core.ctx, s.id, closedWithoutDate)).rejects.toThrow('撤并的学校须填写撤并日期');
    await expect(createSchool(core.ctx, { ...closedWithoutDate, name: '另一小学' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(updateSchool(core.ctx, s.id, { ...input(), closedOn: '2025-08-31' })).rejects.toThrow('但办学状态是“在办”');
    await expect(updateSchool(core.ctx, s.id, { ...input(), status: '撤并', closedOn: '2025-02-30' })).rejects.toThrow('不是有效的撤并日期');
    expect((await getSchool(core.ctx, s.id)).status).toBe('在办');
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
    await expect(saveStats(core.ctx, s.id, null, 2025, { classSizesPrimary: 40 })).rejects.toThrow('“小学各班人数”应为每班一个数字的列表');
    await expect(saveStats(core.ctx, s.id, 999, 2025, {})).rejects.toThrow(/校区/);
  });
});

describe('schools service — text hygiene', () => {
  it('stores cleaned names and texts, and refuses a second school that only looks different', async () => {
    const raw = { ...input(), name: ' 石门镇\u00a0中心小学\u200b', code: '３６０１０２０００５\u200b', township: '石门镇\u3000' };
    const s = await createSchool(core.ctx, raw);
    expect(s).toMatchObject({ name: '石门镇 中心小学', code: '3601020005', township: '石门镇' });
    await expect(createSchool(core.ctx, input({ name: '石门镇中心小学' }))).rejects.toThrow(
      '已有学校“石门镇 中心小学”，与“石门镇中心小学”只差空格，不能再建一所看起来相同的学校',
    );
    await expect(createSchool(core.ctx, input({ name: '石门镇 中心小学\u2060' }))).rejects.toMatchObject({ code: 'conflict' });
    // Renaming itself to a look-alike is fine.
    expect((await updateSchool(core.ctx, s.id, input({ name: '石门镇中心小学' }))).name).toBe('石门镇中心小学');
    await saveCampus(core.ctx, s.id, { name: '北校区', address: null, evaluatedSeparately: false });
    await expect(saveCampus(core.ctx, s.id, { name: '北 校区\u200b', address: null, evaluatedSeparately: false })).rejects.toThrow(/已有名为“北 校区”/);
  });
});

const FIXTURES = path.resolve(import.meta.dirname, '../exchange/register/fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

describe('register import — case files in the demo district', () => {
  beforeEach(async () => {
    await loadDemo(core.ctx, false);
  });

  it('school-names-invisible-characters.csv: every row is matched to the existing school, none is created, and the preview says why', async () => {
    const before = await listSchools(core.ctx, {});
    const report = await importSchools(core.ctx, await localFile(core.ctx, 'school-names-invisible-characters.csv', fixture('school-names-invisible-characters.csv')), true);
    expect(report.errors).toEqual([]);
    expect(report.counts).toEqual({ new: 0, changed: 0, unchanged: 4 });
    expect(report.rows.map((r) => r.label)).toEqual(['石门镇中心小学', '柳林乡中心小学', '桃源镇中心小学', '云溪区第一初级中学']);
    const notices = report.notices.map((n) => n.message);
    expect(notices).toContain('第 2 行的“石门镇 中心小学”与名册中的“石门镇中心小学”只差空格，按同一所学校处理，名称保持不变');
    expect(notices).toContain('“学校名称”列有 2 个单元格含不可见字符或特殊空格，已去除后再匹配和保存：第 3 行“柳林乡中心小学⟨U+200B⟩”、第 4 行“桃源镇中心小学⟨U+00A0⟩”');
    expect(notices).toContain('学校类型“初级中学”（第 5 行）按教育统计学校类别记为“初中”');

    const committed = await importSchools(core.ctx, await localFile(core.ctx, 'school-names-invisible-characters.csv', fixture('school-names-invisible-characters.csv')), false);
    expect(committed.errors).toEqual([]);
    const after = await listSchools(core.ctx, {});
    expect(after).toHaveLength(before.length);
    expect(after.map((s) => [s.code, s.name, s.type, s.locality, s.township])).toEqual(before.map((s) => [s.code, s.name, s.type, s.locality, s.township]));
    expect(new Set(after.map((s) => nameKey(s.name))).size).toBe(after.length);
    const byName = new Map(after.map((s) => [s.name, s]));
    expect(byName.get('石门镇中心小学')).toMatchObject({ code: '3601020005', type: '小学', locality: '镇区', township: '石门镇' });
    expect(byName.get('柳林乡中心小学')).toMatchObject({ code: '3601020006', type: '小学', locality: '乡村', township: '柳林乡' });
    expect(byName.get('桃源镇中心小学')).toMatchObject({ code: '3601020004', type: '小学', locality: '镇区', township: '桃源镇' });
    expect(byName.get('云溪区第一初级中学')).toMatchObject({ code: '3601020009', type: '初中', locality: '城区', township: '云溪街道' });
    expect(after.some((s) => /[\s\u200b\u00a0]/.test(s.name.replace(/ /g, '')) || s.name.includes(' '))).toBe(false);
  });

  it('register-statistics-system-vocabulary.csv: national terms and codes are mapped to the register categories, shown in the preview and stored', async () => {
    // Make one stored category differ, so the import has to write a mapped value.
    const waiguoyu = (await listSchools(core.ctx, { search: '3601020016' }))[0];
    await updateSchool(core.ctx, waiguoyu.id, { ...waiguoyu, locality: '乡村' });

    const report = await importSchools(core.ctx, await localFile(core.ctx, 'register-statistics-system-vocabulary.csv', fixture('register-statistics-system-vocabulary.csv')), true);
    expect(report.errors).toEqual([]);
    expect(report.counts).toEqual({ new: 0, changed: 1, unchanged: 4 });
    expect(report.rows.find((r) => r.key === '3601020016')?.changes).toEqual([{ field: 'locality', label: '城乡', before: '乡村', after: '城区' }]);
    expect(report.notices.filter((n) => n.kind === 'mapping').map((n) => n.message)).toEqual([
      '城乡“镇中心区”（第 2 行）按国家统计城乡划分记为“镇区”',
      '学校类型“初级中学”（第 3 行）按教育统计学校类别记为“初中”',
      '城乡“主城区”（第 3 行）按国家统计城乡划分记为“城区”',
      '学校类型“小学教学点”（第 4 行）按教育统计学校类别记为“教学点”',
      '城乡“村庄”（第 4 行）按国家统计城乡划分记为“乡村”',
      '学校类型“九年一贯制学校”（第 5 行）按教育统计学校类别记为“九年一贯制”',
      '城乡“城乡结合区”（第 5 行）按国家统计城乡划分记为“城区”',
      '学校类型“十二年一贯制学校”（第 6 行）按教育统计学校类别记为“十二年一贯制”',
      '城乡“111”（主城区）（第 6 行）按国家统计城乡划分代码记为“城区”',
    ]);

    const committed = await importSchools(core.ctx, await localFile(core.ctx, 'register-statistics-system-vocabulary.csv', fixture('register-statistics-system-vocabulary.csv')), false);
    expect(committed).toMatchObject({ committed: true, counts: { new: 0, changed: 1, unchanged: 4 } });
    const stored = new Map((await listSchools(core.ctx, {})).map((s) => [s.code, [s.name, s.type, s.locality, s.township]]));
    expect(stored.get('3601020004')).toEqual(['桃源镇中心小学', '小学', '镇区', '桃源镇']);
    expect(stored.get('3601020009')).toEqual(['云溪区第一初级中学', '初中', '城区', '云溪街道']);
    expect(stored.get('3601020018')).toEqual(['白沙乡马鞍山教学点', '教学点', '乡村', '白沙乡']);
    expect(stored.get('3601020013')).toEqual(['云溪区实验学校', '九年一贯制', '城区', '滨江街道']);
    expect(stored.get('3601020016')).toEqual(['云溪外国语学校', '十二年一贯制', '城区', '云溪街道']);
    expect(stored.size).toBe(21);
    // Importing it again changes nothing.
    expect((await importSchools(core.ctx, await localFile(core.ctx, 'x.csv', fixture('register-statistics-system-vocabulary.csv')), true)).counts).toEqual({ new: 0, changed: 0, unchanged: 5 });
  });
});

describe('register import — 撤并 needs a closing date, as in the form and the service', () => {
  it('refuses 撤并 without a date in an xlsx, naming file, sheet, row and column, and stores nothing', async () => {
    const rows = [
      ['学校标识码', '学校名称', '类型', '城乡', '状态', '撤并日期'],
      ['4101000001', '河口小学', '小学', '乡村', '撤并', null],
      ['4101000002', '城关小学', '小学', '城区', '在办', null],
    ];
    const report = await importSchools(core.ctx, await localFile(core.ctx, '名册.xlsx', await xlsx([{ name: '学校名册', rows }])), false);
    expect(report.committed).toBe(false);
    expect(report.errors).toEqual([
      {
        file: '名册.xlsx', sheet: '学校名册', row: 2, column: 'F', columnLabel: '撤并日期',
        message: '名册.xlsx 工作表“学校名册”第 2 行 F 列（撤并日期）：撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）',
      },
    ]);
    expect(await listSchools(core.ctx, {})).toEqual([]);
  });

  it('refuses it in a CSV without a 撤并日期 column, pointing at the 状态 cell', async () => {
    const csv = utf8Bom(csvText([['学校名称', '类型', '城乡', '状态'], ['河口小学', '小学', '乡村', '撤并']]));
    const report = await importSchools(core.ctx, await localFile(core.ctx, '名册.csv', csv), false);
    expect(report.errors.map((e) => e.message)).toEqual([
      '名册.csv 第 2 行 D 列（状态）：撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）（文件中没有“撤并日期”列）',
    ]);
    expect(await listSchools(core.ctx, {})).toEqual([]);
  });

  it('accepts 撤并 with a date, and the closed school keeps counting for the years before', async () => {
    const csv = utf8Bom(csvText([['学校名称', '类型', '城乡', '状态', '撤并日期'], ['河口小学', '小学', '乡村', '撤并', '2024/8/31']]));
    const report = await importSchools(core.ctx, await localFile(core.ctx, '名册.csv', csv), false);
    expect(report).toMatchObject({ committed: true, errors: [] });
    expect(await listSchools(core.ctx, {})).toEqual([expect.objectContaining({ name: '河口小学', status: '撤并', closedOn: '2024-08-31' })]);
  });
});

