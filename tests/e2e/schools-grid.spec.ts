import type { School } from '../../shared/api/contracts/schools';
import type { StatRecordWithSources } from '../../shared/api/contracts/statistics';
import { api, expect, test } from './fixtures';

const YEAR = 2025;

/** Three schools whose pinyin order (安仁 an < 城关 cheng < 桃源 tao) is the grid's row order. */
async function setup(desk: Parameters<typeof api>[0]) {
  const make = (name: string, code: string, type: string) => api<School>(desk, 'schools.create', { name, code, type, locality: '乡村', township: '安仁乡' });
  const taoyuan = await make('桃源小学', '3601009103', '小学');
  const chengguan = await make('城关初中', '3601009102', '初中');
  const anren = await make('安仁小学', '3601009101', '小学');
  // Last year's figures of one school, for 复制上一年数据.
  await api(desk, 'stats.save', { schoolId: taoyuan.id, year: YEAR - 1, values: { pupilsPrimary: 300, books: 700 } });
  return { anren, chengguan, taoyuan };
}

test('按年度的统计表格：复制上一年、从剪贴板粘贴一块数据、负数逐格拒绝、保存后写入', async ({ app: page, desk }) => {
  const { anren, chengguan, taoyuan } = await setup(desk);
  await page.goto(`${desk.origin}/#/schools?view=grid&year=${YEAR}`);
  const grid = page.getByTestId('stats-grid');
  await expect(grid).toBeVisible();
  const rows = grid.locator('.dsg-row:not(.dsg-row-header)');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('安仁小学');
  await expect(rows.nth(2)).toContainText('桃源小学');

  // Fields a 小学 does not have are grey and read-only; a 初中 has them.
  const cellOf = (row: number, field: string) => rows.nth(row).locator(`.dsg-cell:has([data-field="${field}"])`);
  const inputOf = (row: number, field: string) => cellOf(row, field).locator('input');
  await expect(cellOf(0, 'pupilsJunior')).toHaveClass(/grid-cell-na/);
  await expect(cellOf(1, 'pupilsJunior')).not.toHaveClass(/grid-cell-na/);

  // No record yet this year: copy last year's values into the grid, unsaved.
  await page.getByRole('button', { name: '复制上一年数据' }).click();
  await expect(page.getByText(`已从 ${YEAR - 1} 年复制 1 所学校的数据`)).toBeVisible();
  await expect(inputOf(2, 'pupilsPrimary')).toHaveValue('300');
  await expect(cellOf(2, 'pupilsPrimary')).toHaveClass(/grid-cell-copied/);
  await expect(rows.nth(2)).toContainText('已复制');
  expect((await api<StatRecordWithSources[]>(desk, 'stats.forSchool', { schoolId: taoyuan.id })).map((r) => r.year)).toEqual([YEAR - 1]);

  // Paste a block copied from Excel (tab-separated, thousands separators as Excel copies them).
  await page.getByTestId('grid-group').getByText('装备与经费').click();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });
  await page.evaluate((tsv) => navigator.clipboard.writeText(tsv), '1833700\t9500\n2,000,000\t-5\n1200000\t800');
  await cellOf(0, 'equipmentValue').click();
  await page.keyboard.press('Control+V');
  await expect(inputOf(0, 'equipmentValue')).toHaveValue('1833700');
  await expect(inputOf(1, 'equipmentValue')).toHaveValue('2,000,000');
  await expect(inputOf(2, 'books')).toHaveValue('800');

  // The negative value is kept as pasted, marked on its cell with a Chinese message, and blocks saving.
  await expect(cellOf(1, 'books')).toHaveClass(/grid-cell-invalid/);
  await expect(cellOf(1, 'books').locator('[data-field="books"]')).toHaveAttribute('title', '“图书册数”不能为负数（填写的是 -5）');
  const errors = page.getByTestId('grid-errors');
  await expect(errors).toContainText('有 1 个单元格填写有误');
  await expect(errors).toContainText('城关初中：“图书册数”不能为负数（填写的是 -5）');
  await page.getByTestId('grid-save').click();
  await expect(page.getByText('有 1 个单元格填写有误（已标红，见表格下方），修正后才能保存')).toBeVisible();
  expect(await api(desk, 'stats.forYear', { year: YEAR })).toEqual([]);

  // Leaving the tab with the unsaved grid asks first.
  await page.getByRole('tab', { name: '学校名册' }).click();
  const unsaved = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(unsaved).toContainText(`${YEAR} 年统计数据（表格）`);
  await unsaved.getByRole('button', { name: '继续编辑' }).click();
  await expect(grid).toBeVisible();

  // Fix the cell by typing, then save all changed schools at once.
  await cellOf(1, 'books').click();
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  await expect(errors).toBeHidden();
  await page.getByTestId('grid-save').click();
  await expect(page.getByText(`已保存 ${YEAR} 年 3 所学校的统计数据`)).toBeVisible();
  await expect(page.getByTestId('grid-save')).toBeDisabled();

  const year = async (school: School) => (await api<StatRecordWithSources[]>(desk, 'stats.forSchool', { schoolId: school.id })).find((r) => r.year === YEAR && r.campusId === null)!;
  expect((await year(anren)).values).toEqual({ books: 9500, equipmentValue: 1833700 });
  expect((await year(chengguan)).values).toEqual({ books: 50, equipmentValue: 2000000 });
  const t = await year(taoyuan);
  expect(t.values).toEqual({ books: 800, equipmentValue: 1200000, pupilsPrimary: 300 });
  expect(t.sources.equipmentValue).toMatchObject({ kind: 'grid', operatorName: '测试员' });

  // The completeness overview lists what each school still lacks for the year.
  await page.getByRole('tab', { name: '填报完整性' }).click();
  const overview = page.getByTestId('completeness-table');
  await expect(overview.getByRole('row', { name: /城关初中/ })).toContainText('初中在校生数');
  await expect(overview.getByRole('row', { name: /安仁小学/ })).not.toContainText('初中在校生数');
});

