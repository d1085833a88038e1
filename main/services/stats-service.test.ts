import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { School } from '../../shared/api/contracts/schools';
import type { StatHistoryEntry, StatRecordWithSources } from '../../shared/api/contracts/statistics';
import { tempCore } from '../testing/temp-core';
import { importStats } from './exchange-service';
import { localFile } from '../testing/files';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

async function call<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

const SCHOOL = { code: '3601000001', name: '城关小学', shortName: null, type: '小学', ownership: '公办', locality: '城区', township: '城关镇', address: null, principal: null, contact: null, status: '在办', closedOn: null };

async function workbook(rows: [string, string, number, number][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校统计');
  ws.addRow(['学校标识码', '学校名称', '小学在校生数（人）', '教学仪器设备资产值（元）']);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function setup(): Promise<School> {
  await call('operators.create', { name: '张三', office: '督导室' });
  return call<School>('schools.create', SCHOOL);
}

describe('statistics values with their source', () => {
  it('records a manual edit, warns before an import replaces it, then records the import with file, sha256 and batch', async () => {
    const school = await setup();
    await call('stats.save', { schoolId: school.id, year: 2025, values: { pupilsPrimary: 800, equipmentValue: 1833700 } });
    let [record] = await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: school.id });
    expect(record.sources.equipmentValue).toMatchObject({ kind: 'manual', operatorName: '张三', fileName: null, fileSheet: null, fileRow: null, batchId: null });
    expect(record.sources.pupilsPrimary.kind).toBe('manual');

    const file = await workbook([[SCHOOL.code, SCHOOL.name, 800, 1900000]]);
    const preview = await importStats(core.ctx, await localFile(core.ctx, '办学条件.xlsx', file), true, 2025);
    expect(preview.errors).toEqual([]);
    const overwrite = preview.warnings.filter((w) => w.message.includes('手工录入，导入将改为'));
    expect(overwrite).toHaveLength(1);
    expect(overwrite[0].message).toMatch(/第 2 行.*教学仪器设备资产值：现有值 1,833,700 元为 张三 \d{4}-\d\d-\d\d 手工录入，导入将改为 1,900,000 元/);
    expect(overwrite[0].row).toBe(2);

    const done = await importStats(core.ctx, await localFile(core.ctx, '办学条件.xlsx', file), false, 2025);
    expect(done.committed).toBe(true);
    [record] = await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: school.id });
    expect(record.values.equipmentValue).toBe(1900000);
    // Where in the file: the sheet and the row as Excel numbers it, what the history shows a clerk.
    expect(record.sources.equipmentValue).toMatchObject({ kind: 'import', operatorName: '张三', fileName: '办学条件.xlsx', fileSheet: '学校统计', fileRow: 2 });
    expect(record.sources.equipmentValue.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    // The audit batch of the import is the one recorded with the value.
    const batch = core.database.raw.prepare("SELECT batch_id FROM audit_log WHERE action = 'import' ORDER BY seq DESC").get() as { batch_id: string };
    expect(record.sources.equipmentValue.batchId).toBe(batch.batch_id);
    // A value the file does not change keeps its manual source.
    expect(record.sources.pupilsPrimary.kind).toBe('manual');

    const history = await call<StatHistoryEntry[]>('stats.history', { schoolId: school.id, year: 2025 });
    const equipment = history.filter((h) => h.field === 'equipmentValue');
    expect(equipment.map((h) => [h.kind, h.value])).toEqual([
      ['import', 1900000],
      ['manual', 1833700],
    ]);

    // The same file again changes nothing and adds no history; the value was imported, so no warning either.
    const again = await importStats(core.ctx, await localFile(core.ctx, '办学条件.xlsx', file), false, 2025);
    expect(again.counts).toMatchObject({ new: 0, changed: 0 });
    expect(again.warnings.filter((w) => w.message.includes('手工录入'))).toEqual([]);
    expect(await call<StatHistoryEntry[]>('stats.history', { schoolId: school.id, year: 2025 })).toEqual(history);
  });

  it('records the row of each school of a CSV import, with no sheet', async () => {
    const school = await setup();
    const other = await call<School>('schools.create', { ...SCHOOL, code: '3601000002', name: '南门小学' });
    const csv = ['学校标识码,学校名称,小学在校生数（人）', `${SCHOOL.code},${SCHOOL.name},800`, `${other.code},${other.name},640`].join('\r\n');
    const done = await importStats(core.ctx, await localFile(core.ctx, '在校生.csv', Buffer.from(csv)), false, 2025);
    expect(done.errors).toEqual([]);
    const source = async (id: number) => (await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: id }))[0]!.sources.pupilsPrimary;
    expect(await source(school.id)).toMatchObject({ kind: 'import', fileName: '在校生.csv', fileSheet: null, fileRow: 2 });
    expect(await source(other.id)).toMatchObject({ kind: 'import', fileName: '在校生.csv', fileSheet: null, fileRow: 3 });
  });

  it('records cleared fields, saving the same values adds no history, and deleting a record drops its history', async () => {
    const school = await setup();
    await call('stats.save', { schoolId: school.id, year: 2025, values: { pupilsPrimary: 800, books: 9000 } });
    await call('stats.save', { schoolId: school.id, year: 2025, values: { pupilsPrimary: 800, books: 9000 } });
    expect(await call<StatHistoryEntry[]>('stats.history', { schoolId: school.id, year: 2025 })).toHaveLength(2);
    await call('stats.save', { schoolId: school.id, year: 2025, values: { pupilsPrimary: 810 } });
    const history = await call<StatHistoryEntry[]>('stats.history', { schoolId: school.id, year: 2025 });
    expect(history.map((h) => [h.field, h.value])).toEqual([
      ['pupilsPrimary', 810],
      ['books', null],
      ['pupilsPrimary', 800],
      ['books', 9000],
    ]);
    const [record] = await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: school.id });
    expect(Object.keys(record.sources)).toEqual(['pupilsPrimary']);
    await call('stats.delete', { schoolId: school.id, year: 2025 });
    expect(await call<StatHistoryEntry[]>('stats.history', { schoolId: school.id, year: 2025 })).toEqual([]);
  });

  it('records the demo data as such', async () => {
    await call('demo.load');
    const [school] = await call<School[]>('schools.list');
    const [record] = await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: school.id });
    expect(Object.keys(record.sources).sort()).toEqual(Object.keys(record.values).sort());
    expect(Object.values(record.sources).every((s) => s.kind === 'demo')).toBe(true);
  });
});

