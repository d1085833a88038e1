/** The core on its own thread: calls, events, files and start-up failures cross the thread boundary intact. */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobEvent } from '../../shared/api/contracts/jobs';
import { tempDir } from '../testing/temp-core';
import { startCoreHost, type CoreClient } from './core-host';

let dir: string;
let host: CoreClient | null = null;
beforeEach(() => {
  dir = tempDir('desk-host-');
});
afterEach(async () => {
  await host?.close();
  host = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const ok = async <T = any>(op: string, input: unknown = {}, call?: { operatorId?: number }): Promise<T> => {
  const r = await host!.dispatch(op, input, call);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

describe('core host', () => {
  it('answers calls, pushes job events, stages uploads and serves results across the thread', async () => {
    host = await startCoreHost(dir, 'test', { autoBackup: false });
    expect(host.dataDir).toBe(dir);
    expect(await ok('schools.list')).toEqual([]);
    // A domain error keeps its code and Chinese message.
    const bad = await host.dispatch('schools.get', { id: 999 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'not_found' });

    const staged = await host.files.stage(Readable.from([Buffer.from('学校标识码,学校名称,类型,城乡,乡镇（街道）\n3609990001,样例县第一小学,小学,城区,城关镇\n')]), '名册.csv');
    expect(staged).toMatchObject({ fileName: '名册.csv' });
    const events: JobEvent[] = [];
    const off = host.subscribe((name, data) => name === 'job' && events.push(data as JobEvent));
    const job = await ok<Job>('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: staged.ref } } });
    await expect.poll(() => events.filter((e) => e.job.id === job.id).at(-1)?.job.state, { timeout: 20_000 }).toBe('已完成');
    off();
    expect((await ok<any[]>('schools.list')).map((s) => s.name)).toEqual(['样例县第一小学']);

    const result = await ok('exchange.template', { kind: 'schools' });
    const served = await host.files.download(result.ref);
    expect(fs.statSync(served.path).size).toBe(result.bytes);
    const picked = path.join(dir, '外部.csv');
    fs.writeFileSync(picked, 'x');
    expect((await host.files.registerPath(picked)).bytes).toBe(1);
    await expect(host.files.download('AAAAAAAAAAAAAAAAAAAAAA')).rejects.toThrow(/已失效/);
  }, 60_000);

  it('a start-up failure rejects with the core’s own Chinese message', async () => {
    fs.writeFileSync(path.join(dir, 'supervision-desk.sqlite'), 'this is not a database at all, just some text');
    await expect(startCoreHost(dir, 'test', { autoBackup: false })).rejects.toThrow(/[\u4e00-\u9fff]/);
  }, 30_000);

  it('after the core thread is gone, every call answers in Chinese instead of hanging', async () => {
    host = await startCoreHost(dir, 'test', { autoBackup: false });
    await host.close();
    const r = await host.dispatch('schools.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/本机服务已停止/) } });
    host = null;
  }, 30_000);
});
