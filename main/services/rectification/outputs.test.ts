/**
 * 整改台账 outputs (issue 14 item 7) through the core's dispatcher, on a ledger of five hand-entered
 * items over two schools and two departments in every state (one closed by a second operator, one
 * awaiting verification, one long overdue, one due far ahead): the exported ledger (xlsx, DOCX, PDF)
 * holds exactly the filtered items with their cells, the 说明 sheet's counts are the ledger's; the
 * 督导整改通知书 of a unit lists exactly its items still to rectify under a number the 发文登记 records
 * as used; the 整改情况报告's figures are the ledger's counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNumber } from '../../../shared/api/contracts/documents';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { Ledger, RectificationDetail, RectificationItem } from '../../../shared/api/contracts/rectification';
import type { NoticesJobResult } from '../../../shared/api/contracts/rectification-outputs';
import type { School } from '../../../shared/api/contracts/schools';
import type { FileResult } from '../../../shared/api/envelope';
import { formatChineseDate } from '../../documents/dates';
import { pdfText } from '../../documents/testing/tools';
import { resultBytes, stageBytes } from '../../testing/files';
import { docxTextOf } from '../../testing/scoring';
import { coreCalls } from '../../testing/scoring';
import { tempCore } from '../../testing/temp-core';
import { todayIso } from '../documents/sources';
import { waitForJob } from '../jobs-service';
import { reportDeadline, REPORT_DAYS_WHEN_NONE } from './outputs-notices';

let core: Awaited<ReturnType<typeof tempCore>>;
const { api, refused } = coreCalls(() => core);
const evidence = async (name: string) => ({ ref: (await stageBytes(core.ctx, name, '%PDF-1.4')).ref });
const flat = (s: string) => s.replace(/\s+/g, '');

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

/** The ledger: 2 schools, 2 departments, five items in all four states. */
async function ledger() {
  await api('operators.create', { name: '张明', office: '督导室' });
  const a = await api<School>('schools.create', { code: '4502020001', name: '城关镇第一小学', type: '小学', locality: '城区' });
  const b = await api<School>('schools.create', { code: '4502020002', name: '河西中学', type: '初中', locality: '镇区' });
  const save = (problem: string, owner: object, deadline: string | null, extra: object = {}) => api<RectificationItem>('rectification.save', { problem, owner, deadline, ...extra });
  const i1 = await save('音乐专用教室不足，缺 1 间', { kind: 'school', schoolId: a.id }, '2020-01-01', { target: '补足音乐专用教室', measures: '改造闲置教室 1 间', person: '王校长', severity: 'major', sourceNote: '专家现场评估' });
  await save('校园围墙破损', { kind: 'school', schoolId: a.id }, '2999-12-31', { measures: '修复围墙' });
  const i3 = await save('体育场地面积未达标', { kind: 'school', schoolId: b.id }, '2999-06-30', { target: '生均体育场地面积达到 7.5 平方米' });
  await save('教师编制缺口 12 名', { kind: 'department', name: '县委机构编制委员会办公室' }, '2020-06-30', { cooperating: '县教育局', measures: '核增编制 12 名' });
  const i5 = await save('生均公用经费未按时拨付', { kind: 'department', name: '县财政局' }, '2999-01-31');
  // i1 in progress (overdue, red); i3 reported done; i5 closed by a second operator.
  await api<RectificationDetail>('rectification.progress', { id: i1.id, version: i1.version, date: '2026-11-20', text: '已制定改造方案。', files: [] });
  const d3 = await api<RectificationDetail>('rectification.move', { id: i3.id, version: i3.version, action: 'start' });
  await api('rectification.move', { id: i3.id, version: d3.item.version, action: 'report_done', text: '已扩建。', files: [await evidence('照片.pdf')] });
  const d5 = await api<RectificationDetail>('rectification.move', { id: i5.id, version: i5.version, action: 'start' });
  const r5 = await api<RectificationDetail>('rectification.move', { id: i5.id, version: d5.item.version, action: 'report_done', text: '已拨付。', files: [await evidence('拨付凭证.pdf')] });
  await api('operators.create', { name: '李华', office: '督导室' });
  await api('rectification.move', { id: i5.id, version: r5.item.version, action: 'verify_pass', date: '2026-11-25', text: '核对拨付凭证。', files: [await evidence('核验.pdf')] });
  const all = (await api<Ledger>('rectification.list', {})).items;
  return { a, b, items: all, byProblem: (p: string) => all.find((i) => i.problem === p)! };
}

