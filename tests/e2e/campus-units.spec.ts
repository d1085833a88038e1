import fs from 'node:fs';
import path from 'node:path';
import type { BalanceView } from '../../shared/api/contracts/balance';
import type { School } from '../../shared/api/contracts/schools';
import { formatForDisplay } from '../../shared/domain/balance';
import { api, expect, test } from './fixtures';
import { BalancePage } from './pages/balance-page';
import { SchoolsPage } from './pages/schools-page';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => path.join(SHOTS, `${name}.png`);

/**
 * A small district: 景行小学 (1 000 pupils, 5 000 m² of teaching rooms; the whole school, as the
 * national statistics report it) has 本部 and 潭中校区, the latter marked 单独评估 with its own figures
 * (200 pupils, 600 m²); 公园路小学 has 500 pupils and 3 500 m². L4 (生均教学及辅助用房面积):
 *  - 按学校: 5.0 (1 000) and 7.0 (500) → CV = 2√2/17 = 0.1664;
 *  - 按评估单位: 5.5 (800), 3.0 (200), 7.0 (500) → CV = √14/17 = 0.2201.
 */
async function seed(desk: Parameters<typeof api>[0]) {
  // Counts are whole persons and rooms; only L4 matters for the coefficients checked here.
  const full = (pupils: number, area: number) => ({
    pupilsPrimary: pupils,
    teachersAboveDegreePrimary: Math.round(pupils * 0.05),
    backboneTeachers: Math.round(pupils * 0.012),
    peArtTeachersPrimary: Math.round(pupils * 0.01),
    teachingAuxArea: area,
    sportsGroundArea: pupils * 8,
    equipmentValue: pupils * 2200,
    multimediaRooms: Math.round(pupils * 0.025),
  });
  const jx = await api<School>(desk, 'schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  await api(desk, 'schools.saveCampus', { schoolId: jx.id, campus: { name: '本部' } });
  const withCampus = await api<School>(desk, 'schools.saveCampus', { schoolId: jx.id, campus: { name: '潭中校区', evaluatedSeparately: true } });
  const tanzhong = withCampus.campuses.find((c) => c.name === '潭中校区')!.id;
  const gy = await api<School>(desk, 'schools.create', { code: '4502020002', name: '公园路小学', type: '小学', locality: '城区' });
  await api(desk, 'stats.save', { schoolId: jx.id, campusId: null, year: 2025, values: full(1000, 5000) });
  await api(desk, 'stats.save', { schoolId: jx.id, campusId: tanzhong, year: 2025, values: full(200, 600) });
  await api(desk, 'stats.save', { schoolId: gy.id, campusId: null, year: 2025, values: full(500, 3500) });
}

test('a campus with its own statistics: the per-campus option counts it as its own unit, the default folds it into its school and says so', async ({ app: page, desk }) => {
  await seed(desk);
  await page.reload();
  const balance = new BalancePage(page);
  await balance.goto();

  // Default: 按学校. The basis is shown with the results; the campus is not a row of its own.
  const basis = page.getByTestId('balance-basis');
  await expect(basis).toHaveText('计算口径：按学校（国家统计口径）');
  await expect(balance.attainmentRow('公园路小学')).toHaveCount(1);
  await expect(balance.attainmentRow('景行小学')).toHaveCount(1);
  await expect(balance.attainmentRow('景行小学潭中校区')).toHaveCount(0);
  await balance.tab('差异系数');
  await expect(balance.cv('primary', 'L4')).toHaveText('0.1664');
  const byApi = await api<BalanceView>(desk, 'balance.compute', { year: 2025 });
  expect(formatForDisplay(byApi.result.sections[0].indicators.find((i) => i.code === 'L4')!.cv, 'cv')).toBe(formatForDisplay((2 * Math.SQRT2) / 17, 'cv'));

  // 排除与提示 says the flagged campus was folded into its school.
  await balance.tab('排除与提示');
  const notices = page.getByTestId('warnings');
  await expect(notices).toContainText('校区并入学校');
  await expect(notices).toContainText('景行小学潭中校区：单独评估，有 2025 年的校区统计数据；按学校计算（国家统计口径），并入景行小学：采用全校统计数据，该校区的数据已含在内，不另计');
  await page.screenshot({ path: shot('campus-units-01-default-folded'), fullPage: true });

  // Switch to 按评估单位 in 计算设置.
  await page.getByRole('button', { name: '计算设置' }).click();
  const dialog = page.getByRole('dialog', { name: '差异系数计算设置' });
  await dialog.getByRole('radio', { name: '按评估单位（单独评估的校区单列）' }).check();
  await page.screenshot({ path: shot('campus-units-02-options') });
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(basis).toHaveText('计算口径：按评估单位（单独评估的校区单列）');

  // The campus is its own row; the school is the rest; the coefficient is the hand-computed one.
  await balance.tab('学校达标');
  await expect(balance.attainmentRow('景行小学潭中校区')).toHaveCount(1);
  await balance.tab('差异系数');
  await expect(balance.cv('primary', 'L4')).toHaveText('0.2201');
  expect(formatForDisplay(Math.sqrt(14) / 17, 'cv')).toBe('0.2201');
  await balance.tab('排除与提示');
  await expect(notices).toContainText('景行小学潭中校区：单独评估，按评估单位计算，以该校区 2025 年的统计数据单列为一个单位');
  await expect(notices).toContainText('景行小学：按评估单位计算：全校统计数据减去单列的潭中校区后计算');
  await page.screenshot({ path: shot('campus-units-03-per-unit'), fullPage: true });

  // The setting is stored with the other options.
  expect((await api<{ basis: string }>(desk, 'balance.getOptions')).basis).toBe('unit');

  // The school's campus list says the campus is its own 评估单位 and has figures for the year.
  const schools = new SchoolsPage(page);
  await schools.goto();
  await schools.openSchool('景行小学');
  await page.getByRole('tab', { name: /校区/ }).click();
  const row = page.getByTestId('campus-table').getByRole('row', { name: /潭中校区/ });
  await expect(row).toContainText('评估单位：景行小学潭中校区');
  await expect(row).toContainText('已填报');
  await expect(page.getByTestId('campus-table').getByRole('columnheader', { name: '2025 年统计数据' })).toBeVisible();
  await page.screenshot({ path: shot('campus-units-04-campus-list'), fullPage: true });
});

test('保存校区统计数据时，数字超过全校的在字段旁提示并说明两个数字，确认后仍可保存', async ({ app: page, desk }) => {
  const school = await api<School>(desk, 'schools.create', { code: '4502020003', name: '明德小学', type: '小学', locality: '城区' });
  const withCampus = await api<School>(desk, 'schools.saveCampus', { schoolId: school.id, campus: { name: '东校区' } });
  const east = withCampus.campuses.find((c) => c.name === '东校区')!.id;
  await api(desk, 'stats.save', { schoolId: school.id, campusId: null, year: 2025, values: { pupilsPrimary: 1000, books: 20000 } });
  await page.goto(`${desk.origin}/#/schools/${school.id}?tab=stats&year=2025&campus=${east}`);
  await expect(page.getByText('正在编辑：2025 年 · 东校区')).toBeVisible();

  const pupils = page.getByRole('spinbutton', { name: '小学在校生数' });
  await pupils.fill('1200');
  await page.getByRole('spinbutton', { name: '图书册数' }).fill('5000');
  const message = '本校区小学在校生数 1200 人，超过全校的 1000 人，请核对（校区是学校的一部分）';
  await page.getByRole('button', { name: '保存统计数据' }).click();
  // Beside the field (a warning, not an error) and once more in the dialog before saving.
  const item = page.locator('.ant-form-item').filter({ has: pupils });
  await expect(item.locator('.ant-form-item-explain-warning')).toHaveText(message);
  const dialog = page.getByRole('dialog').filter({ hasText: '校区数据与全校数据不一致' });
  await expect(dialog.getByTestId('totals-warnings')).toContainText(message);
  await expect(dialog.getByTestId('totals-warnings')).not.toContainText('图书册数');
  await dialog.getByRole('button', { name: '返回修改' }).click();
  await expect(dialog).toBeHidden();
  const stored = async () => (await api<{ campusId: number | null; year: number }[]>(desk, 'stats.forSchool', { schoolId: school.id })).filter((r) => r.campusId === east);
  expect(await stored()).toEqual([]);

  // 仍然保存 stores the figure as entered.
  await page.getByRole('button', { name: '保存统计数据' }).click();
  await dialog.getByRole('button', { name: '仍然保存' }).click();
  await expect(page.getByText('已保存 2025 年东校区统计数据')).toBeVisible();
  expect(await stored()).toMatchObject([{ year: 2025, values: { pupilsPrimary: 1200, books: 5000 } }]);

  // A figure within the school's saves without asking.
  await pupils.fill('800');
  await page.getByRole('button', { name: '保存统计数据' }).click();
  await expect(page.getByText('已保存 2025 年东校区统计数据').last()).toBeVisible();
  await expect(item.locator('.ant-form-item-explain-warning')).toHaveCount(0);
  await expect.poll(async () => (await stored())[0]).toMatchObject({ values: { pupilsPrimary: 800 } });
});
