/**
 * 评估组 and 现场督导工作用表 (issue 12 items 2 and 5): a round whose school has submitted its
 * self-evaluation (a filled package imported through the API), one expert on it; then on the
 * screens: take seed 000's four groups, choose indicators from the system's tree (one indicator in
 * two groups), a group without a method is pointed out, save, reload; give the expert one group in
 * the 调整单位 dialog (the group can then not be deleted); tick the unit on the 评分 tab and generate
 * its work sheets — the downloaded DOCX carries the groups, the school's grade and explanation and
 * the methods to tick — and from the unit's score page a PDF without the materials list. The audit
 * log names both changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import JSZip from 'jszip';
import type { AuditView } from '../../shared/api/contracts/audit';
import type { Expert, RoundBlocks } from '../../shared/api/contracts/scoring';
import { api, expect, test } from './fixtures';
import { filledPackage, importThroughApi } from './submission-package';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

/** The row of the 评估组 table whose name box holds `name`. */
const groupRow = (page: Page, name: string): Locator =>
  page
    .getByTestId('blocks-table')
    .locator('tbody tr.ant-table-row')
    .filter({ has: page.locator(`input[value="${name}"]`) });

/**
 * Ticks indicators in a group's tree select by their exact name: a first-level one straight in the
 * tree, a deeper one found by typing its name (the search shows the matches with their branches).
 */
async function tick(page: Page, row: Locator, titles: string[], search = false) {
  const select = row.getByTestId('block-nodes');
  for (const title of titles) {
    await select.click();
    if (search) await select.locator('input').fill(title);
    const exact = page.locator('.ant-select-tree-title', { hasText: new RegExp(`^\\S+ ${title}$`) });
    const node = page.locator('.ant-select-dropdown:visible .ant-select-tree-treenode').filter({ has: exact });
    await node.locator('.ant-select-tree-checkbox').click();
    await expect(node.locator('.ant-select-tree-checkbox')).toHaveClass(/ant-select-tree-checkbox-checked/);
    await page.keyboard.press('Escape');
    // Each select has a dropdown of its own: wait until this one has gone before the next opens.
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }
}

