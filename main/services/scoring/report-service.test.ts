/**
 * 督导评估报告 and 结果公示 (issue 13 item 6) through the core's dispatcher: a round of three units on
 * the county 100-point system; refused while none is locked; with two locked (one with an item below
 * 60%) and one open, the `scoring.report` job writes the report (DOCX, PDF), the 公示 (DOCX, PDF)
 * and its workbook, and their figures are those of scoring.results.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import { ReportJobResult, reportOutdated, type RoundResults } from '../../../shared/api/contracts/scoring';
import { pdfText } from '../../documents/testing/tools';
import { tempCore } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';
import { publicationOf } from './report-service';
import { coreCalls, countyRound, scoreAllFinal, docxTextOf } from '../../testing/scoring';

let core: Awaited<ReturnType<typeof tempCore>>;
const { api, refused } = coreCalls(() => core);

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

/** The visible text of a DOCX file. */
const docxText = (file: string) => docxTextOf(fs.readFileSync(file));
const flat = (s: string) => s.replace(/\s+/g, '');

/** Final scores: every hand-scored leaf full (bonus 0, no veto) except the given points by code. */
const scoreAll = (unitId: number, points: Record<string, number> = {}) => scoreAllFinal(core, unitId, points);

async function setup() {
  const round = await countyRound(core, 3);
  const [u1, u2, u3] = round.units;
  await scoreAll(u1!.id, { '1.1.1': 1.5 });
  await scoreAll(u2!.id, { '1.2.1': 3 });
  return { round, u1: u1!, u2: u2!, u3: u3! };
}

const PUBLICATION = { start: '2027-01-04', end: '2027-01-10', phone: '0771-1234567', supervision: '来信寄城关县教育局督导室' };
const start = (parameters: object) => api<Job>('jobs.start', { kind: 'scoring.report', parameters });

describe('publicationOf', () => {
  it('requires the 公示 inputs only for the publication, a 公示期 whose end is not before its start, dated no later than its start', () => {
    expect(publicationOf({ parts: ['report'] })).toBeNull();
    expect(() => publicationOf({ parts: ['publication'] })).toThrow('生成结果公示需要填写公示期、联系电话和监督方式');
    expect(() => publicationOf({ parts: ['publication'], publication: { ...PUBLICATION, end: '2027-01-01' } })).toThrow('公示期结束日期（2027年1月1日）不能早于开始日期（2027年1月4日）');
    expect(() => publicationOf({ parts: ['publication'], publication: { ...PUBLICATION, start: '2027-02-30' } })).toThrow('公示期开始日期“2027-02-30”不是有效的日期');
    // A 公示 is dated before (or on) the first day of its 公示期, never inside it.
    expect(publicationOf({ parts: ['publication'], publication: PUBLICATION, date: '2027-01-04' })).toEqual(PUBLICATION);
    expect(() => publicationOf({ parts: ['publication'], publication: { ...PUBLICATION, start: '2026-12-01', end: '2026-12-07' }, date: '2026-12-05' })).toThrow(
      '结果公示的成文日期（2026年12月5日）晚于公示期开始日期（2026年12月1日）：公示应在公示期开始之前或当天发布，请修改成文日期或公示期',
    );
  });
});

