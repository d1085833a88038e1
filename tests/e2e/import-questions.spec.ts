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
