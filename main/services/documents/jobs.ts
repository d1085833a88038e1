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
import { FileExistsError, writeFileAtomic } from '../../documents/write-file';
import { TaskAborted } from '../../workers/task-runner';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { buildDocument, type BuiltDocument } from './build';
import type { Rendered } from './render';

/**
 * The data directory's folder of job outputs. Chinese, since the windows show it (“数据目录/导出文件/
 * 一校一案/…”) and the clerk finds it by that name in Explorer; releases before this one wrote
 * `exports`, which their job records still name and which is swept as before.
 */
export const EXPORTS_FOLDER = '导出文件';
/** The folder earlier releases wrote job outputs to (kept readable; swept at start). */
export const LEGACY_EXPORTS_FOLDER = 'exports';

/**
 * A folder of its own per job under `<dataDir>/导出文件/<…kind>/<time>` (`-2`, `-3` … when two start
 * in the same second): nothing already there can be overwritten.
 */
export async function freshExportFolder(dataDir: string, ...kind: string[]): Promise<string> {
  const base = path.join(dataDir, EXPORTS_FOLDER, ...kind, timestampForFile());
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


/** A document of the batch once built and handed to the worker pool (or failed on the way). */
interface Started {
  label: string;
  built?: BuiltDocument;
  rendered?: Promise<Rendered>;
  error?: unknown;
}

/**
 * The runner of a `documents.batch` job: every document in turn, each file written under a free
 * name in a fresh folder; progress after each document, a stop before the next one when cancelled.
 * Fails only when no document could be generated.
 *
 * Documents are typeset in parallel (issue 13): up to one more document than the pool has threads
 * (`ctx.tasks.concurrency` + 1) is handed to the pool, so every thread stays busy while this thread
 * builds the next document and writes the oldest one's files; inline (CLI) one at a time, as before.
 * Files are still written, and progress and errors reported, in the order of the request, and each
 * rendered document is written out and let go before another is started, so memory holds at most
 * that many documents however long the batch. A notice takes a number from the 发文登记 when built and marks it used when written,
 * so a notice is built only once every document before it is written (as when run one by one).
 */
export async function runBatchExport(job: JobHandle, params: BatchExportParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const { documents, formats } = params;
  const folder = await freshExportFolder(ctx.dataDir, '文书');
  await job.progress({ folder: dataRelative(ctx.dataDir, folder), done: 0, total: documents.length });
  const window = Math.max(1, ctx.tasks.concurrency + (ctx.tasks.kind === 'threads' ? 1 : 0));
  const inFlight: Started[] = [];
  let next = 0;
  let failed = 0;
  let done = 0;

  const start = async (req: DocumentRequest): Promise<Started> => {
    const started: Started = { label: describe(req) };
    try {
      started.built = await buildDocument(ctx, req);
      started.label = started.built.label;
      // Typeset on a worker thread; cancelling the job aborts the render where it stands.
      started.rendered = ctx.tasks.run('render', { doc: started.built.doc, formats }, { signal: job.signal });
      // Awaited in order below; until then a failure must not count as unhandled.
      started.rendered.catch(() => undefined);
    } catch (e) {
      started.error = e;
    }
    return started;
  };

  const finish = async ({ label, built, rendered, error }: Started): Promise<void> => {
    await job.progress({ message: label });
    try {
      if (error !== undefined) throw error;
      const result = await rendered!;
      job.check();
      for (const f of result.files) {
        const name = await writeUnique(folder, built!.baseName, f.format, f.buffer);
        await job.output({ name: dataRelative(ctx.dataDir, path.join(folder, name)), format: f.format, bytes: f.buffer.length });
      }
      await built!.commit();
    } catch (e) {
      if (e instanceof TaskAborted || e instanceof JobCancelled) throw new JobCancelled();
      failed++;
      await job.error(`${label}：${e instanceof Error ? e.message : String(e)}`);
    }
    done++;
    await job.progress({ done, message: null });
  };

  try {
    while (next < documents.length || inFlight.length > 0) {
      const req = documents[next];
      const mustDrain = req !== undefined && req.kind === 'notice' && inFlight.length > 0;
      if (req !== undefined && inFlight.length < window && !mustDrain) {
        job.check();
        next++;
        inFlight.push(await start(req));
        continue;
      }
      await finish(inFlight.shift()!);
    }
  } catch (e) {
    // Cancelled: the documents still on the pool were aborted with the job's signal.
    await Promise.allSettled(inFlight.map((s) => s.rendered));
    throw e;
  }
  return failed === documents.length ? { failure: '没有一份文书生成成功' } : {};
}
