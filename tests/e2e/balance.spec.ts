import fs from 'node:fs';
import path from 'node:path';
import type { BalanceView, WhatIfView } from '../../shared/api/contracts/balance';
import { formatForDisplay } from '../../shared/domain/balance';
import { api, expect, test } from './fixtures';
import { BalancePage } from './pages/balance-page';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => path.join(SHOTS, `${name}.png`);

test('差异系数：演示数据的学校达标、差异系数、贡献度、差距、测算与趋势', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const view = await api<BalanceView>(desk, 'balance.compute', { year: 2025 });
  await page.reload();
  const balance = new BalancePage(page);
  await balance.goto();
  await expect(page.getByRole('combobox', { name: '年份' })).toBeVisible();
  await expect(page.getByTestId('balance-year')).toContainText('2025 年');

  // A failing school in red: its verdict and the indicator below 85 %.
  const liulin = balance.attainmentRow('柳林乡中心小学');
  await expect(liulin.getByTestId('verdict')).toHaveText('未达标');
  await expect(liulin.getByTestId('verdict')).toHaveClass(/ant-tag-red|ant-tag-color-red/);
  const l2 = liulin.locator('[data-code=L2]');
  await expect(l2).toHaveAttribute('data-status', 'below');
  await expect(l2).toHaveCSS('background-color', 'rgb(253, 226, 225)');
  await expect(balance.attainmentRow('云溪区育才小学').getByTestId('verdict')).toHaveText('达标');
  await page.screenshot({ path: shot('balance-01-attainment'), fullPage: true });
  await l2.hover();
  await expect(page.getByRole('tooltip')).toContainText('85% 底线：0.850');
  await page.screenshot({ path: shot('balance-02-attainment-tooltip') });
  await liulin.getByRole('button', { name: /展开/ }).click();
  await expect(page.getByText('人工调整').first()).toBeVisible();
  await expect(page.locator('.ant-table-expanded-row').first()).toContainText('85% 底线');
  await page.screenshot({ path: shot('balance-02b-attainment-detail') });

  // The CV table: 4-decimal values equal to the API's.
  await balance.tab('差异系数');
  for (const s of view.result.sections) {
    for (const i of s.indicators) await expect(balance.cv(s.section, i.code)).toHaveText(formatForDisplay(i.cv, 'cv'));
    await expect(balance.cv(s.section, 'composite')).toHaveText(formatForDisplay(s.composite.cv, 'cv'));
  }
  await expect(page.getByTestId('cv-table-primary')).toContainText('仅供参考');
  await expect(page.getByTestId('cv-table-junior')).toContainText('0.45');
  await page.screenshot({ path: shot('balance-03-coefficients'), fullPage: true });

  await balance.tab('贡献度');
  await expect(page.getByTestId('contrib-chart').locator('canvas')).toBeVisible();
  // The panel opens on the indicator with the highest CV; its table lists every school in that section.
  const worst = view.result.sections
    .flatMap((sec) => sec.indicators.map((i) => ({ section: sec.section, code: i.code, cv: i.cv ?? -1 })))
    .reduce((a, b) => (b.cv > a.cv ? b : a));
  const worstTable = view.result.contributions.find((t) => t.section === worst.section && t.code === worst.code)!;
  await expect(page.getByTestId('contrib-table').locator('tbody tr.ant-table-row')).toHaveCount(worstTable.contributions.length);
  await expect(page.getByTestId('contrib-table')).toContainText(worstTable.contributions[0].schoolName);
  await page.screenshot({ path: shot('balance-04-contributions'), fullPage: true });

  await balance.tab('达标差距');
  await expect(page.getByTestId('gap-table')).toContainText('柳林乡中心小学');
  await expect(page.getByTestId('gap-table')).toContainText('县级及以上骨干教师');
  await expect(page.getByTestId('gap-totals')).toContainText('网络多媒体教室');
  await page.screenshot({ path: shot('balance-05-gaps'), fullPage: true });

  // What-if: give 柳林乡中心小学 exactly what gap planning says it needs.
  const school = view.input.schools.find((s) => s.name === '柳林乡中心小学')!;
  const stats = school.stats as Record<string, number>;
  const plan = (code: string) => view.result.gaps.items.find((g) => g.schoolId === school.id && g.code === code)!.planAmount;
  const planned = { backboneTeachers: stats.backboneTeachers + plan('L2'), equipmentValue: stats.equipmentValue + plan('L6'), multimediaRooms: stats.multimediaRooms + plan('L7') };
  await balance.tab('测算');
  await balance.choose('测算学校', '柳林乡中心小学', true);
  await page.getByRole('spinbutton', { name: '计划县级及以上骨干教师数' }).fill(String(planned.backboneTeachers));
  await page.getByRole('spinbutton', { name: '计划教学仪器设备资产值' }).fill(String(planned.equipmentValue));
  await page.getByRole('spinbutton', { name: '计划网络多媒体教室数' }).fill(String(planned.multimediaRooms));
  await page.getByRole('spinbutton', { name: '计划网络多媒体教室数' }).blur();
  await expect(page.getByTestId('whatif-verdict-primary')).toHaveText('测算：达标');
  const w = await api<WhatIfView>(desk, 'balance.whatIf', { year: 2025, changes: [{ schoolId: school.id, stats: planned }] });
  for (const c of w.coefficientChanges.filter((x) => x.section === 'primary')) {
    await expect(page.getByTestId(`whatif-cv-primary-${c.code}`)).toHaveText(formatForDisplay(c.after, 'cv'));
  }
  await page.getByTestId('whatif-verify').click();
  await expect(page.getByText('正式计算的结果与本页测算一致。')).toBeVisible();
  await page.screenshot({ path: shot('balance-06-what-if'), fullPage: true });

  await balance.tab('历年趋势');
  await expect(page.getByTestId('trend-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('trend-table').locator('tbody tr.ant-table-row')).toHaveCount(3);
  await page.screenshot({ path: shot('balance-07-trend'), fullPage: true });

  await balance.tab('排除与提示');
  await expect(page.getByTestId('exclusions')).toContainText('云溪区特殊教育学校：特殊教育学校不参与校际均衡计算');
  await expect(page.getByTestId('exclusions')).toContainText('柳林乡河湾小学：已于 2024-08-31 撤并');
  await page.screenshot({ path: shot('balance-08-notices'), fullPage: true });

  // A manual override through the editor: kept, shown, and used.
  await balance.tab('人工调整');
  await balance.choose('调整学校', '石门镇初级中学', true);
  await balance.choose('调整学段', '初中');
  await page.getByRole('combobox', { name: '调整项目' }).click();
  await page.locator('.ant-select-dropdown:visible').getByText('L2 每百名学生拥有县级以上骨干教师数：县级及以上骨干教师（人）').click();
  await page.getByRole('spinbutton', { name: '调整数值' }).fill('7');
  await page.getByRole('textbox', { name: '调整说明' }).fill('区级骨干教师认定名单');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('overrides-table')).toContainText('区级骨干教师认定名单');
  await expect(page.getByRole('tab', { name: '人工调整（1）' })).toBeVisible();
  await page.screenshot({ path: shot('balance-09-overrides'), fullPage: true });
  const after = await api<BalanceView>(desk, 'balance.compute', { year: 2025 });
  const shimen = after.result.schools.find((s) => s.schoolName === '石门镇初级中学')!.sections[0];
  expect(shimen.values.find((v) => v.code === 'L2')).toMatchObject({ source: 'override', numerator: 7 });

  // Stored options: the modal shows the national default weights.
  await page.getByRole('button', { name: '计算设置' }).click();
  await expect(page.getByRole('spinbutton', { name: '九年一贯制初中权重' })).toHaveValue('1.10');
  await page.screenshot({ path: shot('balance-10-options') });
  await page.getByRole('button', { name: '取消' }).click();

  // Export to xlsx.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toBe('差异系数-2025-优质均衡.xlsx');
});

