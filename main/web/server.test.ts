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

/** Raw request so Host and the path are sent exactly as given (fetch would normalise them). */
function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } },
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
  it('listens on 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`));
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
    const r = await request({ path: '/' });
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
