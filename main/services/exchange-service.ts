import { recheckAfterData } from './rectification/after-data';
import type { ImportKind, ImportNotice, ImportQuestion, ImportReport, ImportRequest } from '../../shared/api/contracts/exchange';
import { AppError, type FileResult } from '../../shared/api/envelope';
import { formatDate } from '../../shared/domain/text/datetime';
import { listSchools, schoolToInput } from '../db/repositories/schools-repo';
import { currentSources, statsForYear } from '../db/repositories/stats-repo';
import {
  mergeIssues,
  planSchoolImport,
  planStatsImport,
} from '../exchange/register';
import { CSV_SHEET } from '../exchange/register/parse-schools';
import type { LocalFile } from '../files/file-refs';
import { TaskAborted } from '../workers/task-runner';
import { reader, unitOfWork, type ServiceContext } from './context';
import { addCampusAudited, insertSchoolAudited, updateSchoolAudited } from './schools-service';
import { putStatsAudited, statsEntityName } from './stats-service';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An xlsx the core wrote, as a result the door fetches by reference. */
function download(ctx: ServiceContext, fileName: string, buffer: Buffer): Promise<FileResult> {
  return ctx.files.writeResult(fileName, XLSX_MIME, buffer);
}

/**
 * Import with preview: the file is parsed and planned against the current register; with
 * `dryRun` nothing is written, otherwise the whole plan is committed in one transaction — or,
 * if any error was found, nothing at all.
 */
export async function importFile(ctx: ServiceContext, req: Omit<ImportRequest, 'answers'> & { answers?: ImportRequest['answers'] }, hooks: ImportHooks = {}): Promise<ImportReport> {
  const file = ctx.files.resolve(req.file.ref);
  const report = req.kind === 'schools' ? await importSchools(ctx, file, req.dryRun, hooks) : await importStats(ctx, file, req.dryRun, req.year, req.answers ?? {}, hooks);
  // New statistics may close or worsen problems the 整改台账 holds (issue 14 item 5).
  if (report.kind === 'stats' && report.committed && report.counts.new + report.counts.changed > 0) {
    const found = await recheckAfterData(ctx, `导入统计数据“${report.fileName}”`);
    if (found) return { ...report, notices: [...report.notices, { kind: 'other', message: found }] };
  }
  return report;
}

/** What an import run as a job adds: where it stands, and the cancel signal (honoured until the write begins). */
export interface ImportHooks {
  signal?: AbortSignal;
  /** Told before each stage (Chinese, e.g. “写入数据库”). */
  stage?: (message: string) => Promise<void>;
}

/** Stops before the write when the job was cancelled: once writing, the import completes as one unit. */
function checkCancelled(hooks: ImportHooks): void {
  if (hooks.signal?.aborted) throw new TaskAborted();
}

/**
 * Register import: preview, or commit as one unit of work. Errors of every stage (cells, then the
 * register: 撤并 without a date, a 标识码 another school holds) come in one list sorted by row, all
 * of a row's at once. The commit is one audit entry per school (and per campus added) that the
 * file creates or changes, all under one batch id, so each school's history shows it.
 */