test('差异系数：年份、评估标准、学段、标签页和所选指标在地址中，刷新和后退都保留；图表组件在显示图表时才加载', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const chartRequests: string[] = [];
  page.on('request', (r) => {
    if (/echarts-parts/.test(r.url())) chartRequests.push(r.url());
  });
  await page.reload();
  const balance = new BalancePage(page);
  await balance.goto();
  await expect(balance.attainmentRow('柳林乡中心小学').first()).toBeVisible();
  // The attainment table has no chart: ECharts is not loaded yet.
  expect(chartRequests).toEqual([]);

  await balance.choose('年份', '2024 年');
  await balance.choose('评估标准', '县域义务教育基本均衡发展（2012）');
  await page.getByTestId('balance-section').getByText('初中', { exact: true }).click();
  await balance.tab('贡献度');
  await expect(page.getByTestId('contrib-chart').locator('canvas')).toBeVisible();
  expect(chartRequests.length).toBe(1);
  const view = await api<BalanceView>(desk, 'balance.compute', { year: 2024, profile: 'basic2012', section: 'junior' });
  const second = view.result.contributions[1];
  const secondLabel = `初中 ${second.code} ${second.name}`;
  await balance.choose('选择指标', secondLabel);
  await expect(page.getByTestId('contrib-table')).toContainText(second.contributions[0].schoolName);
  await expect(page).toHaveURL(/year=2024/);
  await expect(page).toHaveURL(/profile=basic2012/);
  await expect(page).toHaveURL(/section=junior/);
  await expect(page).toHaveURL(/tab=contrib/);
  await expect(page).toHaveURL(/indicator=junior(%7C|\|)/);

  await page.reload();
  await expect(page.getByTestId('balance-year')).toContainText('2024 年');
  await expect(page.getByTestId('balance-profile')).toContainText('县域义务教育基本均衡发展（2012）');
  await expect(page.getByTestId('balance-section').locator('.ant-segmented-item-selected')).toHaveText('初中');
  await expect(page.getByRole('tab', { name: '贡献度' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('contrib-indicator')).toContainText(secondLabel);

  // The figures are those of the chosen year, standard and section.
  await balance.tab('差异系数');
  const junior = view.result.sections.find((s) => s.section === 'junior')!;
  for (const i of junior.indicators) await expect(balance.cv('junior', i.code)).toHaveText(formatForDisplay(i.cv, 'cv'));
  await expect(page.getByTestId('cv-table-primary')).toHaveCount(0);

  // Back returns to the previous tab, then the previous indicator.
  await page.goBack();
  await expect(page.getByRole('tab', { name: '贡献度' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('contrib-indicator')).toContainText(secondLabel);
  await page.goBack();
  await expect(page.getByTestId('contrib-indicator')).not.toContainText(secondLabel);
});

test('差异系数：未保存的人工调整——导出前询问是否先保存，取消则不导出；切换标签页前询问', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.reload();
  const balance = new BalancePage(page);
  await balance.goto();
  await balance.tab('人工调整');
  await balance.choose('调整学校', '石门镇初级中学', true);
  await balance.choose('调整学段', '初中');
  await page.getByRole('combobox', { name: '调整项目' }).click();
  await page.locator('.ant-select-dropdown:visible').getByText('L2 每百名学生拥有县级以上骨干教师数：县级及以上骨干教师（人）').click();
  await page.getByRole('spinbutton', { name: '调整数值' }).fill('7');

  // 导出 with the figure unsaved: asked first; 取消 does nothing.
  let downloaded = 0;
  page.on('download', () => downloaded++);
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const ask = page.getByRole('dialog', { name: '先保存再导出？' });
  await expect(ask).toContainText('2025 年未保存的人工调整尚未保存');
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(ask).toHaveCount(0);
  expect(downloaded).toBe(0);
  expect(await api<unknown[]>(desk, 'balance.listOverrides', { year: 2025 })).toEqual([]);

  // 保存后导出: the figure is saved, then the workbook is exported.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  await page.getByRole('dialog', { name: '先保存再导出？' }).getByRole('button', { name: '保存后导出' }).click();
  expect((await download).suggestedFilename()).toBe('差异系数-2025-优质均衡.xlsx');
  await expect(page.getByRole('tab', { name: '人工调整（1）' })).toBeVisible();
  expect(await api<unknown[]>(desk, 'balance.listOverrides', { year: 2025 })).toHaveLength(1);

  // A note typed but not saved: switching tab asks; 放弃修改 drops it.
  await page.getByRole('textbox', { name: '调整说明' }).fill('待核实');
  await balance.tab('差异系数');
  const dialog = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(dialog.getByTestId('unsaved-list')).toContainText('2025 年未保存的人工调整');
  await dialog.getByRole('button', { name: '继续编辑' }).click();
  await expect(page.getByRole('textbox', { name: '调整说明' })).toHaveValue('待核实');
  await balance.tab('差异系数');
  await dialog.getByRole('button', { name: '放弃修改' }).click();
  await expect(page.getByRole('tab', { name: '差异系数' })).toHaveAttribute('aria-selected', 'true');
  await balance.tab('人工调整');
  await expect(page.getByRole('textbox', { name: '调整说明' })).toHaveValue('');
});

test('差异系数：1366×768 下学校和结论列固定，指标列不被遮挡；表格可按学校排序、按结论筛选', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.reload();
  const balance = new BalancePage(page);
  await balance.goto();
  const table = page.getByTestId('attainment-table');
  const header = (name: string) => table.locator('thead th', { hasText: name }).first();
  const box = async (name: string) => (await header(name).boundingBox())!;
  // Scrolled fully left and fully right, every indicator column sits between the fixed school and verdict columns.
  for (const to of ['start', 'end'] as const) {
    await table.locator('.ant-table-content, .ant-table-body').first().evaluate((el, where) => el.scrollTo({ left: where === 'end' ? el.scrollWidth : 0 }), to);
    const school = await box('学校');
    const section = await box('学段');
    const verdict = await box('结论');
    // 学段 stays beside 学校 (a nine-year school has two rows), never under it.
    expect(section.x).toBeGreaterThanOrEqual(school.x + school.width - 1);
    await expect(header('学段')).toBeVisible();
    const visible = to === 'start' ? 'L1' : 'L7';
    const ind = await box(visible);
    expect(ind.x).toBeGreaterThanOrEqual(section.x + section.width - 1);
    expect(ind.x + ind.width).toBeLessThanOrEqual(verdict.x + 1);
    expect(verdict.x + verdict.width).toBeLessThanOrEqual(1366);
  }
  await page.screenshot({ path: shot('balance-11-1366') });

  // Sort by school: descending is ascending reversed.
  const names = () => table.getByTestId('attainment-school').allTextContents();
  await header('学校').click();
  const ascending = await names();
  await header('学校').click();
  expect(await names()).toEqual([...ascending].reverse());
  await header('学校').click();

  // Filter by verdict: only failing rows remain.
  await header('结论').getByRole('button').click();
  await page.locator('.ant-table-filter-dropdown:visible').getByText('未达标', { exact: true }).click();
  await page.locator('.ant-table-filter-dropdown:visible').getByRole('button', { name: '确定' }).click();
  const verdicts = await table.getByTestId('verdict').allTextContents();
  expect(verdicts.length).toBeGreaterThan(0);
  expect(new Set(verdicts)).toEqual(new Set(['未达标']));
});

test('差异系数：最新年份只有个别学校的数据时，默认显示最近一个数据完整的年份并说明；地址中的年份优先', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  // The schools of the 2026 census (the demo's closed school is not among them).
  const census = [...new Set((await api<{ schoolId: number }[]>(desk, 'stats.completeness', { year: 2026 })).map((r) => r.schoolId))];
  expect(census.length).toBeGreaterThan(2);
  // A new-user trial: one school has started entering 2026.
  await api(desk, 'stats.save', { schoolId: census[0], year: 2026, values: { books: 5000 } });
  await page.reload();
  const balance = new BalancePage(page);
  await balance.goto();
  await expect(page.getByTestId('balance-year')).toContainText('2025 年');
  const notice = page.getByTestId('balance-year-notice');
  await expect(notice).toContainText(`2026 年仅 1 所学校有数据（共 ${census.length} 所），已显示 2025 年`);
  await expect(page).not.toHaveURL(/year=/);

  // One click opens the sparse year; the year is then in the address and the notice is gone.
  await notice.getByRole('button', { name: '查看 2026 年' }).click();
  await expect(page).toHaveURL(/year=2026/);
  await expect(page.getByTestId('balance-year')).toContainText('2026 年');
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('balance-year')).toContainText('2026 年');
  await expect(notice).toHaveCount(0);

  // Once most schools have 2026 figures, 2026 is the default again.
  for (const id of census.slice(1, Math.ceil(census.length / 2))) await api(desk, 'stats.save', { schoolId: id, year: 2026, values: { books: 4000 } });
  await page.goto(`${desk.origin}/#/balance`);
  await expect(page.getByTestId('balance-verdicts')).toBeVisible();
  await expect(page.getByTestId('balance-year')).toContainText('2026 年');
  await expect(notice).toHaveCount(0);
});
