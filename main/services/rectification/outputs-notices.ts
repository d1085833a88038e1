/**
 * 督导整改通知书 (issue 14 item 7), run as the `rectification.notices` job: one notice per
 * responsible unit (the units named, or every unit with an item still to rectify), addressed to it,
 * listing exactly its items 未启动 or 整改中 on the day the job runs (ledger-service allItems), with
 * the problem, the 整改要求 (target and measures) and the deadline, and asking for a written 整改报告
 * by the latest of those deadlines. Each notice takes its own 发文字号 from the 发文登记 before it is
 * rendered (numbers.ts reserveNumber, committed on its own so a failed render never hands the number
 * out again) and marks it used once its files are written.
 *
 * Decisions: the 整改报告 is due by the latest deadline among the unit's items; when those items
 * have no deadline, or all of them have passed, it is due REPORT_DAYS_WHEN_NONE days after the
 * 成文日期 — said in the job's notes for that unit, never silently. A named unit without an item to
 * rectify is reported and skipped. The job fails only when no notice was written.
 */
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import type { NoticesJobResult, RectificationNoticesParameters } from '../../../shared/api/contracts/rectification-outputs';
import type { RectificationItem } from '../../../shared/api/contracts/rectification';
import { AppError } from '../../../shared/api/envelope';
import { buildRectificationNotice, noticeTitle } from '../../documents/builders/rectification-notice';
import { formatChineseDate } from '../../documents/dates';
import { safeFileName } from '../../documents/write-file';
import { TaskAborted } from '../../workers/task-runner';
import type { ServiceContext } from '../context';
import { freshExportFolder } from '../documents/jobs';
import { markUsed, reserveNumber } from '../documents/numbers';
import { getDocumentSettings } from '../documents/settings';
import { todayIso } from '../documents/sources';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { allItems } from './ledger-service';
import { addDays, checkedDate, jobWriter, stillOpen } from './outputs-common';

/** Days after the 成文日期 a 整改报告 is due when the unit's items give no deadline still ahead. */
export const REPORT_DAYS_WHEN_NONE = 15;

/** The 发文登记 kind of a 督导整改通知书's number. */
export const NOTICE_NUMBER_KIND = 'notice:rectification';

/** Per responsible unit (责任单位 name), its items still to rectify, in number order; units in the order of their first item. */
export function openItemsByOwner(items: readonly RectificationItem[]): Map<string, RectificationItem[]> {
  const out = new Map<string, RectificationItem[]>();
  for (const i of items) if (stillOpen(i)) out.set(i.ownerName, [...(out.get(i.ownerName) ?? []), i]);
  return out;
}

/**
 * The day a unit's written 整改报告 is due (ISO): the latest deadline among its items when that is
 * not before `date`, else `date` + REPORT_DAYS_WHEN_NONE; `fallback` says so in words (null when the
 * deadline came from the items).
 */
export function reportDeadline(items: readonly Pick<RectificationItem, 'deadline'>[], date: string): { reportBy: string; fallback: string | null } {
  const latest = items.reduce<string | null>((m, i) => (i.deadline && (!m || i.deadline > m) ? i.deadline : m), null);
  if (latest && latest >= date) return { reportBy: latest, fallback: null };
  const reportBy = addDays(date, REPORT_DAYS_WHEN_NONE);
  return { reportBy, fallback: `${latest ? '各项问题的整改时限均已过' : '各项问题均未规定整改时限'}，书面整改报告期限定为成文日期后 ${REPORT_DAYS_WHEN_NONE} 天（${formatChineseDate(reportBy)}）` };
}

/** The units a job addresses: the ones named (each must be in the ledger), else every unit with an item still to rectify. */
function unitsOf(params: Pick<RectificationNoticesParameters, 'owners'>, items: readonly RectificationItem[]): string[] {
  const open = openItemsByOwner(items);
  if (!params.owners) return [...open.keys()];
  const known = new Set(items.map((i) => i.ownerName));
  const stranger = params.owners.find((o) => !known.has(o));
  if (stranger !== undefined) throw new AppError('invalid_input', `整改台账中没有责任单位“${stranger}”`);
  return [...new Set(params.owners)];
}

