/**
 * Runners of the job kinds that wrap an existing service: an import committed after its preview
 * (`register.import`) and a backup the user asked for (`backup.create`). See jobs-service.ts for
 * how a job is recorded, reported and cancelled.
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentsAddInput } from '../../../shared/api/contracts/attachments';
import type { RegisterImportParameters } from '../../../shared/api/contracts/jobs';
import { addAttachments } from '../attachments-service';
import { backupServiceOf } from '../../db/maintenance/backup-service';
import { finishJobInCopy } from '../../db/repositories/jobs-repo';
import { importFile } from '../exchange-service';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';

/** Rows and warnings an import job keeps in its result (its counts always cover the whole file). */
export const KEPT_ROWS = 200;

/**
 * `register.import`: the file is read and checked again (it may have changed since the preview),
 * then written as one unit of work; the report becomes the job's result. Cancelling stops it before
 * the write, never half-way through. A file with errors or open questions writes nothing and the
 * job fails with the count, the report saying where.
 */
export async function runImport(job: JobHandle, params: RegisterImportParameters): Promise<{ failure?: string }> {
  let step = 0;
  const report = await importFile(
    job.ctx,
    { kind: params.kind, file: params.file, year: params.year, answers: params.answers, dryRun: false },
    {
      signal: job.signal,
      stage: async (message) => {
        job.check();
        await job.progress({ done: step++ === 0 ? 0 : 1, message });
      },
    },
  );
  // Kept with the job for 作业记录 and the wizard: the counts are whole; the row-by-row lists are cut
  // so that a 60,000-row import does not make every later listing of jobs megabytes long.
  await job.result({ ...report, rows: report.rows.slice(0, KEPT_ROWS), warnings: report.warnings.slice(0, KEPT_ROWS) });
  await job.progress({ done: 2, message: null });
  if (report.committed) return {};
  if (report.errors.length > 0) return { failure: `文件中有 ${report.errors.length} 处错误，未导入任何数据` };
  if (report.questions.length > 0) return { failure: `还有 ${report.questions.length} 个问题需要回答，未导入任何数据` };
  return {};
}

/**
 * `backup.create`: SQLite's online backup of the whole database into the backups folder (as
 * 手动备份, listed for restore and never pruned), with progress per step and a stop on cancel that
 * leaves nothing behind. The file is the job's output, to save elsewhere (USB stick, server).
 */
export async function runBackup(job: JobHandle): Promise<void> {
  const backups = backupServiceOf(job.ctx);
  let last = -1;
  const relative = (p: string) => dataRelative(job.ctx.dataDir, p);
  const file = await backups.manual(
    ({ totalPages, remainingPages }) => {
      if (job.cancelled) throw new JobCancelled();
      const percent = totalPages > 0 ? Math.floor(((totalPages - remainingPages) * 100) / totalPages) : 0;
      // Progress is recorded (and pushed) per whole percent, not per step.
      if (percent !== last) {
        last = percent;
        void job.progress({ done: percent, message: `已复制 ${percent}%` }).catch(() => undefined);
      }
    },
    // The copy was taken while this job ran: inside it, the job is recorded as it will end.
    (copy, final) => {
      const { size } = fsSync.statSync(copy);
      finishJobInCopy(copy, job.id, { outputs: JSON.stringify([{ name: relative(final), format: 'sqlite', bytes: size }]), folder: relative(path.dirname(final)), finishedAt: new Date().toISOString() });
    },
  );
  const { size } = await fs.stat(file);
  await job.output({ name: relative(file), format: 'sqlite', bytes: size });
  await job.progress({ done: 100, message: null, folder: relative(path.dirname(file)) });
}

/**
 * `attachments.add`: the files stored one after another (progress per file, a stop between files),
 * then recorded in one unit of work; the outcome (added, 已存在) is the job's result.
 */
export async function runAttachmentsAdd(job: JobHandle, params: AttachmentsAddInput): Promise<void> {
  const result = await addAttachments(job.ctx, params, {
    check: () => job.check(),
    progress: (done, total, message) => job.progress({ done, total, message }),
  });
  await job.result(result);
  await job.progress({ done: params.files.length, message: null });
}
