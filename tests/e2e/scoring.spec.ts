/**
 * 评分 (issue 12): a round set up through the API (two schools, the county 100-point system with
 * points items), then on the screens: choose the round (kept in the address), set the rule to 合议
 * with a tolerance (an empty tolerance refused beside the field), put two new experts on the list
 * and on the round with all units (a duplicate refused beside the name), open a unit's score sheet,
 * enter two experts' scores of a points item beyond the tolerance and see 需合议, enter a final
 * score twice with a note and see both in its history, bring the experts within the tolerance and
 * adopt the suggested score; a half-typed score asks before it is dropped; after a reload
 * everything is as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { RoundScoringSetup, UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';
import { filledPackage, importThroughApi } from './submission-package';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

const ROUND_NAME = '云溪区2026年度县域义务教育优质均衡督导评估';

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

/** Adds an expert to the list from the 添加专家 dialog and puts them on the round with every unit. */
async function addExpert(page: Page, name: string, organisation: string, speciality: string) {
  await page.getByTestId('add-round-expert').click();
  const assign = page.getByRole('dialog', { name: '添加评估专家' });
  await assign.getByTestId('new-expert').click();
  const create = page.getByRole('dialog', { name: '新增专家' });
  await create.getByLabel('专家姓名').fill(name);
  await create.getByLabel('工作单位').fill(organisation);
  await create.getByLabel('专业领域').fill(speciality);
  await create.getByRole('button', { name: '保存' }).click();
  await expect(create).toBeHidden();
  // The new expert is chosen in the assignment dialog.
  await expect(assign.getByTestId('assign-expert')).toContainText(`${name}（${organisation}）`);
  await assign.getByTestId('assign-units').locator('thead').getByRole('checkbox').check();
  await expect(assign.getByText('评估单位（已选 2 个，共 2 个）')).toBeVisible();
  await assign.getByRole('button', { name: '保存' }).click();
  await expect(assign).toBeHidden();
  await expect(page.getByTestId('round-experts-table').locator('tr').filter({ hasText: name })).toContainText('全部 2 个单位');
}

/** Opens a score cell's editor, types a score (and a note), saves, and waits for the cell to show it. */
async function enterScore(page: Page, cell: string, points: string, note?: string) {
  await page.getByTestId(cell).click();
  const editor = page.getByTestId('score-editor');
  await expect(editor).toBeVisible();
  await editor.getByLabel('分数').fill(points);
  if (note !== undefined) await editor.getByLabel('备注').fill(note);
  await editor.getByTestId('score-save').click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId(cell)).toContainText(`${points} 分`);
}

