/**
 * Batch export jobs: several documents rendered one after another in this process with the one
 * font registry, written atomically into a fresh folder under the data directory. The caller polls
 * the job for progress and may cancel it; a cancelled job stops before its next file.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BatchJob, DocumentFormat, DocumentRequest } from '../../../shared/api/contracts/documents';
import { AppError, type FileDownload } from '../../../shared/api/envelope';
import { timestampForFile } from '../../db/connection';
import { FileExistsError, writeFileAtomic } from '../../documents';
import type { ServiceContext } from '../context';
import { buildDocument } from './build';
import { documentFonts } from './fonts';
import { MIME, renderFormats } from './render';

interface Job {
  view: BatchJob;
  cancelled: boolean;
}

const jobs = new Map<string, Job>();
const KEEP_JOBS = 20;

class Cancelled extends Error {}

/** A folder of its own per job: nothing already there can be overwritten. */
async function freshFolder(dataDir: string): Promise<string> {
  const base = path.join(dataDir, 'exports', '文书', timestampForFile());
  await fs.mkdir(path.dirname(base), { recursive: true });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      await fs.mkdir(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Writes under a free name: two documents with the same title get “（2）”, never a silent overwrite. */
async function writeUnique(dir: string, baseName: string, format: DocumentFormat, data: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const name = `${baseName}${n === 1 ? '' : `（${n}）`}.${format}`;
    try {
      await writeFileAtomic(path.join(dir, name), data);
      return name;
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
    }
  }
}

const describe = (req: DocumentRequest): string =>
  req.kind === 'notice' ? req.notice.title.replace(/\s+/g, '') : req.kind === 'balance' ? `${req.year}年差异系数测算报告` : '学校名册';

async function run(ctx: ServiceContext, job: Job, documents: DocumentRequest[], formats: DocumentFormat[]): Promise<void> {
  const v = job.view;
  const fonts = documentFonts();
  const check = () => {
    if (job.cancelled) throw new Cancelled();
  };
  try {
    for (const req of documents) {
      check();
      v.current = describe(req);
      // Let status polls and other calls in between documents.
      await new Promise((r) => setImmediate(r));
      try {
        const built = await buildDocument(ctx, req);
        v.current = built.label;
        const rendered = await renderFormats(built.doc, formats, fonts, check);
        check();
        for (const f of rendered.files) {
          const name = await writeUnique(v.folder, built.baseName, f.format, f.buffer);
          v.files.push({ name, format: f.format, bytes: f.buffer.length });
        }
        await built.commit();
      } catch (e) {
        if (e instanceof Cancelled) throw e;
        v.errors.push(`${v.current}：${e instanceof Error ? e.message : String(e)}`);
      }
      v.done++;
    }
    v.state = v.errors.length === documents.length ? 'failed' : 'done';
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    v.state = 'cancelled';
  } finally {
    v.current = null;
    v.finishedAt = new Date().toISOString();
  }
}

export async function startBatch(ctx: ServiceContext, documents: DocumentRequest[], formats: DocumentFormat[]): Promise<BatchJob> {
  const folder = await freshFolder(ctx.dataDir);
  const view: BatchJob = { jobId: randomUUID(), state: 'running', total: documents.length, done: 0, current: null, folder, files: [], errors: [], startedAt: new Date().toISOString(), finishedAt: null };
  const job: Job = { view, cancelled: false };
  jobs.set(view.jobId, job);
  for (const id of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEEP_JOBS))) {
    if (jobs.get(id)?.view.state !== 'running') jobs.delete(id);
  }
  void run(ctx, job, documents, formats).catch((e: unknown) => {
    view.state = 'failed';
    view.errors.push(e instanceof Error ? e.message : String(e));
  });
  return snapshot(job);
}

const snapshot = (job: Job): BatchJob => ({ ...job.view, files: [...job.view.files], errors: [...job.view.errors] });

function getJob(jobId: string): Job {
  const job = jobs.get(jobId);
  if (!job) throw new AppError('not_found', '找不到该批量导出任务（程序重启后任务记录会清空，已生成的文件仍在输出文件夹中）');
  return job;
}

export const batchStatus = (jobId: string): BatchJob => snapshot(getJob(jobId));

export function cancelBatch(jobId: string): BatchJob {
  const job = getJob(jobId);
  if (job.view.state === 'running') job.cancelled = true;
  return snapshot(job);
}

/** One finished file of a job as a download (browser mode saves them through the browser). */
export async function batchFile(jobId: string, name: string): Promise<FileDownload> {
  const job = getJob(jobId);
  const file = job.view.files.find((f) => f.name === name);
  if (!file) throw new AppError('not_found', `任务中没有文件“${name}”`);
  const data = await fs.readFile(path.join(job.view.folder, file.name));
  return { fileName: file.name, mimeType: MIME[file.format], contentBase64: data.toString('base64') };
}

/** Waits until a job leaves 'running' (tests and the CLI). */
export async function waitForBatch(jobId: string, pollMs = 50): Promise<BatchJob> {
  for (;;) {
    const v = batchStatus(jobId);
    if (v.state !== 'running') return v;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
