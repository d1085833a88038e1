import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statsForYear } from '../db/repositories/stats-repo';
import { localFile, resultBytes } from '../testing/files';
import { tempCore } from '../testing/temp-core';
import { loadDemo } from './demo/demo-service';
import { exportRegister, importSchools, importStats, template } from './exchange-service';
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
    const file = resultBytes(core.ctx, await exportRegister(core.ctx, 'schools', undefined, [a.id, b.id]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as any);
    const names = wb.worksheets[0].getColumn(2).values.slice(2);
    expect(names).toEqual([a.name, b.name]);
    const stats = resultBytes(core.ctx, await exportRegister(core.ctx, 'stats', 2025, [b.id]));
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
