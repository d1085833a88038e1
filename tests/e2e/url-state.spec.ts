import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test } from './fixtures';
import { SchoolsPage } from './pages/schools-page';

test('筛选、学校页的标签与年份都在地址中：刷新后保持，返回回到筛选后的名册', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.reload();
  const list = new SchoolsPage(page);
  await expect(list.rows.first()).toBeVisible();

  // Filters: typing replaces the address, choices add a step.
  await list.search('小学');
  await expect(page).toHaveURL(/search=%E5%B0%8F%E5%AD%A6/);
  await list.filter('按学校类型筛选', '小学');
  await list.filter('按乡镇（街道）筛选', '白沙乡');
  await expect(page).toHaveURL(/type=/);
  await expect(page).toHaveURL(/township=/);
  // The address changes at once, the rows when the service answers: until then the table keeps
  // the previous filter's rows (marked busy). Reading the rows at once could read those (9 小学
  // instead of the 1 in 白沙乡), so wait for the rows the full filter gives.
  const names = (await api<School[]>(desk, 'schools.list', { search: '小学', type: '小学', township: '白沙乡' })).map((s) => s.name);
  expect(names.length).toBeGreaterThan(0);
  expect(names.length).toBeLessThan(21);
  await expect(page.getByTestId('school-list')).toHaveAttribute('aria-busy', 'false');
  await expect(list.rows.locator('[data-testid=school-link]')).toHaveText(names);

  // Reloading the list keeps its filters.
  await page.reload();
  await expect(page.getByRole('textbox', { name: '搜索学校' })).toHaveValue('小学');
  await expect(page.getByTestId('filter-type')).toContainText('小学');
  await expect(page.getByTestId('filter-township')).toContainText('白沙乡');
  await expect(list.rows.locator('[data-testid=school-link]')).toHaveText(names);

  // A school's 统计数据 tab and a chosen year survive a reload.
  await list.openSchool(names[0]);
  await page.getByRole('tab', { name: '统计数据' }).click();
  await expect(page).toHaveURL(/tab=stats/);
  await page.getByTestId('stats-year').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('2024 年').click();
  await expect(page.getByText('正在编辑：2024 年 · 全校')).toBeVisible();
  await expect(page).toHaveURL(/year=2024/);
  await page.reload();
  await expect(page.getByTestId('school-title')).toHaveText(names[0]);
  await expect(page.getByRole('tab', { name: '统计数据' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('正在编辑：2024 年 · 全校')).toBeVisible();

  // The browser's back button steps back through the year and the tab to the filtered list.
  await page.goBack();
  await expect(page.getByText(/正在编辑：\d+ 年/)).not.toContainText('2024');
  await page.goBack();
  await expect(page.getByRole('tab', { name: '基本信息' })).toHaveAttribute('aria-selected', 'true');
  await page.goBack();
  await expect(page.getByRole('textbox', { name: '搜索学校' })).toHaveValue('小学');
  await expect(page.getByTestId('filter-township')).toContainText('白沙乡');
  await expect(list.rows).toHaveCount(names.length);

  // The page's own 返回学校列表 returns to the filtered list too, from any tab.
  await list.openSchool(names[0]);
  await page.getByRole('tab', { name: /校区/ }).click();
  await page.getByRole('button', { name: '返回学校列表' }).click();
  await expect(page.getByTestId('filter-type')).toContainText('小学');
  await expect(list.rows).toHaveCount(names.length);

  // The year grid's tab and year are in the address as well.
  await page.getByRole('tab', { name: '统计数据（按年度）' }).click();
  await expect(page.getByTestId('stats-grid')).toBeVisible();
  await page.getByTestId('stats-grid-tab').getByTestId('stats-year').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('2023 年').click();
  await expect(page).toHaveURL(/view=grid/);
  await expect(page).toHaveURL(/year=2023/);
  await page.reload();
  await expect(page.getByRole('tab', { name: '统计数据（按年度）' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('stats-grid-tab').getByTestId('stats-year')).toContainText('2023 年');
});
