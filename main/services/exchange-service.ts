import type { ImportKind, ImportNotice, ImportQuestion, ImportReport, ImportRequest } from '../../shared/api/contracts/exchange';
import { AppError, type FileDownload } from '../../shared/api/envelope';
import { writeAudit } from '../db/repositories/audit-repo';
import { insertSchool, listSchools, updateSchoolRow, upsertCampus } from '../db/repositories/schools-repo';
import { putStats, statsForYear } from '../db/repositories/stats-repo';
import {
  buildSchoolsTemplate,
  buildStatsTemplate,
  capIssues,
  exportSchoolsWorkbook,
  exportStatsWorkbook,
  parseSchoolsFile,
  parseStatsFile,
  planSchoolImport,
  planStatsImport,
} from '../exchange/register';
import type { ServiceContext } from './context';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

function download(fileName: string, buffer: Buffer): FileDownload {
  return { fileName, mimeType: XLSX_MIME, contentBase64: buffer.toString('base64') };
}

export function decodeUpload(fileName: string, contentBase64: string): Buffer {
  const buffer = Buffer.from(contentBase64, 'base64');
  if (buffer.length > MAX_UPLOAD_BYTES) throw new AppError('import_failed', `文件“${fileName}”超过 50 MB，请拆分后再导入`);
  return buffer;
}

/**
 * Import with preview: the file is parsed and planned against the current register; with
 * `dryRun` nothing is written, otherwise the whole plan is committed in one transaction — or,
 * if any error was found, nothing at all.
 */
export async function importFile(ctx: ServiceContext, req: ImportRequest): Promise<ImportReport> {
  const buffer = decodeUpload(req.file.fileName, req.file.contentBase64);
  return req.kind === 'schools'
    ? importSchools(ctx, req.file.fileName, buffer, req.dryRun)
    : importStats(ctx, req.file.fileName, buffer, req.dryRun, req.year, req.answers);
}

export async function importSchools(ctx: ServiceContext, fileName: string, buffer: Buffer, dryRun: boolean): Promise<ImportReport> {
  const parsed = await parseSchoolsFile(buffer, fileName);
  return ctx.db.transaction().execute(async (trx) => {
    const plan = planSchoolImport(parsed.rows, await listSchools(trx), fileName);
    const errors = capIssues([...parsed.errors, ...plan.errors]);
    const report = summarise('schools', fileName, null, dryRun, plan.rows, errors, [], { notices: [...parsed.notices, ...plan.notices] });
    if (dryRun || errors.length > 0 || plan.ops.length === 0) return report;
    for (const op of plan.ops) {
      if (op.kind === 'insert') {
        const id = await insertSchool(trx, op.input);
        for (const name of op.campuses) await upsertCampus(trx, id, { name, address: null, evaluatedSeparately: false });
      } else {
        await updateSchoolRow(trx, op.id, op.input);
        for (const name of op.addCampuses) await upsertCampus(trx, op.id, { name, address: null, evaluatedSeparately: false });
      }
    }
    await writeAudit(trx, {
      actor: ctx.actor,
      action: 'import',
      entity: 'school',
      summary: `导入学校名册“${fileName}”：新增 ${report.counts.new} 所，修改 ${report.counts.changed} 所`,
      after: plan.rows.filter((r) => r.status !== 'unchanged'),
    });
    return { ...report, committed: true };
  });
}

/**
 * Statistics import with preview. Open questions (a money column without a unit, values ~×10,000
 * off, a file year differing from `year`) block the commit like errors do; `answers` resolves them.
 */
export async function importStats(
  ctx: ServiceContext,
  fileName: string,
  buffer: Buffer,
  dryRun: boolean,
  year?: number,
  answers: Readonly<Record<string, string>> = {},
): Promise<ImportReport> {
  const parsed = await parseStatsFile(buffer, fileName, { year, answers });
  const years = [...new Set(parsed.rows.map((r) => r.year))];
  return ctx.db.transaction().execute(async (trx) => {
    const schools = await listSchools(trx);
    const current = (await Promise.all(years.map((y) => statsForYear(trx, y)))).flat();
    const previousYear = (await Promise.all(years.map((y) => statsForYear(trx, y - 1)))).flat();
    const plan = planStatsImport(parsed.rows, { schools, current, previousYear }, fileName, answers);
    const errors = capIssues([...parsed.errors, ...plan.errors]);
    const reportYear = years.length === 1 ? years[0] : years.length === 0 ? (year ?? null) : null;
    const questions = [...parsed.questions, ...plan.questions];
    const report = summarise('stats', fileName, reportYear, dryRun, plan.rows, errors, plan.warnings, { notices: [...parsed.notices, ...plan.notices], questions });
    if (dryRun || errors.length > 0 || questions.length > 0 || plan.ops.length === 0) return report;
    for (const op of plan.ops) await putStats(trx, op.schoolId, op.campusId, op.year, op.values);
    await writeAudit(trx, {
      actor: ctx.actor,
      action: 'import',
      entity: 'stats',
      summary: `导入统计数据“${fileName}”（${years.join('、')} 年）：新增 ${report.counts.new} 条，修改 ${report.counts.changed} 条`,
      after: plan.rows.filter((r) => r.status !== 'unchanged'),
    });
    return { ...report, committed: true };
  });
}

interface ReportExtras {
  notices?: ImportNotice[];
  questions?: ImportQuestion[];
}

function summarise(
  kind: ImportKind,
  fileName: string,
  year: number | null,
  dryRun: boolean,
  rows: ImportReport['rows'],
  errors: ImportReport['errors'],
  warnings: ImportReport['warnings'],
  extras: ReportExtras = {},
): ImportReport {
  const counts = { new: 0, changed: 0, unchanged: 0 };
  for (const r of rows) counts[r.status]++;
  return { kind, fileName, year, dryRun, committed: false, counts, rows, errors, warnings, notices: extras.notices ?? [], questions: extras.questions ?? [] };
}

export async function template(ctx: ServiceContext, kind: ImportKind): Promise<FileDownload> {
  if (kind === 'schools') return download('学校名册导入模板.xlsx', await buildSchoolsTemplate());
  const schools = await listSchools(ctx.db, { status: '在办' });
  return download('学校统计数据导入模板.xlsx', await buildStatsTemplate({ schools: schools.map((s) => ({ code: s.code, name: s.name })) }));
}

export async function exportRegister(ctx: ServiceContext, kind: ImportKind, year?: number): Promise<FileDownload> {
  const schools = await listSchools(ctx.db);
  if (kind === 'schools') return download('学校名册.xlsx', await exportSchoolsWorkbook(schools));
  if (year === undefined) throw new AppError('invalid_input', '导出统计数据须指定年份');
  const stats = await statsForYear(ctx.db, year);
  return download(`学校统计数据-${year}.xlsx`, await exportStatsWorkbook(year, schools, stats));
}
