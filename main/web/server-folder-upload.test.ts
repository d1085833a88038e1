/**
 * Browser mode's folder upload and its cancel: each file of a picked folder is posted with its path
 * in the folder (refused when hostile, before a byte is kept), `rounds.assembleFolder` puts them
 * together, an upload the page aborts leaves nothing staged, and DELETE removes a staged upload the
 * page cancelled — never a result.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOk, tempCore, tempDir } from '../testing/temp-core';
import { FILES_PATH, startWebServer, type WebServer } from './server';

let core: Awaited<ReturnType<typeof tempCore>>;
let server: WebServer;
let root: string;
const unexpected: unknown[] = [];

beforeAll(async () => {
  core = await tempCore('test');
  root = tempDir('desk-static-');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
  server = await startWebServer({ dispatch: core.dispatch, staticRoot: root, port: 0, files: core.ctx.files, onError: (e) => unexpected.push(e) });
});
afterAll(async () => {
  await server.close();
  await core.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const auth = () => ({ 'x-desk-token': server.token });
const incoming = () => path.join(core.ctx.dataDir, 'tmp', 'incoming');
const stagedNow = () => (fs.existsSync(incoming()) ? fs.readdirSync(incoming()) : []);

async function upload(relativePath: string | null, body: string, name = relativePath?.split('/').pop() ?? 'a.txt') {
  const q = `name=${encodeURIComponent(name)}${relativePath === null ? '' : `&path=${encodeURIComponent(relativePath)}`}`;
  const r = await fetch(`${base()}${FILES_PATH}?${q}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/octet-stream' }, body });
  return { status: r.status, json: (await r.json()) as any };
}

/** Posts `sent` bytes of a body declared `declared` bytes long, then drops the connection (the page's 取消). */
function abortedUpload(sent: number, declared: number, relativePath?: string): Promise<void> {
  return new Promise((resolve) => {
    const q = `name=${encodeURIComponent('视频.mp4')}${relativePath ? `&path=${encodeURIComponent(relativePath)}` : ''}`;
    const req = http.request(`${base()}${FILES_PATH}?${q}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/octet-stream', 'content-length': String(declared) } });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(Buffer.alloc(sent, 7), () => setTimeout(() => req.destroy(), 50));
  });
}

describe('folder upload in browser mode', () => {
  it('stages each file with its path, assembles the folder and refuses a hostile path with the reason', async () => {
    const a = await upload('U盘/甲校/自评表.xlsx', 'a');
    const b = await upload('U盘/乙校/自评表.xlsx', 'bb');
    expect(a.status).toBe(200);
    const folder = await dispatchOk(core, 'rounds.assembleFolder', { refs: [a.json.value.ref, b.json.value.ref] });
    expect(folder).toMatchObject({ fileName: 'U盘', bytes: 3 });
    const local = core.ctx.files.resolveFolder(folder.ref);
    expect(fs.readFileSync(path.join(local.path, '乙校', '自评表.xlsx'), 'utf8')).toBe('bb');

    const before = stagedNow();
    for (const hostile of ['U盘/../../../evil.sh', 'C:\\Users\\Public\\evil.exe', 'U盘/a.txt:stream', '/etc/passwd']) { // check-test-paths: ignore (hostile paths a request may carry; never opened)
      const r = await upload(hostile, 'evil', 'evil.txt');
      expect(r.status).toBe(400);
      expect(r.json.error.message).toMatch(/^文件“.*”：.*未接收$/);
    }
    expect(stagedNow()).toEqual(before);
    expect(unexpected).toEqual([]);
  });

  it('refuses an assembly in Chinese through the contract and leaves none of the uploads', async () => {
    const before = stagedNow();
    const a = await upload('U盘/a.txt', 'a');
    const b = await upload('桌面/b.txt', 'b');
    const r = await core.dispatch('rounds.assembleFolder', { refs: [a.json.value.ref, b.json.value.ref] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('一次只能上传一个文件夹');
    expect(stagedNow()).toEqual(before);
    const empty = await core.dispatch('rounds.assembleFolder', { refs: [] });
    expect(!empty.ok && empty.error.message).toContain('所选文件夹中没有文件');
  });

  it('leaves nothing staged when the page aborts an upload half-way, and says nothing of it in the log', async () => {
    const before = stagedNow();
    await abortedUpload(256 * 1024, 10 * 1024 * 1024);
    await abortedUpload(64 * 1024, 1024 * 1024, 'U盘/甲校/佐证材料/视频.mp4');
    await expect.poll(() => stagedNow(), { timeout: 5000 }).toEqual(before);
    expect(unexpected).toEqual([]);
  });

  it('removes a staged upload on DELETE, and only an upload', async () => {
    const before = stagedNow();
    const up = await upload(null, 'zip bytes', '填报包.zip');
    expect(stagedNow().length).toBe(before.length + 1);
    const del = await fetch(`${base()}${FILES_PATH}/${up.json.value.ref}`, { method: 'DELETE', headers: auth() });
    expect(await del.json()).toEqual({ ok: true, value: { removed: true } });
    expect(stagedNow()).toEqual(before);
    // A result written for download is not an upload: it stays, and so does its download.
    const result = await dispatchOk(core, 'exchange.template', { kind: 'schools' });
    const kept = await fetch(`${base()}${FILES_PATH}/${result.ref}`, { method: 'DELETE', headers: auth() });
    expect(await kept.json()).toEqual({ ok: true, value: { removed: false } });
    expect((await fetch(`${base()}${FILES_PATH}/${result.ref}`, { headers: auth() })).status).toBe(200);
    // Without the session nothing is removed.
    const up2 = await upload(null, 'x', 'b.zip');
    expect((await fetch(`${base()}${FILES_PATH}/${up2.json.value.ref}`, { method: 'DELETE' })).status).toBe(401);
    expect(() => core.ctx.files.resolve(up2.json.value.ref)).not.toThrow();
  });

  it('removes an upload staged just as the page went away (the page never learns its reference)', async () => {
    const discarded: string[] = [];
    // A staging that finishes only after the page has dropped the connection.
    const files = {
      stage: async (source: AsyncIterable<Uint8Array>) => {
        for await (const _ of source) void _;
        await new Promise((r) => setTimeout(r, 300));
        return { ref: 'LATELATELATELATELATE', fileName: 'a.zip', bytes: 1 };
      },
      registerPath: () => Promise.reject(new Error('unused')),
      registerFolder: () => Promise.reject(new Error('unused')),
      download: () => Promise.reject(new Error('unused')),
      discard: async (ref: string) => {
        discarded.push(ref);
        return true;
      },
    };
    const errors: unknown[] = [];
    const other = await startWebServer({ dispatch: core.dispatch, staticRoot: root, port: 0, files, onError: (e) => errors.push(e) });
    try {
      await new Promise<void>((resolve) => {
        const req = http.request(`http://127.0.0.1:${other.port}${FILES_PATH}?name=a.zip`, { method: 'POST', headers: { 'x-desk-token': other.token, 'content-type': 'application/octet-stream' } });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.end(Buffer.from('x'), () => setTimeout(() => req.destroy(), 50));
      });
      await expect.poll(() => discarded, { timeout: 3000 }).toEqual(['LATELATELATELATELATE']);
      expect(errors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
