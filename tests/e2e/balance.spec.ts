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
  await expect(page.getByText('服务器重新计算的结果与页面一致。')).toBeVisible();
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