test('评估组与现场督导工作用表：采用建议的评估组并选择指标，分配专家的评估组，生成并下载工作用表（含学校自评）', async ({ app: page, desk }) => {
  test.setTimeout(240_000);
  const pkg = await filledPackage(desk);
  expect((await importThroughApi(desk, pkg.round.id, pkg.zipPath)).state).toBe('已完成');
  const round = pkg.round;
  const unit = pkg.unit;
  const expert = await api<Expert>(desk, 'experts.save', { name: '李明', organisation: '市教育科学研究院', speciality: '学校管理' });
  await api(desk, 'scoring.assign', { roundId: round.id, expertId: expert.id, unitIds: [unit.id] });
  const [answeredCode, ...rest] = pkg.indicator.split(' ');
  const answeredTitle = rest.join(' ');

  await page.goto(`${desk.origin}/#/scoring?round=${round.id}`);
  const card = page.getByTestId('blocks-card');
  await expect(card).toContainText('本项目还没有评估组');
  await card.getByTestId('propose-blocks').click();
  await expect(page.getByTestId('blocks-table').locator('tbody tr.ant-table-row')).toHaveCount(4);
  for (const name of ['校园观察组', '问卷调查组', '座谈访谈组', '听课查阅组']) await expect(groupRow(page, name)).toHaveCount(1);
  await expect(groupRow(page, '座谈访谈组').getByTestId('block-methods')).toContainText('座谈');
  await expect(groupRow(page, '座谈访谈组').getByTestId('block-methods')).toContainText('访谈');

  // Indicators from the frozen system's tree: a whole section, and the answered indicator in two groups.
  await tick(page, groupRow(page, '校园观察组'), ['资源共享']);
  await tick(page, groupRow(page, '座谈访谈组'), ['组织管理']);
  await tick(page, groupRow(page, '听课查阅组'), ['课程建设']);
  await tick(page, groupRow(page, '听课查阅组'), [answeredTitle], true);
  await expect(groupRow(page, '校园观察组').getByTestId('block-leaf-count')).toContainText('共 6 项指标');
  await expect(groupRow(page, '问卷调查组').getByTestId('block-leaf-count')).toContainText('还没有选择指标');
  await expect(card.getByTestId('blocks-coverage')).toContainText('项未分到评估组');

  // A group without a method is pointed out beside it; nothing is saved.
  const survey = groupRow(page, '问卷调查组');
  await survey.getByTestId('block-methods').locator('.ant-select-selection-item-remove').click();
  await card.getByTestId('save-blocks').click();
  await expect(survey).toContainText('请至少选择一种采集方式');
  expect((await api<RoundBlocks>(desk, 'scoring.blocks', { roundId: round.id })).blocks).toEqual([]);
  await survey.getByTestId('block-methods').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('问卷', { exact: true }).click();
  await page.keyboard.press('Escape');
  await card.getByTestId('save-blocks').click();
  await expect(page.getByText('已保存评估组')).toBeVisible();
  await expect(card.getByTestId('save-blocks')).toBeDisabled();
  const saved = await api<RoundBlocks>(desk, 'scoring.blocks', { roundId: round.id });
  expect(saved.blocks.map((b) => [b.name, b.methods])).toEqual([
    ['校园观察组', ['校园观察']],
    ['问卷调查组', ['问卷']],
    ['座谈访谈组', ['座谈', '访谈']],
    ['听课查阅组', ['随堂听课', '资料查阅']],
  ]);
  const lessons = saved.blocks.find((b) => b.name === '听课查阅组')!;
  const talks = saved.blocks.find((b) => b.name === '座谈访谈组')!;
  // The answered indicator sits in two groups (under 组织管理, and on its own).
  expect(lessons.nodeIds.length).toBe(2);
  expect(talks.leafCount).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SHOTS, 'scoring-blocks.png'), fullPage: true });

  // A reload shows what was stored.
  await page.reload();
  await expect(page.getByTestId('blocks-table').locator('tbody tr.ant-table-row')).toHaveCount(4);
  await expect(groupRow(page, '校园观察组').getByTestId('block-nodes')).toContainText('资源共享');

  // The expert works in one group: chosen in the 调整单位 dialog (until then, in all of them).
  await expect(page.getByTestId('blocks-unrestricted')).toContainText('不限评估组（负责全部评估组）的专家：李明');
  await page.getByTestId('round-experts-table').getByRole('button', { name: '调整单位' }).click();
  const assign = page.getByRole('dialog', { name: '调整评估单位：李明' });
  await assign.getByTestId('assign-blocks').getByText('校园观察组').click();
  await assign.getByRole('button', { name: '保存' }).click();
  await expect(assign).toBeHidden();
  await expect(groupRow(page, '校园观察组')).toContainText('李明');
  await expect(page.getByTestId('blocks-unrestricted')).toHaveCount(0);
  await expect(groupRow(page, '校园观察组').getByRole('button', { name: '删除校园观察组' })).toBeDisabled();
  expect((await api<RoundBlocks>(desk, 'scoring.blocks', { roundId: round.id })).experts).toEqual([{ expertId: expert.id, blockIds: [saved.blocks[0]!.id] }]);

  // 评分 tab: tick the unit and generate its work sheets and materials list (DOCX and PDF).
  await page.getByRole('tab', { name: /^评分（/ }).click();
  const units = page.getByTestId('scoring-units-table');
  await expect(page.getByTestId('worksheets-button')).toBeDisabled();
  await units.getByRole('checkbox', { name: `选择“${unit.name}”` }).check();
  await page.getByTestId('worksheets-button').click();
  const dialog = page.getByRole('dialog', { name: `生成现场督导工作用表：${unit.name}` });
  // 问卷调查组 has no indicators: offered, but not to choose.
  await expect(dialog.getByTestId('worksheets-blocks').getByRole('checkbox', { name: '问卷调查组（未选择指标）' })).toBeDisabled();
  await expect(dialog.getByTestId('worksheets-materials')).toHaveValue(/纸质版学校自评报告\n总课程表\n各班学生名册\n全体教师名册/);
  await dialog.getByRole('button', { name: '开始生成' }).click();
  const job = dialog.getByTestId('worksheets-job');
  await expect(job.getByTestId('worksheets-state')).toContainText('已完成', { timeout: 60_000 });
  await expect(job.locator('.ant-list-item')).toHaveCount(4);
  await page.screenshot({ path: path.join(SHOTS, 'scoring-worksheets.png') });
  const download = page.waitForEvent('download');
  await job.locator('.ant-list-item').filter({ hasText: '现场督导工作用表.docx' }).getByRole('button', { name: '下载' }).click();
  const file = await (await download).path();
  const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')!.async('string');
  const text = xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
  for (const s of ['现场督导工作用表（校园观察组）', '现场督导工作用表（座谈访谈组）', '现场督导工作用表（听课查阅组）', `受评单位：${unit.name}`, '□随堂听课□资料查阅', answeredCode!, `等级${pkg.grade}`, pkg.explanation.replace(/\s+/g, ''), '评估专家（签字）']) {
    expect(text, s).toContain(s);
  }
  expect(text).not.toContain('问卷调查组');
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
  // The run stays in view above the units.
  await expect(page.getByTestId('worksheets-job')).toContainText('最近一次生成');

  // The unit's score page: PDF only, without the materials list.
  await units.getByTestId('scoring-unit-link').filter({ hasText: unit.name }).click();
  // The units tab has a button of the same name: wait until the unit's page stands before clicking.
  await expect(page).toHaveURL(new RegExp(`#/scoring/units/${unit.id}$`));
  await expect(page.getByTestId('score-unit-title')).toHaveText(unit.name);
  await page.getByTestId('worksheets-button').click();
  const single = page.getByRole('dialog', { name: `生成现场督导工作用表：${unit.name}` });
  await single.getByRole('checkbox', { name: 'Word（DOCX，可修改）' }).uncheck();
  await single.getByTestId('worksheets-with-materials').uncheck();
  await single.getByRole('button', { name: '开始生成' }).click();
  await expect(single.getByTestId('worksheets-state')).toContainText('已完成', { timeout: 60_000 });
  await expect(single.locator('.ant-list-item')).toHaveCount(1);
  await expect(single.locator('.ant-list-item')).toContainText('现场督导工作用表.pdf');
  await single.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

  // The audit log names the groups' change and the expert's groups.
  const log = (await api<{ rows: AuditView[] }>(desk, 'audit.query', { page: 1, pageSize: 50 })).rows.map((r) => r.summary);
  expect(log).toEqual(expect.arrayContaining([`修改评估项目“${round.name}”的评估组（校园观察组、问卷调查组、座谈访谈组、听课查阅组）`, '分配专家“李明”负责评估组：校园观察组']));
});
