/** Jobs: recorded, progress pushed as events, cancellable, stale ones failed on the next start. */
import JSZip from 'jszip';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobEvent } from '../../shared/api/contracts/jobs';
import { createAppCore } from '../app/create-app';
import { insertJob } from '../db/repositories/jobs-repo';
import { unitOfWork } from './context';
import { resultBytes } from '../testing/files';
import { dispatchOk, tempCore } from '../testing/temp-core';
import { loadDemo } from './demo/demo-service';
import { listJobs, recoverStaleJobs, startJob, subscribeJobEvents, waitForJob } from './jobs-service';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const call = <T = any>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);

const register = (n: number) => Array.from({ length: n }, () => ({ kind: 'register' as const, includeClosed: false }));

describe('jobs', () => {
  it('records a batch export from start through progress to its files, pushing every change as an event', async () => {
    await loadDemo(core.ctx, false);
    const events: JobEvent[] = [];
    const off = subscribeJobEvents(core.ctx, (e) => events.push(e));
    const started = await call<Job>('jobs.start', { kind: 'documents.batch', parameters: { documents: register(2), formats: ['docx'] } });
    expect(started).toMatchObject({ kind: 'documents.batch', state: '排队', done: 0, total: 2, title: '批量导出文书（2 份）' });
    const done = await waitForJob(started.id);
    off();
    expect(done).toMatchObject({ state: '已完成', done: 2, total: 2, errors: [], message: null });
    expect(done.startedAt && done.finishedAt).toBeTruthy();
    // Outputs are named relative to the data directory, never by an absolute path.
    expect(done.folder).toMatch(/^导出文件\/文书\/[^/]+$/);
    expect(done.outputs.map((o) => o.name)).toEqual([`${done.folder}/云溪区义务教育学校名册.docx`, `${done.folder}/云溪区义务教育学校名册（2）.docx`]);
    for (const o of done.outputs) expect(fs.existsSync(path.join(core.ctx.dataDir, o.name))).toBe(true);
    // Progress arrived as events: 排队 → 运行中 with 0/2, 1/2 → 已完成 2/2.
    const mine = events.filter((e) => e.job.id === started.id).map((e) => `${e.job.state} ${e.job.done}/${e.job.total}`);
    expect(mine[0]).toBe('排队 0/2');
    expect(mine).toContain('运行中 1/2');
    expect(mine.at(-1)).toBe('已完成 2/2');
    // Recorded: list and get find it again; its file downloads.
    expect((await call<Job[]>('jobs.list', {}))[0]).toMatchObject({ id: started.id, state: '已完成' });
    expect(await call<Job>('jobs.get', { id: started.id })).toEqual(done);
    const file = await call('jobs.file', { id: started.id, name: done.outputs[0].name });
    expect(file.fileName).toBe('云溪区义务教育学校名册.docx');
    expect(resultBytes(core.ctx, file).subarray(0, 2).toString()).toBe('PK');
    await expect(call('jobs.file', { id: started.id, name: '../desk.sqlite' })).rejects.toThrow('作业中没有文件');

    // 全部下载: both files in one zip, named under the job's folder, with the bytes written.
    const all = await call('jobs.outputsZip', { id: started.id });
    expect(all.fileName).toBe('批量导出文书（2 份）_全部文件.zip');
    const zip = await JSZip.loadAsync(resultBytes(core.ctx, all));
    expect(Object.keys(zip.files).sort()).toEqual(['云溪区义务教育学校名册.docx', '云溪区义务教育学校名册（2）.docx']);
    const inZip = await zip.file('云溪区义务教育学校名册.docx')!.async('nodebuffer');
    expect(inZip.equals(fs.readFileSync(path.join(core.ctx.dataDir, done.outputs[0].name)))).toBe(true);
    // A file moved away is named, not skipped silently.
    fs.rmSync(path.join(core.ctx.dataDir, done.outputs[1].name));
    await expect(call('jobs.outputsZip', { id: started.id })).rejects.toThrow('文件“云溪区义务教育学校名册（2）.docx”已不在数据目录中');
  });

  it('cancels a running job before its next document and records 已取消', async () => {
    await loadDemo(core.ctx, false);
    const started = await startJob(core.ctx, { kind: 'documents.batch', parameters: { documents: register(8), formats: ['docx'] } });
    const cancelling = await call<Job>('jobs.cancel', { id: started.id });
    expect(['排队', '运行中']).toContain(cancelling.state);
    const final = await waitForJob(started.id);
    expect(final.state).toBe('已取消');
    expect(final.done).toBeLessThan(8);
    expect(final.finishedAt).toBeTruthy();
    // Cancelling a finished job changes nothing.
    expect(await call<Job>('jobs.cancel', { id: started.id })).toMatchObject({ state: '已取消' });
  });

  it('marks a job left 运行中 by a process that is gone as 失败（程序已退出） on the next start', async () => {
    const dir = core.ctx.dataDir;
    // Rows as a process that died left them: a process id that cannot be alive (above the kernel's
    // limit), and this process under an earlier instance of the app.
    const row = (id: string, state: string, runner: string) =>
      unitOfWork(core.ctx, (tx) =>
        insertJob(tx, { id, kind: 'documents.batch', title: '批量导出文书（3 份）', parameters: '{}', state, total: 3, operator_id: null, operator_name: '张三', runner, created_at: '2026-01-01T00:00:00.000Z' }),
      );
    await row('dead-1', '运行中', '4194999:old');
    await row('dead-2', '排队', `${process.pid}:previous-instance`);
    await row('done-1', '已完成', '4194999:old');
    await core.close();
    const again = await createAppCore(dir, 'test');
    core = { ...again, dispose: async () => { await again.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
    const jobs = await listJobs(again.ctx);
    expect(Object.fromEntries(jobs.map((j) => [j.id, `${j.state}（${j.message ?? ''}）`]))).toEqual({
      'dead-1': '失败（程序已退出）',
      'dead-2': '失败（程序已退出）',
      'done-1': '已完成（）',
    });
    expect(jobs.find((j) => j.id === 'dead-1')?.finishedAt).toBeTruthy();
    expect(await recoverStaleJobs(again.ctx)).toBe(0);
  });

  it('refuses an unknown kind in Chinese', async () => {
    const r = await core.dispatch('jobs.start', { kind: 'nope', parameters: {} });
    expect(r.ok).toBe(false);
  });
});
