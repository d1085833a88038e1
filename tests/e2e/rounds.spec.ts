/**
 * 评估项目 (issue 11 item 7): create a round through the screens from a published system (stage
 * dates through the date pickers, units filtered by type), see its timeline with today marked,
 * generate two units' packages as a job followed in place, extend a unit's deadline with a reason,
 * close the receiving stage and confirm one unit as 弃权, undo it; the state filter survives a reload.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import { api, expect, test } from './fixtures';
import { choose, typeDate, unitRow } from './round-helpers';
import { day } from './submission-package';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

const SYSTEM_NAME = '义务教育优质均衡发展学校督导评估（学校自评）';
const ROUND_NAME = '云溪区2026年度义务教育学校督导评估';
const JUNIOR = ['云溪区第一初级中学', '云溪区第三初级中学', '桃源镇初级中学', '石门镇初级中学'];



/**
 * Adds `option` to the multiple select labelled `label`, until the select shows its tag: a click
 * that lands while the drop-down is still opening (a loaded machine) is tried again, never toggled off.
 */
async function chooseTag(page: Page, label: string, option: string) {
  const select = page.getByRole('combobox', { name: label });
  const shown = page.locator('.ant-select').filter({ has: select }).getByTitle(option, { exact: true });
  await expect(async () => {
    if (await shown.count()) return;
    await select.click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click({ timeout: 3000 });
    await expect(shown).toHaveCount(1, { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}


test('评估项目：在界面上新建项目，生成填报包，办理延期，关闭自评阶段并确认弃权，再撤销', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  await api(desk, 'demo.load', {});
  const system = await api<{ summary: { id: number; version: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  await page.reload();

  // The menu leads to the (empty) list; 新建评估项目 opens the form.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '评估项目' }).click();
  await expect(page.getByRole('heading', { name: '评估项目', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/#\/rounds$/);
  await page.getByRole('button', { name: '新建评估项目' }).first().click();
  await expect(page.getByRole('heading', { name: '新建评估项目' })).toBeVisible();
  const form = page.getByTestId('new-round-form');

  // Creating without anything chosen: each message beside its field, nothing sent.
  await form.getByTestId('create-round').click();
  await expect(form.getByText('请填写项目名称')).toBeVisible();
  await expect(form.getByText('请选择指标体系')).toBeVisible();
  await expect(form.getByText('请填写第 1 个阶段的开始日期')).toBeVisible();
  await expect(form.getByText('请至少选择一个参评单位')).toBeVisible();

  await form.getByLabel('项目名称').fill(ROUND_NAME);
  await expect(form.getByRole('combobox', { name: '年度' })).toBeVisible();
  await choose(page, '指标体系', `${SYSTEM_NAME} 第 ${system.summary.version} 版（学校）`);
  // The preset's four stages: 学校自评 receives packages and is under way today.
  const stages = form.getByTestId('stage-table');
  await expect(stages.getByLabel('第1阶段名称')).toHaveValue('学校自评');
  await expect(stages.getByLabel('第4阶段名称')).toHaveValue('结果发布');
  await expect(stages.getByLabel('第1阶段接收填报')).toBeChecked();
  const dates: [string, string][] = [
    [day(-5), day(10)],
    [day(14), day(18)],
    [day(25), day(30)],
    [day(40), day(40)],
  ];
  for (const [i, [start, end]] of dates.entries()) {
    await typeDate(stages.getByLabel(`第${i + 1}阶段开始日期`), start);
    await typeDate(stages.getByLabel(`第${i + 1}阶段结束日期`), end);
  }
  // A wrong end date is pointed out beside it and goes once fixed.
  await typeDate(stages.getByLabel('第2阶段结束日期'), day(12));
  await expect(stages.getByTestId('stage-row-1').getByText('第 2 个阶段的结束日期早于开始日期')).toBeVisible();
  await typeDate(stages.getByLabel('第2阶段结束日期'), dates[1][1]);
  await expect(stages.getByText('第 2 个阶段的结束日期早于开始日期')).toHaveCount(0);
  await expect(form.getByText('请填写第 1 个阶段的开始日期')).toHaveCount(0);

  // Units: the campuses evaluated on their own are rows of their own; filter by type, choose all shown.
  const chooser = form.getByTestId('unit-chooser');
  await expect(chooser.getByRole('row').filter({ hasText: '云溪区实验小学北校区' })).toContainText('校区（单独评估）');
  await chooseTag(page, '按类型筛选参评单位', '初中');
  await page.keyboard.press('Escape');
  await expect(chooser.locator('tbody tr.ant-table-row')).toHaveCount(JUNIOR.length);
  await chooser.getByTestId('choose-filtered').click();
  await expect(chooser.getByTestId('chosen-count')).toContainText(`已选 ${JUNIOR.length} 个单位`);
  await expect(form.getByText('请至少选择一个参评单位')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'rounds-new.png'), fullPage: true });

  await form.getByTestId('create-round').click();
  await expect(page.getByTestId('round-title')).toHaveText(ROUND_NAME);
  await expect(page).toHaveURL(/#\/rounds\/\d+$/);
  const roundId = Number(/#\/rounds\/(\d+)/.exec(page.url())![1]);
  await expect(page.getByTestId('round-subtitle')).toContainText(`指标体系：${SYSTEM_NAME} 第 ${system.summary.version} 版`);
  await expect(page.getByTestId('round-subtitle')).toContainText('4 个参评单位');

  // The timeline: four stages, 学校自评 under way, today marked.
  const timeline = page.getByTestId('stage-timeline');
  await expect(timeline.getByTestId('stage-1').getByTestId('stage-phase')).toHaveText('进行中');
  await expect(timeline.getByTestId('stage-2').getByTestId('stage-phase')).toHaveText('未开始');
  const marker = timeline.getByTestId('today-marker');
  await expect(marker).toBeVisible();
  await expect(marker).toContainText('今天');
  // Today lies inside the first of four equal slots.
  const [track, mark] = await Promise.all([timeline.locator('.round-timeline-track').boundingBox(), marker.boundingBox()]);
  expect(mark!.x - track!.x).toBeGreaterThan(0);
  expect(mark!.x - track!.x).toBeLessThan(track!.width / 4);

  // The units, in 报送编码 order, all 未下发.
  const table = page.getByTestId('units-table');
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(4);
  await expect(page.getByTestId('state-chip-pending')).toHaveText(/未下发 4/);

  // 生成填报包 for two units: a job followed in place, then the units are 已下发 and the zips listed.
  await unitRow(page, JUNIOR[0]).getByRole('checkbox').check();
  await unitRow(page, JUNIOR[1]).getByRole('checkbox').check();
  await page.getByTestId('open-packages').click();
  const dialog = page.getByRole('dialog', { name: '生成填报包' });
  await expect(dialog.getByRole('radio', { name: '所选的 2 个单位' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: /同时打包为 zip 文件/ })).toBeChecked();
  await dialog.getByRole('button', { name: '开始生成（2 个单位）' }).click();
  const job = page.getByTestId('packages-job');
  await expect(job.getByTestId('packages-state')).toContainText('已完成', { timeout: 60_000 });
  await expect(job.locator('.ant-progress')).toContainText('2/2');
  // One 下载 per zip (in the list), and 全部下载 above them.
  await expect(job.getByRole('listitem').getByRole('button', { name: '下载' })).toHaveCount(2);
  await expect(job.getByTestId('packages-download-all')).toHaveText(/全部下载（2 个 zip 文件打包为一个）/);
  await expect(unitRow(page, JUNIOR[0]).getByTestId('unit-state')).toHaveText('已下发');
  await expect(unitRow(page, JUNIOR[1]).getByTestId('unit-state')).toHaveText('已下发');
  await expect(unitRow(page, JUNIOR[2]).getByTestId('unit-state')).toHaveText('未下发');
  await expect(page.getByTestId('state-chip-issued')).toHaveText(/已下发 2/);
  const [download] = await Promise.all([page.waitForEvent('download'), job.getByRole('listitem').getByRole('button', { name: '下载' }).first().click()]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  expect(fs.readFileSync(await download.path()).subarray(0, 2).toString()).toBe('PK');

  // The job is found again after leaving the page.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  await expect(page.getByRole('heading', { name: '作业记录' })).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('packages-job').getByTestId('packages-state')).toContainText('已完成');
  // A finished run can be put away; it stays away after a reload.
  await page.getByTestId('packages-dismiss').click();
  await expect(page.getByTestId('packages-job')).toHaveCount(0);
  await page.reload();
  await expect(unitRow(page, JUNIOR[0]).getByTestId('unit-state')).toHaveText('已下发');
  await expect(page.getByTestId('packages-job')).toHaveCount(0);

  // 办理延期 for one unit, with a reason: the latest extension shows in its row, the reason on hover.
  await unitRow(page, JUNIOR[0]).getByRole('button', { name: `为“${JUNIOR[0]}”办理延期` }).click();
  const extend = page.getByRole('dialog', { name: `办理延期：${JUNIOR[0]}` });
  await extend.getByRole('button', { name: '办理延期' }).click();
  await expect(extend.getByText('延期至应为有效日期（如 2026-12-30）')).toBeVisible();
  await expect(extend.getByText('请填写延期原因')).toBeVisible();
  await typeDate(extend.getByLabel('延期至'), day(15));
  await extend.getByLabel('延期原因').fill('学校因停电无法按时完成填报');
  await extend.getByRole('button', { name: '办理延期' }).click();
  await expect(extend).toBeHidden();
  const extension = unitRow(page, JUNIOR[0]).getByTestId('unit-extension');
  // Dates are written in full, as on the timeline (one date style on the round pages).
  await expect(extension).toHaveText(`学校自评 至 ${day(15)}`);
  await extension.hover();
  await expect(page.locator('.ant-tooltip:visible')).toContainText('原因：学校因停电无法按时完成填报');

  // Closing 学校自评 lists the units without a submission; one is confirmed as 弃权 with a reason.
  await timeline.getByTestId('stage-1').getByRole('button', { name: '关闭阶段' }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '关闭阶段' }).click();
  const forfeit = page.getByRole('dialog', { name: '尚未提交材料的单位' });
  await expect(forfeit.locator('tbody tr.ant-table-row')).toHaveCount(4);
  await expect(timeline.getByTestId('stage-1').getByTestId('stage-phase')).toHaveText('已关闭');
  await forfeit.getByRole('checkbox', { name: `确认“${JUNIOR[1]}”弃权` }).check();
  await forfeit.getByRole('button', { name: '确认弃权（1 个单位）' }).click();
  await expect(forfeit.getByText('请填写确认弃权的原因')).toBeVisible();
  await forfeit.getByLabel('弃权原因').fill('截止日期前未提交材料，电话确认放弃');
  await forfeit.getByRole('button', { name: '确认弃权（1 个单位）' }).click();
  await expect(forfeit).toBeHidden();
  await expect(unitRow(page, JUNIOR[1]).getByTestId('unit-state')).toHaveText('弃权');
  await page.screenshot({ path: path.join(SHOTS, 'rounds-detail.png'), fullPage: true });

  // The 弃权 chip filters the table; the filter is in the address and survives a reload.
  await page.getByTestId('state-chip-forfeited').click();
  await expect(page).toHaveURL(/state=forfeited/);
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('state-chip-forfeited')).toHaveAttribute('aria-pressed', 'true');
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(unitRow(page, JUNIOR[1])).toHaveCount(1);

  // 撤销弃权 with a reason: the unit goes back to 已下发 (its package was issued).
  await unitRow(page, JUNIOR[1]).getByRole('checkbox').check();
  await page.getByTestId('change-unforfeit').click();
  const undo = page.getByRole('dialog', { name: '撤销弃权（1 个单位）' });
  await undo.getByLabel('撤销弃权的原因').fill('学校已补交说明，同意继续参评');
  await undo.getByRole('button', { name: '撤销弃权' }).click();
  await expect(undo).toBeHidden();
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(0);
  await page.getByTestId('state-chip-all').click();
  await expect(unitRow(page, JUNIOR[1]).getByTestId('unit-state')).toHaveText('已下发');
  // The unit's page keeps the record: the forfeit and its undoing, with their reasons, stay visible.
  await unitRow(page, JUNIOR[1]).getByTestId('unit-materials').click();
  const history = page.getByTestId('unit-history');
  await expect(history.getByTestId('unit-history-summary').filter({ hasText: '撤销弃权' })).toContainText('学校已补交说明，同意继续参评');
  await expect(history.getByTestId('unit-history-summary').filter({ hasText: /确认.*弃权|记为弃权|弃权（/ }).first()).toBeVisible();
  await page.goBack();

  // The service agrees with what the screen shows; every change is in the round's record.
  const stored = await api<RoundDetail>(desk, 'rounds.get', { id: roundId });
  expect(stored.units.map((u) => [u.name, u.state])).toEqual(JUNIOR.map((n, i) => [n, i < 2 ? 'issued' : 'pending']));
  expect(stored.units.find((u) => u.name === JUNIOR[0])!.extensions).toMatchObject([{ stageName: '学校自评', until: day(15), reason: '学校因停电无法按时完成填报' }]);
  expect(stored.stages[0].closedAt).not.toBeNull();

  // The list shows the round with its units per state.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '评估项目' }).click();
  const row = page.getByTestId('rounds-table').getByRole('row').filter({ hasText: ROUND_NAME });
  await expect(row).toContainText('已下发 2');
  await expect(row).toContainText('未下发 2');
  await expect(row).toContainText(`${SYSTEM_NAME} 第 ${system.summary.version} 版`);
  await page.screenshot({ path: path.join(SHOTS, 'rounds-list.png'), fullPage: true });
});

test('评估项目：项目设置的修改离开前询问；查看材料打开单位页面；没有材料的项目可以删除', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const candidates = await api<{ schoolId: number; campusId: number | null; name: string }[]>(desk, 'rounds.candidates', { year: new Date().getFullYear() });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '设置测试项目',
    year: new Date().getFullYear(),
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: day(-3), endsOn: day(7), collects: true }],
    units: candidates.slice(0, 3).map((c) => ({ schoolId: c.schoolId, campusId: c.campusId })),
  });

  await page.goto(`${desk.origin}/#/rounds/${round.id}?tab=settings`);
  const settings = page.getByTestId('round-settings-form');
  await settings.getByLabel('项目名称').fill('设置测试项目（已改名）');
  // Leaving for the units tab asks first; staying keeps the edit.
  await page.getByRole('tab', { name: /参评单位/ }).click();
  const ask = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(ask).toContainText('“设置测试项目”的项目设置');
  await ask.getByRole('button', { name: '继续编辑' }).click();
  await expect(settings.getByLabel('项目名称')).toHaveValue('设置测试项目（已改名）');
  await settings.getByTestId('save-settings').click();
  await expect(page.getByTestId('round-title')).toHaveText('设置测试项目（已改名）');

  // 查看材料 opens the unit's page under the round.
  await page.getByRole('tab', { name: /参评单位/ }).click();
  const first = round.units[0];
  await page.getByTestId('units-table').getByTestId('unit-materials').first().click();
  await expect(page).toHaveURL(new RegExp(`#/rounds/${round.id}/units/${first.id}$`));
  await expect(page.getByText(first.name).first()).toBeVisible();

  // 删除项目 (nothing submitted yet) after confirming; the list no longer has it.
  await page.goto(`${desk.origin}/#/rounds/${round.id}?tab=settings`);
  await page.getByRole('button', { name: '删除项目' }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '删除' }).click();
  await expect(page).toHaveURL(/#\/rounds$/);
  await expect(page.getByText('还没有评估项目')).toBeVisible();
  expect(await api<unknown[]>(desk, 'rounds.list', {})).toEqual([]);
});

/**
 * Whether the element is what the user sees at its centre: not covered by another element (the
 * fixed 操作 column over a scrolled table) and inside the window.
 */
async function uncovered(cell: Locator): Promise<boolean> {
  return cell.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > document.documentElement.clientWidth || y > document.documentElement.clientHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (hit === el || el.contains(hit));
  });
}

