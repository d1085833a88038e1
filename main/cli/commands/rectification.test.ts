/**
 * `rectification list | create | recheck | export | notices | report` (issue 14 items 1, 5, 7 and 9): the ledger printed
 * with its filters, exported into a file in each format, and the two document jobs written into a
 * folder; refusals in Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RectificationItem } from '../../../shared/api/contracts/rectification';
import type { School } from '../../../shared/api/contracts/schools';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { docxTextOf } from '../../testing/scoring';
import { dispatchOk, tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-rect-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);

/** Three items: 第一小学's overdue and its future one (both 未启动), and 县财政局's started one. */
async function setup(): Promise<RectificationItem[]> {
  const core = await createAppCore(dataDir(), 'test');
  try {
    const api = <T>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
    await api('operators.create', { name: '张明', office: '督导室' });
    const school = await api<School>('schools.create', { code: '4502020001', name: '第一小学', type: '小学', locality: '城区' });
    const a = await api<RectificationItem>('rectification.save', { problem: '食堂无留样冰箱', owner: { kind: 'school', schoolId: school.id }, deadline: '2020-01-01' });
    const b = await api<RectificationItem>('rectification.save', { problem: '围墙破损', owner: { kind: 'school', schoolId: school.id }, deadline: '2999-01-01' });
    const c = await api<RectificationItem>('rectification.save', { problem: '公用经费拨付不及时', owner: { kind: 'department', name: '县财政局' }, deadline: '2999-03-01' });
    await api('rectification.move', { id: c.id, version: c.version, action: 'start' });
    return [a, b, c];
  } finally {
    await core.close();
  }
}

describe('rectification CLI', () => {
  it('lists the ledger with --state, --owner and --overdue', async () => {
    const [a, b, c] = await setup();
    let r = await cli('rectification', 'list');
    expect(r.code).toBe(0);
    for (const i of [a, b, c]) expect(r.out).toContain(`${i.number}\t${i.ownerName}`);
    expect(r.out).toContain('显示 3 项；全台账 3 项：未启动 2，整改中 1，已完成待核验 0，已销号 0；逾期 1');
    r = await cli('rectification', 'list', '--state', '整改中');
    expect(r.out).toContain(`${c.number}\t县财政局\t整改中\t2999-03-01`);
    expect(r.out).not.toContain(a.number);
    r = await cli('rectification', 'list', '--owner', '第一小学', '--overdue');
    expect(r.out.split('\n').filter((l) => /^\d{4}-\d{3}\t/.test(l))).toEqual([expect.stringMatching(new RegExp(`^${a.number}\\t第一小学\\t未启动\\t2020-01-01\\t已逾期 \\d+ 天（红色督办）\\t食堂无留样冰箱$`))]);
    r = await cli('rectification', 'list', '--overdue', '否', '--json');
    expect((JSON.parse(r.out) as { items: RectificationItem[] }).items.map((i) => i.number)).toEqual([b.number, c.number]);
    r = await cli('rectification', 'list', '--state', '进行中');
    expect(r.code).toBe(1);
    expect(r.err).toContain('参数 --state 应为：未启动、整改中、已完成待核验、已销号，收到“进行中”');
  });

  it('exports the ledger as xlsx and DOCX, and refuses when nothing matches', { timeout: 120_000 }, async () => {
    const [a, b, c] = await setup();
    const xlsx = path.join(dir, '台账.xlsx');
    let r = await cli('rectification', 'export', '--out', xlsx, '--owner', '第一小学');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`已导出整改台账：${xlsx}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('整改台账')!;
    expect([2, 3].map((n) => ws.getRow(n).getCell(1).value)).toEqual([a.number, b.number]);
    expect(ws.rowCount).toBe(3);
    const docx = path.join(dir, 'out.docx');
    r = await cli('rectification', 'export', '--out', docx, '--format', 'docx');
    expect(r.code).toBe(0);
    const text = (await docxTextOf(fs.readFileSync(docx))).replace(/\s+/g, '');
    for (const i of [a, b, c]) expect(text).toContain(i.problem);
    r = await cli('rectification', 'export', '--out', path.join(dir, 'x.pdf'), '--state', '已销号');
    expect(r.code).toBe(1);
    expect(r.err).toContain('没有符合条件（状态：已销号）的整改事项，没有可导出的内容，请调整筛选条件');
    r = await cli('rectification', 'export', '--out', path.join(dir, 'x.txt'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('--format 只能是 docx、pdf 或 xlsx，收到“txt”');
  });

  it('writes the 督导整改通知书 and the 整改情况报告 into a folder', { timeout: 120_000 }, async () => {
    const [a, b] = await setup();
    const out = path.join(dir, '通知书');
    let r = await cli('rectification', 'notices', '--out', out, '--owners', '第一小学', '--format', 'docx', '--date', '2026-12-01');
    expect(r.code).toBe(0);
    const files = fs.readdirSync(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^城教督〔2026〕\d+号 督导整改通知书（第一小学）\.docx$/);
    expect(r.out).toContain(`第一小学：2 项（${a.number}、${b.number}）`);
    r = await cli('rectification', 'report', '--out', path.join(dir, '报告'), '--format', 'pdf');
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, '报告'))).toEqual([expect.stringMatching(/^城关县义务教育督导评估问题整改情况报告（\d{4}年\d{1,2}月\d{1,2}日）\.pdf$/)]);
  });

  it('lists the items a year\'s balance proposes, creates them with --yes once, and re-checks', { timeout: 120_000 }, async () => {
    expect((await cli('demo')).code).toBe(0);
    let r = await cli('rectification', 'create', '--year', '2025');
    expect(r.code).toBe(0);
    const pending = Number(/共 (\d+) 条，其中待登记 (\d+) 条/.exec(r.out)?.[2]);
    expect(pending).toBeGreaterThan(0);
    expect(r.out).toContain('待登记\t柳林乡中心小学\t柳林乡中心小学每百名学生拥有县级以上骨干教师数');
    expect((await cli('rectification', 'list')).out).toContain('没有符合条件的整改事项');
    r = await cli('rectification', 'create', '--year', '2025', '--yes');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`已登记 ${pending} 条整改事项`);
    r = await cli('rectification', 'create', '--year', '2025', '--yes');
    expect(r.out).toContain('没有待登记的问题（台账中均已有）');
    r = await cli('rectification', 'recheck');
    expect(r.code).toBe(0);
    // 2025 is the newest year on record: nothing newer to compare with.
    expect(r.out).toContain(`复核 ${pending} 项由数据生成的整改事项；没有新的变化`);
    r = await cli('rectification', 'create', '--threshold', '60');
    expect(r.code).toBe(1);
  });
});
