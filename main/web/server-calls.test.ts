/** Browser mode's calls beyond JSON: streamed uploads and downloads (never bytes in JSON), and each tab's operator. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOk, tempCore, tempDir } from '../testing/temp-core';
import { FILES_PATH, startWebServer, type WebServer } from './server';

let core: Awaited<ReturnType<typeof tempCore>>;
let server: WebServer;
let root: string;

beforeAll(async () => {
  core = await tempCore('test');
  root = tempDir('desk-static-');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
  server = await startWebServer({ dispatch: core.dispatch, staticRoot: root, port: 0, files: core.ctx.files, onError: () => undefined });
});
afterAll(async () => {
  await server.close();
  await core.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const auth = () => ({ 'x-desk-token': server.token });

async function upload(name: string, body: Uint8Array, headers: Record<string, string> = auth()) {
  const r = await fetch(`${base()}${FILES_PATH}?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: new Blob([body as Uint8Array<ArrayBuffer>]) });
  return { status: r.status, json: (await r.json()) as any };
}

describe('streamed files in browser mode', () => {
  it('stages an upload (hashed on the way) and the contract reads it by reference', async () => {
    const csv = Buffer.from('学校标识码,学校名称,类型,城乡,乡镇（街道）\n3609990001,样例县第一小学,小学,城区,城关镇\n');
    const r = await upload('名册.csv', csv);
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    expect(r.json.value).toMatchObject({ fileName: '名册.csv', bytes: csv.length });
    expect(r.json.value.ref).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const local = core.ctx.files.resolve(r.json.value.ref);
    expect(local.sha256).toBe(createHash('sha256').update(csv).digest('hex'));
    // Nowhere does the answer reveal where the file lies.
    expect(JSON.stringify(r.json)).not.toContain(core.ctx.dataDir);
    const report = await dispatchOk(core, 'exchange.import', { kind: 'schools', file: { ref: r.json.value.ref }, dryRun: true });
    expect(report.fileName).toBe('名册.csv');
    expect(report.counts.new).toBe(1);
  });

  it('streams a result with its Chinese name, sha256 and size as the contract reported them', async () => {
    const result = await dispatchOk(core, 'exchange.template', { kind: 'schools' });
    const r = await fetch(`${base()}${FILES_PATH}/${result.ref}`, { headers: auth() });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('学校名册导入模板.xlsx')}`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.length).toBe(result.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.sha256);
  });

  it('refuses without the session, and refuses unknown references in Chinese', async () => {
    const denied = await upload('a.csv', Buffer.from('x'), {});
    expect(denied.status).toBe(401);
    const r = await fetch(`${base()}${FILES_PATH}/AAAAAAAAAAAAAAAAAAAAAA`, { headers: auth() });
    expect(r.status).toBe(404);
    expect(((await r.json()) as any).error.message).toMatch(/已失效/);
    // An upload reference is not a download: it cannot be fetched back.
    const up = await upload('b.csv', Buffer.from('y'));
    expect((await fetch(`${base()}${FILES_PATH}/${up.json.value.ref}`, { headers: auth() })).status).toBe(404);
    const unknown = await core.dispatch('exchange.import', { kind: 'schools', file: { ref: 'BBBBBBBBBBBBBBBBBBBBBB' }, dryRun: true });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toMatch(/请重新选择文件/);
  });

  it('keeps memory flat for a large upload: 64 MB streamed in chunks', async () => {
    const chunk = randomBytes(1024 * 1024);
    const hash = createHash('sha256');
    const body = new ReadableStream<Uint8Array>({
      start() {},
      pull(controller) {
        if ((this as any).n === undefined) (this as any).n = 0;
        if ((this as any).n++ >= 64) return controller.close();
        hash.update(chunk);
        controller.enqueue(chunk);
      },
    });
    const r = await fetch(`${base()}${FILES_PATH}?name=${encodeURIComponent('视频.mp4')}`, { method: 'POST', headers: auth(), body, duplex: 'half' } as RequestInit);
    const json = (await r.json()) as any;
    expect(json.value.bytes).toBe(64 * 1024 * 1024);
    expect(core.ctx.files.resolve(json.value.ref).sha256).toBe(hash.digest('hex'));
  });
});

describe('several people in browser mode', () => {
  it('records each tab’s own operator, even when their calls interleave, and for the jobs they start', async () => {
    const a = await dispatchOk(core, 'operators.create', { name: '张三', office: '督导室' });
    const b = await dispatchOk(core, 'operators.create', { name: '李四', office: '基教科' });
    // The core's own choice is now 李四 (created last); 张三's tab says who it is with every call.
    const post = (op: string, input: unknown, operator: number) =>
      fetch(`${base()}/api/${op}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json', 'x-desk-operator': String(operator) }, body: JSON.stringify(input) }).then((r) => r.json() as Promise<any>);
    const [x, y] = await Promise.all([post('schools.create', { name: '甲小学', type: '小学', locality: '城区' }, a.id), post('schools.create', { name: '乙小学', type: '小学', locality: '城区' }, b.id)]);
    expect(x.ok && y.ok).toBe(true);
    const staged = await upload('名册.csv', Buffer.from('学校标识码,学校名称,类型,城乡,乡镇（街道）\n3609990009,丙小学,小学,城区,城关镇\n'));
    const job = await post('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: staged.json.value.ref } } }, a.id);
    expect(job.value.operator).toBe('张三');
    const { waitForJob } = await import('../services/jobs-service');
    expect((await waitForJob(job.value.id)).state).toBe('已完成');
    const page = await dispatchOk(core, 'audit.query', { entityType: 'school' });
    const by = Object.fromEntries(page.rows.map((e: any) => [e.entityName, e.operatorName]));
    expect(by).toMatchObject({ 甲小学: '张三', 乙小学: '李四', 丙小学: '张三' });
  });
});