test('评估项目：1440×900 窗口中参评单位表各列都可见，延期和待答复意见不被“操作”列遮住；1366 宽时可横向滚动看到；日期写法统一', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const year = new Date().getFullYear();
  const candidates = await api<{ schoolId: number; campusId: number | null }[]>(desk, 'rounds.candidates', { year });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '列宽测试项目',
    year,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [
      { name: '学校自评', startsOn: day(-3), endsOn: day(7), collects: true },
      { name: '实地督导', startsOn: day(10), endsOn: day(20) },
    ],
    units: candidates.slice(0, 8).map((c) => ({ schoolId: c.schoolId, campusId: c.campusId })),
  });
  await api(desk, 'rounds.extend', { unitId: round.units[0].id, stageId: round.stages[0].id, until: day(12), reason: '学校因停电无法按时完成填报' });

  // Windows draws classic scrollbars that take room from the page (17 px); Chromium here overlays them.
  const windowsScrollbars = '::-webkit-scrollbar { width: 17px; height: 17px; } ::-webkit-scrollbar-thumb { background: #c1c1c1; }';
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  await page.addStyleTag({ content: windowsScrollbars });
  const table = page.getByTestId('units-table');
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(8);
  const header = (title: string) => table.locator('thead th').filter({ hasText: new RegExp(`^${title}$`) });
  const titles = ['报送编码', '单位', '类型', '乡镇（街道）', '状态', '版本', '延期', '待答复', '操作'];
  // At 1440 every column is in view without scrolling sideways: nothing lies under the fixed 操作 column.
  for (const t of titles) {
    await expect(header(t)).toHaveCount(1);
    expect(await uncovered(header(t)), `“${t}”列标题应可见且未被遮住`).toBe(true);
  }
  const scroller = table.locator('.ant-table-content');
  const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  // The extension's cell reads in full, not cut under 操作.
  expect(await uncovered(table.getByTestId('unit-extension').locator('xpath=ancestor::td[1]'))).toBe(true);

  // One date style across the round's page: the timeline, today's marker and the extension write YYYY-MM-DD.
  const timeline = page.getByTestId('stage-timeline');
  await expect(timeline.getByTestId('stage-1').getByTestId('stage-dates')).toHaveText(`${day(-3)} 至 ${day(7)}`);
  await expect(timeline.getByTestId('stage-2').getByTestId('stage-dates')).toHaveText(`${day(10)} 至 ${day(20)}`);
  await expect(timeline.getByTestId('today-marker')).toContainText(`今天 ${day(0)}`);
  await expect(table.getByTestId('unit-extension')).toHaveText(`学校自评 至 ${day(12)}`);
  const text = await page.locator('main, .ant-layout-content').first().innerText();
  expect(text.match(/\d{1,2}月\d{1,2}日/g), '不应出现“12月18日”式的日期').toBeNull();
  expect(text.match(/(?<![\d-])\d{2}-\d{2}(?![\d-])/g), '不应出现省略年份的“12-18”式日期').toBeNull();
  await page.screenshot({ path: path.join(SHOTS, 'rounds-units-1440.png') });

  // At 1366 the table is as wide as its columns and scrolls: at its right end 延期 and 待答复 are in view.
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    expect(await uncovered(header('延期'))).toBe(true);
    expect(await uncovered(header('待答复'))).toBe(true);
    // The count itself too, not only its header (the trial saw the numbers under 操作).
    expect(await uncovered(table.locator('tbody tr.ant-table-row').first().locator('td').nth(titles.indexOf('待答复') + 1))).toBe(true);
  }).toPass({ timeout: 5000 });
  await scroller.evaluate((el) => el.scrollTo({ left: 0 }));
  await expect(async () => {
    expect(await uncovered(header('类型'))).toBe(true);
    expect(await uncovered(header('乡镇（街道）'))).toBe(true);
  }).toPass({ timeout: 5000 });
});
