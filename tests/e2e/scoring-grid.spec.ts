/**
 * 评分总表 (issue 12, item 8): a round of three schools on the five-section school system (46 items
 * graded A–D, 100 points; 44 of them apply to a 小学); two experts disagree on one item of 景行小学 (consensus rule). In the
 * grid: grades typed with the keyboard across cells (Tab and Enter move), the unit's total changing
 * as they are typed, Esc leaving a cell as it was, a grade not on the list kept in its cell with the
 * Chinese message, the discrepancies filter showing only the item needing a decision, 初评 shown
 * instead of the final score, and after a reload the scores are still there (stored one by one).
 * Then a final score too far from a school's self-evaluation: refused by the service, kept in its
 * cell with the message, and saved once a reason is written.
 */
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { Expert, UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';
import { choose } from './round-helpers';
import { filledPackage, importThroughApi } from './submission-package';

async function setup(desk: DeskServer) {
  const schools: School[] = [];
  for (const [code, name] of [
    ['4502020001', '景行小学'],
    ['4502020002', '河西小学'],
    ['4502020003', '桃源小学'],
  ]) {
    schools.push(await api<School>(desk, 'schools.create', { code, name, type: '小学', locality: '城区' }));
  }
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '2026年度学校督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  await api(desk, 'scoring.saveSettings', { roundId: round.id, settings: { rule: 'consensus', tolerance: 0 } });
  const li = await api<Expert>(desk, 'experts.save', { name: '李明', organisation: '市教科院' });
  const wang = await api<Expert>(desk, 'experts.save', { name: '王芳', organisation: '师范学院' });
  const jx = round.units.find((u) => u.name === '景行小学')!;
  await api(desk, 'scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [jx.id] });
  await api(desk, 'scoring.assign', { roundId: round.id, expertId: wang.id, unitIds: [jx.id] });
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: jx.id });
  const item = sheet.rows.find((r) => r.code === '2.1')!;
  await api(desk, 'scoring.setScore', { unitId: jx.id, nodeId: item.nodeId, kind: 'expert', expertId: li.id, answer: { grade: 'A' } });
  await api(desk, 'scoring.setScore', { unitId: jx.id, nodeId: item.nodeId, kind: 'expert', expertId: wang.id, answer: { grade: 'C' } });
  await api(desk, 'scoring.setScore', { unitId: jx.id, nodeId: item.nodeId, kind: 'office', answer: { grade: 'B' } });
  return { round, hx: round.units.find((u) => u.name === '河西小学')! };
}