test('评分：设置合议规则，在界面上添加专家并分配单位，录入专家评分看到需合议，录入最终得分并查看修改记录，刷新后保持', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  const round = await setupRound(desk);
  const unit = round.units.find((u) => u.name === '景行小学')!;
  await page.reload();

  // The menu: 评分 is built now (no 待建设), and leads to the rounds to choose from.
  const menuItem = page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '评分' });
  await expect(menuItem).not.toContainText('待建设');
  await menuItem.click();
  await expect(page.getByRole('heading', { name: '评分', exact: true })).toBeVisible();
  const rounds = page.getByTestId('scoring-rounds-table');
  await expect(rounds.locator('tbody tr').filter({ hasText: ROUND_NAME })).toContainText('2 个');
  await rounds.getByTestId('scoring-round-link').filter({ hasText: ROUND_NAME }).click();
  await expect(page).toHaveURL(new RegExp(`#/scoring\\?round=${round.id}$`));
  await expect(page.getByTestId('scoring-round-summary')).toContainText('2 个参评单位 · 0 位评估专家');

  // Settings: 合议 needs its tolerance; an empty one is pointed out beside the field, nothing saved.
  const settings = page.getByTestId('scoring-settings-form');
  await settings.getByText('分差超过允许范围时须合议', { exact: true }).click();
  const tolerance = settings.getByLabel('允许的分差（分）');
  await tolerance.fill('');
  await settings.getByTestId('save-scoring-settings').click();
  await expect(settings.getByText('请填写允许的分差')).toBeVisible();
  await tolerance.fill('1');
  await expect(settings.getByText('请填写允许的分差')).toHaveCount(0);
  await settings.getByTestId('save-scoring-settings').click();
  await expect(page.getByText('已保存评分设置')).toBeVisible();
  await expect(settings.getByTestId('save-scoring-settings')).toBeDisabled();
  expect((await api<RoundScoringSetup>(desk, 'scoring.setup', { roundId: round.id })).settings).toMatchObject({ rule: 'consensus', tolerance: 1 });

  // Two experts, new on the list, each on the round with both units.
  await addExpert(page, '李明', '市教育科学研究院', '学校管理');
  await addExpert(page, '王芳', '某某师范学院', '课程教学');
  // The same name with the same 工作单位 is refused beside the name.
  await page.getByTestId('add-round-expert').click();
  await page.getByRole('dialog', { name: '添加评估专家' }).getByTestId('new-expert').click();
  const dup = page.getByRole('dialog', { name: '新增专家' });
  await dup.getByLabel('专家姓名').fill('李明');
  await dup.getByLabel('工作单位').fill('市教育科学研究院');
  await dup.getByRole('button', { name: '保存' }).click();
  await expect(dup.getByText('专家名单中已有“李明”（市教育科学研究院）')).toBeVisible();
  await dup.getByRole('button', { name: '取消' }).click();
  await page.getByRole('dialog', { name: '添加评估专家' }).getByRole('button', { name: '取消' }).click();
  await expect(page.getByTestId('scoring-round-summary')).toContainText('2 位评估专家');
  await page.screenshot({ path: path.join(SHOTS, 'scoring-setup.png'), fullPage: true });

  // 评分: the units with their experts; one opens its score sheet.
  await page.getByRole('tab', { name: /^评分（/ }).click();
  await expect(page).toHaveURL(/tab=units/);
  const units = page.getByTestId('scoring-units-table');
  await expect(units.locator('tbody tr.ant-table-row')).toHaveCount(2);
  await expect(units.locator('tbody tr').filter({ hasText: '景行小学' })).toContainText('李明、王芳');
  await units.getByTestId('scoring-unit-link').filter({ hasText: '景行小学' }).click();
  await expect(page).toHaveURL(new RegExp(`#/scoring/units/${unit.id}$`));
  await expect(page.getByTestId('score-unit-title')).toHaveText('景行小学');
  await expect(page.getByTestId('score-unit-subtitle')).toContainText('尚未收到学校自评材料');

  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: unit.id });
  const item = sheet.rows.find((r) => r.choices.length === 0 && !r.computed && r.points >= 3)!;
  const computed = sheet.rows.find((r) => r.computed)!;
  const [li, wang] = ['李明', '王芳'].map((n) => item.experts.find((e) => e.name === n)!.expertId);
  const cell = (kind: string) => `score-${item.code}-${kind}`;

  // A computed leaf is greyed and has nothing to click.
  await expect(page.getByTestId(`score-${computed.code}-final`)).not.toHaveRole('button');
  await expect(page.locator('tr.score-row-computed').first()).toBeVisible();

  // Two experts' scores 2 points apart, beyond the tolerance of 1: 需合议, with why, and no score invented.
  await enterScore(page, cell(`expert-${li}`), String(item.points));
  await enterScore(page, cell(`expert-${wang}`), String(item.points - 2));
  const suggested = page.getByTestId(`reconciled-${item.code}`);
  await expect(suggested).toContainText('需合议');
  await expect(suggested).toContainText('须合议或增加评分人');
  await expect(page.getByTestId('score-show')).toContainText('需合议（1）');

  // A score above the item's points is refused beside the score.
  await page.getByTestId(cell('office')).click();
  const editor = page.getByTestId('score-editor');
  await editor.getByLabel('分数').fill(String(item.points + 1));
  await editor.getByTestId('score-save').click();
  await expect(editor.getByText(`应在 0 至 ${item.points} 分之间`)).toBeVisible();
  // A half-typed score is not dropped without asking.
  await page.getByTestId(cell('final')).click();
  const ask = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(ask).toContainText(`“${item.code} ${item.title}”的初评`);
  await ask.getByRole('button', { name: '放弃修改' }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId(cell('office'))).toContainText('—');
  await page.getByTestId(cell('final')).click();
  await expect(page.locator('.ant-popover:visible .ant-popover-title')).toContainText('最终得分');

  // The final score, decided after discussion, twice: both are in its history.
  await editor.getByLabel('分数').fill(String(item.points - 1));
  await editor.getByLabel('备注').fill('专家合议后确定');
  await editor.getByTestId('score-save').click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId(cell('final'))).toContainText(`${item.points - 1} 分`);
  await enterScore(page, cell('final'), String(item.points - 1.5), '复核佐证材料后下调');
  await page.screenshot({ path: path.join(SHOTS, 'scoring-sheet.png'), fullPage: true });

  await page.getByTestId(cell('final')).click();
  await editor.getByRole('button', { name: '修改记录' }).click();
  const history = page.getByTestId('score-history');
  await expect(history).toBeVisible();
  const finals = history.getByTestId('score-history-table').locator('tbody tr.ant-table-row');
  await expect(finals).toHaveCount(2);
  await expect(finals.nth(0)).toContainText(`${item.points - 1.5} 分`);
  await expect(finals.nth(0)).toContainText('复核佐证材料后下调');
  await expect(finals.nth(1)).toContainText(`${item.points - 1} 分`);
  await expect(finals.nth(1)).toContainText('专家合议后确定');
  await expect(finals.nth(0)).toContainText('测试员');
  // Widened to every score of the item: the experts' two as well.
  await history.getByRole('combobox', { name: '显示哪些评分的记录' }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('全部评分', { exact: true }).click();
  await expect(finals).toHaveCount(4);
  await expect(history).toContainText('专家 王芳');
  await page.screenshot({ path: path.join(SHOTS, 'scoring-history.png') });
  await page.locator('.ant-drawer-close').click();
  await expect(history).toBeHidden();

  // Within the tolerance the rule suggests the mean; 采用建议得分 makes it the final score.
  await enterScore(page, cell(`expert-${wang}`), String(item.points - 1));
  await expect(suggested).toContainText(`${item.points - 0.5} 分`);
  await page.getByTestId(`adopt-${item.code}`).click();
  await expect(page.getByTestId(cell('final'))).toContainText(`${item.points - 0.5} 分`);
  await expect(suggested).toContainText('已采用');
  await expect(page.getByTestId('score-show')).toContainText('需合议（0）');

  // A choice item (存在否决情形 or not) is scored from its words, in a select inside the editor.
  const veto = sheet.rows.find((r) => r.choices.length > 0 && !r.computed)!;
  await page.getByTestId(`score-${veto.code}-office`).click();
  await editor.getByRole('combobox', { name: '评定' }).click();
  await expect(page.locator('.ant-select-dropdown:visible').getByTitle(veto.choices[0], { exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'scoring-editor.png') });
  await page.locator('.ant-select-dropdown:visible').getByTitle(veto.choices[0], { exact: true }).click();
  await editor.getByTestId('score-save').click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId(`score-${veto.code}-office`)).toHaveText(veto.choices[0]);

  // A reload brings back the same sheet.
  await page.reload();
  await expect(page.getByTestId('score-unit-title')).toHaveText('景行小学');
  await expect(page.getByTestId(cell(`expert-${li}`))).toContainText(`${item.points} 分`);
  await expect(page.getByTestId(cell(`expert-${wang}`))).toContainText(`${item.points - 1} 分`);
  await expect(page.getByTestId(cell('final'))).toContainText(`${item.points - 0.5} 分`);
  await expect(suggested).toContainText('已采用');
  await expect(page.getByTestId('score-counts')).toContainText('已定最终得分 1 /');
  await expect(page.getByTestId(`score-${veto.code}-office`)).toHaveText(veto.choices[0]);

  // Back to the units tab of the same round, and the settings as saved after a reload there too.
  await page.getByRole('button', { name: '返回评分单位列表' }).click();
  await expect(page).toHaveURL(new RegExp(`#/scoring\\?round=${round.id}&tab=units$`));
  await expect(page.getByTestId('scoring-rule-text')).toContainText('分差超过允许范围时须合议（允许的分差 1 分）');
  await page.getByRole('tab', { name: '专家与设置' }).click();
  await page.reload();
  await expect(page.getByTestId('scoring-settings-form').getByLabel('允许的分差（分）')).toHaveValue('1');
  await expect(page.getByTestId('round-experts-table').locator('tbody tr.ant-table-row')).toHaveCount(2);
});

