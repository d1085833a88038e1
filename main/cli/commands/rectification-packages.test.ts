import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../app/create-app';
import { PACKAGE_FILES, PROGRESS_COLUMNS, PROGRESS_SHEET } from '../../services/rectification/packages-format';
import { cliRunner } from '../../testing/cli-harness';
import { dispatchOk, tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-rect-packages-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));
const col = (key: (typeof PROGRESS_COLUMNS)[number]['key']) => PROGRESS_COLUMNS.findIndex((c) => c.key === key) + 1;

/** Two schools with one open item each, entered through the core on the same data folder. */
async function seed(): Promise<string[]> {
  const core = await createAppCore(path.join(dir, 'data'), 'test');
  try {
    await dispatchOk(core, 'operators.create', { name: '张明', office: '督导室' });
    const numbers: string[] = [];
    for (const [code, name] of [
      ['4502020001', '第一小学'],
      ['4502020002', '第二小学'],
    ]) {
      const school = await dispatchOk<{ id: number }>(core, 'schools.create', { code, name, type: '小学', locality: '城区' });
      numbers.push((await dispatchOk<{ number: string }>(core, 'rectification.save', { problem: `${name}功能教室不足`, owner: { kind: 'school', schoolId: school.id }, deadline: '2027-06-30' })).number);
    }
    return numbers;
  } finally {
    await core.close();
  }
}

describe('rectification packages CLI', () => {
  it('writes a school\'s package, checks and imports it back once, and exports the 回执', async () => {
    const [first] = await seed();
    const out = path.join(dir, 'U盘');
    let r = await cli('rectification', 'packages', '--out', out, '--school', '第一小学', '--operator', '张明');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const folder = path.join(out, '第一小学_整改进展包');
    expect(r.out).toBe(`第一小学\t1 项\t${folder}\n已生成 1 个整改进展包：${out}`);
    expect(fs.readdirSync(out)).toEqual(['第一小学_整改进展包']);
    expect((await cli('rectification', 'packages', '--out', out, '--school', '第三小学')).err).toContain('“第三小学”没有未完成的整改事项');

    // The school fills its row, marks it complete and drops a photo in the item's folder.
    const file = path.join(folder, PACKAGE_FILES.workbook);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const row = wb.getWorksheet(PROGRESS_SHEET)!.getRow(2);
    row.getCell(col('date')).value = '2026-01-15';
    row.getCell(col('text')).value = '已改建功能教室。';
    row.getCell(col('complete')).value = '否否';
    await wb.xlsx.writeFile(file);
    r = await cli('rectification', 'import', folder, '--dry-run');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`错误：${PACKAGE_FILES.workbook} ${PROGRESS_SHEET} 第 2 行 I 列 事项 ${first}：“是否已完成整改”应填写“是”或“否”`);

    row.getCell(col('complete')).value = '是';
    row.getCell(col('files')).value = '教室照片.jpg';
    await wb.xlsx.writeFile(file);
    fs.writeFileSync(path.join(folder, PACKAGE_FILES.evidence, first!, '教室照片.jpg'), 'JPEG');
    r = await cli('rectification', 'import', folder, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`进展 ${first}\t2026-01-15\t已改建功能教室。\t佐证材料：教室照片.jpg\t已完成整改`);
    expect(r.out).toContain(`状态 ${first}：整改中 → 已完成待核验`);
    expect(r.out).toMatch(/检查完成：可导入 1 条整改进展（未导入任何内容）$/);

    r = await cli('rectification', 'import', folder, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ verdict: 'new', revision: 1, schoolName: '第一小学' });
    expect((await cli('rectification', 'import', folder)).out).toContain('整改进展包中没有新的内容（此前已导入），未作任何修改');

    const receipts = path.join(dir, '回执');
    r = await cli('rectification', 'receipt', String(report.importId), '--out', receipts);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(receipts).sort()).toEqual(['第一小学_整改进展包_第1版_接收回执.pdf', '第一小学_整改进展包_第1版_接收回执.xlsx']);
  });
});
