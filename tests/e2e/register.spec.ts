import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { School } from '../../shared/api/contracts/schools';
import type { StatRecord } from '../../shared/api/contracts/statistics';
import { formatDate } from '../../shared/domain/text/datetime';
import { api, expect, test } from './fixtures';
import { ImportWizard } from './pages/import-wizard';
import { SchoolsPage } from './pages/schools-page';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => path.join(SHOTS, `${name}.png`);

/** Year after the demo's latest, so every imported row is new. */
const YEAR = 2026;

interface StatsRow {
  code: string;
  name: string;
  pupils: number | string;
  classes: number;
  sizes: string;
  equipmentWan: number;
}

async function statsWorkbook(rows: StatsRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校统计');
  ws.addRow(['学校标识码', '学校名称', '年份', '小学在校生数（人）', '小学班级数（个）', '小学各班人数（人）', '教学仪器设备资产值（万元）']);
  for (const r of rows) ws.addRow([r.code, r.name, YEAR, r.pupils, r.classes, r.sizes, r.equipmentWan]);
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('空名册：加载演示数据，列表、搜索与筛选', async ({ app: page }) => {
  await expect(page.getByTestId('product-name')).toHaveText('督导评估工作台');
  // The token must not stay in the address bar.
  expect(page.url()).not.toContain('token=');
  const empty = page.getByTestId('empty-register');
  await expect(empty).toBeVisible();
  await expect(empty.getByRole('button', { name: '导入学校名册' })).toBeVisible();
  await page.screenshot({ path: shot('01-empty-register'), fullPage: true });

  await empty.getByRole('button', { name: '加载演示数据' }).click();
  const list = new SchoolsPage(page);
  await expect(list.rows).toHaveCount(20); // default page size; the demo has 21 schools
  await expect(page.getByText('共 21 所学校', { exact: true })).toBeVisible();
  await page.screenshot({ path: shot('02-school-list'), fullPage: true });

  await list.search('实验');
  await expect(list.rows).toHaveCount(3);
  for (const name of await list.rows.locator('[data-testid=school-link]').allTextContents()) expect(name).toContain('实验');
  await list.search('林晓梅'); // principal
  await expect(list.rows).toHaveCount(1);
  await expect(list.rows.first()).toContainText('云溪区实验小学');
  await list.search('');

  await list.filter('按学校类型筛选', '初中');
  await expect(list.rows).toHaveCount(4);
  await list.filter('按城乡筛选', '镇区');
  await expect(list.rows).toHaveCount(2);
  await expect(list.table).toContainText('桃源镇初级中学');
  await list.clearFilter('filter-type');
  await list.clearFilter('filter-locality');
  await list.filter('按办学状态筛选', '撤并');
  await expect(list.rows).toHaveCount(1);
  await expect(list.rows.first()).toHaveClass(/row-closed/);
  await expect(list.rows.first()).toContainText('撤并（2024-08-31）');
  await list.clearFilter('filter-status');
  await list.filter('按乡镇（街道）筛选', '白沙乡');
  await expect(list.rows).toHaveCount(3);
});

test('通过向导导入统计数据：有错不入库，正确文件入库，重复导入无变化', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const schools = await api<School[]>(desk, 'schools.list');
  const yucai = schools.find((s) => s.name === '云溪区育才小学')!;
  const taoyuan = schools.find((s) => s.name === '桃源镇中心小学')!;
  await page.reload();
  const list = new SchoolsPage(page);
  await expect(list.rows.first()).toBeVisible();

  const wizard = new ImportWizard(page);

  // 1) A file with text in a number column: the preview names sheet, row and column; nothing is stored.
  const bad = await statsWorkbook([
    { code: yucai.code!, name: yucai.name, pupils: 1333, classes: 29, sizes: '45,46,44', equipmentWan: 123.45 },
    { code: taoyuan.code!, name: taoyuan.name, pupils: '八百', classes: 18, sizes: '48,47', equipmentWan: 80 },
  ]);
  await wizard.open();
  await page.screenshot({ path: shot('03-import-choose') });
  await wizard.chooseStats(YEAR, { name: '统计数据-有错.xlsx', buffer: bad });
  await wizard.preview();
  await expect(wizard.errors).toBeVisible();
  const errorRow = wizard.errors.locator('tbody tr.ant-table-row').first();
  await expect(errorRow).toContainText('统计数据-有错.xlsx');
  await expect(errorRow).toContainText('学校统计');
  await expect(errorRow.locator('td').nth(2)).toHaveText('3');
  await expect(errorRow).toContainText('D（小学在校生数（人））');
  await expect(errorRow.locator('td').nth(4)).toHaveText(/[\u4e00-\u9fa5]/);
  await expect(wizard.confirm).toBeDisabled();
  await page.screenshot({ path: shot('04-import-errors') });
  const afterBad = await api<StatRecord[]>(desk, 'stats.forSchool', { schoolId: yucai.id });
  expect(afterBad.some((r) => r.year === YEAR)).toBe(false);

  // 2) The corrected file: preview, commit.
  const good = await statsWorkbook([
    { code: yucai.code!, name: yucai.name, pupils: 1333, classes: 29, sizes: '45,46,44', equipmentWan: 123.45 },
    { code: taoyuan.code!, name: taoyuan.name, pupils: 812, classes: 18, sizes: '48,47', equipmentWan: 80 },
  ]);
  await wizard.back();
  await wizard.chooseStats(YEAR, { name: '统计数据.xlsx', buffer: good });
  await wizard.preview();
  await expect(wizard.count('new')).toHaveText('2');
  await expect(wizard.count('errors')).toHaveText('0');
  await expect(wizard.dialog.getByTestId('import-rows')).toContainText('云溪区育才小学');
  await expect(wizard.confirm).toBeEnabled();
  await page.screenshot({ path: shot('05-import-preview') });
  await wizard.confirm.click();
  await expect(wizard.dialog.getByTestId('import-done')).toContainText('新增 2 条');
  await wizard.close();

  // 3) The values appear in the statistics editor; a field the file left out stays empty, not 0.
  await list.openSchool('云溪区育才小学');
  await page.getByRole('tab', { name: '统计数据' }).click();
  await page.getByTestId('stats-year').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(`${YEAR} 年`).click();
  await expect(page.getByRole('spinbutton', { name: '小学在校生数' })).toHaveValue('1333');
  await expect(page.getByRole('spinbutton', { name: '小学班级数' })).toHaveValue('29');
  // Class sizes: one row per class in a small table, not one comma-separated line.
  const sizes = page.getByTestId('stat-classSizesPrimary');
  await expect(sizes.getByRole('spinbutton')).toHaveCount(3);
  await expect(page.getByRole('spinbutton', { name: '小学各班人数 第 1 班' })).toHaveValue('45');
  await expect(page.getByRole('spinbutton', { name: '小学各班人数 第 3 班' })).toHaveValue('44');
  await expect(sizes).toContainText('共 3 班，合计 135 人');
  await expect(page.getByRole('spinbutton', { name: '教学仪器设备资产值' })).toHaveValue('1234500');
  await expect(page.getByRole('spinbutton', { name: '图书册数' })).toHaveValue('');
  await page.screenshot({ path: shot('06-stats-editor'), fullPage: true });

  // 4) Importing the same file again changes nothing.
  await page.getByRole('button', { name: '返回学校列表' }).click();
  await wizard.open();
  await wizard.chooseStats(YEAR, { name: '统计数据.xlsx', buffer: good });
  await wizard.preview();
  await expect(wizard.count('unchanged')).toHaveText('2');
  await expect(wizard.count('new')).toHaveText('0');
  await expect(wizard.count('changed')).toHaveText('0');
  await expect(wizard.dialog.getByText('导入不会改变任何内容')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(wizard.dialog).toBeHidden();

  // 5) The import ran as a job: 作业记录 keeps it with its report.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  const job = page.getByTestId('jobs-table').locator('tr.ant-table-row').filter({ hasText: '导入统计数据“统计数据.xlsx”' });
  await expect(job.getByTestId('job-state')).toHaveText('已完成');
  await job.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('job-result')).toContainText('已导入“统计数据.xlsx”：新增 2 条，修改 0 条，无变化 0 条');
});

