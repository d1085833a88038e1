/** What the 整改台账's document jobs (通知书, 整改情况报告) share: date checks, the open items, and writing a file of a job. */
import type { RectificationItem } from '../../../shared/api/contracts/rectification';
import { AppError } from '../../../shared/api/envelope';
import { formatChineseDate } from '../../documents/dates';
import { dataRelative, type JobHandle } from '../jobs-service';
import { writeUnique } from '../scoring/conclusions-service';

/** An ISO date checked as a calendar date. @throws AppError('invalid_input') naming the field (Chinese). */
export function checkedDate(iso: string, label: string): string {
  try {
    formatChineseDate(iso);
  } catch {
    throw new AppError('invalid_input', `${label}“${iso}”不是有效的日期`);
  }
  return iso;
}

/**
 * Items still to be rectified by their unit: 未启动 and 整改中. An item 已完成待核验 waits on the
 * office's verification, not on its unit (as supervision.ts decides for 逾期), so no notice asks
 * the unit about it; a closed one is done.
 */
export const stillOpen = (i: Pick<RectificationItem, 'state'>): boolean => i.state === 'not_started' || i.state === 'in_progress';

/** ISO date `days` later (calendar days, UTC arithmetic so no time zone shifts the day). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A writer for a job's files into `folder` under free names (a second file of the same name gets
 * “（2）”): each is recorded as an output when the folder is under the data directory (not a folder
 * the user chose). Returns the name shown (relative to the data directory, or the bare name).
 */
export function jobWriter(job: JobHandle, folder: string, chosen: boolean): (baseName: string, ext: string, buffer: Buffer) => Promise<string> {
  return async (baseName, ext, buffer) => {
    const file = await writeUnique(folder, baseName, ext, buffer);
    if (!chosen) await job.output({ name: dataRelative(job.ctx.dataDir, file), format: ext, bytes: buffer.length });
    return chosen ? file.split(/[\\/]/).pop()! : dataRelative(job.ctx.dataDir, file);
  };
}
