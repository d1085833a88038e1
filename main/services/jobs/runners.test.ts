/** Imports and backups as jobs: recorded, progress pushed, cancellable, the outcome kept in 作业记录. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobEvent } from '../../../shared/api/contracts/jobs';
import type { ImportReport } from '../../../shared/api/contracts/exchange';
import { createAppCore } from '../../app/create-app';
import { ERROR_ID_PATTERN } from '../../log/error-id';
import { createLogger } from '../../log/logger';
import { resultBytes, stageBytes } from '../../testing/files';
import { dispatchOk, tempCore, tempDir } from '../../testing/temp-core';
import { loadDemo } from '../demo/demo-service';
import { subscribeJobEvents, waitForJob } from '../jobs-service';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const call = <T = any>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);

const REGISTER = '学校标识码,学校名称,类型,城乡,乡镇（街道）\n3609990001,样例县第一小学,小学,城区,城关镇\n3609990002,样例县第二小学,小学,城区,城关镇\n';

describe('register.import jobs', () => {
  it('commits a previewed file, keeps the report as the result, and the same file again changes nothing', async () => {
    const file = await stageBytes(core.ctx, '名册.csv', REGISTER);
    const preview = await call<ImportReport>('exchange.import', { kind: 'schools', file: { ref: file.ref }, dryRun: true });
    expect(preview.counts.new).toBe(2);
    const events: JobEvent[] = [];
    const off = subscribeJobEvents(core.ctx, (e) => events.push(e));
    const started = await call<Job>('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: file.ref } } });
    expect(started.title).toBe('导入学校名册“名册.csv”');
    const done = await waitForJob(started.id);
    off();
    expect(done).toMatchObject({ state: '已完成', done: 2, total: 2 });
    const report = done.result as ImportReport;
    expect(report).toMatchObject({ committed: true, counts: { new: 2, changed: 0, unchanged: 0 }, fileName: '名册.csv' });
    expect((await call<any[]>('schools.list', {})).length).toBe(2);
    // The stages were pushed as they happened.
    const messages = events.filter((e) => e.job.id === started.id).map((e) => e.job.message);
    expect(messages).toContain('读取并检查文件');
    expect(messages).toContain('写入数据库');
    // Found again later, report and all.
    expect(((await call<Job>('jobs.get', { id: started.id })).result as ImportReport).counts.new).toBe(2);

    const again = await waitForJob((await call<Job>('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: file.ref } } })).id);
    expect(again.state).toBe('已完成');
    expect((again.result as ImportReport).counts).toEqual({ new: 0, changed: 0, unchanged: 2 });
    expect((await call<any[]>('schools.list', {})).length).toBe(2);
  });

  it('keeps whole counts but at most 200 rows of a large import in the job', async () => {
    const lines = Array.from({ length: 250 }, (_, i) => `36099${String(i).padStart(5, '0')},样例县第${i + 1}小学,小学,城区,城关镇`);
    const file = await stageBytes(core.ctx, '大名册.csv', `学校标识码,学校名称,类型,城乡,乡镇（街道）\n${lines.join('\n')}\n`);
    const done = await waitForJob((await call<Job>('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: file.ref } } })).id);
    const report = done.result as ImportReport;
    expect(report.counts.new).toBe(250);
    expect(report.rows).toHaveLength(200);
    expect((await call<any[]>('schools.list', {})).length).toBe(250);
  });

  it('fails, writing nothing, when the file has errors; the report says where', async () => {
    const bad = await stageBytes(core.ctx, '名册.csv', '学校标识码,学校名称,类型,城乡,乡镇（街道）\n3609990001,样例县第一小学,幼儿园,城区,城关镇\n');
    const done = await waitForJob((await call<Job>('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: bad.ref } } })).id);
    expect(done.state).toBe('失败');
    expect(done.message).toMatch(/文件中有 \d+ 处错误，未导入任何数据/);
    expect((done.result as ImportReport).errors[0].message).toMatch(/名册\.csv.*第 2 行/);
    expect(await call<any[]>('schools.list', {})).toEqual([]);
  });

  it('refuses to start on an unknown file reference, in Chinese', async () => {
    const r = await core.dispatch('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: 'CCCCCCCCCCCCCCCCCCCCCC' } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/请重新选择文件/);
  });

  it('a job that fails unexpectedly shows an error number that is in the log, with the stack', async () => {
    const lines: string[] = [];
    const dir = tempDir('desk-jobs-log-');
    const logged = await createAppCore(dir, 'test', { logger: createLogger({ destination: { write: (l: string) => void lines.push(l) } }) });
    try {
      const file = await stageBytes(logged.ctx, '名册.csv', REGISTER);
      const started = await dispatchOk<Job>(logged, 'jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: file.ref } } });
      // The file disappears (USB stick pulled) before the job reads it.
      fs.rmSync(logged.ctx.files.resolve(file.ref).path);
      const done = await waitForJob(started.id);
      expect(done.state).toBe('失败');
      const errorId = /错误编号 (E-\d{8}-[0-9A-F]{6})/.exec(done.message ?? '')?.[1];
      expect(errorId).toMatch(ERROR_ID_PATTERN);
      const line = lines.map((l) => JSON.parse(l)).find((l) => l.errorId === errorId);
      expect(line).toMatchObject({ module: 'jobs', job: started.id, kind: 'register.import', msg: '作业失败' });
      expect(line.err.stack).toBeTruthy();
    } finally {
      await logged.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cancelled before the write, writes nothing', async () => {
    const file = await stageBytes(core.ctx, '名册.csv', REGISTER);
    const started = await call<Job>('jobs.start', { kind: 'register.import', parameters: { kind: 'schools', file: { ref: file.ref } } });
    await call('jobs.cancel', { id: started.id });
    const done = await waitForJob(started.id);
    expect(done.state).toBe('已取消');
    expect(await call<any[]>('schools.list', {})).toEqual([]);
  });
});

describe('backup.create jobs', () => {
  it('writes a 手动备份 listed for restore, with progress, as an output the user can save', async () => {
    await loadDemo(core.ctx, false);
    const events: JobEvent[] = [];
    const off = subscribeJobEvents(core.ctx, (e) => events.push(e));
    const started = await call<Job>('jobs.start', { kind: 'backup.create', parameters: {} });
    const done = await waitForJob(started.id);
    off();
    expect(done).toMatchObject({ state: '已完成', done: 100, total: 100, folder: 'backups' });
    expect(done.outputs).toHaveLength(1);
    expect(done.outputs[0].name).toMatch(/^backups\/manual-\d{8}-\d{6}-\d{3}\.sqlite$/);
    expect(events.filter((e) => e.job.id === started.id).some((e) => e.job.state === '运行中')).toBe(true);
    const listed = await call<any>('backup.list', {});
    const backups = Array.isArray(listed) ? listed : listed.backups;
    expect(backups.find((b: any) => `backups/${b.name}` === done.outputs[0].name)).toMatchObject({ kind: 'manual' });
    const file = await call('jobs.file', { id: started.id, name: done.outputs[0].name });
    expect(resultBytes(core.ctx, file).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(file.bytes).toBe(done.outputs[0].bytes);
  });

  it('restoring that backup shows the job that made it as finished, with its file', async () => {
    await loadDemo(core.ctx, false);
    const started = await call<Job>('jobs.start', { kind: 'backup.create', parameters: {} });
    const done = await waitForJob(started.id);
    await call('backup.restore', { name: done.outputs[0].name.split('/').pop() });
    const after = await call<Job>('jobs.get', { id: started.id });
    expect(after).toMatchObject({ state: '已完成', outputs: [{ name: done.outputs[0].name, format: 'sqlite' }] });
    const dir = path.join(core.ctx.dataDir, 'backups');
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('-wal') || n.endsWith('-shm') || n.includes('.partial'))).toEqual([]);
  });

  it('cancelled, leaves no file behind', async () => {
    await loadDemo(core.ctx, false);
    const started = await call<Job>('jobs.start', { kind: 'backup.create', parameters: {} });
    await call('jobs.cancel', { id: started.id });
    const done = await waitForJob(started.id);
    expect(done.state).toBe('已取消');
    const dir = path.join(core.ctx.dataDir, 'backups');
    const left = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('manual-')) : [];
    expect(left).toEqual([]);
  });
});

describe('attachments.add jobs', () => {
  it('stores the files with progress per file and keeps the outcome; cancelled, records nothing', async () => {
    const school = await call('schools.create', { name: '城关小学', type: '小学', locality: '城区' });
    const files = [await stageBytes(core.ctx, '照片1.jpg', 'a'.repeat(1000)), await stageBytes(core.ctx, '照片2.jpg', 'b'.repeat(1000))];
    const events: JobEvent[] = [];
    const off = subscribeJobEvents(core.ctx, (e) => events.push(e));
    const started = await call<Job>('jobs.start', { kind: 'attachments.add', parameters: { schoolId: school.id, year: 2025, files: files.map((f) => ({ ref: f.ref })) } });
    expect(started.title).toBe('为“城关小学”2025 年添加佐证材料（2 个文件）');
    const done = await waitForJob(started.id);
    off();
    expect(done).toMatchObject({ state: '已完成', done: 2, total: 2 });
    expect(done.result).toMatchObject({ added: 2, existing: 0 });
    expect(events.map((e) => e.job.message)).toContain('正在存入“照片2.jpg”（1 KB）');
    expect((await call('attachments.list', { schoolId: school.id, year: 2025 })).attachments).toHaveLength(2);

    const more = [await stageBytes(core.ctx, '照片3.jpg', 'c'.repeat(1000))];
    const second = await call<Job>('jobs.start', { kind: 'attachments.add', parameters: { schoolId: school.id, year: 2025, files: more.map((f) => ({ ref: f.ref })) } });
    await call('jobs.cancel', { id: second.id });
    expect((await waitForJob(second.id)).state).toBe('已取消');
    expect((await call('attachments.list', { schoolId: school.id, year: 2025 })).attachments).toHaveLength(2);
  });

  it('refuses to start for a school that does not exist', async () => {
    const f = await stageBytes(core.ctx, '照片.jpg', 'x');
    const r = await core.dispatch('jobs.start', { kind: 'attachments.add', parameters: { schoolId: 999, year: 2025, files: [{ ref: f.ref }] } });
    expect(r.ok).toBe(false);
  });
});

describe('attachments.add jobs refuse at the start', () => {
  it('a file that may not be added is refused in Chinese before any job is recorded', async () => {
    const school = await call('schools.create', { name: '城关小学', type: '小学', locality: '城区' });
    const exe = await stageBytes(core.ctx, 'setup.exe', 'MZ');
    const r = await core.dispatch('jobs.start', { kind: 'attachments.add', parameters: { schoolId: school.id, year: 2025, files: [{ ref: exe.ref }] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/“setup\.exe”/);
    expect(await call('jobs.list', {})).toEqual([]);
  });
});