const REGISTER_FIXTURES = path.resolve(import.meta.dirname, '../../main/exchange/register/fixtures');

test('导入学校名册：名称只差空格或不可见字符的按同一所学校处理，国家统计口径自动换算；表单不能新建看起来相同的学校', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.reload();
  const list = new SchoolsPage(page);
  await expect(list.rows.first()).toBeVisible();
  const wizard = new ImportWizard(page);
  const chooseRegister = async (name: string) => {
    await wizard.dialog.getByText('学校名册', { exact: true }).click();
    await wizard.dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: fs.readFileSync(path.join(REGISTER_FIXTURES, name)) });
    await expect(wizard.dialog.getByText(name)).toBeVisible();
  };

  await wizard.open();
  await chooseRegister('school-names-invisible-characters.csv');
  await wizard.preview();
  await expect(wizard.count('new')).toHaveText('0');
  await expect(wizard.count('unchanged')).toHaveText('4');
  await expect(wizard.count('errors')).toHaveText('0');
  const notices = wizard.dialog.getByTestId('import-notices');
  await expect(notices).toContainText('第 2 行的“石门镇 中心小学”与名册中的“石门镇中心小学”只差空格，按同一所学校处理，名称保持不变');
  await expect(notices).toContainText('第 3 行“柳林乡中心小学⟨U+200B⟩”、第 4 行“桃源镇中心小学⟨U+00A0⟩”');
  await page.screenshot({ path: shot('11-import-register-invisible') });

  await wizard.back();
  await chooseRegister('register-statistics-system-vocabulary.csv');
  await wizard.preview();
  await expect(wizard.count('unchanged')).toHaveText('5');
  await expect(wizard.count('errors')).toHaveText('0');
  await expect(notices).toContainText('城乡“111”（主城区）（第 6 行）按国家统计城乡划分代码记为“城区”');
  await expect(notices).toContainText('学校类型“小学教学点”（第 4 行）按教育统计学校类别记为“教学点”');
  await page.screenshot({ path: shot('12-import-register-vocabulary') });
  await page.keyboard.press('Escape'); // nothing to import: leave the preview without committing
  await expect(wizard.dialog).toBeHidden();
  expect((await api<School[]>(desk, 'schools.list')).length).toBe(21);

  // The form goes through the same rules: a name that only looks different is refused.
  await page.getByRole('button', { name: '新增学校' }).click();
  const dialog = page.getByRole('dialog', { name: '新增学校' });
  await dialog.getByLabel('学校名称').fill('石门镇 中心小学');
  // The dialog loads on first use and opens with an animation: choose again until the choice shows.
  await expect(async () => {
    await dialog.getByLabel('学校类型').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('小学', { exact: true }).click({ timeout: 2_000 });
    await expect(dialog.locator('.ant-select', { hasText: '小学' })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await dialog.getByText('镇区', { exact: true }).click();
  await dialog.getByRole('button', { name: '创建' }).click();
  await expect(page.getByText('已有学校“石门镇中心小学”，与“石门镇 中心小学”只差空格，不能再建一所看起来相同的学校')).toBeVisible();
  await dialog.getByLabel('学校标识码').fill('12345');
  await expect(dialog.getByText('“12345”不是有效的学校标识码，应为 10 位数字')).toBeVisible();
  expect((await api<School[]>(desk, 'schools.list')).length).toBe(21);
});

test('编辑学校后刷新仍保留，导出名册', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.reload();
  const list = new SchoolsPage(page);
  await list.openSchool('桃源镇中心小学');
  const principal = page.getByRole('textbox', { name: '校长' });
  await expect(principal).toHaveValue('黄志强');
  await principal.fill('黄晓东');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存学校信息')).toBeVisible();
  await page.screenshot({ path: shot('07-school-detail'), fullPage: true });

  await page.reload();
  await expect(page.getByTestId('school-title')).toHaveText('桃源镇中心小学');
  await expect(page.getByRole('textbox', { name: '校长' })).toHaveValue('黄晓东');

  // 撤并 without a date is refused in Chinese before anything is sent.
  await page.getByText('撤并', { exact: true }).click();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('撤并的学校须填写撤并日期')).toBeVisible();

  // Leaving with the unsaved 撤并 asks first; 放弃修改 leaves and nothing is stored.
  await page.getByRole('button', { name: '返回学校列表' }).click();
  const unsaved = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(unsaved).toContainText('“桃源镇中心小学”的学校信息');
  await unsaved.getByRole('button', { name: '放弃修改' }).click();

  // Campuses: list, add one, and per-campus statistics (nothing recorded yet → empty, not 0).
  await list.openSchool('云溪区实验小学');
  await page.getByRole('tab', { name: /校区/ }).click();
  const campuses = page.getByTestId('campus-table');
  await expect(campuses).toContainText('本部');
  await expect(campuses).toContainText('北校区');
  await page.getByRole('button', { name: /新增校区/ }).click();
  const campusDialog = page.getByRole('dialog', { name: '新增校区' });
  await campusDialog.getByLabel('校区名称').fill('南校区');
  await campusDialog.getByRole('switch').click();
  await campusDialog.getByRole('button', { name: '保存', exact: true }).click();
  await expect(campuses.getByRole('row', { name: /南校区/ })).toContainText('单独评估');
  await page.getByRole('tab', { name: '统计数据' }).click();
  await expect(page.getByRole('spinbutton', { name: '小学在校生数' })).not.toHaveValue('');
  await page.getByTestId('stats-scope').getByText('南校区').click();
  await expect(page.getByText('正在编辑：2025 年 · 南校区')).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: '小学在校生数' })).toHaveValue('');
  await page.getByRole('spinbutton', { name: '小学在校生数' }).fill('420');
  await page.getByRole('button', { name: '保存统计数据' }).click();
  await expect(page.getByText('已保存 2025 年南校区统计数据')).toBeVisible();
  await page.screenshot({ path: shot('08-campus-stats') });

  await page.getByRole('button', { name: '返回学校列表' }).click();
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出名册' }).click();
  const download = await downloadPromise;
  const today = formatDate(new Date());
  expect(download.suggestedFilename()).toBe(`学校名册_${today}.xlsx`);
  const file = path.join(SHOTS, download.suggestedFilename());
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const text = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()));
  expect(text).toContain('黄晓东');

  // 导出所选 writes a file of its own name, saying how many schools it holds.
  await list.table.getByRole('checkbox', { name: '选择“桃源镇中心小学”' }).check();
  await list.table.getByRole('checkbox', { name: '选择“云溪区实验小学”' }).check();
  const chosenPromise = page.waitForEvent('download');
  await page.getByTestId('batch-bar').getByRole('button', { name: '导出所选' }).click();
  expect((await chosenPromise).suggestedFilename()).toBe(`学校名册（所选2所）_${today}.xlsx`);
});

test('设置页：关于、演示数据替换确认、备份与操作日志', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.getByRole('menuitem', { name: '设置' }).click();
  await expect(page.getByTestId('about-card')).toContainText('浏览器模式');
  await expect(page.getByTestId('data-dir')).toContainText(desk.dataDir);
  await expect(page.getByTestId('audit-card')).toContainText('加载演示数据');

  await page.getByTestId('demo-card').getByRole('button', { name: '加载演示数据' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: '替换现有数据？' });
  await expect(confirm).toContainText('学校名册中已有 21 所学校');
  await confirm.getByRole('button', { name: '替换现有数据' }).click();
  await expect(page.getByText(/已加载演示数据/)).toBeVisible();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '立即备份' }).click();
  expect((await downloadPromise).suggestedFilename()).toMatch(/\S/);
  await page.getByTestId('audit-card').getByRole('button', { name: '刷新' }).click();
  await page.screenshot({ path: shot('09-settings'), fullPage: true });

  await page.getByRole('menuitem', { name: '集团化办学' }).click();
  await expect(page.getByTestId('coming-soon')).toContainText('“集团化办学”模块待建设');
  await page.screenshot({ path: shot('10-coming-soon') });
});
