import { expect, test } from './fixtures';

test('浏览器模式：一次性启动码换成 HttpOnly 会话 Cookie，地址栏、历史、页面存储和终端输出中都没有会话密钥', async ({ page, desk, browser }) => {
  const launch = new URL(desk.url);
  expect(launch.searchParams.get('launch')).toMatch(/^[0-9a-f]{48}$/);
  expect(desk.url).not.toContain(desk.token);

  const response = await page.goto(desk.url);
  // The server redirected to the bare address before the page loaded.
  expect(page.url()).toBe(`${desk.origin}/`);
  expect(response!.headers()['cache-control']).toBe('no-store');
  await expect(page.getByTestId('product-name')).toHaveText('督导评估工作台');
  await expect(page.getByTestId('empty-register')).toBeVisible();

  const cookies = await page.context().cookies(desk.origin);
  const session = cookies.find((c) => c.name === `desk_session_${launch.port}`);
  expect(session).toMatchObject({ value: desk.token, httpOnly: true, sameSite: 'Strict', path: '/' });
  // Nothing the page's scripts can read holds a secret.
  const visible = await page.evaluate(() => JSON.stringify([document.cookie, { ...sessionStorage }, { ...localStorage }, location.href]));
  expect(visible).not.toContain(desk.token);
  expect(visible).not.toContain(launch.searchParams.get('launch')!);

  // Still signed in after a reload (the cookie, not the address, carries the session).
  await page.reload();
  await expect(page.getByTestId('empty-register')).toBeVisible();

  // The launch address works once: another browser profile opening it again is refused in Chinese,
  // and the terminal shows a fresh address that works (once).
  const other = await browser.newContext();
  const stranger = await other.newPage();
  const refused = await stranger.goto(desk.url);
  expect(refused!.status()).toBe(401);
  await expect(stranger.getByText('此启动地址已使用过或无效')).toBeVisible();
  await expect.poll(() => desk.output()).toMatch(/新的启动地址（只能使用一次）：http:\/\/127\.0\.0\.1:\d+\/\?launch=[0-9a-f]{48}/);
  const fresh = desk.output().match(/新的启动地址（只能使用一次）：(\S+)/)![1];
  await stranger.goto(fresh);
  expect(stranger.url()).toBe(`${desk.origin}/`);
  await expect(stranger.getByTestId('empty-register')).toBeVisible();
  await other.close();

  // Without the session the API refuses, in Chinese.
  const bare = await fetch(`${desk.origin}/api/schools.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(bare.status).toBe(401);
  expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(/未登录或会话已失效/);

  // The secret never reached the terminal.
  expect(desk.output()).not.toContain(desk.token);
});
