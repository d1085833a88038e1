/**
 * 评估意见 (issue 12 item 6): a round set up through the API (two schools, the five-section school
 * system, experts 李明 and 王芳 on the first school), then on the unit's score sheet: an empty
 * text refused beside the field; 李明's 存在问题 on one indicator and the office's 做法成效 on the
 * unit as a whole recorded; the filter shows one author's; his opinion edited by the operator into a
 * 整改建议 (it moves, stays his, says it was changed) and both versions in its 记录; withdrawn after
 * confirming, then listed under 已撤回的意见; typed words are not dropped without asking; a reload
 * keeps everything, and the round-wide list agrees.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { Expert, RoundOpinion, UnitOpinions } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

async function setupRound(desk: DeskServer) {
  const a = await api<School>(desk, 'schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>(desk, 'schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '2026年度学校督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '实地督导', startsOn: '2027-01-04', endsOn: '2027-01-08', collects: true }],
    units: [a, b].map((s) => ({ schoolId: s.id, campusId: null })),
  });
  const unit = round.units.find((u) => u.name === '景行小学')!;
  for (const [name, organisation] of [
    ['李明', '市教育科学研究院'],
    ['王芳', '某某师范学院'],
  ]) {
    const e = await api<Expert>(desk, 'experts.save', { name, organisation, speciality: '学校管理' });
    await api(desk, 'scoring.assign', { roundId: round.id, expertId: e.id, unitIds: [unit.id] });
  }
  return { round, unit };
}

/** Chooses `option` in the dialog's select labelled `label` (typing `search` first when given). */
async function choose(page: Page, label: string, option: string, search?: string) {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.click();
  if (search) await box.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  await expect(page.locator('.ant-select').filter({ has: box })).toContainText(option);
}

