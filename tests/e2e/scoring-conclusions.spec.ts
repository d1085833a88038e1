/**
 * 一校一案 (issue 13 item 5): a round on the county 100-point system with two schools, both locked
 * through the API (景行小学 loses 1.5 of 1.1.1's 3 points: below 60%), an opinion on it; in 结果与排名
 * 生成一校一案 runs as a job with progress, the job is found again after leaving the page, the
 * downloaded 督导意见书 (DOCX) and the workbook carry the figures of scoring.results (points with 2
 * decimals), and after one unit is unlocked and locked again every generated conclusion is listed as
 * 已过时 (each quotes the unit's rank and the round's averages).
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { RoundResults, UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';

const ROUND_NAME = '云溪区2026年度县域督导评估';

async function setupRound(desk: DeskServer) {
  const a = await api<School>(desk, 'schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>(desk, 'schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: ROUND_NAME,
    year: 2026,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [a, b].map((s) => ({ schoolId: s.id, campusId: null })),
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

const flat = (s: string) => s.replace(/\s+/g, '');

test('一校一案：从结果与排名生成，离开页面后仍能看到作业，下载的督导意见书和汇总表与评分结果一致，任一单位重新锁定后全部标为已过时', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  const round = await setupRound(desk);
  const [jx, hx] = [round.units.find((u) => u.name === '景行小学')!, round.units.find((u) => u.name === '河西小学')!];
  await finalScores(desk, jx.id, { '1.1.1': 1.5 });
  await finalScores(desk, hx.id, { '1.2.1': 3 });
  await api(desk, 'scoring.saveOpinion', { unitId: jx.id, expertId: null, nodeId: null, kind: 'strength', text: '校园文化建设有特色' });
  await api(desk, 'scoring.lock', { unitId: jx.id });
  await api(desk, 'scoring.lock', { unitId: hx.id });
  const results = await api<RoundResults>(desk, 'scoring.results', { roundId: round.id, byCategory: false });
  const r1 = results.lines.find((l) => l.unitId === jx.id)!;
  const r2 = results.lines.find((l) => l.unitId === hx.id)!;

  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=results`);
  await page.getByTestId('conclusions-button').click();
  const dialog = page.getByRole('dialog', { name: '生成一校一案' });
  await dialog.getByRole('checkbox', { name: 'PDF（打印）' }).uncheck();
  await dialog.getByTestId('conclusions-summary').uncheck();
  await dialog.getByRole('button', { name: '开始生成' }).click();
  const job = dialog.getByTestId('conclusions-job');
  await expect(job.getByTestId('conclusions-state')).toContainText('已完成', { timeout: 60_000 });
  // Per unit its DOCX, and the workbook.
  await expect(job.locator('.ant-list-item')).toHaveCount(3);

  const download = page.waitForEvent('download');
  await job.locator('.ant-list-item').filter({ hasText: '景行小学_督导意见书.docx' }).getByRole('button', { name: '下载' }).click();
  const xml = await (await JSZip.loadAsync(fs.readFileSync(await (await download).path()))).file('word/document.xml')!.async('string');
  const text = flat(xml.replace(/<[^>]+>/g, ''));
  const res = r1.result!;
  const level1 = res.levels.find((l) => l.code === '1')!;
  const average1 = Math.round(((level1.earned! + r2.result!.levels.find((l) => l.code === '1')!.earned!) / 2) * 100) / 100;
  const p2 = (n: number) => n.toFixed(2);
  for (const s of [
    '关于景行小学的督导意见书',
    `你校总分${p2(res.total!)}分（满分${p2(res.maxTotal!)}分），等级为“${res.grade}”，在本项目已排名的2个单位中列第${r1.rank!.rank}名`,
    `评估结论：${res.passed ? '通过' : '未通过'}。`,
    `1保障措施${p2(level1.maxPoints)}${p2(level1.earned!)}`,
    p2(average1),
    // The office's own opinion in the office's document: no author tag.
    '校园文化建设有特色。',
    '指标1.1.1领导责任：得分1.50分（满分3.00分），得分率50.0%，低于60.0%。',
    '云溪区人民政府教育督导室',
  ]) {
    expect(text, s).toContain(flat(s));
  }
  for (const s of ['评分结果第', '（督导室）', '评分系统', '本系统']) expect(text, s).not.toContain(s);

  const book = page.waitForEvent('download');
  await job.locator('.ant-list-item').filter({ hasText: '一校一案汇总.xlsx' }).getByRole('button', { name: '下载' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await (await book).path());
  const ws = wb.getWorksheet('汇总')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const cell = (row: number, name: string) => ws.getRow(row).getCell(header.indexOf(name) + 1).value;
  expect([cell(2, '单位'), cell(2, '总分'), cell(2, '等级'), cell(2, '结果编号'), cell(2, '低于标准的指标数')]).toEqual(['景行小学', res.total, res.grade, res.id, 1]);
  expect([cell(3, '单位'), cell(3, '总分'), cell(3, '结果编号'), cell(3, '低于标准的指标数')]).toEqual(['河西小学', r2.result!.total, r2.result!.id, 0]);
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

  // Found again after leaving the page; the generated list says both are current.
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=units`);
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=results`);
  const panel = page.getByTestId('conclusions-panel');
  await expect(panel.getByTestId('conclusions-job')).toContainText('最近一次生成');
  await expect(panel.getByTestId('conclusions-list').locator('tbody tr')).toHaveCount(2);
  await expect(panel.getByTestId('conclusion-outdated')).toHaveCount(0);

  // 河西小学 unlocked and locked again: 景行小学's 意见书 quoted its rank and the averages of the old
  // results, so both conclusions are outdated.
  await api(desk, 'scoring.unlock', { unitId: hx.id, reason: '复核 1.2.1 的得分' });
  await api(desk, 'scoring.lock', { unitId: hx.id });
  await page.reload();
  const rows = page.getByTestId('conclusions-list').locator('tbody tr');
  await expect(rows.filter({ hasText: '景行小学' }).getByTestId('conclusion-outdated')).toHaveText('已过时');
  await expect(rows.filter({ hasText: '河西小学' }).getByTestId('conclusion-outdated')).toHaveText('已过时');
  await expect(rows.filter({ hasText: '有效' })).toHaveCount(0);
});
