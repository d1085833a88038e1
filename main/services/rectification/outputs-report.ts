/**
 * 整改情况报告 (issue 14 item 7), run as the `rectification.report` job as the round's report is
 * (scoring.report): the whole ledger read on the day the job runs (ledger-service allItems), its
 * figures counted by the pure builder (rectificationFigures: per state, per school and department
 * responsible, per source, overdue per colour, closure rate), the report typeset on a worker in each
 * format asked for and written into the chosen folder or a fresh one under 导出文件/整改情况报告.
 * Refused before the job exists when the ledger is empty.
 */
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import type { RectificationReportParameters } from '../../../shared/api/contracts/rectification-outputs';
import { AppError } from '../../../shared/api/envelope';
import { buildRectificationReport, rectificationFigures, reportTitleOf } from '../../documents/builders/rectification-report';
import { formatChineseDate } from '../../documents/dates';
import { safeFileName } from '../../documents/write-file';
import { TaskAborted } from '../../workers/task-runner';
import type { ServiceContext } from '../context';
import { freshExportFolder } from '../documents/jobs';
import { getDocumentSettings, regionOf } from '../documents/settings';
import { todayIso } from '../documents/sources';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { allItems } from './ledger-service';
import { checkedDate, jobWriter } from './outputs-common';

/**
 * Checks a `rectification.report` job before it exists: the 成文日期, a ledger with items, the
 * destination. Returns the job's title. @throws AppError('invalid_input') in Chinese.
 */
export async function checkRectificationReport(ctx: ServiceContext, params: RectificationReportParameters): Promise<string> {
  if (params.date) checkedDate(params.date, '成文日期');
  const { items } = await allItems(ctx);
  if (items.length === 0) throw new AppError('invalid_input', '整改台账中还没有事项，不能生成整改情况报告');
  if (params.destination) ctx.files.resolveFolder(params.destination.ref);
  return `生成整改情况报告（${items.length} 项问题）`;
}

/** The files a job writes: the report in each format. */
export const rectificationReportTotal = (params: RectificationReportParameters): number => params.formats.length;

/** The runner of a `rectification.report` job (see the file's comment). Fails when the ledger became empty meanwhile. */
export async function runRectificationReport(job: JobHandle, params: RectificationReportParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const date = checkedDate(params.date ?? todayIso(), '成文日期');
  const today = todayIso();
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '整改情况报告');
  await job.progress({ done: 0, total: rectificationReportTotal(params), message: '正在读取整改台账', ...(params.destination ? {} : { folder: dataRelative(ctx.dataDir, folder) }) });
  const [{ items }, settings] = await Promise.all([allItems(ctx, today), getDocumentSettings(ctx)]);
  if (items.length === 0) return { failure: '整改台账中已没有事项，未生成整改情况报告' };
  const region = regionOf(settings);
  const doc = buildRectificationReport({ region, signature: settings.signature, date, figures: rectificationFigures(items, today) });
  const write = jobWriter(job, folder, Boolean(params.destination));
  try {
    await job.progress({ message: '正在生成整改情况报告' });
    const rendered = await ctx.tasks.run('render', { doc, formats: params.formats as DocumentFormat[] }, { signal: job.signal });
    job.check();
    let done = 0;
    for (const f of rendered.files) {
      await write(safeFileName(`${reportTitleOf(region)}（${formatChineseDate(today)}）`, 100, 200), f.format, f.buffer);
      await job.progress({ done: ++done });
    }
  } catch (e) {
    if (e instanceof TaskAborted) throw new JobCancelled();
    throw e;
  }
  await job.progress({ message: null });
  return {};
}
