/**
 * 督导评估报告 and 结果公示 (issue 13 item 6, the issue's done-when): a round on the county 100-point
 * system with four schools — 景行小学 (1.1.1 below 60%) and 河西小学 locked with scores, 城东小学
 * forfeited and locked with the round's forfeit outcome, 北岭小学 left open. 一校一案 is generated for
 * every unit; then from 结果与排名 the report and the 公示 run as a job, found again after leaving
 * the page, and the downloaded DOCX and workbook carry exactly the figures of scoring.results
 * (totals, ranks, first-level averages, participation counts) and the 一校一案's averages; after an
 * unlock the report is marked 已过时.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Job } from '../../shared/api/contracts/jobs';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { RoundResults, UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';

const ROUND_NAME = '云溪区2026年度县域督导评估';
const NAMES = ['景行小学', '河西小学', '城东小学', '北岭小学'];

async function setupRound(desk: DeskServer) {
  const schools: School[] = [];
  for (const [i, name] of NAMES.entries()) schools.push(await api<School>(desk, 'schools.create', { code: `450202000${i + 1}`, name, type: '小学', locality: '城区' }));
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: ROUND_NAME,
    year: 2026,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  await api(desk, 'scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' } } });
  return round;
}

/** Final scores through the API: full points (bonus 0, no veto), except `points` by code. */
async function finalScores(desk: DeskServer, unitId: number, points: Record<string, number> = {}) {
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId });
  for (const r of sheet.rows.filter((x) => !x.computed)) {
    const answer = r.choices.length ? { triggered: false } : { points: points[r.code] ?? (r.method.includes('加分') ? 0 : r.points) };
    await api(desk, 'scoring.setScore', { unitId, nodeId: r.nodeId, kind: 'final', answer });
  }
}

