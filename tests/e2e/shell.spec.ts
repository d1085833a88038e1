import { api, expect, test } from './fixtures';
import { SchoolsPage } from './pages/schools-page';

test('1366×768 下长页面滚动到底时左侧菜单仍在视野内；短页面不出现多余的滚动', async ({ app: page, desk }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await api(desk, 'demo.load');
  await page.reload();
  const list = new SchoolsPage(page);
  await list.openSchool('云溪区实验小学');
  await page.getByRole('tab', { name: '统计数据' }).click();
  await expect(page.getByTestId('stats-form')).toBeVisible();

  // The statistics form is several screens long: scroll to its end.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeGreaterThan(768 * 2);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(768);

  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const name of ['学校', '差异系数', '设置']) {
    const box = await nav.getByRole('menuitem', { name }).boundingBox();
    expect(box, name).not.toBeNull();
    expect(box!.y, name).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, name).toBeLessThanOrEqual(768);
  }
  // And it still works from there.
  await nav.getByRole('menuitem', { name: '设置' }).click();
  await expect(page).toHaveURL(/#\/settings/);

  // A short page fits the window: the sticky menu adds no scrolling of its own.
  await nav.getByRole('menuitem', { name: '集团化办学' }).click();
  await expect(page.getByTestId('coming-soon')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
});
