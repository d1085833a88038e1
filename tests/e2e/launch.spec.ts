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

test.describe('没有会话时打开地址', () => {
  // The page without a session answers 401 on purpose; Chromium logs that status as a console error.
  test.use({ allowConsoleErrors: /status of 401/ });

  test('浏览器模式：不带启动码直接打开地址，只看到中文说明（没有代码、JSON 或英文），终端给出新的启动地址', async ({ page, desk }) => {
    const response = await page.goto(`${desk.origin}/`);
    expect(response!.status()).toBe(401);
    expect(response!.headers()['cache-control']).toBe('no-store');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('请用启动地址打开督导评估工作台');
    await expect(page).toHaveTitle(/督导评估工作台/);
    const text = await page.locator('body').innerText();
    expect(text).toContain('终端窗口里已显示一个新的启动地址');
    // Chinese sentences only: no JSON, no stack, no English words, no secret.
    expect(text).not.toMatch(/[{}<>]|[A-Za-z]{2,}|\bat\s|Error/);
    expect(text).not.toContain(desk.token);
    await expect(page.getByTestId('product-name')).toHaveCount(0);

    // The terminal shows a fresh address; it opens the workbench.
    await expect.poll(() => desk.output()).toMatch(/新的启动地址（只能使用一次）：http:\/\/127\.0\.0\.1:\d+\/\?launch=[0-9a-f]{48}/);
    const fresh = desk.output().match(/新的启动地址（只能使用一次）：(\S+)/)![1];
    await page.goto(fresh);
    expect(page.url()).toBe(`${desk.origin}/`);
    await expect(page.getByTestId('product-name')).toHaveText('督导评估工作台');
  });
});

test('图标：“督”字图标随页面提供（浏览器模式直接可取，符合内容安全策略）', async ({ app: page, desk }) => {
  await expect(page.getByTestId('product-name')).toBeVisible();
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toMatch(/favicon\.svg$/);
  // Fetched by the page itself, under its CSP.
  const fromPage = await page.evaluate(async (h) => {
    const r = await fetch(h!);
    return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
  }, href);
  expect(fromPage.status).toBe(200);
  expect(fromPage.type).toBe('image/svg+xml');
  expect(fromPage.body).toMatch(/^<svg[^>]*viewBox="0 0 64 64"/);
  // Also without a session (the browser asks for it on the explanation page too).
  const bare = await fetch(`${desk.origin}/favicon.svg`);
  expect(bare.status).toBe(200);
  expect(bare.headers.get('content-type')).toBe('image/svg+xml');
  // Rendered as an image under the page's policy (img-src 'self').
  const loaded = await page.evaluate(
    (h) =>
      new Promise<boolean>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth > 0);
        img.onerror = () => resolve(false);
        img.src = h!;
      }),
    href,
  );
  expect(loaded).toBe(true);
});
