/**
 * Batch export: several documents rendered one after another with the one font registry, written
 * atomically into a fresh folder under the data directory, run as a `documents.batch` job (see
 * jobs-service.ts: recorded, progress pushed as events, cancellable before each file).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BatchJob, DocumentFormat, DocumentRequest } from '../../../shared/api/contracts/documents';
import type { BatchExportParameters, Job, JobState } from '../../../shared/api/contracts/jobs';
import { AppError, type FileDownload } from '../../../shared/api/envelope';
import { timestampForFile } from '../../db/connection';
import { FileExistsError, writeFileAtomic } from '../../documents';
import type { ServiceContext } from '../context';
import { buildDocument } from './build';
import { documentFonts } from './fonts';
import { cancelJob, getJob, JobCancelled, jobFile, startJob, waitForJob, type JobHandle } from '../jobs-service';
import { renderFormats } from './render';

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

/** Relative to the data directory, with “/” (what users and the contract see). */
const relative = (dataDir: string, full: string): string => path.relative(dataDir, full).split(path.sep).join('/');

/**
 * The runner of a `documents.batch` job: every document in turn, each file written under a free
 * name in a fresh folder; progress after each document, a stop before the next one when cancelled.
 * Fails only when no document could be generated.
 */
export async function runBatchExport(job: JobHandle, params: BatchExportParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const { documents, formats } = params;
  const folder = await freshFolder(ctx.dataDir);
  await job.progress({ folder: relative(ctx.dataDir, folder), done: 0, total: documents.length });
  const fonts = documentFonts();
  let failed = 0;
  let done = 0;
  for (const req of documents) {
    job.check();
    let current = describe(req);
    await job.progress({ message: current });
    try {
      const built = await buildDocument(ctx, req);
      current = built.label;
      const rendered = await renderFormats(built.doc, formats, fonts, () => {
        if (job.cancelled) throw new Cancelled();
      });
      job.check();
      for (const f of rendered.files) {
        const name = await writeUnique(folder, built.baseName, f.format, f.buffer);
        await job.output({ name: relative(ctx.dataDir, path.join(folder, name)), format: f.format, bytes: f.buffer.length });
      }
      await built.commit();
    } catch (e) {
      if (e instanceof Cancelled || e instanceof JobCancelled) throw new JobCancelled();
      failed++;
      await job.error(`${current}：${e instanceof Error ? e.message : String(e)}`);
    }
    done++;
    await job.progress({ done, message: null });
  }
  return failed === documents.length ? { failure: '没有一份文书生成成功' } : {};
}

const STATE: Record<JobState, BatchJob['state']> = { 排队: 'running', 运行中: 'running', 已完成: 'done', 已取消: 'cancelled', 失败: 'failed' };

/** The older `documents.batch*` view of a job (kept for scripts): absolute folder, file names in it. */
function toBatchJob(ctx: ServiceContext, j: Job): BatchJob {
  return {
    jobId: j.id,
    state: STATE[j.state],
    total: j.total,
    done: j.done,
    current: j.message,
    folder: j.folder ? path.join(ctx.dataDir, ...j.folder.split('/')) : '',
    files: j.outputs.map((o) => ({ name: o.name.split('/').pop()!, format: o.format as DocumentFormat, bytes: o.bytes })),
    errors: j.message && j.state === '失败' ? [...j.errors, j.message] : j.errors,
    startedAt: j.startedAt ?? j.createdAt,
    finishedAt: j.finishedAt,
  };
}

/** Starts a batch export as a `documents.batch` job (same as `jobs.start`). */
export async function startBatch(ctx: ServiceContext, documents: DocumentRequest[], formats: DocumentFormat[]): Promise<BatchJob> {
  return toBatchJob(ctx, await startJob(ctx, { kind: 'documents.batch', parameters: { documents, formats } }));
}

/** A batch job's state (same as `jobs.get`). */
export async function batchStatus(ctx: ServiceContext, jobId: string): Promise<BatchJob> {
  return toBatchJob(ctx, await getJob(ctx, jobId));
}

/** Asks a batch job to stop (same as `jobs.cancel`). */
export async function cancelBatch(ctx: ServiceContext, jobId: string): Promise<BatchJob> {
  return toBatchJob(ctx, await cancelJob(ctx, jobId));
}

/** One finished file of a job, by its name in the output folder, as a download. */
export async function batchFile(ctx: ServiceContext, jobId: string, name: string): Promise<FileDownload> {
  const job = await getJob(ctx, jobId);
  const output = job.outputs.find((o) => o.name.split('/').pop() === name);
  if (!output) throw new AppError('not_found', `任务中没有文件“${name}”`);
  return jobFile(ctx, jobId, output.name);
}

/** Waits until a batch job started in this process has finished (tests and the CLI). */
export async function waitForBatch(ctx: ServiceContext, jobId: string): Promise<BatchJob> {
  return toBatchJob(ctx, await waitForJob(jobId));
}