test('评分总表：用键盘跨单元格录入等级，总分即时变化，Esc 取消，错误保留在单元格中，只看有分歧的，刷新后评分仍在', async ({ app: page, desk }) => {
  test.setTimeout(120_000);
  const { round, hx } = await setup(desk);
  await page.goto(`${desk.origin}/#/scoring?round=${round.id}&tab=grid`);
  const grid = page.getByTestId('scoring-grid');
  await expect(grid).toBeVisible();
  const rows = grid.locator('.dsg-row:not(.dsg-row-header)');
  await expect(rows).toHaveCount(3);
  const row = rows.filter({ hasText: '河西小学' });
  const cell = (leaf: string) => row.locator(`.dsg-cell:has([data-leaf="${leaf}"])`);
  const value = (leaf: string) => row.locator(`[data-leaf="${leaf}"]`);
  const total = row.getByTestId('grid-total-points');
  await expect(total).toHaveText('0 / 100 分');
  // 44 items apply to a 小学 (1.5 and 3.15 are for 初中 sections).
  await expect(row.getByTestId('grid-total-note')).toHaveText('未评 44 项');

  // 1.1 A, Tab to 1.2, B, Tab to 1.3, c (lower case reads as C), Enter: saved one by one. Without 1.5,
  // 资源配置 keeps its 20 points and its items count × 20 ÷ 18: A (2) → 2.22, + B (1.6) → 4, + C (1.2) → 5.33.
  await cell('1.1').click();
  await page.keyboard.type('a');
  await page.keyboard.press('Tab');
  await expect(total).toHaveText('2.22 / 100 分');
  await page.keyboard.type('B');
  await page.keyboard.press('Tab');
  await expect(total).toHaveText('4 / 100 分');
  await page.keyboard.type('c');
  await page.keyboard.press('Enter');
  await expect(total).toHaveText('5.33 / 100 分');
  await expect(row.getByTestId('grid-total-note')).toHaveText('未评 41 项');
  await expect(value('1.1')).toContainText('A');
  await expect(value('1.2')).toContainText('B');
  await expect(value('1.3')).toContainText('C');

  // Esc leaves the cell as it was.
  await cell('1.2').click();
  await page.keyboard.type('d');
  await page.keyboard.press('Escape');
  await expect(value('1.2')).toContainText('B');
  await expect(total).toHaveText('5.33 / 100 分');

  // A grade not on the list stays in its cell, red, with the message; the total is unchanged.
  await cell('1.4').click();
  await page.keyboard.type('E');
  await page.keyboard.press('Enter');
  await expect(cell('1.4')).toHaveClass(/sg-refused/);
  await expect(value('1.4')).toContainText('E');
  const refused = page.getByTestId('grid-refused');
  await expect(refused).toContainText('有 1 项评分未保存');
  await expect(refused).toContainText('河西小学 · 1.4 体育场地与器材（最终得分，填写的是“E”）：“1.4 体育场地与器材”应评为 A、B、C、D 之一（填写的是“E”）');
  await expect(total).toHaveText('5.33 / 100 分');
  // Corrected in place: saved, the message gone; + A (2): 6.8 × 20 ÷ 18 = 7.56.
  await cell('1.4').click();
  await page.keyboard.type('A');
  await page.keyboard.press('Enter');
  await expect(refused).toBeHidden();
  await expect(total).toHaveText('7.56 / 100 分');

  // The cell under the cursor is described above the grid.
  await cell('1.1').click();
  await expect(page.getByTestId('grid-active')).toContainText('河西小学 · 1.1 校舍与用地');
  await expect(page.getByTestId('grid-active')).toContainText('最终得分：A');

  // Discrepancies only: 景行小学's 2.1, where the experts disagree (A and C).
  await page.getByTestId('grid-filter-disc').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('景行小学');
  await expect(page.getByTestId('grid-counts')).toContainText('显示 1 / 3 个单位、1 / 44 项指标');
  await expect(rows.first().locator('.dsg-cell:has([data-leaf="2.1"])')).toHaveClass(/sg-decide/);
  await rows.first().locator('.dsg-cell:has([data-leaf="2.1"])').click();
  await expect(page.getByTestId('grid-active')).toContainText('建议得分：需合议');
  await page.getByTestId('grid-filter-disc').click();
  await expect(rows).toHaveCount(3);

  // 初评 instead of the final score: 景行小学's 2.1 shows the office's B, 河西小学 has none yet.
  await choose(page, '显示和录入的评分', '初评');
  await expect(rows.filter({ hasText: '景行小学' }).locator('[data-leaf="2.1"]')).toContainText('B');
  await expect(value('1.1')).not.toContainText('A');
  await expect(total).toHaveText('0 / 100 分');

  // Reloaded: the final scores typed above are stored.
  await page.reload();
  await expect(page.getByRole('combobox', { name: '显示和录入的评分' })).toBeVisible();
  await choose(page, '显示和录入的评分', '最终得分');
  await expect(rows).toHaveCount(3);
  await expect(value('1.1')).toContainText('A');
  await expect(value('1.3')).toContainText('C');
  await expect(value('1.4')).toContainText('A');
  await expect(total).toHaveText('7.56 / 100 分');
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: hx.id });
  expect(sheet.rows.filter((r) => r.final?.answer).map((r) => [r.code, r.final!.answer!.grade])).toEqual([
    ['1.1', 'A'],
    ['1.2', 'B'],
    ['1.3', 'C'],
    ['1.4', 'A'],
  ]);
});

test('评分总表：最终得分与学校自评相差过大时被拒绝，保留在单元格中，写明理由后保存', async ({ app: page, desk }) => {
  test.setTimeout(120_000);
  // A unit whose school graded one item (its package imported), and a reason threshold of 0.5 分.
  await api(desk, 'schools.create', { code: '4502020011', name: '云溪小学', type: '小学', locality: '城区' });
  const filled = await filledPackage(desk, { loadDemo: false });
  const imported = await importThroughApi(desk, filled.round.id, filled.zipPath);
  expect(imported.state).toBe('已完成');
  await api(desk, 'scoring.saveSettings', { roundId: filled.round.id, settings: { rule: 'mean', departureThreshold: 0.5 } });
  const before = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: filled.unit.id });
  const item = before.rows.find((r) => r.self.answer?.grade !== undefined)!;
  const lowest = item.choices[item.choices.length - 1]!;

  await page.goto(`${desk.origin}/#/scoring?round=${filled.round.id}&tab=grid`);
  const grid = page.getByTestId('scoring-grid');
  const cell = grid.locator(`.dsg-cell:has([data-leaf="${item.code}"])`);
  await expect(grid.locator(`[data-leaf="${item.code}"]`)).toContainText(`自评 ${item.self.answer!.grade}`);
  await cell.click();
  await page.keyboard.type(lowest);
  await page.keyboard.press('Enter');
  // The service refuses it for want of a reason: kept in the cell, red, with its message.
  const refused = page.getByTestId('grid-refused');
  await expect(refused).toContainText('请在备注中写明理由');
  await expect(cell).toHaveClass(/sg-refused/);
  await expect(grid.locator(`[data-leaf="${item.code}"]`)).toContainText(lowest);
  await refused.getByTestId('grid-reason-open').click();
  const dialog = page.getByRole('dialog', { name: '写明理由' });
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toContainText('请写明理由');
  await dialog.getByLabel('理由').fill('实地查看，集团章程尚未经理事会通过');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(refused).toBeHidden();
  await expect(cell).not.toHaveClass(/sg-refused/);
  await expect(grid.locator(`[data-leaf="${item.code}"]`).getByLabel('与学校自评相差较大')).toBeVisible();
  const after = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: filled.unit.id });
  expect(after.rows.find((r) => r.nodeId === item.nodeId)!.final).toMatchObject({ answer: { grade: lowest }, note: '实地查看，集团章程尚未经理事会通过' });
});
