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

test('本机服务停止后打开页面：说明无法连接到本机服务，并建议重新启动程序或刷新页面', async ({ app: page }) => {
  await expect(page.getByRole('heading', { name: '学校', exact: true })).toBeVisible();
  // The service stops: from now on nothing reaches it — neither the page's script nor a call.
  await page.route('**/*', (route) => route.abort('connectionrefused'));
  await page.getByRole('menuitem', { name: '作业记录' }).click();
  const error = page.getByTestId('route-error');
  await expect(error).toContainText('无法连接到本机服务');
  await expect(error).toContainText('请重新启动程序');
  await expect(error).toContainText('请刷新页面再试');
  await expect(error).not.toContainText('此页面无法显示');
  await expect(error.getByRole('button', { name: '刷新页面' })).toBeVisible();
  // The menu is still there.
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('作业记录');

  // Once the service is back, 刷新页面 brings the page.
  await page.unroute('**/*');
  await error.getByRole('button', { name: '刷新页面' }).click();
  await expect(page.getByTestId('route-error')).toHaveCount(0);
  await expect(page.locator('.ant-layout-content h3').first()).toHaveText('作业记录');
});
