import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statsForYear } from '../db/repositories/stats-repo';
import { localFile, resultBytes } from '../testing/files';
import { tempCore } from '../testing/temp-core';
import { loadDemo } from './demo/demo-service';
import { formatDate } from '../../shared/domain/text/datetime';
import { exportRegister, importSchools, importStats, registerFileName, template } from './exchange-service';
import { listSchools } from './schools-service';
import { auditList } from './system-service';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

async function editStatsWorkbook(buffer: Buffer, edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as any);
  edit(wb.getWorksheet('学校统计')!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function columnOf(ws: ExcelJS.Worksheet, startsWith: string): number {
  for (let r = 1; r <= 10; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= row.cellCount; c++) if (String(row.getCell(c).value ?? '').startsWith(startsWith)) return c;
  }
  throw new Error(`no column ${startsWith}`);
}

describe('register import service', () => {
  it('imports the exported register into an empty database and then changes nothing', async () => {
    await loadDemo(core.ctx, false);
    const exported = resultBytes(core.ctx, await exportRegister(core.ctx, 'schools'));
    const other = await tempCore();
    try {
      const preview = await importSchools(other.ctx, await localFile(other.ctx, '学校名册.xlsx', exported), true);
      expect(preview.errors).toEqual([]);
      expect(preview.counts.new).toBe(21);
      expect(await listSchools(other.ctx, {})).toEqual([]);
      const done = await importSchools(other.ctx, await localFile(other.ctx, '学校名册.xlsx', exported), false);
      expect(done.committed).toBe(true);
      expect((await listSchools(other.ctx, {})).length).toBe(21);
      const again = await importSchools(other.ctx, await localFile(other.ctx, '学校名册.xlsx', exported), false);
      expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 21 });
      expect(again.committed).toBe(false);
    } finally {
      await other.dispose();
    }
  });

  it('stores nothing when any row has an error, and everything when none has', async () => {
    await loadDemo(core.ctx, false);
    const exported = resultBytes(core.ctx, await exportRegister(core.ctx, 'stats', 2025));
    const before = await statsForYear(core.database.db, 2025);
    const bad = await editStatsWorkbook(exported, (ws) => {
      const pupils = columnOf(ws, '小学在校生数');
      const area = columnOf(ws, '教学及辅助用房面积');
      ws.getRow(5).getCell(pupils).value = 999;
      ws.getRow(6).getCell(area).value = '约800';
    });
    const failed = await importStats(core.ctx, await localFile(core.ctx, '统计.xlsx', bad), false, 2025);
    expect(failed.committed).toBe(false);
    expect(failed.errors.length).toBe(1);
    expect(failed.errors[0].message).toMatch(/统计\.xlsx.*学校统计.*第 6 行 .+ 列.*约800/);
    expect(await statsForYear(core.database.db, 2025)).toEqual(before);

    const good = await editStatsWorkbook(exported, (ws) => {
      ws.getRow(2).getCell(columnOf(ws, '图书册数')).value = 123456;
    });
    const ok = await importStats(core.ctx, await localFile(core.ctx, '统计.xlsx', good), false, 2025);
    expect(ok.errors).toEqual([]);
    expect(ok.counts.changed).toBe(1);
    expect(ok.committed).toBe(true);
    const changed = ok.rows.find((r) => r.status === 'changed')!;
    expect(changed.changes).toEqual([expect.objectContaining({ field: 'books', after: 123456 })]);
    const again = await importStats(core.ctx, await localFile(core.ctx, '统计.xlsx', good), false, 2025);
    expect(again.counts.changed + again.counts.new).toBe(0);
    const audit = await auditList(core.ctx, 5);
    expect(audit.filter((a) => a.action === 'import').length).toBe(1);
  });

  it('exports only the chosen schools when given their ids, and refuses an unknown id', async () => {
    await loadDemo(core.ctx, false);
    const [a, b] = await listSchools(core.ctx, {});
    const chosen = await exportRegister(core.ctx, 'schools', undefined, [a.id, b.id]);
    // 导出所选 and 导出名册 of the same day get different names, each saying what it holds.
    const today = formatDate(new Date());
    expect(chosen.fileName).toBe(`学校名册（所选2所）_${today}.xlsx`);
    expect((await exportRegister(core.ctx, 'schools')).fileName).toBe(`学校名册_${today}.xlsx`);
    expect(registerFileName(12, new Date(2026, 10, 30))).toBe('学校名册（所选12所）_2026-11-30.xlsx');
    expect(registerFileName(null, new Date(2026, 10, 30))).toBe('学校名册_2026-11-30.xlsx');
    const file = resultBytes(core.ctx, chosen);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as any);
    const names = wb.worksheets[0].getColumn(2).values.slice(2);
    expect(names).toEqual([a.name, b.name]);
    const chosenStats = await exportRegister(core.ctx, 'stats', 2025, [b.id]);
    expect(chosenStats.fileName).toBe('学校统计数据-2025（所选1所）.xlsx');
    const stats = resultBytes(core.ctx, chosenStats);
    const ws = new ExcelJS.Workbook();
    await ws.xlsx.load(stats as any);
    const text = JSON.stringify(ws.getWorksheet('学校统计')!.getSheetValues());
    expect(text).toContain(b.name);
    expect(text).not.toContain(a.name);
    await expect(exportRegister(core.ctx, 'schools', undefined, [99999])).rejects.toThrow('找不到编号为 99999 的学校');
  });

  it('offers templates that re-import as errors-free empty forms', async () => {
    await loadDemo(core.ctx, false);
    const t = await template(core.ctx, 'stats');
    expect(t.fileName).toMatch(/\.xlsx$/);
    const preview = await importStats(core.ctx, await localFile(core.ctx, t.fileName, resultBytes(core.ctx, t)), true, 2026);
    expect(preview.counts.changed).toBe(0);
  });
});