/**
 * Checks a `rectification.notices` job before it exists (jobs-service titleOf): the 成文日期, the
 * units (in the ledger; at least one with an item to rectify) and the destination. Returns the
 * job's title. @throws AppError('invalid_input') in Chinese.
 */
export async function checkNotices(ctx: ServiceContext, params: RectificationNoticesParameters): Promise<string> {
  if (params.date) checkedDate(params.date, '成文日期');
  const { items } = await allItems(ctx);
  const units = unitsOf(params, items);
  const open = openItemsByOwner(items);
  if (!units.some((u) => open.has(u))) {
    throw new AppError('invalid_input', params.owners ? `所选责任单位（${units.join('、')}）没有未启动或整改中的问题，无需下发督导整改通知书` : '整改台账中没有未启动或整改中的问题，无需下发督导整改通知书');
  }
  if (params.destination) ctx.files.resolveFolder(params.destination.ref);
  return `生成督导整改通知书（${units.length} 个责任单位）`;
}

/** The number of notices a job will write, before the runner knows better. */
export const noticesTotal = (params: RectificationNoticesParameters): number => params.owners?.length ?? 0;

/**
 * The runner of a `rectification.notices` job: the ledger read once, then unit by unit a number
 * reserved, the notice built and typeset on a worker, its files written into the chosen folder or a
 * fresh one under 导出文件/督导整改通知书, and the number marked used. The job's result lists per
 * unit the number and the items (NoticesJobResult).
 */
export async function runNotices(job: JobHandle, params: RectificationNoticesParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const date = checkedDate(params.date ?? todayIso(), '成文日期');
  const [{ items }, settings] = await Promise.all([allItems(ctx), getDocumentSettings(ctx)]);
  const units = unitsOf(params, items);
  const open = openItemsByOwner(items);
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '督导整改通知书');
  await job.progress({ done: 0, total: units.length, ...(params.destination ? {} : { folder: dataRelative(ctx.dataDir, folder) }) });
  const write = jobWriter(job, folder, Boolean(params.destination));
  const result: NoticesJobResult = { notices: [] };
  let done = 0;
  for (const owner of units) {
    job.check();
    const mine = open.get(owner) ?? [];
    if (mine.length === 0) {
      await job.error(`${owner}：没有未启动或整改中的问题，未生成通知书`);
    } else {
      await job.progress({ message: `正在生成“${owner}”的督导整改通知书` });
      try {
        const { reportBy, fallback } = reportDeadline(mine, date);
        if (fallback) await job.error(`${owner}：${fallback}`);
        const title = noticeTitle(owner);
        const number = await reserveNumber(ctx, { year: Number(date.slice(0, 4)), title, kind: NOTICE_NUMBER_KIND });
        const doc = buildRectificationNotice({ issuer: settings.letterhead, docNumber: number.number, owner, items: mine, reportBy, signature: settings.signature, date, cc: settings.cc, printer: settings.printer });
        const rendered = await ctx.tasks.run('render', { doc, formats: params.formats as DocumentFormat[] }, { signal: job.signal });
        job.check();
        for (const f of rendered.files) await write(safeFileName(`${number.number} 督导整改通知书（${owner}）`, 100, 200), f.format, f.buffer);
        await markUsed(ctx, number.id, title, NOTICE_NUMBER_KIND);
        result.notices.push({ owner, docNumber: number.number, items: mine.map((i) => i.number), deadline: reportBy });
        await job.result(result);
      } catch (e) {
        if (e instanceof TaskAborted || e instanceof JobCancelled) throw new JobCancelled();
        await job.error(`${owner}：${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await job.progress({ done: ++done });
  }
  await job.progress({ message: null });
  return result.notices.length === 0 ? { failure: '没有生成任何督导整改通知书（所选单位没有未启动或整改中的问题）' } : {};
}