describe('督导评估报告和结果公示', () => {
  it('is refused while no unit is locked; then writes the report, the 公示 and its workbook with the figures of scoring.results', { timeout: 120_000 }, async () => {
    const { round, u1, u2, u3 } = await setup();
    expect(await refused('jobs.start', { kind: 'scoring.report', parameters: { roundId: round.id, publication: PUBLICATION } })).toBe(`评估项目“${round.name}”还没有评分已锁定的单位，没有可依据的结果，不能生成督导评估报告和结果公示`);
    await api('scoring.lock', { unitId: u1.id });
    await api('scoring.lock', { unitId: u2.id });
    expect(await refused('jobs.start', { kind: 'scoring.report', parameters: { roundId: round.id } })).toBe('生成结果公示需要填写公示期、联系电话和监督方式');

    const started = await start({ roundId: round.id, date: '2026-12-31', publication: PUBLICATION });
    expect(started.title).toBe(`为“${round.name}”生成督导评估报告和结果公示`);
    const job = await waitForJob(started.id);
    expect(job).toMatchObject({ state: '已完成', done: 5, total: 5 });
    expect(job.errors).toEqual(['评分尚未锁定、未纳入统计的单位 1 个：第3小学']);
    expect(job.outputs.map((o) => path.basename(o.name)).sort()).toEqual(
      ['督导评估报告.docx', '督导评估报告.pdf', '结果公示.docx', '结果公示.pdf', '结果公示名单.xlsx'].map((s) => `${round.name}_${s}`).sort(),
    );
    const file = (end: string) => path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith(end))!.name);

    const results = await api<RoundResults>('scoring.results', { roundId: round.id });
    const line = (id: number) => results.lines.find((l) => l.unitId === id)!;
    const [r1, r2] = [line(u1.id).result!, line(u2.id).result!];
    const level = (code: string) => [r1, r2].map((r) => r.levels.find((l) => l.code === code && l.depth === 1)!);
    const avg = (code: string) => (Math.round(((level(code)[0]!.earned! + level(code)[1]!.earned!) / 2) * 100) / 100).toFixed(2);
    const mean = (Math.round(((r1.total! + r2.total!) / 2) * 100) / 100).toFixed(2);

    // The body's sentences in both formats; the tables' rows read in order from the DOCX (a PDF's text extraction may interleave cells).
    const docx = flat(await docxText(file('督导评估报告.docx')));
    for (const t of [docx, flat(await pdfText(file('督导评估报告.pdf')))]) {
      for (const s of [
        `${round.name}报告`,
        '本次评估共有参评单位 3 个，其中按时提交自评材料 0 个，逾期提交 0 个，弃权 0 个，未提交自评材料 3 个。',
        '评分已锁定的单位 2 个，纳入本报告统计；评分尚未锁定的单位 1 个（第3小学）',
        `平均总分 ${mean} 分，最高 ${r2.total!.toFixed(2)} 分，最低 ${r1.total!.toFixed(2)} 分`,
        '其中涉及单位最多的是指标 1.1.1 领导责任（1 个单位，占 50.0%）',
        '城关县人民政府教育督导室',
        '2026年12月31日',
      ])
        expect(t, s).toContain(flat(s));
    }
    for (const s of [
      `1第2小学小学${r2.total!.toFixed(2)}${r2.grade}`,
      `2第1小学小学${r1.total!.toFixed(2)}${r1.grade}`,
      `1${level('1')[0]!.title}${level('1')[0]!.maxPoints.toFixed(2)}${avg('1')}`,
      '1.1.1领导责任1 50.0%第1小学',
      `${u1.code}第1小学小学${level('1')[0]!.earned!.toFixed(2)}`,
      `${r1.total!.toFixed(2)}${r1.grade}${line(u1.id).rank!.rank}第 ${r1.id} 号`,
    ])
      expect(docx, s).toContain(flat(s));
    const pub = flat(await docxText(file('结果公示.docx')));
    for (const s of [
      `关于${round.name}结果的公示`,
      '现将 2 个单位的评估结果公示如下（另有 1 个单位的评分尚未完成，其结果另行公示）',
      '公示期：2027年1月4日至2027年1月10日（共 7 天）',
      '特此公示。城关县人民政府教育督导室2026年12月31日',
      '联系电话：0771-1234567',
      `1第2小学小学${r2.total!.toFixed(2)}${r2.grade}${line(u2.id).rank!.rank}`,
      `2第1小学小学${r1.total!.toFixed(2)}${r1.grade}${line(u1.id).rank!.rank}`,
    ])
      expect(pub, s).toContain(flat(s));
    expect(pub).not.toContain('第3小学');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('结果公示名单.xlsx'));
    const ws = wb.getWorksheet('公示名单')!;
    const rows = [2, 3].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    expect(rows).toEqual([
      [1, u2.code, '第2小学', '小学', r2.total, r2.grade, line(u2.id).rank!.rank, ''],
      [2, u1.code, '第1小学', '小学', r1.total, r1.grade, line(u1.id).rank!.rank, ''],
    ]);
    expect(ws.rowCount).toBe(3);
    expect(line(u3.id).result).toBeNull();

    // The job names the results it was written from; an unlock makes its documents outdated.
    const outcome = ReportJobResult.parse(job.result);
    expect([...outcome.resultIds].sort()).toEqual([r1.id, r2.id].sort());
    expect(reportOutdated(outcome, results.lines)).toBe(false);
    await api('scoring.unlock', { unitId: u1.id, reason: '复核' });
    expect(reportOutdated(outcome, (await api<RoundResults>('scoring.results', { roundId: round.id })).lines)).toBe(true);
    await api('scoring.lock', { unitId: u1.id });
    // Locked again: a new stored result, still not the one the documents show.
    expect(reportOutdated(outcome, (await api<RoundResults>('scoring.results', { roundId: round.id })).lines)).toBe(true);
  });

  it('a forfeited unit is counted as 弃权 and listed last in the 公示; only the report when asked; cancel stops the job', { timeout: 120_000 }, async () => {
    const { round, u1, u3 } = await setup();
    await api('scoring.lock', { unitId: u1.id });
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u3.id], change: 'forfeit', reason: '学校未按期提交材料' });
    await api('scoring.lock', { unitId: u3.id });
    const job = await waitForJob((await start({ roundId: round.id, parts: ['report', 'publication'], formats: ['docx'], date: '2026-12-31', publication: PUBLICATION })).id);
    expect(job).toMatchObject({ state: '已完成', done: 3, total: 3 });
    const file = (end: string) => path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith(end))!.name);
    const t = flat(await docxText(file('督导评估报告.docx')));
    expect(t).toContain(flat('其中按时提交自评材料 0 个，逾期提交 0 个，弃权 1 个，未提交自评材料 2 个。'));
    expect(t).toContain(flat('评分已锁定的单位 2 个，纳入本报告统计；评分尚未锁定的单位 1 个（第2小学）'));
    expect(flat(await docxText(file('结果公示.docx')))).toContain(flat('2第3小学小学—不合格—弃权'));

    const only = await waitForJob((await start({ roundId: round.id, parts: ['report'], formats: ['docx'] })).id);
    expect(only.outputs.map((o) => path.basename(o.name))).toEqual([`${round.name}_督导评估报告.docx`]);

    const started = await start({ roundId: round.id, formats: ['docx', 'pdf'], publication: PUBLICATION });
    await api('jobs.cancel', { id: started.id });
    const cancelled = await waitForJob(started.id);
    expect(cancelled.state).toBe('已取消');
    expect(cancelled.done).toBeLessThan(5);
  });
});