describe('import: every error in one pass (issue 10)', () => {
  it('lists a register row’s cell errors and its register errors together, sorted by row, and stores nothing', async () => {
    await loadDemo(core.ctx, false);
    const head = '学校标识码,学校名称,类型,城乡,状态,撤并日期';
    // Row 2: a new school with a wrong 城乡 and 撤并 without a date; row 3: a demo school's name under another 标识码.
    const csv = `\uFEFF${head}\r\n3601029901,新区小学,小学,城郊,撤并,\r\n3601029902,桃源镇中心小学,小学,镇区,在办,\r\n`;
    const before = await listSchools(core.ctx, {});
    const r = await importSchools(core.ctx, await localFile(core.ctx, '名册.csv', Buffer.from(csv)), false);
    expect(r.committed).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'D'],
      [2, 'F'],
      [3, 'A'],
    ]);
    expect(r.errors[1].message).toBe('名册.csv 第 2 行 F 列（撤并日期）：撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）');
    expect(r.errors[2].message).toBe('名册.csv 第 3 行 A 列（学校标识码）：名册中已有学校“桃源镇中心小学”，其标识码为 3601020004，与本行的 3601029902 不一致');
    expect(await listSchools(core.ctx, {})).toEqual(before);
  });

  it('stores a 小学’s formula zero in 初中在校生数 with a note, and asks about a title year that differs from the 年份 column', async () => {
    await loadDemo(core.ctx, false);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校统计');
    ws.addRow(['2024年学校基本情况统计表']);
    ws.addRow(['学校标识码', '学校名称', '年份', '小学在校生数（人）', '初中在校生数（人）']);
    ws.addRow(['3601020004', '桃源镇中心小学', 2025, 870, { formula: 'SUM(F3:H3)', result: 0 }]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const asked = await importStats(core.ctx, await localFile(core.ctx, '统计.xlsx', buf), false, 2025);
    expect(asked.committed).toBe(false);
    expect(asked.questions.map((q) => q.id)).toEqual(['year']);
    expect(asked.questions[0].message).toContain('第 1 行标题写的是 2024 年，而“年份”列（C 列）写的是 2025 年');

    const done = await importStats(core.ctx, await localFile(core.ctx, '统计.xlsx', buf), false, 2025, { year: 'column' });
    expect(done.errors).toEqual([]);
    expect(done.committed).toBe(true);
    expect(done.notices.map((n) => n.message)).toContain('小学不填初中在校生数：第 3 行为 0，按 0 保存（不计入该校的任何计算）');
    const school = (await listSchools(core.ctx, {})).find((s) => s.code === '3601020004')!;
    const stored = (await statsForYear(core.database.db, 2025)).find((x) => x.schoolId === school.id && x.campusId === null)!;
    expect(stored.values.pupilsPrimary).toBe(870);
    expect(stored.values.pupilsJunior).toBe(0);
    const again = await importStats(core.ctx, await localFile(core.ctx, '统计.xlsx', buf), false, 2025, { year: 'column' });
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 1 });
    expect(again.committed).toBe(false);
  });
});
