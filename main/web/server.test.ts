import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCore, tempDir } from '../testing/temp-core';
import { startWebServer, type WebServer } from './server';

let core: Awaited<ReturnType<typeof tempCore>>;
let server: WebServer;
let root: string;

beforeAll(async () => {
  core = await tempCore('web');
  root = tempDir('desk-static-');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
  fs.writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'secret');
  server = await startWebServer({ dispatch: core.dispatch, staticRoot: root, port: 0 });
});
afterAll(async () => {
  await server.close();
  await core.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

type RequestOptions = { method?: string; path: string; headers?: Record<string, string>; body?: string };
type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** Raw request so Host and the path are sent exactly as given (fetch would normalise them). */
function request(opts: RequestOptions): Promise<Answer> {
  return requestTo(server, opts);
}

function requestTo(target: WebServer, opts: RequestOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${target.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const apiCall = (headers: Record<string, string>) =>
  request({ method: 'POST', path: '/api/schools.list', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 and prints a URL with a one-time launch code, not the session secret', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?launch=[0-9a-f]{48}$`));
    expect(server.url).not.toContain(server.token);
  });

  it('answers an API call with the right token', async () => {
    const r = await apiCall({ 'x-desk-token': server.token });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses an API call without a token', async () => {
    expect((await apiCall({})).status).toBe(401);
  });

  it('refuses an API call with a wrong token', async () => {
    expect((await apiCall({ 'x-desk-token': 'f'.repeat(48) })).status).toBe(401);
    expect((await apiCall({ 'x-desk-token': 'short' })).status).toBe(401);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const r = await apiCall({ 'x-desk-token': server.token, origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.message).toContain('Origin');
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const r = await apiCall({ 'x-desk-token': server.token, host: `evil.example:${server.port}` });
    expect(r.status).toBe(403);
  });

  it('accepts our own Origin', async () => {
    const r = await apiCall({ 'x-desk-token': server.token, origin: `http://127.0.0.1:${server.port}` });
    expect(r.status).toBe(200);
  });

  it('serves the bundle with a strict CSP', async () => {
    const r = await request({ path: '/', headers: { 'x-desk-token': server.token } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>ok</title>');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/....//secret.txt', '/%00index.html'])(
    'refuses path traversal %s',
    async (p) => {
      const r = await request({ path: p });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('secret');
    },
  );

  it('rejects GET on the API and malformed JSON', async () => {
    expect((await request({ path: '/api/schools.list', headers: { 'x-desk-token': server.token } })).status).toBe(405);
    const r = await request({ method: 'POST', path: '/api/schools.list', headers: { 'x-desk-token': server.token }, body: '{' });
    expect(r.status).toBe(400);
  });
});

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const launchPath = (url: string) => url.slice(url.indexOf('/', 'http://'.length));

describe('launch code and session cookie', () => {
  let own: WebServer;
  const printed: string[] = [];
  beforeAll(async () => {
    own = await startWebServer({ dispatch: core.dispatch, staticRoot: root, port: 0, onLaunchUrl: (u) => printed.push(u) });
  });
  afterAll(() => own.close());

  const get = (p: string, headers: Record<string, string> = {}) => requestTo(own, { path: p, headers });
  const apiWith = (headers: Record<string, string>) =>
    requestTo(own, { method: 'POST', path: '/api/schools.list', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it('exchanges the launch code once for an HttpOnly, SameSite=Strict cookie and redirects to the bare address', async () => {
    const first = await get(launchPath(own.url));
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['cache-control']).toBe('no-store');
    const cookie = first.headers['set-cookie']![0];
    expect(cookie).toBe(`desk_session_${own.port}=${own.token}; Path=/; HttpOnly; SameSite=Strict`);
    const session = cookie.split(';')[0];

    // The API accepts the cookie (and the header), nothing else.
    expect((await apiWith({ cookie: session })).status).toBe(200);
    expect((await apiWith({ cookie: `other=1; ${session}; more=2` })).status).toBe(200);
    expect((await apiWith({ 'x-desk-token': own.token })).status).toBe(200);
    expect((await apiWith({ cookie: `desk_session_${own.port}=${'0'.repeat(48)}` })).status).toBe(401);
    expect((await apiWith({ cookie: `desk_session_${own.port + 1}=${own.token}` })).status).toBe(401);
    const refused = await apiWith({});
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).error.message).toMatch(/未登录或会话已失效/);

    // The launch code is spent: with the session it just goes home, without it a Chinese page and a new address in the terminal.
    const again = await get(launchPath(own.url), { cookie: session });
    expect(again.status).toBe(303);
    expect(again.headers['set-cookie']).toBeUndefined();
    const stranger = await get(launchPath(own.url));
    expect(stranger.status).toBe(401);
    expect(stranger.headers['set-cookie']).toBeUndefined();
    expect(stranger.body).toContain('此启动地址已使用过或无效');
    expect(stranger.body).not.toContain(own.token);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/\?launch=[0-9a-f]{48}$/);
    expect(printed[0]).not.toBe(own.url);
    const fresh = await get(launchPath(printed[0]));
    expect(fresh.status).toBe(303);
    expect((await get(launchPath(printed[0]))).status).toBe(401);
  });

  it('refuses made-up launch codes and never stores the page', async () => {
    expect((await get(`/?launch=${'a'.repeat(48)}`)).status).toBe(401);
    expect((await get('/?launch=')).status).toBe(401);
    const page = await get('/', { 'x-desk-token': own.token });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('the bare address without a session: only a Chinese explanation, and a fresh launch address in the terminal', async () => {
    printed.length = 0;
    for (const p of ['/', '/index.html']) {
      const page = await get(p, { cookie: `${'desk_session_'}${own.port}=${'0'.repeat(48)}` });
      expect(page.status).toBe(401);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('请用启动地址打开督导评估工作台');
      expect(page.body).not.toContain('<title>ok</title>');
      // Visible text: Chinese sentences only — no JSON, no stack, no English words.
      const text = page.body.replace(/<[^>]*>/g, ' ');
      expect(text).not.toMatch(/[{}]|[A-Za-z]{3,}|\bat\s/);
      expect(page.body).not.toContain(own.token);
    }
    expect(printed).toHaveLength(2);
    // The new address works once.
    expect((await get(launchPath(printed[1]))).status).toBe(303);
    // Scripts and the icon are served without a session (they hold no data).
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('keeps only the newest launch addresses live', async () => {
    printed.length = 0;
    for (let i = 0; i < 25; i++) await get('/');
    expect((await get(launchPath(printed[0]))).status).toBe(401);
    expect((await get(launchPath(printed[24]))).status).toBe(303);
  });

  it('keeps the Host and Origin checks for the launch and with the cookie', async () => {
    const code = launchPath(own.url);
    expect((await get(code, { host: `evil.example:${own.port}` })).status).toBe(403);
    expect((await apiWith({ 'x-desk-token': own.token, origin: 'http://evil.example' })).status).toBe(403);
  });
});

describe('faults never stop the server', () => {
  let faulty: WebServer;
  let staticRoot: string;
  const errors: unknown[] = [];
  let dispatchMode: 'ok' | 'reject' | 'throw' = 'ok';
  beforeAll(async () => {
    staticRoot = tempDir('desk-static-faults-');
    fs.writeFileSync(path.join(staticRoot, 'index.html'), '<!doctype html><title>ok</title>');
    fs.writeFileSync(path.join(staticRoot, 'app.js'), 'console.log(1)');
    faulty = await startWebServer({
      dispatch: ((op: string, input: unknown) => {
        if (dispatchMode === 'throw') throw new Error('boom');
        if (dispatchMode === 'reject') return Promise.reject(new Error('boom'));
        return core.dispatch(op, input);
      }) as never,
      staticRoot,
      port: 0,
      onError: (e) => errors.push(e),
    });
  });
  afterAll(async () => {
    await faulty.close();
    fs.rmSync(staticRoot, { recursive: true, force: true });
  });

  const works = async () => {
    const api = await requestTo(faulty, { method: 'POST', path: '/api/schools.list', headers: { 'x-desk-token': faulty.token }, body: '{}' });
    expect(api.status).toBe(200);
    expect((await requestTo(faulty, { path: '/app.js' })).status).toBe(200);
  };

  it('a malformed percent-escape in an operation name: 400 in Chinese', async () => {
    for (const p of ['/api/%E0%A4%A', '/api/%', '/api/schools.%ZZlist']) {
      const r = await requestTo(faulty, { method: 'POST', path: p, headers: { 'x-desk-token': faulty.token }, body: '{}' });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe('请求地址中的操作名称编码有误');
    }
    expect((await requestTo(faulty, { path: '/%E0%A4%A' })).status).toBe(404);
    await works();
  });

  it('a handler that throws or rejects outside the dispatcher: 500 in Chinese', async () => {
    for (const mode of ['throw', 'reject'] as const) {
      dispatchMode = mode;
      const r = await requestTo(faulty, { method: 'POST', path: '/api/schools.list', headers: { 'x-desk-token': faulty.token }, body: '{}' });
      expect(r.status).toBe(500);
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'internal', message: expect.stringMatching(/本机服务处理该请求时出错/) });
    }
    dispatchMode = 'ok';
    expect(errors.length).toBeGreaterThanOrEqual(2);
    await works();
  });

  it.skipIf(process.platform === 'win32')('a static file that exists but cannot be opened (symlink loop): 500 in Chinese', async () => {
    fs.symlinkSync('loop-b.js', path.join(staticRoot, 'loop-a.js'));
    fs.symlinkSync('loop-a.js', path.join(staticRoot, 'loop-b.js'));
    const r = await requestTo(faulty, { path: '/loop-a.js' });
    expect(r.status).toBe(500);
    expect(r.body).toMatch(/无法读取界面文件（ELOOP）/);
    await works();
  });

  it.skipIf(process.platform === 'win32' || IS_ROOT)('a static file without read permission: 500 in Chinese', async () => {
    const file = path.join(staticRoot, 'locked.js');
    fs.writeFileSync(file, 'x');
    fs.chmodSync(file, 0o000);
    const r = await requestTo(faulty, { path: '/locked.js' });
    expect(r.status).toBe(500);
    expect(r.body).toMatch(/无法读取界面文件（EACCES）/);
    await works();
  });

  it.skipIf(process.platform !== 'linux')('a read that fails after the file was opened ends that response only', async () => {
    // /proc/self/mem opens as a regular file, and reading its first page fails (EIO).
    fs.symlinkSync('/proc/self/mem', path.join(staticRoot, 'unreadable.js'));
    await requestTo(faulty, { path: '/unreadable.js' }).catch((e: Error) => e);
    await works();
  });

  it('a folder emptied by a rebuild: 503 in Chinese, served again once it is back', async () => {
    const moved = `${staticRoot}-moved`;
    fs.renameSync(staticRoot, moved);
    try {
      const r = await requestTo(faulty, { path: '/', headers: { 'x-desk-token': faulty.token } });
      expect(r.status).toBe(503);
      expect(r.body).toMatch(/正在重新构建/);
      const api = await requestTo(faulty, { method: 'POST', path: '/api/schools.list', headers: { 'x-desk-token': faulty.token }, body: '{}' });
      expect(api.status).toBe(200);
    } finally {
      fs.renameSync(moved, staticRoot);
    }
    await works();
  });

  it('a directory where a file is expected, and a body that is cut off: answered, server alive', async () => {
    fs.mkdirSync(path.join(staticRoot, 'folder.js'));
    expect((await requestTo(faulty, { path: '/folder.js' })).status).toBe(404);
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: faulty.port, method: 'POST', path: '/api/schools.list', headers: { host: `127.0.0.1:${faulty.port}`, 'x-desk-token': faulty.token, 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"a":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await works();
  });
});
