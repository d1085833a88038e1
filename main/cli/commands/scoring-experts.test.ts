import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-experts-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('scoring packages / import CLI', () => {
  it('writes an expert’s package to a folder, checks it, imports it once, and a second import changes nothing', async () => {
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    expect((await cli('systems', 'create', '--preset', 'county-balance-100-points')).code).toBe(0);
    expect((await cli('systems', 'publish', '1')).code).toBe(0);
    expect((await cli('rounds', 'create', '--name', '2025年度小学督导评估', '--year', '2025', '--system', '1', '--evaluator', '督导室', '--types', '小学', '--stages', '学校自评=2025-12-18~2025-12-30')).code).toBe(0);
    const round = JSON.parse((await cli('rounds', 'show', '1', '--json')).out);
    const unit = round.units[0];
    expect((await cli('scoring', 'expert', '李明', '--organisation', '市教科院')).out).toBe('已添加专家“李明”（市教科院）');
    expect((await cli('scoring', 'assign', '1', '李明', '--units', unit.code)).out).toBe('已分配专家“李明”评估 1 个单位');

    const out = path.join(dir, 'U盘');
    let r = await cli('scoring', 'packages', '1', '--out', out, '--experts', '赵六');
    expect(r.err).toBe('错误：评估项目“2025年度小学督导评估”的专家名单中没有“赵六”');
    r = await cli('scoring', 'packages', '1', '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^李明\t1 个单位\t\d+ 项\t/);
    const folder = path.join(out, fs.readdirSync(out)[0]!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(folder, '专家评分表.xlsx'));
    const ws = wb.getWorksheet('专家评分')!;
    ws.getRow(2).getCell(11).value = 2.5;
    await wb.xlsx.writeFile(path.join(folder, '专家评分表.xlsx'));

    r = await cli('scoring', 'import', '1', folder, '--dry-run');
    expect(r.out).toContain('（专家：李明）：可以导入');
    expect(r.out).toMatch(/变化\t.+\t1\.1\.1 领导责任\t（未评） → 2\.5 分/);
    r = await cli('scoring', 'import', '1', folder);
    expect(r.out).toContain('已导入，第 1 版');
    r = await cli('scoring', 'import', '1', folder, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'unchanged', revision: null });
  });
});
