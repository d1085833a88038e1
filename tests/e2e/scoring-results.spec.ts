/**
 * 评分结果 (issue 12, items 4 and 7): a round on the county 100-point system with two schools, the
 * round's values typed in 专家与设置 (县域差异系数, 问卷满意度 as “92%”), every item but one given its
 * final score through the API; on the screens: 锁定 refused naming the item without a final score,
 * the score entered, 锁定 stores the result (conclusion, levels), the sheet becomes read-only, 解锁
 * needs a reason, the result is kept as 已过时 in 历次结果, and the unit's 办理记录 (audit) lists both
 * the lock and the unlock; 结果与排名 ranks the locked units with the tie rule.
 */
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';

const ROUND_NAME = '云溪区2026年度县域督导评估';

async function setupRound(desk: DeskServer) {
  const a = await api<School>(desk, 'schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>(desk, 'schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  return api<RoundDetail>(desk, 'rounds.create', {
    name: ROUND_NAME,
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [
      { schoolId: a.id, campusId: null },
      { schoolId: b.id, campusId: null },
    ],
  });
}

/** Final scores through the API: full points (bonus 0, no veto), except `skip` and `points` by code. */
async function finalScores(desk: DeskServer, unitId: number, opts: { skip?: string; points?: Record<string, number> } = {}) {
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId });
  for (const r of sheet.rows.filter((x) => !x.computed && x.code !== opts.skip)) {
    const answer = r.choices.length ? { triggered: false } : { points: opts.points?.[r.code] ?? (r.method.includes('加分') ? 0 : r.points) };
    await api(desk, 'scoring.setScore', { unitId, nodeId: r.nodeId, kind: 'final', answer });
  }
}

test('评分结果：填写项目数据，缺最终得分时不能锁定，锁定保存结果，解锁须写原因，结果标为已过时，操作日志记录锁定和解锁，结果与排名', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  const round = await setupRound(desk);
  const [jx, hx] = [round.units.find((u) => u.name === '景行小学')!, round.units.find((u) => u.name === '河西小学')!];

  // 项目数据: typed in the settings form (a ratio as a percentage), saved.
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}`);
  const settings = page.getByTestId('scoring-settings-form');
  const values = settings.getByTestId('round-values');
  await values.getByLabel('小学综合差异系数').fill('0.45');
  await values.getByLabel('初中综合差异系数').fill('0.40');
  // A ratio typed as 92 is refused: said beside the save button and on the box it names.
  await values.getByLabel('问卷满意度（比例）').fill('92');
  await settings.getByTestId('save-scoring-settings').click();
  await expect(settings.getByTestId('settings-save-error')).toContainText('问卷满意度 填写为 92');
  await expect(settings.getByTestId('settings-save-error')).toBeInViewport();
  await expect(values.getByLabel('问卷满意度（比例）').locator('xpath=ancestor-or-self::*[contains(@class,"ant-input-status-error")]')).toHaveCount(1);
  await values.getByLabel('问卷满意度（比例）').fill('92%');
  await expect(settings.getByTestId('settings-save-error')).toBeHidden();
  await settings.getByTestId('save-scoring-settings').click();
  await expect(page.getByText('已保存评分设置')).toBeVisible();
  await expect(settings.getByTestId('save-scoring-settings')).toBeDisabled();

  await finalScores(desk, jx.id, { skip: '1.1.1' });
  await finalScores(desk, hx.id, { points: { '1.1.1': 2 } });
  await api(desk, 'scoring.lock', { unitId: hx.id });

  // The sheet: 锁定 is refused while 1.1.1 has no final score, naming it.
  await page.goto(`${desk.origin}/#/scoring/units/${jx.id}`);
  const card = page.getByTestId('result-card');
  await expect(card).toContainText('未锁定');
  await card.getByTestId('lock-button').click();
  await page.getByTestId('lock-confirm').click();
  await expect(card.getByTestId('lock-error')).toContainText('“景行小学”还有 1 项没有最终得分：1.1.1 领导责任');

  await page.getByTestId('score-1.1.1-final').click();
  const editor = page.getByTestId('score-editor');
  await editor.getByLabel('分数').fill('2.5');
  await editor.getByTestId('score-save').click();
  await expect(editor).toBeHidden();
  // The refusal named the item just scored: it goes with the sheet's change.
  await expect(card.getByTestId('lock-error')).toBeHidden();

  await card.getByTestId('lock-button').click();
  await page.getByTestId('lock-text').fill('专家组合议通过');
  await page.getByTestId('lock-confirm').click();
  // 80 − 0.5 by hand, 20 by formula on the round's values: 99.5.
  await expect(card.getByTestId('result-conclusion')).toHaveText('通过，等级 合格（总分 99.5 / 100 分）');
  await expect(card.getByTestId('result-levels')).toContainText('49.5 / 50 分');
  await expect(card).toContainText('问卷满意度 92%（督导室填写的项目数据）');
  await expect(card).toContainText('已锁定');
  // Locked: the cells no longer open an editor.
  await expect(page.getByTestId('score-1.1.1-final')).not.toHaveRole('button');

  // 解锁 needs a reason.
  await card.getByTestId('unlock-button').click();
  await expect(page.getByTestId('lock-confirm')).toBeDisabled();
  await page.getByTestId('lock-text').fill('复核发现 1.1.1 得分有误');
  await page.getByTestId('lock-confirm').click();
  await expect(card).toContainText('原因：复核发现 1.1.1 得分有误');
  await expect(card).toContainText('此前的结果及据此生成的文书已过时');
  await card.getByTestId('result-history-button').click();
  const history = page.getByTestId('result-history');
  await expect(history).toContainText('已过时');
  await expect(history).toContainText('通过，等级 合格（总分 99.5 / 100 分）');
  await page.locator('.ant-drawer-close').click();
  await expect(history).toBeHidden();

  // Changed and locked again; the ranking puts 景行小学 (100) before 河西小学 (99).
  await page.getByTestId('score-1.1.1-final').click();
  await editor.getByLabel('分数').fill('3');
  await editor.getByTestId('score-save').click();
  await expect(editor).toBeHidden();
  await card.getByTestId('lock-button').click();
  await page.getByTestId('lock-confirm').click();
  await expect(card.getByTestId('result-conclusion')).toHaveText('通过，等级 合格（总分 100 / 100 分）');

  // The unit's 办理记录 in 评估项目 shows the lock and the unlock.
  await page.goto(`${desk.origin}/#/rounds/${round.id}/units/${jx.id}`);
  const audit = page.getByTestId('unit-history');
  await expect(audit).toContainText('锁定“景行小学”的评分，结果：通过，等级 合格（总分 99.5 / 100 分）；备注：专家组合议通过');
  await expect(audit).toContainText('解锁“景行小学”的评分，原因：复核发现 1.1.1 得分有误');

  // 结果与排名.
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=results`);
  const table = page.getByTestId('results-table');
  await expect(table.locator('tbody tr').filter({ hasText: '景行小学' }).getByTestId('result-rank')).toHaveText('1 / 2');
  await expect(table.locator('tbody tr').filter({ hasText: '河西小学' }).getByTestId('result-rank')).toHaveText('2 / 2');
  await expect(page.getByTestId('results-summary')).toContainText('已锁定 2 / 2 个单位 · 并列规则：并列占用名次（1、2、2、4）');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-results').click()]);
  expect(download.suggestedFilename()).toBe(`${ROUND_NAME}_评分结果.xlsx`);
});
