import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { School } from '../../shared/api/contracts/schools';
import type { StatRecord } from '../../shared/api/contracts/statistics';
import { api, expect, test } from './fixtures';
import { ImportWizard } from './pages/import-wizard';
import { SchoolsPage } from './pages/schools-page';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

/** A statistics file as an office types it: the year in a title row, no unit on the money column. */
async function unitlessWorkbook(code: string, name: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校统计');
  ws.addRow(['2025年义务教育学校办学条件统计表']);
  ws.addRow(['学校标识码', '学校名称', '小学在校生数', '教学仪器设备资产值']);
  ws.addRow([code, name, 812, 183.37]);
  ws.addRow([null, '合计', 812, 183.37]);
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('导入时的待确认问题：年份不一致、金额无单位，按所选重新预览后入库', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const schools = await api<School[]>(desk, 'schools.list');
  const taoyuan = schools.find((s) => s.name === '桃源镇中心小学')!;
  await page.reload();
  await expect(new SchoolsPage(page).rows.first()).toBeVisible();

  const wizard = new ImportWizard(page);
  await wizard.open();
  await wizard.chooseStats(2024, { name: '办学条件统计表.xlsx', buffer: await unitlessWorkbook(taoyuan.code!, taoyuan.name) });
  await wizard.preview();

  // The title says 2025 while 2024 was chosen: one question, no error per row; nothing can be stored yet.
  const questions = wizard.dialog.getByTestId('import-questions');
  await expect(questions).toBeVisible();
  await expect(questions.getByTestId('question-year')).toContainText('第 1 行标题写的是 2025 年');
  await expect(wizard.count('errors')).toHaveText('0');
  await expect(wizard.confirm).toBeDisabled();
  await questions.getByLabel('改用文件中的年份（2025）').check();
  await questions.getByRole('button', { name: '按所选重新预览' }).click();

  // Then the money column without a unit: 元 or 万元 is the user's call, shown with the file's values.
  const unit = wizard.dialog.getByTestId('question-unit:equipmentValue');
  await expect(unit).toContainText('没有注明金额单位');
  await expect(unit).toContainText('183.37');
  await expect(wizard.confirm).toBeDisabled();
  await unit.getByLabel('万元（乘以 10000 换算为元保存）').check();
  await wizard.dialog.getByRole('button', { name: '按所选重新预览' }).click();

  await expect(wizard.dialog.getByTestId('import-questions')).toHaveCount(0);
  const notices = wizard.dialog.getByTestId('import-notices');
  await expect(notices).toContainText('按万元读取（您在预览中选择），换算为元保存');
  await expect(notices).toContainText('第 4 行是合计行，已跳过');
  await expect(notices).toContainText('按文件第 1 行标题中的年份 2025 导入');
  await page.screenshot({ path: path.join(SHOTS, 'import-questions-answered.png') });
  await expect(wizard.confirm).toBeEnabled();
  await wizard.confirm.click();
  await expect(wizard.dialog.getByTestId('import-done')).toBeVisible();
  await wizard.close();

  const records = await api<StatRecord[]>(desk, 'stats.forSchool', { schoolId: taoyuan.id });
  const y2025 = records.find((r) => r.year === 2025 && r.campusId === null)!;
  expect(y2025.values.equipmentValue).toBe(1833700);
  expect(y2025.values.pupilsPrimary).toBe(812);
  expect(records.some((r) => r.year === 2024 && r.values.pupilsPrimary === 812)).toBe(false);
});

/** A 小学's statistics whose title states 元 and a 年份 column saying 2024, over a header stating 万元 and a formula's 0 for 初中在校生数. */
async function conflictingWorkbook(code: string, name: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校统计');
  ws.addRow(['2025年学校基本情况统计表（单位：元）']);
  ws.addRow(['学校标识码', '学校名称', '年份', '小学在校生数', '初中在校生数', '教学仪器设备资产值（万元）']);
  ws.addRow([code, name, 2024, 812, { formula: 'SUM(G3:I3)', result: 0 }, 183.37]);
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('标题与表格不一致：年份、金额单位都要用户确认，小学的初中在校生数 0 忽略并说明', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const schools = await api<School[]>(desk, 'schools.list');
  const taoyuan = schools.find((s) => s.name === '桃源镇中心小学')!;
  await page.reload();
  await expect(new SchoolsPage(page).rows.first()).toBeVisible();

  const wizard = new ImportWizard(page);
  await wizard.open();
  await wizard.chooseStats(2024, { name: '基本情况统计表.xlsx', buffer: await conflictingWorkbook(taoyuan.code!, taoyuan.name) });
  await wizard.preview();

  // The title year against the 年份 column: both named, nothing stored until answered.
  const year = wizard.dialog.getByTestId('question-year');
  await expect(year).toContainText('第 1 行标题写的是 2025 年，而“年份”列（C 列）写的是 2024 年');
  await expect(wizard.confirm).toBeDisabled();
  await year.getByLabel('按“年份”列中的年份（2024，与导入时选择的相同）').check();
  await wizard.dialog.getByRole('button', { name: '按所选重新预览' }).click();

  // The title's 元 against the header's 万元.
  const unit = wizard.dialog.getByTestId('question-titleUnit:money');
  await expect(unit).toContainText('第 1 行标题注明金额单位为“元”');
  await expect(unit).toContainText('表头注明万元');
  await expect(wizard.confirm).toBeDisabled();
  await unit.getByLabel('按各列自己注明的单位（F 列按万元）').check();
  await wizard.dialog.getByRole('button', { name: '按所选重新预览' }).click();

  await expect(wizard.dialog.getByTestId('import-questions')).toHaveCount(0);
  const notices = wizard.dialog.getByTestId('import-notices');
  await expect(notices).toContainText('按万元读取（表头注明；第 1 行标题写的元按您的选择未采用）');
  await expect(notices).toContainText('小学不填初中在校生数：第 3 行为 0，按 0 保存（不计入该校的任何计算）');
  await expect(wizard.count('errors')).toHaveText('0');
  await wizard.confirm.click();
  await expect(wizard.dialog.getByTestId('import-done')).toBeVisible();
  await wizard.close();

  const records = await api<StatRecord[]>(desk, 'stats.forSchool', { schoolId: taoyuan.id });
  const y2024 = records.find((r) => r.year === 2024 && r.campusId === null)!;
  expect(y2024.values.equipmentValue).toBe(1833700);
  expect(y2024.values.pupilsPrimary).toBe(812);
  expect(y2024.values.pupilsJunior).toBe(0);
});
