import { expect, test } from './fixtures';

// The page script is refused on purpose, so the browser logs that it failed to load it.
test.use({ allowConsoleErrors: /Failed to load resource|Failed to fetch dynamically imported module/ });

test('一个页面出错时只影响这个页面：菜单和其他页面照常可用', async ({ app: page }) => {
  await expect(page.getByRole('heading', { name: '学校', exact: true })).toBeVisible();
  // The 作业记录 page's own script cannot be loaded (a damaged install, an update mid-session).
  await page.route(/\/assets\/JobsPage-[^/]+\.js$/, (route) => route.abort());
  await page.getByRole('menuitem', { name: '作业记录' }).click();
  await expect(page.getByTestId('route-error')).toBeVisible();
  await expect(page.getByTestId('route-error')).toContainText('此页面无法显示');
  await expect(page.getByTestId('route-error')).toContainText('页面文件未能加载');
  // The shell is still there, says where the user is, and another page works.
  await expect(page).toHaveURL(/#\/jobs$/);
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('作业记录');
  await page.getByRole('menuitem', { name: '设置' }).click();
  await expect(page).toHaveURL(/#\/settings/);
  await expect(page.locator('.ant-layout-content h3').first()).toHaveText('设置');
  await expect(page.getByTestId('route-error')).toHaveCount(0);
});