export async function importSchools(ctx: ServiceContext, file: LocalFile, dryRun: boolean, hooks: ImportHooks = {}): Promise<ImportReport> {
  const fileName = file.fileName;
  await hooks.stage?.('读取并检查文件');
  // Read and checked on a worker thread (Electron, browser mode): the window's thread stays free.
  const { parsed } = await ctx.tasks.run('parseSchools', { file }, { signal: hooks.signal });
  checkCancelled(hooks);
  await hooks.stage?.(dryRun ? '核对学校名册' : '写入数据库');
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      const existing = await listSchools(tx);
      // Rows with cell errors are planned too (never stored), so every error of a row is listed in one pass.
      const plan = planSchoolImport([...parsed.rows, ...parsed.rejected], existing, fileName);
      const errors = mergeIssues([parsed.errors, plan.errors]);
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
 * Statistics import with preview. Open questions (a money column without a unit, a column unit
 * differing from the title's, values ~×10,000 off, a file year differing from `year` or a title year
 * differing from the 年份 column) block the commit like errors do; `answers` resolves them. Errors
 * of every stage come in one list sorted by row. A zero in a field the school's type does not have
 * is dropped with a notice; any other figure there is an error.
 * A value entered by hand that the file changes is listed as a warning; on commit every changed
 * value records the file's name, sha256, the sheet and row it was read from and the import's audit
 * batch as its source.
 */
export async function importStats(
  ctx: ServiceContext,
  file: LocalFile,
  dryRun: boolean,
  year?: number,
  answers: Readonly<Record<string, string>> = {},
  hooks: ImportHooks = {},
): Promise<ImportReport> {
  const fileName = file.fileName;
  await hooks.stage?.('读取并检查文件');
  // Read and checked on a worker thread (Electron, browser mode): the window's thread stays free.
  const { parsed, sha256 } = await ctx.tasks.run('parseStats', { file, options: { year, answers: { ...answers } } }, { signal: hooks.signal });
  checkCancelled(hooks);
  await hooks.stage?.(dryRun ? '核对统计数据' : '写入数据库');
  const years = [...new Set(parsed.rows.map((r) => r.year))];
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      const schools = await listSchools(tx);
      const current = (await Promise.all(years.map((y) => statsForYear(tx, y)))).flat();
      const previousYear = (await Promise.all(years.map((y) => statsForYear(tx, y - 1)))).flat();
      const sources = await currentSources(tx, { years });
      // Rows with cell errors are planned too (never stored), so every error of a row is listed in one pass.
      const plan = planStatsImport([...parsed.rows, ...parsed.rejected], { schools, current, previousYear, sources }, fileName, answers);
      const errors = mergeIssues([parsed.errors, plan.errors]);
      const reportYear = years.length === 1 ? years[0] : years.length === 0 ? (year ?? null) : null;
      const questions = [...parsed.questions, ...plan.questions];
      // Notes on single cells (an invisible character, a unit typed after the number) join the plan's warnings, sorted by row.
      const warnings = mergeIssues([parsed.warnings, plan.warnings]);
      const report = summarise('stats', fileName, reportYear, dryRun, plan.rows, errors, warnings, { notices: [...parsed.notices, ...plan.notices], questions });
      if (dryRun || errors.length > 0 || questions.length > 0 || plan.ops.length === 0) return report;
      const schoolById = new Map(schools.map((s) => [s.id, s]));
      const stored = new Map(current.map((r) => [`${r.schoolId}/${r.campusId ?? '-'}/${r.year}`, r.values]));
      for (const op of plan.ops) {
        // The sheet and row go with each value, so its history can say where in the file it stands.
        const source = { fileName, sha256, sheet: op.sheet === CSV_SHEET ? null : op.sheet, row: op.row };
        const school = schoolById.get(op.schoolId);
        const schoolName = school?.name ?? `学校 ${op.schoolId}`;
        const campusName = op.campusId === null ? null : (op.campusName ?? school?.campuses.find((c) => c.id === op.campusId)?.name ?? `校区 ${op.campusId}`);
        const before = stored.get(`${op.schoolId}/${op.campusId ?? '-'}/${op.year}`) ?? null;
        await putStatsAudited(tx, unit, { schoolId: op.schoolId, campusId: op.campusId, year: op.year, entityName: statsEntityName(schoolName, campusName, op.year) }, before, op.values, {
          action: 'import',
          summary: `导入统计数据“${fileName}”：${before ? '修改' : '新增'}“${schoolName}”${campusName ? `（${campusName}）` : ''}${op.year} 年统计数据`,
        }, source);
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

/** The import template of a kind (the statistics one pre-filled with the schools in operation); written on a worker thread. */
export async function template(ctx: ServiceContext, kind: ImportKind): Promise<FileResult> {
  if (kind === 'schools') return download(ctx, '学校名册导入模板.xlsx', (await ctx.tasks.run('workbook', { kind: 'schoolsTemplate' })).buffer);
  const schools = await listSchools(reader(ctx), { status: '在办' });
  const { buffer } = await ctx.tasks.run('workbook', { kind: 'statsTemplate', schools: schools.map((s) => ({ code: s.code, name: s.name })) });
  return download(ctx, '学校统计数据导入模板.xlsx', buffer);
}

/**
 * The file name of an exported register: `学校名册_2026-11-30.xlsx` for the whole register,
 * `学校名册（所选12所）_2026-11-30.xlsx` for the schools chosen with 导出所选 — two exports of one
 * day never share a name, and the name says which is which. `date` is the local calendar day.
 */
export function registerFileName(selected: number | null, date: Date = new Date()): string {
  return `学校名册${selected === null ? '' : `（所选${selected}所）`}_${formatDate(date)}.xlsx`;
}

/**
 * The register, or a year's statistics, as xlsx: read here, written on a worker thread. With
 * `schoolIds`, only those schools (and their statistics); an id that matches no school is refused.
 * File names: registerFileName; a year's statistics `学校统计数据-2025.xlsx` (of chosen schools
 * `学校统计数据-2025（所选3所）.xlsx`).
 */
export async function exportRegister(ctx: ServiceContext, kind: ImportKind, year?: number, schoolIds?: readonly number[]): Promise<FileResult> {
  const db = reader(ctx);
  let schools = await listSchools(db);
  if (schoolIds) {
    const wanted = new Set(schoolIds);
    schools = schools.filter((s) => wanted.has(s.id));
    const missing = [...wanted].filter((id) => !schools.some((s) => s.id === id));
    if (missing.length > 0) throw new AppError('not_found', `找不到编号为 ${missing.join('、')} 的学校`);
  }
  const selected = schoolIds ? schools.length : null;
  if (kind === 'schools') return download(ctx, registerFileName(selected), (await ctx.tasks.run('workbook', { kind: 'schools', schools })).buffer);
  if (year === undefined) throw new AppError('invalid_input', '导出统计数据须指定年份');
  const ids = new Set(schools.map((s) => s.id));
  const stats = (await statsForYear(db, year)).filter((r) => ids.has(r.schoolId));
  return download(ctx, `学校统计数据-${year}${selected === null ? '' : `（所选${selected}所）`}.xlsx`, (await ctx.tasks.run('workbook', { kind: 'stats', year, schools, stats })).buffer);
}