describe('statistics of many schools saved together (the year grid)', () => {
  async function twoSchools(): Promise<[School, School]> {
    const a = await setup();
    const b = await call<School>('schools.create', { ...SCHOOL, code: '3601000002', name: '桃源小学' });
    return [a, b];
  }

  it('writes the changed records in one batch with the source grid, and leaves unchanged ones alone', async () => {
    const [a, b] = await twoSchools();
    await call('stats.save', { schoolId: b.id, year: 2025, values: { pupilsPrimary: 300 } });
    const r = await call<{ saved: number; unchanged: number }>('stats.saveMany', {
      year: 2025,
      rows: [
        { schoolId: a.id, values: { pupilsPrimary: 800, classSizesPrimary: [40, 41] } },
        { schoolId: b.id, values: { pupilsPrimary: 300 } },
      ],
    });
    expect(r).toEqual({ saved: 1, unchanged: 1 });
    const [record] = await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: a.id });
    expect(record.values).toEqual({ classSizesPrimary: [40, 41], pupilsPrimary: 800 });
    expect(record.sources.pupilsPrimary).toMatchObject({ kind: 'grid', operatorName: '张三' });
    expect(record.sources.pupilsPrimary.batchId).toMatch(/\S/);
    // The unchanged school keeps its manual source and gets no audit entry from the grid.
    const [other] = await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: b.id });
    expect(other.sources.pupilsPrimary.kind).toBe('manual');
    const entries = core.database.raw.prepare("SELECT summary, batch_id FROM audit_log WHERE summary LIKE '表格录入%'").all() as { summary: string; batch_id: string }[];
    expect(entries).toEqual([{ summary: '表格录入：录入“城关小学”2025 年统计数据', batch_id: record.sources.pupilsPrimary.batchId }]);

    const year = await call<{ schoolId: number; values: unknown }[]>('stats.forYear', { year: 2025 });
    expect(year.map((x) => x.schoolId)).toEqual([a.id, b.id]);
  });

  it('refuses negative values anywhere, writing nothing, with each cell named by school and field', async () => {
    const [a, b] = await twoSchools();
    const r = await core.dispatch('stats.saveMany', {
      year: 2025,
      rows: [
        { schoolId: a.id, values: { pupilsPrimary: 800 } },
        { schoolId: b.id, values: { pupilsPrimary: -5, classSizesPrimary: [40, -1] } },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.message).toContain('有 2 项数据不符合要求，未保存任何数据');
    expect(r.error.message).toContain('桃源小学：“小学在校生数”不能为负数（填写的是 -5）');
    expect((r.error.details as { cells: unknown[] }).cells).toEqual([
      { schoolId: b.id, campusId: null, schoolName: '桃源小学', field: 'pupilsPrimary', label: '小学在校生数', message: '桃源小学：“小学在校生数”不能为负数（填写的是 -5）' },
      { schoolId: b.id, campusId: null, schoolName: '桃源小学', field: 'classSizesPrimary', label: '小学各班人数', message: '桃源小学：“小学各班人数”第 2 班不能为负数（填写的是 -1）' },
    ]);
    expect(await call('stats.forYear', { year: 2025 })).toEqual([]);
  });

  it('refuses a school listed twice and an unknown school', async () => {
    const [a] = await twoSchools();
    await expect(call('stats.saveMany', { year: 2025, rows: [{ schoolId: a.id, values: {} }, { schoolId: a.id, values: {} }] })).rejects.toThrow('同一所学校在一次保存中出现了两次');
    await expect(call('stats.saveMany', { year: 2025, rows: [{ schoolId: 9999, values: { books: 1 } }] })).rejects.toThrow('找不到编号为 9999 的学校');
  });

  it('a single save refuses a negative value naming the field, not a schema path', async () => {
    const [a] = await twoSchools();
    await expect(call('stats.save', { schoolId: a.id, year: 2025, values: { books: -3 } })).rejects.toThrow(/^“图书册数”不能为负数（填写的是 -3）$/);
    await expect(call('stats.save', { schoolId: a.id, year: 2025, values: { pupilsPrimary: 1.5 } })).rejects.toThrow('“小学在校生数”应为整数（人）');
  });
});