test('评分表：佐证在本页的抽屉中列出并可下载，不离开评分表；弃权单位不显示评分提示和筛选', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  const pkg = await filledPackage(desk);
  expect((await importThroughApi(desk, pkg.round.id, pkg.zipPath)).state).toBe('已完成');
  const [code] = pkg.indicator.split(' ');
  await page.goto(`${desk.origin}/#/scoring/units/${pkg.unit.id}`);
  await page.getByTestId(`evidence-${code}`).click();
  const drawer = page.getByTestId('evidence-drawer');
  await expect(drawer.getByTestId('evidence-file')).toHaveCount(1);
  await expect(drawer.getByTestId('evidence-file')).toContainText(pkg.photoName);
  expect(page.url()).toContain(`#/scoring/units/${pkg.unit.id}`);
  const download = page.waitForEvent('download');
  await drawer.getByRole('button', { name: `下载“${pkg.photoName}”` }).click();
  expect((await download).suggestedFilename()).toBe(pkg.photoName);
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('score-sheet')).toBeVisible();

  // Forfeited (a unit that sent nothing): the card says it is not scored, and nothing on the sheet says otherwise.
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const school = (await api<{ schoolId: number; campusId: number | null; schoolType: string }[]>(desk, 'rounds.candidates', { year: 2025 })).find((c) => c.schoolType === '小学' && c.campusId === null)!;
  const other = await api<RoundDetail>(desk, 'rounds.create', {
    name: '2025年度复评',
    year: 2025,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2025-12-18', endsOn: '2025-12-30', collects: true }],
    units: [{ schoolId: school.schoolId, campusId: null }],
  });
  const forfeited = other.units[0]!;
  await api(desk, 'rounds.changeUnitState', { roundId: other.id, unitIds: [forfeited.id], change: 'forfeit', reason: '学校未按期提交材料' });
  await page.goto(`${desk.origin}/#/scoring/units/${forfeited.id}`);
  const card = page.getByTestId('result-card');
  await expect(card).toContainText('本单位已弃权：不评分');
  await expect(card).not.toContainText('全部指标确定最终得分后锁定');
  await expect(page.getByTestId('score-show')).toHaveCount(0);
  await expect(page.getByTestId('score-counts')).toHaveCount(0);
  await expect(page.getByTestId('adopt-all')).toHaveCount(0);
});
