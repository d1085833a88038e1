import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test } from './fixtures';
import { ImportWizard } from './pages/import-wizard';
import { SchoolsPage } from './pages/schools-page';

const YEAR = 2025;
const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

async function statsWorkbook(code: string, name: string, equipment: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校统计');
  ws.addRow(['学校标识码', '学校名称', '年份', '小学在校生数（人）', '教学仪器设备资产值（元）']);
  ws.addRow([code, name, YEAR, 800, equipment]);
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('统计数据的来源：手工录入后导入，预览提醒覆盖，导入后显示文件名，历史中保留手工值', async ({ app: page, desk }) => {
  const school = await api<School>(desk, 'schools.create', { code: '3601009001', name: '来源小学', type: '小学', locality: '城区' });
  await api(desk, 'stats.save', { schoolId: school.id, year: YEAR, values: { pupilsPrimary: 800 } });
  await page.reload();
  const list = new SchoolsPage(page);
  await expect(list.rows.first()).toBeVisible();

  // 1) Enter a value by hand in the statistics editor.
  await list.openSchool('来源小学');
  await page.getByRole('tab', { name: '统计数据' }).click();
  await page.getByRole('spinbutton', { name: '教学仪器设备资产值' }).fill('1833700');
  await page.getByRole('button', { name: '保存统计数据' }).click();
  await expect(page.getByTestId('stat-source-equipmentValue')).toContainText('手工录入 测试员');

  // 2) Import a file that changes it: the preview says the hand-entered value will be replaced.
  await page.getByRole('button', { name: '返回学校列表' }).click();
  const wizard = new ImportWizard(page);
  await wizard.open();
  await wizard.chooseStats(YEAR, { name: '办学条件统计.xlsx', buffer: await statsWorkbook(school.code!, school.name, 1900000) });
  await wizard.preview();
  await expect(wizard.count('changed')).toHaveText('1');
  const overwrites = wizard.dialog.getByTestId('import-overwrites');
  await expect(wizard.dialog.getByText('导入将覆盖 1 项手工录入的数据')).toBeVisible();
  await expect(overwrites).toContainText('第 2 行');
  await expect(overwrites).toContainText('教学仪器设备资产值：现有值 1,833,700 元为 测试员');
  await expect(overwrites).toContainText('手工录入，导入将改为 1,900,000 元');
  await expect(wizard.confirm).toBeEnabled();
  await page.screenshot({ path: path.join(SHOTS, 'provenance-import-preview.png') });
  await wizard.confirm.click();
  await expect(wizard.dialog.getByTestId('import-done')).toBeVisible();
  await wizard.close();

  // 3) The field now shows the import with the file's name; its history keeps the manual value.
  await list.openSchool('来源小学');
  await page.getByRole('tab', { name: '统计数据' }).click();
  await expect(page.getByRole('spinbutton', { name: '教学仪器设备资产值' })).toHaveValue('1900000');
  const tag = page.getByTestId('stat-source-equipmentValue');
  await expect(tag).toHaveText('导入 办学条件统计.xlsx');
  // The file left the pupils unchanged: still the manual value's source.
  await expect(page.getByTestId('stat-source-pupilsPrimary')).toContainText('手工录入 测试员');
  await tag.click();
  const history = page.getByTestId('stat-history-equipmentValue');
  await expect(history).toBeVisible();
  await expect(history).toContainText('1,900,000 元（现值）');
  // Where the value stands in the file (sheet and row), who imported it and when; never the file's hash.
  await expect(history).toContainText('导入，文件“办学条件统计.xlsx”工作表“学校统计”第 2 行，操作人 测试员');
  await expect(history).not.toContainText('SHA');
  await expect(history).toContainText('1,833,700 元');
  await expect(history).toContainText('手工录入，操作人 测试员');
  await page.screenshot({ path: path.join(SHOTS, 'provenance-history.png') });
});
