/**
 * Heavy work that runs off the thread answering the UI (issue 9, item 1): rendering documents and
 * reading uploaded workbooks. Each task is a pure function of plain, structured-cloneable data, so
 * the same code runs in a worker thread (Electron's main process and browser mode, see
 * task-runner.ts) or inline (the CLI, unit tests). Tasks never touch the database: the service that
 * calls one reads and writes the database itself, in short slices.
 */
import type { DocumentFormat } from '../../shared/api/contracts/documents';
import type { DocModel } from '../documents';
import type { AuditVerifyReport, AuditView } from '../../shared/api/contracts/audit';
import type { BalanceView } from '../../shared/api/contracts/balance';
import type { School } from '../../shared/api/contracts/schools';
import type { StatRecord } from '../../shared/api/contracts/statistics';
import type { IndicatorSystem, TrialInput } from '../../shared/domain/indicators';
import { buildBalanceWorkbook } from '../exchange/balance/workbook';
import { exportIndicatorWorkbook, importIndicatorWorkbook, type WorkbookImportResult } from '../exchange/indicator-workbook';
import { buildTrialInputWorkbook, readTrialInputFile, type TrialFileResult } from '../exchange/trial-workbook';
import { buildSchoolsTemplate, buildStatsTemplate, exportSchoolsWorkbook, exportStatsWorkbook, parseSchoolsFile, parseStatsFile, type ParsedSchools, type ParsedStats } from '../exchange/register';
import { buildAuditWorkbook } from '../services/audit/workbook';
import type { ParseStatsOptions } from '../exchange/register/parse-stats';
import { readLocalFile, formatBytes, type LocalFile } from '../files/file-refs';
import { documentFonts } from '../services/documents/fonts';
import { renderFormats, type Rendered } from '../services/documents/render';

/** Largest workbook or CSV an import reads (checked before a byte is read). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

async function readImport(file: LocalFile) {
  return readLocalFile(file, MAX_IMPORT_BYTES, `文件“${file.fileName}”超过 ${formatBytes(MAX_IMPORT_BYTES)}，请拆分后再导入`);
}

/** A workbook the core writes for the user, from data the service has already read. */
export type WorkbookRequest =
  | { kind: 'schoolsTemplate' }
  | { kind: 'statsTemplate'; schools: { code: string | null; name: string }[] }
  | { kind: 'schools'; schools: School[] }
  | { kind: 'stats'; year: number; schools: School[]; stats: StatRecord[] }
  | { kind: 'indicators'; system: IndicatorSystem }
  /** `at`: the export time (ISO), written on the sheet. */
  | { kind: 'trialInput'; system: IndicatorSystem; input: TrialInput; at: string }
  | { kind: 'balance'; view: BalanceView }
  | { kind: 'audit'; entries: AuditView[]; info: { filters: string[]; verify: AuditVerifyReport; truncated: boolean } };

function buildWorkbook(r: WorkbookRequest): Promise<Buffer> {
  switch (r.kind) {
    case 'schoolsTemplate':
      return buildSchoolsTemplate();
    case 'statsTemplate':
      return buildStatsTemplate({ schools: r.schools });
    case 'schools':
      return exportSchoolsWorkbook(r.schools);
    case 'stats':
      return exportStatsWorkbook(r.year, r.schools, r.stats);
    case 'indicators':
      return exportIndicatorWorkbook(r.system);
    case 'trialInput':
      return buildTrialInputWorkbook(r.system, r.input, new Date(r.at));
    case 'balance':
      return buildBalanceWorkbook(r.view);
    case 'audit':
      return buildAuditWorkbook(r.entries, r.info);
  }
}

/** Every task: input → output, both plain data. */
export const TASKS = {
  /** An xlsx written from plain data (exports, templates): ExcelJS is slow on thousands of rows. */
  workbook: async (input: WorkbookRequest): Promise<{ buffer: Buffer }> => ({ buffer: await buildWorkbook(input) }),
  /** A document model rendered to each requested format (DOCX, PDF) with this thread's font registry. */
  render: async (input: { doc: DocModel; formats: DocumentFormat[] }): Promise<Rendered> => renderFormats(input.doc, input.formats, documentFonts()),
  /** A school-register workbook or CSV read and checked; with the file's sha256. */
  parseSchools: async (input: { file: LocalFile }): Promise<{ parsed: ParsedSchools; sha256: string }> => {
    const { buffer, sha256 } = await readImport(input.file);
    return { parsed: await parseSchoolsFile(buffer, input.file.fileName), sha256 };
  },
  /** A statistics workbook or CSV read and checked (units, year, totals, answers); with the file's sha256. */
  parseStats: async (input: { file: LocalFile; options: ParseStatsOptions }): Promise<{ parsed: ParsedStats; sha256: string }> => {
    const { buffer, sha256 } = await readImport(input.file);
    return { parsed: await parseStatsFile(buffer, input.file.fileName, input.options), sha256 };
  },
  /** An indicator-system workbook read and validated. */
  parseIndicatorWorkbook: async (input: { file: LocalFile }): Promise<{ result: WorkbookImportResult; sha256: string }> => {
    const { buffer, sha256 } = await readImport(input.file);
    return { result: await importIndicatorWorkbook(buffer, input.file.fileName), sha256 };
  },
  /** A 试算录入 workbook (or the earlier JSON) read as a trial input for `system`. */
  parseTrialInput: async (input: { file: LocalFile; system: IndicatorSystem }): Promise<{ result: TrialFileResult }> => {
    const { buffer } = await readImport(input.file);
    return { result: await readTrialInputFile(buffer, input.file.fileName, input.system) };
  },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskInput<K extends TaskName> = Parameters<(typeof TASKS)[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<(typeof TASKS)[K]>>;

/** What crosses into a worker. */
export interface TaskMessage {
  name: TaskName;
  input: unknown;
}
