/**
 * Browser mode's two ways across the page for 填报包 (issue 11): 全部下载 — one zip of a 生成填报包
 * run (its package zips, or its folders) — and a USB folder uploaded file by file, put back
 * together and imported like a folder picked in the desktop app.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { RoundDetail, SubmissionImportReport } from '../../../shared/api/contracts/rounds';
import type { School } from '../../../shared/api/contracts/schools';
import type { FileResult } from '../../../shared/api/envelope';
import { tempCore, tempDir } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';

let core: Awaited<ReturnType<typeof tempCore>>;
let dir: string;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function refused(op: string, input: unknown): Promise<string> {
  const r = await core.dispatch(op, input);
  if (r.ok) throw new Error(`${op} was expected to fail`);
  return r.error.message;
}
async function job(kind: string, parameters: object): Promise<Job> {
  const started = await api<Job>('jobs.start', { kind, parameters });
  return waitForJob(started.id);
}

beforeEach(async () => {
  core = await tempCore();
  dir = tempDir('desk-packages-zip-');
});
afterEach(async () => {
  await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function round(name = '督导评估'): Promise<RoundDetail> {
  const schools: School[] = [];
  for (const [code, n] of [
    ['4502020001', '景行小学'],
    ['4502020002', '河西小学'],
    ['4502020003', '城南小学'],
  ])
    schools.push((await api<School[]>('schools.list', {})).find((s) => s.code === code) ?? (await api<School>('schools.create', { code, name: n, type: '小学', locality: '城区' })));
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
  await api('indicators.publish', { id: system.summary.id });
  const year = new Date().getFullYear();
  return api<RoundDetail>('rounds.create', {
    name,
    year,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: `${year - 1}-01-01`, endsOn: `${year + 1}-12-31`, collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function downloaded(result: FileResult): Promise<{ zip: JSZip; bytes: Buffer }> {
  const file = core.ctx.files.download(result.ref);
  const bytes = fs.readFileSync(file.path);
  expect(bytes.length).toBe(result.bytes);
  expect(sha(bytes)).toBe(result.sha256);
  return { zip: await JSZip.loadAsync(bytes), bytes };
}

describe('全部下载 of a 生成填报包 run', () => {
  it('puts every package zip of the run into one zip, byte for byte', async () => {
    const r = await round();
    const issued = await job('rounds.packages', { roundId: r.id, zip: true });
    expect(issued.state).toBe('已完成');
    expect(issued.outputs).toHaveLength(3);
    const result = await api<FileResult>('rounds.packagesZip', { roundId: r.id, jobId: issued.id });
    expect(result).toMatchObject({ fileName: '督导评估_全部填报包.zip', mimeType: 'application/zip' });
    const { zip } = await downloaded(result);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(issued.outputs.map((o) => path.basename(o.name)).sort());
    for (const o of issued.outputs) {
      const inner = await zip.file(path.basename(o.name))!.async('nodebuffer');
      expect(sha(inner)).toBe(sha(fs.readFileSync(path.join(core.ctx.dataDir, ...o.name.split('/')))));
    }
  });

  it('gives the whole output folder when the run wrote no zips (package folders, no temporary folders)', async () => {
    const r = await round();
    const issued = await job('rounds.packages', { roundId: r.id, zip: false });
    expect(issued.outputs).toEqual([]);
    // A writer's temporary folder left beside the packages is not part of them.
    fs.mkdirSync(path.join(core.ctx.dataDir, ...issued.folder!.split('/'), '.~package-1-deadbeef'));
    const { zip } = await downloaded(await api<FileResult>('rounds.packagesZip', { roundId: r.id, jobId: issued.id }));
    const names = Object.keys(zip.files);
    const tops = [...new Set(names.map((n) => n.split('/')[0]))].sort();
    expect(tops).toEqual(r.units.map((u) => `督导评估_${u.code}_${u.name}`).sort());
    expect(names.filter((n) => n.endsWith('自评表.xlsx'))).toHaveLength(3);
    expect(names.some((n) => n.includes('.~package'))).toBe(false);
    // Every file as written.
    const folder = path.join(core.ctx.dataDir, ...issued.folder!.split('/'));
    const workbook = names.find((n) => n.endsWith('自评表.xlsx'))!;
    expect(sha(await zip.file(workbook)!.async('nodebuffer'))).toBe(sha(fs.readFileSync(path.join(folder, ...workbook.split('/')))));
  });

  it('is refused for a run of another round, another kind of job, a run written to a chosen folder, or files gone', async () => {
    const r = await round();
    const other = await round('另一个项目');
    const issued = await job('rounds.packages', { roundId: r.id, zip: true });
    expect(await refused('rounds.packagesZip', { roundId: other.id, jobId: issued.id })).toContain('没有这次生成填报包的记录');
    const backup = await job('backup.create', {});
    expect(await refused('rounds.packagesZip', { roundId: r.id, jobId: backup.id })).toContain('没有这次生成填报包的记录');
    const out = path.join(dir, '输出');
    fs.mkdirSync(out);
    const destination = await core.ctx.files.registerFolder(out);
    const chosen = await job('rounds.packages', { roundId: other.id, zip: true, destination: { ref: destination.ref } });
    expect(await refused('rounds.packagesZip', { roundId: other.id, jobId: chosen.id })).toContain('请到该文件夹中拷贝');
    fs.rmSync(path.join(core.ctx.dataDir, ...issued.outputs[0]!.name.split('/')));
    expect(await refused('rounds.packagesZip', { roundId: r.id, jobId: issued.id })).toContain('已不在数据目录中');
  });
});

describe('a USB folder uploaded from the page', () => {
  /** Every file under `root`, `/`-separated, relative to its parent (so they start with the folder's name). */
  function filesOf(root: string): string[] {
    const base = path.dirname(root);
    return (fs.readdirSync(root, { recursive: true }) as string[]).map((p) => path.join(root, p)).filter((p) => fs.statSync(p).isFile()).map((p) => path.relative(base, p).split(path.sep).join('/'));
  }

  it('is put back together and checked and imported like a folder picked in the desktop app', async () => {
    const r = await round();
    const stick = path.join(dir, 'U盘');
    fs.mkdirSync(stick);
    const destination = await core.ctx.files.registerFolder(stick);
    expect((await job('rounds.packages', { roundId: r.id, zip: false, destination: { ref: destination.ref } })).state).toBe('已完成');
    // As the page sends them: one upload per file, with its path in the folder.
    const refs: string[] = [];
    for (const rel of filesOf(stick)) {
      const staged = await core.ctx.files.stage(fs.createReadStream(path.join(dir, ...rel.split('/'))), rel.split('/').pop()!, { relativePath: rel });
      refs.push(staged.ref);
    }
    const folder = await api<{ ref: string; fileName: string }>('rounds.assembleFolder', { refs });
    expect(folder.fileName).toBe('U盘');
    const checked = await job('rounds.import', { roundId: r.id, sources: [{ ref: folder.ref }], dryRun: true });
    const report = checked.result as SubmissionImportReport;
    expect(report.packages).toHaveLength(3);
    // Named from the picked folder down, as the user knows it — never the staging folder.
    expect(report.packages.map((p) => p.name).sort()).toEqual(r.units.map((u) => `U盘/督导评估_${u.code}_${u.name}`).sort());
    expect(JSON.stringify(report)).not.toContain(core.ctx.dataDir);
    // Each package's signed manifest checked out against its unit: each would be that unit's first revision.
    expect(report.packages.map((p) => [p.unit?.code, p.verdict, p.revision]).sort()).toEqual(r.units.map((u) => [u.code, 'new', 1]).sort());
    expect(report.skipped).toEqual([]);
    // Committed from the same reference: every unit 已提交, revision 1.
    const committed = await job('rounds.import', { roundId: r.id, sources: [{ ref: folder.ref }], dryRun: false });
    expect((committed.result as SubmissionImportReport).stored).toBe(3);
    expect((await api<RoundDetail>('rounds.get', { id: r.id })).units.map((u) => [u.state, u.revision])).toEqual(r.units.map(() => ['submitted', 1]));
  });

  it('with one file whose upload was refused is never assembled, and leaves nothing staged', async () => {
    const ok = await core.ctx.files.stage(Readable.from([Buffer.from('a')]), 'a.txt', { relativePath: 'U盘/a.txt' });
    const hostile = await core.ctx.files.stage(Readable.from([Buffer.from('b')]), 'b.txt', { relativePath: 'U盘/../b.txt' }).catch((e: Error) => e);
    expect(hostile).toBeInstanceOf(Error);
    expect((hostile as Error).message).toContain('路径穿越');
    const clash = await core.ctx.files.stage(Readable.from([Buffer.from('c')]), 'A.TXT', { relativePath: 'U盘/A.TXT' });
    expect(await refused('rounds.assembleFolder', { refs: [ok.ref, clash.ref] })).toContain('同一个文件名');
    const incoming = path.join(core.ctx.dataDir, 'tmp', 'incoming');
    expect(fs.existsSync(incoming) ? fs.readdirSync(incoming) : []).toEqual([]);
  });
});