const tmpFile = (name: string, bytes: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rect-out-')), name);
  fs.writeFileSync(file, bytes);
  return file;
};
const jobFile = (job: Job, ext: string) => fs.readFileSync(path.join(core.ctx.dataDir, job.outputs.find((o) => o.format === ext)!.name));

describe('rectification.export', () => {
  it('writes the filtered ledger as xlsx with every item and a 说明 sheet whose counts are the ledger\'s', async () => {
    const { items } = await ledger();
    const today = todayIso();
    const file = await api<FileResult>('rectification.export', { format: 'xlsx' });
    expect(file.fileName).toBe(`城关县义务教育督导评估问题整改台账（${formatChineseDate(today)}）.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(resultBytes(core.ctx, file) as never);
    const ws = wb.getWorksheet('整改台账')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (h: string) => header.indexOf(h) + 1;
    expect(ws.rowCount).toBe(items.length + 1);
    for (const [k, i] of items.entries()) {
      const row = ws.getRow(k + 2);
      expect(row.getCell(col('编号')).value).toBe(i.number);
      expect(row.getCell(col('问题描述')).value).toBe(i.problem);
      expect(row.getCell(col('责任单位')).value).toBe(i.ownerName);
      expect(row.getCell(col('状态')).value).toBe(i.stateLabel);
      expect(row.getCell(col('距整改时限（天）')).value).toBe(i.supervision.daysLeft);
      const deadline = row.getCell(col('整改时限')).value as Date;
      expect(deadline.toISOString().slice(0, 10)).toBe(i.deadline);
    }
    const closed = items.find((i) => i.state === 'closed')!;
    const closedRow = ws.getRow(items.indexOf(closed) + 2);
    expect(closedRow.getCell(col('核验人')).value).toBe('李华');
    expect((closedRow.getCell(col('销号日期')).value as Date).toISOString().slice(0, 10)).toBe('2026-11-25');
    const info = new Map<string, unknown>();
    wb.getWorksheet('说明')!.eachRow((r) => info.set(String(r.getCell(1).value), r.getCell(2).value));
    const counts = (await api<Ledger>('rectification.list', {})).counts;
    expect(info.get('筛选条件')).toBe('全部事项');
    expect(info.get('事项数')).toBe(counts.total);
    expect(info.get('未启动')).toBe(counts.byState.not_started);
    expect(info.get('整改中')).toBe(counts.byState.in_progress);
    expect(info.get('已完成待核验')).toBe(counts.byState.awaiting_verification);
    expect(info.get('已销号')).toBe(counts.byState.closed);
    expect(info.get('逾期')).toBe(counts.overdue);
    expect(info.get('红色督办')).toBe(counts.byLevel.red);

    // A filter narrows the rows and is stated in words.
    const overdue = await api<FileResult>('rectification.export', { format: 'xlsx', filter: { overdue: true } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(resultBytes(core.ctx, overdue) as never);
    expect(wb2.getWorksheet('整改台账')!.rowCount).toBe(counts.overdue + 1);
    let filterText = '';
    wb2.getWorksheet('说明')!.eachRow((r) => {
      if (r.getCell(1).value === '筛选条件') filterText = String(r.getCell(2).value);
    });
    expect(filterText).toBe('仅逾期事项');
  });

  it('refuses in Chinese when nothing matches', async () => {
    expect(await refused('rectification.export', { format: 'docx' })).toBe('整改台账中还没有事项，没有可导出的内容');
    await ledger();
    expect(await refused('rectification.export', { format: 'pdf', filter: { owner: '县住房和城乡建设局' } })).toBe('没有符合条件（责任单位：县住房和城乡建设局）的整改事项，没有可导出的内容，请调整筛选条件');
  });

  it('typesets the landscape table in DOCX and PDF with each item\'s row, dates in words and 逾期 in text', { timeout: 120_000 }, async () => {
    const { items, byProblem } = await ledger();
    const docx = flat(await docxTextOf(resultBytes(core.ctx, await api<FileResult>('rectification.export', { format: 'docx' }))));
    const pdfFile = await api<FileResult>('rectification.export', { format: 'pdf', filter: { states: ['not_started', 'in_progress'] } });
    expect(pdfFile.fileName.endsWith('.pdf')).toBe(true);
    const pdf = flat(await pdfText(tmpFile('ledger.pdf', resultBytes(core.ctx, pdfFile))));
    expect(docx).toContain('城关县义务教育督导评估问题整改台账');
    expect(docx).toContain('填报单位：城关县人民政府教育督导室');
    expect(docx).toContain(`填报日期：${formatChineseDate(todayIso())}`);
    for (const i of items) {
      expect(docx).toContain(flat(i.problem));
      expect(docx).toContain(i.number);
    }
    const i1 = byProblem('音乐专用教室不足，缺 1 间');
    expect(docx).toContain('2020年1月1日');
    expect(docx).toContain(flat(`整改中，${i1.supervision.text}`));
    expect(i1.supervision.text).toMatch(/^已逾期 \d+ 天（红色督办）$/);
    expect(docx).toContain('2026年11月25日核验人：李华');
    expect(docx).toContain('2026年11月20日已制定改造方案。');
    expect(docx).toContain('县委机构编制委员会办公室／配合：县教育局');
    // The PDF holds only the open items.
    const open = items.filter((i) => i.state === 'not_started' || i.state === 'in_progress');
    for (const i of open) expect(pdf).toContain(i.number);
    for (const i of items.filter((x) => !open.includes(x))) expect(pdf).not.toContain(i.number);
    expect(pdf).toContain(`共${open.length}项（状态：未启动、整改中）`);
  });
});

describe('督导整改通知书', () => {
  it('writes one notice per unit with open items, listing exactly them, under a number the 发文登记 records as used', { timeout: 120_000 }, async () => {
    const { items, byProblem } = await ledger();
    expect(await refused('jobs.start', { kind: 'rectification.notices', parameters: { owners: ['县财政局'] } })).toBe('所选责任单位（县财政局）没有未启动或整改中的问题，无需下发督导整改通知书');
    expect(await refused('jobs.start', { kind: 'rectification.notices', parameters: { owners: ['不存在的单位'] } })).toBe('整改台账中没有责任单位“不存在的单位”');
    const started = await api<Job>('jobs.start', { kind: 'rectification.notices', parameters: { date: '2026-12-01' } });
    // Units with items 未启动/整改中: 城关镇第一小学 (two) and the 编办 (one); 河西中学 awaits verification, 财政局 is closed.
    expect(started.title).toBe('生成督导整改通知书（2 个责任单位）');
    const job = await waitForJob(started.id);
    expect(job.state).toBe('已完成');
    const result = job.result as NoticesJobResult;
    expect(result.notices.map((n) => n.owner)).toEqual(['城关镇第一小学', '县委机构编制委员会办公室']);
    const school = result.notices[0]!;
    const schoolOpen = items.filter((i) => i.ownerName === '城关镇第一小学');
    expect(school.items).toEqual(schoolOpen.map((i) => i.number));
    expect(school.deadline).toBe('2999-12-31');
    // The 编办's only item is past its deadline: the report is due 15 days after the date, and said so.
    expect(result.notices[1]!.deadline).toBe('2026-12-16');
    expect(job.errors).toEqual([`县委机构编制委员会办公室：各项问题的整改时限均已过，书面整改报告期限定为成文日期后 ${REPORT_DAYS_WHEN_NONE} 天（2026年12月16日）`]);
    expect(job.outputs).toHaveLength(4);

    const numbers = await api<DocumentNumber[]>('documents.listNumbers', { year: 2026 });
    for (const n of result.notices) {
      const row = numbers.find((x) => x.number === n.docNumber)!;
      expect(row).toMatchObject({ status: 'used', title: `关于${n.owner}督导评估问题限期整改的通知` });
    }
    expect(new Set(result.notices.map((n) => n.docNumber)).size).toBe(2);

    const docxOut = job.outputs.find((o) => o.format === 'docx' && o.name.includes('城关镇第一小学'))!;
    expect(path.basename(docxOut.name)).toBe(`${school.docNumber} 督导整改通知书（城关镇第一小学）.docx`);
    const text = flat(await docxTextOf(fs.readFileSync(path.join(core.ctx.dataDir, docxOut.name))));
    expect(text).toContain(flat(school.docNumber));
    expect(text).toContain('城关镇第一小学：');
    expect(text).toContain('尚有2项问题未完成整改');
    for (const i of schoolOpen) {
      expect(text).toContain(`${i.number}号问题`);
      expect(text).toContain(flat(i.problem));
    }
    for (const i of items.filter((x) => x.ownerName !== '城关镇第一小学')) expect(text).not.toContain(flat(i.problem));
    const i1 = byProblem('音乐专用教室不足，缺 1 间');
    expect(text).toContain('整改目标：补足音乐专用教室；整改措施：改造闲置教室1间。');
    expect(text).toContain('整改时限：2020年1月1日前完成。');
    expect(text).toContain(flat(`该问题${i1.supervision.text}，请立即整改。`));
    expect(text).toContain('请于2999年12月31日前将书面整改报告');
    const pdf = flat(await pdfText(tmpFile('notice.pdf', jobFile({ ...job, outputs: job.outputs.filter((o) => o.name.includes('编制')) }, 'pdf'))));
    expect(pdf).toContain(flat(result.notices[1]!.docNumber));
    expect(pdf).toContain('教师编制缺口12名');
  });
});

describe('整改情况报告', () => {
  it('reports the ledger\'s counts by state, unit, department and source, and the overdue items by colour', { timeout: 120_000 }, async () => {
    const { items } = await ledger();
    const counts = (await api<Ledger>('rectification.list', {})).counts;
    const job = await waitForJob((await api<Job>('jobs.start', { kind: 'rectification.report', parameters: { date: '2026-12-01' } })).id);
    expect(job).toMatchObject({ state: '已完成', done: 2, total: 2 });
    const text = flat(await docxTextOf(jobFile(job, 'docx')));
    const pdf = flat(await pdfText(tmpFile('report.pdf', jobFile(job, 'pdf'))));
    const s = counts.byState;
    const lead = `整改台账共登记问题${counts.total}项，其中已销号${s.closed}项，整改销号率${((s.closed / counts.total) * 100).toFixed(1)}%；已完成待核验${s.awaiting_verification}项，整改中${s.in_progress}项，未启动${s.not_started}项。`;
    expect(text).toContain(lead);
    expect(pdf).toContain(lead);
    expect(text).toContain(`逾期${counts.overdue}项（红色督办${counts.byLevel.red}项）`);
    expect(text).toContain('城关县义务教育督导评估问题整改情况报告');
    // Tables numbered; every responsible unit appears with its count.
    for (const n of [1, 2, 3, 4, 5, 6]) expect(text).toContain(`表${n}`);
    expect(text).toContain('表2各学校整改情况');
    expect(text).toContain('表3各部门整改情况');
    // 城关镇第一小学: 2 items, 未启动 1, 整改中 1, 待核验 0, 已销号 0, 逾期 1, 销号率 0.0%.
    expect(text).toContain('城关镇第一小学2110010.0%');
    expect(text).toContain('河西中学1001000.0%');
    expect(text).toContain('县财政局100010100.0%');
    expect(text).toContain('手工登记5');
    for (const i of items.filter((x) => x.supervision.overdue)) expect(text).toContain(`${i.number}${i.ownerName}`);
    expect(text).toContain('图1');
    expect(text).toContain('图3');
  });
});

describe('reportDeadline', () => {
  it('is the latest deadline still ahead, else the date plus the fixed span, said in words', () => {
    expect(reportDeadline([{ deadline: '2027-01-31' }, { deadline: '2027-03-01' }, { deadline: null }], '2026-12-01')).toEqual({ reportBy: '2027-03-01', fallback: null });
    expect(reportDeadline([{ deadline: null }], '2026-12-20')).toEqual({ reportBy: '2027-01-04', fallback: `各项问题均未规定整改时限，书面整改报告期限定为成文日期后 ${REPORT_DAYS_WHEN_NONE} 天（2027年1月4日）` });
  });
});
