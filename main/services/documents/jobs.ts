/**
 * Batch export: several documents rendered one after another with the one font registry, written
 * atomically into a fresh folder under the data directory, run as a `documents.batch` job (see
 * jobs-service.ts: recorded, progress pushed as events, cancellable at any moment). Each document
 * is built from the database on the calling thread (short) and typeset on a worker thread (long).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentFormat, DocumentRequest } from '../../../shared/api/contracts/documents';
import type { BatchExportParameters } from '../../../shared/api/contracts/jobs';
import { timestampForFile } from '../../db/connection';
import { FileExistsError, writeFileAtomic } from '../../documents';
import { TaskAborted } from '../../workers/task-runner';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { buildDocument } from './build';

/**
 * A folder of its own per job under `<dataDir>/exports/<…kind>/<time>` (`-2`, `-3` … when two start in
 * the same second): nothing already there can be overwritten.
 */
export async function freshExportFolder(dataDir: string, ...kind: string[]): Promise<string> {
  const base = path.join(dataDir, 'exports', ...kind, timestampForFile());
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


/**
 * The runner of a `documents.batch` job: every document in turn, each file written under a free
 * name in a fresh folder; progress after each document, a stop before the next one when cancelled.
 * Fails only when no document could be generated.
 */
export async function runBatchExport(job: JobHandle, params: BatchExportParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const { documents, formats } = params;
  const folder = await freshExportFolder(ctx.dataDir, '文书');
  await job.progress({ folder: dataRelative(ctx.dataDir, folder), done: 0, total: documents.length });
  let failed = 0;
  let done = 0;
  for (const req of documents) {
    job.check();
    let current = describe(req);
    await job.progress({ message: current });
    try {
      const built = await buildDocument(ctx, req);
      current = built.label;
      // Typeset on a worker thread; cancelling the job aborts the render where it stands.
      const rendered = await ctx.tasks.run('render', { doc: built.doc, formats }, { signal: job.signal });
      job.check();
      for (const f of rendered.files) {
        const name = await writeUnique(folder, built.baseName, f.format, f.buffer);
        await job.output({ name: dataRelative(ctx.dataDir, path.join(folder, name)), format: f.format, bytes: f.buffer.length });
      }
      await built.commit();
    } catch (e) {
      if (e instanceof TaskAborted || e instanceof JobCancelled) throw new JobCancelled();
      failed++;
      await job.error(`${current}：${e instanceof Error ? e.message : String(e)}`);
    }
    done++;
    await job.progress({ done, message: null });
  }
  return failed === documents.length ? { failure: '没有一份文书生成成功' } : {};
}