test('按年度的统计表格：粘贴到灰色（不适用）单元格的值被忽略时，说明忽略了几个、为什么', async ({ app: page, desk }) => {
  await setup(desk);
  await page.goto(`${desk.origin}/#/schools?view=grid&year=${YEAR}`);
  const grid = page.getByTestId('stats-grid');
  const rows = grid.locator('.dsg-row:not(.dsg-row-header)');
  await expect(rows).toHaveCount(3);
  const cellOf = (row: number, field: string) => rows.nth(row).locator(`.dsg-cell:has([data-field="${field}"])`);
  const inputOf = (row: number, field: string) => cellOf(row, field).locator('input');
  await page.getByTestId('grid-group').getByText('学生与班级').click();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });

  // 小学在校生数 and 初中在校生数 for 安仁小学 (小学), 城关初中 (初中) and 桃源小学 (小学): one value per row lands on a grey cell.
  await page.evaluate((tsv) => navigator.clipboard.writeText(tsv), '800\t50\n700\t60\n600\t70');
  await cellOf(0, 'pupilsPrimary').click();
  await page.keyboard.press('Control+V');
  await expect(inputOf(0, 'pupilsPrimary')).toHaveValue('800');
  await expect(inputOf(1, 'pupilsJunior')).toHaveValue('60');
  await expect(inputOf(2, 'pupilsPrimary')).toHaveValue('600');
  await expect(inputOf(0, 'pupilsJunior')).toHaveValue('');
  await expect(inputOf(1, 'pupilsPrimary')).toHaveValue('');
  const ignored = page.locator('.ant-message-notice', { hasText: '已忽略' });
  await expect(ignored).toHaveText('3 个值粘贴到不适用的单元格，已忽略：小学不填初中在校生数；初中不填小学在校生数');
  await expect(cellOf(0, 'pupilsJunior').locator('[data-field="pupilsJunior"]')).toHaveAttribute('title', '小学不填初中在校生数');

  // A paste that fits says nothing more (no notice other than the one above, which may still be shown).
  const another = ignored.filter({ hasNotText: '3 个值粘贴到不适用的单元格' });
  await page.evaluate((tsv) => navigator.clipboard.writeText(tsv), '900');
  await cellOf(2, 'pupilsPrimary').click();
  await page.keyboard.press('Control+V');
  await expect(inputOf(2, 'pupilsPrimary')).toHaveValue('900');
  await expect(another).toHaveCount(0);

  // Blank pasted cells over grey ones lose nothing and are not counted.
  await page.evaluate((tsv) => navigator.clipboard.writeText(tsv), '\t\n500\t');
  await cellOf(1, 'pupilsPrimary').click();
  await page.keyboard.press('Control+V');
  await expect(inputOf(2, 'pupilsPrimary')).toHaveValue('500');
  await expect(another).toHaveCount(0);
});
