import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';
import { EVALUATION_COLUMN_ORDER, EVALUATION_HEADER_ROW, SHEETS } from '../../exchange/packages/format';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-rounds-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('rounds CLI', () => {
  it('create (units from the register by type), list, show, close with the units left, forfeit', async () => {
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    expect((await cli('systems', 'create', '--preset', 'county-balance-100-points')).code).toBe(0);
    expect((await cli('systems', 'publish', '1')).code).toBe(0);

    let r = await cli('rounds', 'create', '--name', '2025年度小学督导评估', '--year', '2025', '--system', '1', '--evaluator', '云溪区人民政府教育督导室', '--types', '小学', '--late', 'accept', '--stages', '学校自评=2025-12-18~2025-12-30,实地督导=2026-01-04~2026-01-08');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^已新建评估项目“2025年度小学督导评估”（编号 1），\d+ 个参评单位/);
    expect(r.out).toContain('01-001\t');
    expect(r.out).not.toMatch(/\t初中\t/);

    const listed = JSON.parse((await cli('rounds', 'list', '--json')).out);
    expect(listed).toHaveLength(1);
    const units: number = listed[0].unitCount;
    expect(listed[0].counts.pending).toBe(units);
    // The plain list says today's stage (both stages lie in the past here: the last, 已到期).
    expect((await cli('rounds', 'list')).out).toMatch(/^1\t2025年度小学督导评估\t2025 年\t实地督导（已到期）\t\d+ 个单位\t未下发 \d+$/m);

    r = await cli('rounds', 'show', '2025年度小学督导评估');
    expect(r.out).toContain('评估主体：云溪区人民政府教育督导室');
    expect(r.out).toMatch(/1\. 学校自评\t2025-12-18 至 2025-12-30\t(已到期|进行中|未开始)\t接收填报/);

    const out = path.join(dir, 'U盘', '填报包');
    r = await cli('rounds', 'packages', '1', '--out', out, '--units', '01-001,01-003', '--zip');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`已生成 2 个填报包：${out}`);
    const written = fs.readdirSync(out).sort();
    expect(written).toHaveLength(4);
    expect(written.filter((n) => n.endsWith('.zip'))).toHaveLength(2);
    expect(written[0]).toMatch(/^2025年度小学督导评估_01-001_/);
    expect(fs.readdirSync(path.join(out, written[0]!.replace(/\.zip$/, '')))).toEqual(expect.arrayContaining(['自评表.xlsx', '学校自评报告.docx', '填报说明.txt', '佐证材料']));
    const issued = JSON.parse((await cli('rounds', 'show', '1', '--json')).out);
    expect(issued.counts.issued).toBe(2);
    // A school fills its package; the office checks the USB folder, then imports.
    const pkg = path.join(out, written[0]!.replace(/\.zip$/, ''));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(pkg, '自评表.xlsx'));
    const sheet = wb.getWorksheet(SHEETS.evaluation)!;
    const answerCol = EVALUATION_COLUMN_ORDER.indexOf('answer') + 1;
    let row = EVALUATION_HEADER_ROW + 1;
    while (!String(sheet.getRow(row).getCell(EVALUATION_COLUMN_ORDER.indexOf('method') + 1).value ?? '').startsWith('自评')) row++;
    const method = String(sheet.getRow(row).getCell(EVALUATION_COLUMN_ORDER.indexOf('method') + 1).value);
    sheet.getRow(row).getCell(answerCol).value = method.startsWith('自评等级') ? 'A' : 1;
    await wb.xlsx.writeFile(path.join(pkg, '自评表.xlsx'));
    r = await cli('rounds', 'import', '1', out, '--dry-run');
    expect(r.code).toBe(0);
    // Each package twice (folder and zip): 01-003's zip holds the same as its folder (imported once);
    // 01-001's zip is the blank issue, its folder the filled one: both claim revision 1, a conflict.
    expect(r.out).toContain('检查完成：共 4 个填报包，可导入 2 个，版本冲突 1 个（未导入任何内容）');
    // Today is past the stage's end: accepted, and marked as late.
    expect(r.out).toContain('逾期提交：“学校自评”阶段截止于 2025-12-30');
    r = await cli('rounds', 'import', '1', pkg);
    expect(r.out).toContain('导入完成：共 1 个填报包，导入 1 个');
    expect(r.out).toMatch(/01-001 .+\t可导入\t第 1 版\t已导入/);
    expect(JSON.parse((await cli('rounds', 'show', '1', '--json')).out).counts.submitted).toBe(1);

    // The same folder again: refused, nothing overwritten.
    r = await cli('rounds', 'packages', '1', '--out', out, '--units', '01-001');
    expect(r.code).not.toBe(0);

    r = await cli('rounds', 'close', '1', '--stage', '学校自评');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`以下 ${units - 1} 个单位尚未提交`);
    r = await cli('rounds', 'forfeit', '1', '--units', '01-001', '--reason', '逾期未提交');
    expect(r.err).toContain('该单位已提交过材料（第 1 版），不能记为弃权');
    r = await cli('rounds', 'forfeit', '1', '--units', '01-002,01-004', '--reason', '逾期未提交');
    expect(r.out).toMatch(/^已将 2 个单位确认为弃权：/);
    const shown = JSON.parse((await cli('rounds', 'show', '1', '--json')).out);
    expect(shown.counts.forfeited).toBe(2);

    // 退回修改 with a query on a statistics field, named as the 统计数据 sheet names it.
    const back = path.join(dir, 'U盘', '退回');
    r = await cli('rounds', 'return', '1', '01-001', '--out', back, '--query', '请核实图书数量', '--field', '图书册数（册）');
    expect(r.err).toBe('');
    expect(r.out).toContain('退回意见 1 条');
    r = await cli('rounds', 'return', '1', '01-001', '--out', back, '--query', 'x', '--field', '不存在的数据项');
    expect(r.err).toContain('没有名为“不存在的数据项”的统计数据项');

    r = await cli('rounds', 'close', '1', '--stage', '复评');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('没有名为“复评”的阶段（学校自评、实地督导）');
    // A stage may also be named by its number in the table.
    r = await cli('rounds', 'close', '1', '--stage', '2');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已关闭“2025年度小学督导评估”的“实地督导”阶段');
    r = await cli('rounds', 'create', '--name', 'x', '--year', '2025', '--system', '1', '--evaluator', '督导室', '--stages', '学校自评 2025-12-18');
    expect(r.err).toContain('应为 名称=开始日期~结束日期');
  });
});
