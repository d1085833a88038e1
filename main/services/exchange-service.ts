import { createHash } from 'node:crypto';
import type { ImportKind, ImportNotice, ImportQuestion, ImportReport, ImportRequest } from '../../shared/api/contracts/exchange';
import { AppError, type FileDownload } from '../../shared/api/envelope';
import { listSchools, schoolToInput } from '../db/repositories/schools-repo';
import { currentSources, statsForYear } from '../db/repositories/stats-repo';
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
import { reader, unitOfWork, type ServiceContext } from './context';
import { addCampusAudited, insertSchoolAudited, updateSchoolAudited } from './schools-service';
import { putStatsAudited, statsEntityName } from './stats-service';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

function download(fileName: string, buffer: Buffer): FileDownload {
  return { fileName, mimeType: XLSX_MIME, contentBase64: buffer.toString('base64') };
}

/** An upload's bytes, refused in Chinese above 50 MB. */
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

/**
 * Register import: preview, or commit as one unit of work — one audit entry per school (and per campus
 * added) that the file creates or changes, all under one batch id, so each school's history shows it.
 */
export async function importSchools(ctx: ServiceContext, fileName: string, buffer: Buffer, dryRun: boolean): Promise<ImportReport> {
  const parsed = await parseSchoolsFile(buffer, fileName);
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      const existing = await listSchools(tx);
      const plan = planSchoolImport(parsed.rows, existing, fileName);
      const errors = capIssues([...parsed.errors, ...plan.errors]);
      const report = summarise('schools', fileName, null, dryRun, plan.rows, errors, [], { notices: [...parsed.notices, ...plan.notices] });
      if (dryRun || errors.length > 0 || plan.ops.length === 0) return report;
      const byId = new Map(existing.map((s) => [s.id, s]));
      const summary = (what: string) => `导入学校名册“${fileName}”：${what}`;
      for (const op of plan.ops) {
        if (op.kind === 'insert') {
          const id = await insertSchoolAudited(tx, unit, op.input, { action: 'import', summary: summary(`新增学校“${op.input.name}”`) });
          for (const name of op.campuses) await addCampusAudited(tx, unit, { id, name: op.input.name }, name, { action: 'import', summary: summary(`新增“${op.input.name}”的校区“${name}”`) });
        } else {
          const before = byId.get(op.id);
          await updateSchoolAudited(tx, unit, op.id, before ? schoolToInput(before) : op.input, op.input, { action: 'import', summary: summary(`修改学校“${op.input.name}”`) });
          for (const name of op.addCampuses) await addCampusAudited(tx, unit, { id: op.id, name: op.input.name }, name, { action: 'import', summary: summary(`新增“${op.input.name}”的校区“${name}”`) });
        }
      }
      return { ...report, committed: true };
    },
    { batch: true },
  );
}

/**
 * Statistics import with preview. Open questions (a money column without a unit, values ~×10,000
 * off, a file year differing from `year`) block the commit like errors do; `answers` resolves them.
 * A value entered by hand that the file changes is listed as a warning; on commit every changed
 * value records the file's name, sha256 and the import's audit batch as its source.
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
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      const schools = await listSchools(tx);
      const current = (await Promise.all(years.map((y) => statsForYear(tx, y)))).flat();
      const previousYear = (await Promise.all(years.map((y) => statsForYear(tx, y - 1)))).flat();
      const sources = await currentSources(tx, { years });
      const plan = planStatsImport(parsed.rows, { schools, current, previousYear, sources }, fileName, answers);
      const errors = capIssues([...parsed.errors, ...plan.errors]);
      const reportYear = years.length === 1 ? years[0] : years.length === 0 ? (year ?? null) : null;
      const questions = [...parsed.questions, ...plan.questions];
      const report = summarise('stats', fileName, reportYear, dryRun, plan.rows, errors, plan.warnings, { notices: [...parsed.notices, ...plan.notices], questions });
      if (dryRun || errors.length > 0 || questions.length > 0 || plan.ops.length === 0) return report;
      const schoolById = new Map(schools.map((s) => [s.id, s]));
      const stored = new Map(current.map((r) => [`${r.schoolId}/${r.campusId ?? '-'}/${r.year}`, r.values]));
      const file = { fileName, sha256: createHash('sha256').update(buffer).digest('hex') };
      for (const op of plan.ops) {
        const school = schoolById.get(op.schoolId);
        const schoolName = school?.name ?? `学校 ${op.schoolId}`;
        const campusName = op.campusId === null ? null : (op.campusName ?? school?.campuses.find((c) => c.id === op.campusId)?.name ?? `校区 ${op.campusId}`);
        const before = stored.get(`${op.schoolId}/${op.campusId ?? '-'}/${op.year}`) ?? null;
        await putStatsAudited(tx, unit, { schoolId: op.schoolId, campusId: op.campusId, year: op.year, entityName: statsEntityName(schoolName, campusName, op.year) }, before, op.values, {
          action: 'import',
          summary: `导入统计数据“${fileName}”：${before ? '修改' : '新增'}“${schoolName}”${campusName ? `（${campusName}）` : ''}${op.year} 年统计数据`,
        }, file);
      }
      return { ...report, committed: true };
    },
    { batch: true },
  );
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

/** The import template of a kind (the statistics one pre-filled with the schools in operation). */
export async function template(ctx: ServiceContext, kind: ImportKind): Promise<FileDownload> {
  if (kind === 'schools') return download('学校名册导入模板.xlsx', await buildSchoolsTemplate());
  const schools = await listSchools(reader(ctx), { status: '在办' });
  return download('学校统计数据导入模板.xlsx', await buildStatsTemplate({ schools: schools.map((s) => ({ code: s.code, name: s.name })) }));
}

/** The register, or a year's statistics, as xlsx. */
export async function exportRegister(ctx: ServiceContext, kind: ImportKind, year?: number): Promise<FileDownload> {
  const db = reader(ctx);
  const schools = await listSchools(db);
  if (kind === 'schools') return download('学校名册.xlsx', await exportSchoolsWorkbook(schools));
  if (year === undefined) throw new AppError('invalid_input', '导出统计数据须指定年份');
  const stats = await statsForYear(db, year);
  return download(`学校统计数据-${year}.xlsx`, await exportStatsWorkbook(year, schools, stats));
}