async function finished(desk: DeskServer, id: string): Promise<Job> {
  for (;;) {
    const job = await api<Job>(desk, 'jobs.get', { id });
    if (!['排队', '运行中'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const flat = (s: string) => s.replace(/\s+/g, '');
const f2 = (n: number) => n.toFixed(2);
const mean2 = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;

test('督导评估报告和结果公示：为每个单位生成一校一案后，从结果与排名生成报告和公示，数字与评分结果和一校一案一致', async ({ app: page, desk }) => {
  test.setTimeout(240_000);
  const round = await setupRound(desk);
  const unit = (name: string) => round.units.find((u) => u.name === name)!;
  const [jx, hx, cd, bl] = NAMES.map(unit);
  await finalScores(desk, jx!.id, { '1.1.1': 1.5 });
  await finalScores(desk, hx!.id, { '1.2.1': 3 });
  await api(desk, 'scoring.lock', { unitId: jx!.id });
  await api(desk, 'scoring.lock', { unitId: hx!.id });
  await api(desk, 'rounds.changeUnitState', { roundId: round.id, unitIds: [cd!.id], change: 'forfeit', reason: '学校未提交材料' });
  await api(desk, 'scoring.lock', { unitId: cd!.id });

  // 一校一案 for every unit (the open one is skipped with its reason).
  const conclusions = await finished(desk, (await api<Job>(desk, 'jobs.start', { kind: 'scoring.conclusions', parameters: { roundId: round.id, formats: ['docx'], summary: false, date: '2026-12-31' } })).id);
  expect(conclusions.state).toBe('已完成');
  expect(conclusions.done).toBe(4);
  expect(conclusions.errors).toEqual(['北岭小学：评分尚未锁定，没有可依据的结果，未生成一校一案']);

  const results = await api<RoundResults>(desk, 'scoring.results', { roundId: round.id, byCategory: false });
  const line = (id: number) => results.lines.find((l) => l.unitId === id)!;
  const [r1, r2, r3] = [line(jx!.id), line(hx!.id), line(cd!.id)];
  const levels = (code: string) => [r1, r2].map((l) => l.result!.levels.find((x) => x.code === code && x.depth === 1)!);
  const avg1 = mean2(levels('1').map((l) => l.earned!));

  // The 一校一案's 全项目平均 for 1 is the report's average.
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path.join(desk.dataDir, conclusions.outputs.find((o) => o.name.endsWith('一校一案汇总.xlsx'))!.name));
  const summary = book.getWorksheet('汇总')!;
  const summaryHeader = (summary.getRow(1).values as unknown[]).slice(1).map(String);
  expect(summary.getRow(2).getCell(summaryHeader.indexOf('1 全项目平均') + 1).value).toBe(avg1);

  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=results`);
  await page.getByTestId('round-report-button').click();
  const dialog = page.getByRole('dialog', { name: '生成督导评估报告和结果公示' });
  await dialog.getByRole('checkbox', { name: 'PDF（打印）' }).uncheck();
  // The 公示 needs its phone and 监督方式 before it can start.
  await expect(dialog.getByText('请填写联系电话')).toBeVisible();
  await dialog.getByLabel('联系电话').fill('0771-1234567');
  await dialog.getByLabel('监督方式').fill('来信请寄云溪区教育局督导室');
  // A 公示 dated after its 公示期 has begun is refused in the form (the service refuses it too).
  const dateInput = dialog.getByLabel('成文日期');
  const today = await dateInput.inputValue();
  await dateInput.click();
  await dateInput.fill('2099-01-01');
  await dateInput.press('Enter');
  await expect(dialog.getByText(/成文日期（2099年1月1日）晚于公示期开始日期/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: '开始生成' })).toBeDisabled();
  await dateInput.click();
  await dateInput.fill(today);
  await dateInput.press('Enter');
  await expect(dialog.getByText(/晚于公示期开始日期/)).toHaveCount(0);
  await dialog.getByRole('button', { name: '开始生成' }).click();
  const job = dialog.getByTestId('round-report-job');
  await expect(job.getByTestId('round-report-state')).toContainText('已完成', { timeout: 60_000 });
  // The report (DOCX), the 公示 (DOCX) and its list (xlsx); the open unit named as not included.
  await expect(job.locator('.ant-list-item')).toHaveCount(3);
  await expect(job).toContainText('评分尚未锁定、未纳入统计的单位 1 个：北岭小学');

  const download = page.waitForEvent('download');
  await job.locator('.ant-list-item').filter({ hasText: '督导评估报告.docx' }).getByRole('button', { name: '下载' }).click();
  const xml = await (await JSZip.loadAsync(fs.readFileSync(await (await download).path()))).file('word/document.xml')!.async('string');
  const text = flat(xml.replace(/<[^>]+>/g, ''));
  const [t1, t2] = [r1.result!.total!, r2.result!.total!];
  const [first, second] = r1.rank!.rank === 1 ? [r1, r2] : [r2, r1];
  for (const s of [
    `${ROUND_NAME}报告`,
    // Participation: nobody submitted through packages here; one forfeited; three locked, one not.
    '本次评估共有参评单位 4 个，其中按时提交自评材料 0 个，逾期提交 0 个，弃权 1 个，未提交自评材料 3 个。',
    '评分已锁定的单位 3 个，纳入本报告统计；评分尚未锁定的单位 1 个（北岭小学），没有确定的结果，未纳入本报告统计',
    `纳入统计且有总分的单位 2 个（满分 ${f2(r1.result!.maxTotal!)} 分），平均总分 ${f2(mean2([t1, t2]))} 分，最高 ${f2(Math.max(t1, t2))} 分，最低 ${f2(Math.min(t1, t2))} 分`,
    // Ranking rows: rank, unit, type, total, grade.
    `${first.rank!.rank}${first.unitName}小学${f2(first.result!.total!)}${first.result!.grade}`,
    `${second.rank!.rank}${second.unitName}小学${f2(second.result!.total!)}${second.result!.grade}`,
    // First-level average of 1 over the two scored units.
    `1${levels('1')[0]!.title}${f2(levels('1')[0]!.maxPoints)}${f2(avg1)}`,
    '1.1.1领导责任150.0%景行小学',
    // The attachment: every unit with its stored result's number.
    `${jx!.code}景行小学小学${f2(levels('1')[0]!.earned!)}`,
    `${f2(t1)}${r1.result!.grade}${r1.rank!.rank}第${r1.result!.id}号`,
    `${cd!.code}城东小学小学`,
    '未锁定，未纳入',
  ])
    expect(text, s).toContain(flat(s));
  expect(r3.result!.forfeited).toBe(true);

  const list = page.waitForEvent('download');
  await job.locator('.ant-list-item').filter({ hasText: '结果公示名单.xlsx' }).getByRole('button', { name: '下载' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await (await list).path());
  const ws = wb.getWorksheet('公示名单')!;
  const rows = [2, 3, 4].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
  expect(rows).toEqual([
    [1, first.unitCode, first.unitName, '小学', first.result!.total, first.result!.grade, first.rank!.rank, ''],
    [2, second.unitCode, second.unitName, '小学', second.result!.total, second.result!.grade, second.rank!.rank, ''],
    // The forfeited unit: no total and no rank (empty cells).
    [3, r3.unitCode, '城东小学', '小学', undefined, r3.result!.grade ?? '—', undefined, '弃权'],
  ]);
  expect(ws.rowCount).toBe(4);
  expect(bl).toBeDefined();
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

  // Found again after leaving the page.
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=units`);
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=results`);
  const panel = page.getByTestId('round-report-panel');
  await expect(panel.getByTestId('round-report-job')).toContainText('最近一次生成');
  await expect(panel.getByTestId('round-report-outdated')).toHaveCount(0);

  // 景行小学 unlocked: the report's figures are no longer the current results.
  await api(desk, 'scoring.unlock', { unitId: jx!.id, reason: '复核 1.1.1 的得分' });
  await page.reload();
  await expect(page.getByTestId('round-report-panel').getByTestId('round-report-outdated')).toHaveText('已过时');
});
