/**
 * 督导评估报告 and 结果公示 of a round (issue 13 item 6), run as the `scoring.report` job (progress,
 * cancel, outputs like the 一校一案 job). Every figure is read from what scoring.results gives — the
 * CURRENT stored result of each locked unit with its rank and the change against the previous
 * round — and, for the indicators below standard, from the locked units' final scores through the
 * 一校一案's own reader (conclusions-service belowStandard), so the report and a 督导意见书 can never
 * disagree. Participation (按时提交, 逾期, 弃权) comes from the round's unit records. The builders
 * are pure (main/documents/builders/round-report.ts); documents are typeset on a worker.
 *
 * Decisions: refused before the job exists when no unit of the round is locked (there is nothing
 * to report); units not locked are named in the report as not included and left out of the 公示
 * (counted there as published later); forfeited units are counted as 弃权 and listed at the end of
 * the 公示 without a total or rank.
 */
import { AppError } from '../../../shared/api/envelope';
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import { REPORT_PART_LABELS, type PublicationInput, type ReportJobResult, type ReportParameters } from '../../../shared/api/contracts/scoring';
import * as repo from '../../db/repositories/rounds-repo';
import * as results from '../../db/repositories/scoring-results-repo';
import { buildPublication, buildRoundReport, points, publicationDays, publicationRows, publicationTitle, reportFigures, type BelowItem, type RoundReportFigures, type RoundReportSource } from '../../documents/builders/round-report';
import { formatChineseDate } from '../../documents/dates';
import { safeFileName } from '../../documents/write-file';
import { getSystem } from '../../db/repositories/indicator-systems-repo';
import { newWorkbook, workbookBuffer } from '../../exchange/register/workbook-style';
import { TaskAborted } from '../../workers/task-runner';
import { reader, type ServiceContext } from '../context';
import { freshExportFolder } from '../documents/jobs';
import { todayIso } from '../documents/sources';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { belowStandard, writeUnique } from './conclusions-service';
import { roundResults } from './results-service';

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

/** An ISO date checked as a calendar date, or refused naming the field (Chinese). */
function checkedDate(iso: string, label: string): string {
  try {
    formatChineseDate(iso);
  } catch {
    invalid(`${label}“${iso}”不是有效的日期`);
  }
  return iso;
}

/**
 * The 公示 inputs of a job that makes the publication list: present, the dates valid, the end not
 * before the start, and the 成文日期 (`date`, today when not given) not after the 公示期's start —
 * a 公示 is issued before (or on the day) its period begins, never dated inside it.
 * @throws AppError('invalid_input') in Chinese.
 */
export function publicationOf(params: Pick<ReportParameters, 'parts' | 'publication' | 'date'>): PublicationInput | null {
  if (!params.parts.includes('publication')) return null;
  const p = params.publication;
  if (!p) invalid('生成结果公示需要填写公示期、联系电话和监督方式');
  checkedDate(p.start, '公示期开始日期');
  checkedDate(p.end, '公示期结束日期');
  if (p.end < p.start) invalid(`公示期结束日期（${formatChineseDate(p.end)}）不能早于开始日期（${formatChineseDate(p.start)}）`);
  const date = checkedDate(params.date ?? todayIso(), '成文日期');
  if (date > p.start) invalid(`结果公示的成文日期（${formatChineseDate(date)}）晚于公示期开始日期（${formatChineseDate(p.start)}）：公示应在公示期开始之前或当天发布，请修改成文日期或公示期`);
  return p;
}

/**
 * Checks a `scoring.report` job before it exists (jobs-service titleOf): the round, at least one
 * locked unit, the dates, the 公示 inputs and the destination. Returns the job's title.
 * @throws AppError not_found / invalid_input in Chinese.
 */
export async function checkReport(ctx: ServiceContext, params: ReportParameters): Promise<string> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, params.roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${params.roundId} 的评估项目`);
  if ((await results.currentResultsOfRound(db, round.id)).size === 0) invalid(`评估项目“${round.name}”还没有评分已锁定的单位，没有可依据的结果，不能生成${params.parts.map((p) => REPORT_PART_LABELS[p]).join('和')}`);
  if (params.date) checkedDate(params.date, '成文日期');
  publicationOf(params);
  if (params.destination) ctx.files.resolveFolder(params.destination.ref);
  return `为“${round.name}”生成${[...new Set(params.parts)].map((p) => REPORT_PART_LABELS[p]).join('和')}`;
}

/** The files a job writes: the report and the 公示 in each format, and the 公示 workbook. */
export const reportTotal = (params: ReportParameters): number => {
  const parts = new Set(params.parts);
  return (parts.has('report') ? params.formats.length : 0) + (parts.has('publication') ? params.formats.length + 1 : 0);
};

/**
 * What the round's documents are written from: scoring.results (with `byCategory`), the units'
 * participation, and per locked, non-forfeited unit its items below `threshold`. Checks `job`
 * (when given) between units so a cancel stops it. @throws AppError('not_found').
 */
export async function reportSource(ctx: ServiceContext, params: Pick<ReportParameters, 'roundId' | 'byCategory' | 'threshold' | 'date'>, job?: JobHandle): Promise<RoundReportSource> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, params.roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${params.roundId} 的评估项目`);
  const [all, units, stored] = await Promise.all([roundResults(ctx, round.id, params.byCategory), repo.unitsOf(db, round.id), getSystem(db, round.system_id)]);
  const below = new Map<number, BelowItem[]>();
  for (const l of all.lines) {
    if (!l.result || l.result.forfeited) continue;
    job?.check();
    below.set(l.unitId, (await belowStandard(db, l.unitId, params.threshold)).map((b) => ({ code: b.code, title: b.title })));
  }
  const first = all.lines.find((l) => l.result)?.result;
  return {
    roundName: round.name,
    year: round.year,
    evaluator: round.evaluator_name,
    // The system as the results name it (the round's frozen version), else the stored system's.
    systemName: first?.system.name ?? stored?.system.name ?? '',
    systemVersion: first?.system.version ?? stored?.version ?? 0,
    tieRule: all.tieRule,
    byCategory: all.byCategory,
    previousRound: all.previousRound,
    lines: all.lines,
    participation: units.map((u) => ({ unitId: u.id, revision: u.revision, late: u.late === 1, forfeited: u.state === 'forfeited' })),
    below,
    threshold: params.threshold,
    date: params.date ?? todayIso(),
  };
}

