import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface DeskServer {
  /** The printed address with its one-time launch code: the first page.goto(url) exchanges it for the session cookie. */
  url: string;
  origin: string;
  /** The session secret this fixture chose (never printed by the server); `api()` sends it in the x-desk-token header. */
  token: string;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
}

/** Starts browser mode on a random port with a fresh data directory, for one test. */
async function startServer(): Promise<{ server: DeskServer; child: ChildProcess }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
  const token = crypto.randomBytes(24).toString('hex');
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/start.ts', '--no-build', '--port', '0', '--data-dir', dataDir], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SUPERVISION_DESK_WEB_TOKEN: token },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`服务未启动：${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d.toString();
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/\?launch=[0-9a-f]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`服务退出（${code}）：${out}`)));
  });
  const u = new URL(url);
  return { server: { url, origin: u.origin, token, dataDir, output: () => out }, child };
}

/**
 * Console errors a test expects (a refused login on purpose, a 4xx it provokes). Anything else
 * logged as an error, and every uncaught page error, fails the test: a page that works but
 * throws behind the user's back is a fault (issue 10).
 */
// One pattern (alternatives joined with |), not a list: Playwright would read a two-item list as
// [value, fixture options].
export type AllowedConsoleErrors = RegExp | null;

export const test = base.extend<{ desk: DeskServer; app: Page; allowConsoleErrors: AllowedConsoleErrors }>({
  allowConsoleErrors: [null, { option: true }],
  page: async ({ page, allowConsoleErrors }, use, testInfo) => {
    const faults: string[] = [];
    page.on('pageerror', (e) => faults.push(`页面未捕获的错误：${e.message}\n${e.stack ?? ''}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      if (allowConsoleErrors?.test(text)) return;
      const where = m.location();
      faults.push(`控制台错误：${text}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    });
    await use(page);
    // Only judge a test that otherwise passed: a failing test already says what went wrong.
    if (faults.length > 0 && testInfo.status === testInfo.expectedStatus) {
      throw new Error(`页面出现了 ${faults.length} 个错误：\n${faults.join('\n')}`);
    }
  },
  desk: async ({}, use) => {
    const { server, child } = await startServer();
    await use(server);
    child.kill('SIGTERM');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  },
  app: async ({ page, desk }, use) => {
    // An operator, so the page opens past the first-run 操作人 dialog (audit.spec.ts tests that dialog).
    await api(desk, 'operators.create', { name: '测试员', office: '督导室' });
    await page.goto(desk.url);
    await use(page);
  },
});

export { expect };

/** Calls the API directly (for setting up state), as the page itself would. */
export async function api<T = unknown>(desk: DeskServer, op: string, input: unknown = {}): Promise<T> {
  const r = await fetch(`${desk.origin}/api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': desk.token },
    body: JSON.stringify(input),
  });
  const body = (await r.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error!.message);
  return body.value as T;
}