test('评估意见：在评分表下录入、筛选、修改（保留提出人并有记录）、确认后撤回，刷新后保持', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  const { round, unit } = await setupRound(desk);
  const indicators = (await api<UnitOpinions>(desk, 'scoring.opinions', { unitId: unit.id })).indicators;
  const leaf = indicators.find((i) => i.leaf && i.depth > 1)!;
  const leafLabel = `${leaf.code} ${leaf.title}`;

  await page.goto(`${desk.origin}/#/scoring/units/${unit.id}`);
  await expect(page.getByTestId('score-unit-title')).toHaveText('景行小学');
  const card = page.getByTestId('opinions-card');
  await expect(card).toContainText('还没有评估意见');
  const column = (kind: string) => card.getByTestId(`opinions-${kind}`);

  // 添加意见: an empty text is refused beside the field; then 李明's 存在问题 on one indicator.
  await card.getByTestId('add-opinion').click();
  const dialog = page.getByRole('dialog', { name: '添加评估意见：景行小学' });
  await expect(dialog).toBeVisible();
  await choose(page, '提出人', '专家 李明');
  await choose(page, '意见针对', leafLabel, leaf.code);
  await page.screenshot({ path: path.join(SHOTS, 'scoring-opinions-dialog.png') });
  await dialog.locator('label').filter({ hasText: '存在问题' }).click();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请填写意见内容')).toBeVisible();
  await dialog.getByLabel('意见内容').fill('部分教师未按课程表上课，存在随意调课现象');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  const problem = column('problem').getByTestId('opinion-item');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText(leafLabel);
  await expect(problem).toContainText('部分教师未按课程表上课，存在随意调课现象');
  await expect(problem.getByTestId('opinion-meta')).toContainText('李明');
  await expect(problem.getByTestId('opinion-meta')).toContainText('录入人 测试员');

  // The office's 做法成效 on the unit as a whole (整体 is proposed).
  await card.getByTestId('add-opinion').click();
  await expect(dialog).toBeVisible();
  await choose(page, '提出人', '督导室');
  await dialog.locator('label').filter({ hasText: '做法成效' }).click();
  await dialog.getByLabel('意见内容').fill('学校办学理念清晰，校园文化特色鲜明');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(column('strength').getByTestId('opinion-item')).toContainText('整体');
  await expect(column('strength').getByTestId('opinion-item')).toContainText('督导室');

  // The filter: 李明's only.
  await choose(page, '按提出人筛选意见', '专家 李明（1）');
  await expect(column('strength')).toContainText('暂无');
  await expect(column('problem').getByTestId('opinion-item')).toHaveCount(1);
  await choose(page, '按提出人筛选意见', '全部提出人（2）');
  await expect(column('strength').getByTestId('opinion-item')).toHaveCount(1);

  // 修改: the author stays 李明 (not changeable here); the opinion becomes a 整改建议 and moves.
  await problem.getByTestId('opinion-edit').click();
  const edit = page.getByRole('dialog', { name: '修改意见：李明' });
  await expect(edit).toBeVisible();
  await expect(edit.getByRole('combobox', { name: '提出人' })).toBeDisabled();
  await expect(edit.getByLabel('意见内容')).toHaveValue('部分教师未按课程表上课，存在随意调课现象');
  await edit.locator('label').filter({ hasText: '整改建议' }).click();
  await edit.getByLabel('意见内容').fill('严格执行课程计划和课程表，杜绝随意调课');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit).toBeHidden();
  await expect(column('problem').getByTestId('opinion-item')).toHaveCount(0);
  const suggestion = column('suggestion').getByTestId('opinion-item');
  await expect(suggestion).toContainText('严格执行课程计划和课程表，杜绝随意调课');
  await expect(suggestion.getByTestId('opinion-meta')).toContainText('李明');
  await expect(suggestion.getByTestId('opinion-meta')).toContainText('已修改 1 次，最近由测试员于');
  await card.screenshot({ path: path.join(SHOTS, 'scoring-opinions.png') });

  // 记录: both versions, newest first.
  await suggestion.getByTestId('opinion-history').click();
  const drawer = page.getByTestId('opinion-history-drawer');
  await expect(drawer).toBeVisible();
  const versions = drawer.getByTestId('opinion-history-table').locator('tbody tr.ant-table-row');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('修改');
  await expect(versions.nth(0)).toContainText('整改建议');
  await expect(versions.nth(0)).toContainText('严格执行课程计划和课程表，杜绝随意调课');
  await expect(versions.nth(1)).toContainText('录入');
  await expect(versions.nth(1)).toContainText('存在问题');
  await expect(versions.nth(1)).toContainText('部分教师未按课程表上课，存在随意调课现象');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // 撤回 asks first: cancelled, nothing happens; confirmed, the opinion leaves the list but stays in view.
  await suggestion.getByTestId('opinion-withdraw').click();
  const confirm = page.locator('.ant-popconfirm:visible');
  await expect(confirm).toContainText('撤回这条意见？');
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(suggestion).toHaveCount(1);
  await suggestion.getByTestId('opinion-withdraw').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '撤回' }).click();
  await expect(column('suggestion').getByTestId('opinion-item')).toHaveCount(0);
  await card.getByTestId('opinions-withdrawn-toggle').click();
  const withdrawn = card.getByTestId('opinions-withdrawn').getByTestId('opinion-item');
  await expect(withdrawn).toHaveCount(1);
  await expect(withdrawn).toContainText('整改建议');
  await expect(withdrawn.getByTestId('opinion-meta')).toContainText('测试员于');
  await expect(withdrawn.getByTestId('opinion-meta')).toContainText('撤回');
  await expect(withdrawn.getByTestId('opinion-edit')).toHaveCount(0);

  // Typed words are not thrown away without asking.
  await card.getByTestId('add-opinion').click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('意见内容').fill('尚未写完的意见');
  await dialog.getByRole('button', { name: '取消' }).click();
  const ask = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(ask).toContainText('对“景行小学”的新意见');
  await ask.getByRole('button', { name: '放弃修改' }).click();
  await expect(dialog).toBeHidden();

  // After a reload: the office's opinion current, 李明's withdrawn; the round-wide list agrees.
  await page.reload();
  await expect(column('strength').getByTestId('opinion-item')).toContainText('学校办学理念清晰，校园文化特色鲜明');
  await expect(column('suggestion').getByTestId('opinion-item')).toHaveCount(0);
  await expect(card.getByTestId('opinions-withdrawn-toggle')).toContainText('已撤回的意见（1 条）');
  const all = await api<RoundOpinion[]>(desk, 'scoring.roundOpinions', { roundId: round.id });
  expect(all.map((o) => [o.unitName, o.code, o.kind, o.author, o.text])).toEqual([['景行小学', null, 'strength', '督导室', '学校办学理念清晰，校园文化特色鲜明']]);
});