/** The 结果公示 as a workbook: 公示名单 (the same rows as the document, totals as numbers) and 说明. */
export async function publicationWorkbook(src: RoundReportSource, f: RoundReportFigures, p: PublicationInput): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('公示名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(['序号', '报送编码', '单位名称', '类型', '总分', '等级', '名次', '备注']).font = { bold: true };
  publicationRows(f, src.lines, src.byCategory).forEach((r, i) => ws.addRow([i + 1, r.code, r.name, r.schoolType, r.total === '—' ? null : Number(r.total), r.grade, r.rank === '—' ? null : Number(r.rank), r.note]));
  ws.columns.forEach((c, i) => (c.width = i === 2 ? 28 : 12));
  ws.getColumn(5).numFmt = '0.00';
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 16 }, { width: 90 }];
  for (const row of [
    ['标题', publicationTitle(src.roundName)],
    ['公示期', `${formatChineseDate(p.start)}至${formatChineseDate(p.end)}（共 ${publicationDays(p)} 天）`],
    ['联系电话', p.phone],
    ['监督方式', p.supervision],
    ['依据', `各单位评分锁定时存储的评分结果；${src.tieRule}${src.byCategory ? '；按学校类型分别排名' : ''}${f.maxTotal !== null ? `；满分 ${points(f.maxTotal)} 分` : ''}`],
    ['未列入', f.notIncluded.length ? `评分尚未锁定的 ${f.notIncluded.length} 个单位：${f.notIncluded.map((n) => n.name).join('、')}` : '无'],
    ['发布单位', `${src.evaluator}（${formatChineseDate(src.date)}）`],
  ])
    info.addRow(row).getCell(1).font = { bold: true };
  return workbookBuffer(wb);
}

/**
 * The runner of a `scoring.report` job: the source read once (scoring.results, participation, the
 * items below standard), then the report and the 公示 typeset on a worker in each format and the
 * 公示 workbook, written under free names into the chosen folder or a fresh one under
 * 导出文件/督导评估报告/<项目>. Units not included are reported as the job's problems (named); the
 * job's result names the stored results the documents came from (ReportJobResult: 已过时 once they change).
 */
export async function runReport(job: JobHandle, params: ReportParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const round = await repo.getRoundRow(reader(ctx), params.roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${params.roundId} 的评估项目`);
  const publication = publicationOf(params);
  const parts = new Set(params.parts);
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '督导评估报告', safeFileName(round.name, 60, 150));
  await job.progress({ done: 0, total: reportTotal(params), message: '正在读取评分结果', ...(params.destination ? {} : { folder: dataRelative(ctx.dataDir, folder) }) });
  const src = await reportSource(ctx, params, job);
  const figures = reportFigures(src);
  if (figures.included.length === 0) return { failure: `评估项目“${round.name}”已没有评分锁定的单位，未生成任何文书` };
  let done = 0;
  const write = async (baseName: string, ext: string, buffer: Buffer) => {
    const file = await writeUnique(folder, baseName, ext, buffer);
    if (!params.destination) await job.output({ name: dataRelative(ctx.dataDir, file), format: ext, bytes: buffer.length });
    await job.progress({ done: ++done });
  };
  const stem = (what: string) => safeFileName(`${round.name}_${what}`, 100, 200);
  try {
    if (parts.has('report')) {
      job.check();
      await job.progress({ message: '正在生成督导评估报告' });
      const doc = await ctx.tasks.run('render', { doc: buildRoundReport(src, figures), formats: params.formats as DocumentFormat[] }, { signal: job.signal });
      job.check();
      for (const f of doc.files) await write(stem('督导评估报告'), f.format, f.buffer);
    }
    if (publication) {
      job.check();
      await job.progress({ message: '正在生成结果公示' });
      const doc = await ctx.tasks.run('render', { doc: buildPublication(src, figures, publication), formats: params.formats as DocumentFormat[] }, { signal: job.signal });
      job.check();
      for (const f of doc.files) await write(stem('结果公示'), f.format, f.buffer);
      await write(stem('结果公示名单'), 'xlsx', await publicationWorkbook(src, figures, publication));
    }
  } catch (e) {
    if (e instanceof TaskAborted) throw new JobCancelled();
    throw e;
  }
  const outcome: ReportJobResult = { resultIds: src.lines.flatMap((l) => (l.result ? [l.result.id] : [])) };
  await job.result(outcome);
  if (figures.notIncluded.length) await job.error(`评分尚未锁定、未纳入统计的单位 ${figures.notIncluded.length} 个：${figures.notIncluded.map((n) => n.name).join('、')}`);
  await job.progress({ message: null });
  return {};
}
