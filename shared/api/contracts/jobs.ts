/**
 * 作业: long work (batch document export, register and statistics imports, backups) started through one family of operations,
 * recorded in the database, with progress pushed to the window as events (IPC in Electron,
 * Server-Sent Events at /api/events in browser mode), never polled.
 */
import { z } from 'zod';
import { FileRef, FileResult } from '../envelope';
import { DocumentFormats, DocumentRequest } from './documents';
import { AttachmentsAddInput } from './attachments';
import { ImportKind } from './exchange';
import { Year } from './statistics';
import { ConclusionsParameters, ReportParameters, WorksheetsParameters } from './scoring';
import { RectificationNoticesParameters, RectificationReportParameters } from './rectification-outputs';
import { RectificationPackagesParameters } from './rectification-packages';

/** Every kind of job the core runs. */
export const JobKind = z.enum(['documents.batch', 'register.import', 'backup.create', 'attachments.add', 'rounds.packages', 'rounds.import', 'scoring.worksheets', 'scoring.conclusions', 'scoring.report', 'rectification.notices', 'rectification.report', 'rectification.packages']);
export type JobKind = z.infer<typeof JobKind>;

/** Users read these, so they are Chinese. */
export const JobState = z.enum(['排队', '运行中', '已完成', '已取消', '失败']);
export type JobState = z.infer<typeof JobState>;

/** States in which a job still works (and can be cancelled). */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['排队', '运行中'];

/** What an import job says it imports. */
export const IMPORT_KIND_LABELS_FOR_JOBS: Record<ImportKind, string> = { schools: '学校名册', stats: '统计数据' };

/** What each kind is called in 作业记录. */
export const JOB_KIND_LABELS: Record<JobKind, string> = {
  'documents.batch': '批量导出文书',
  'register.import': '导入',
  'backup.create': '立即备份',
  'attachments.add': '添加佐证材料',
  'rounds.packages': '生成填报包',
  'rounds.import': '导入填报包',
  'scoring.worksheets': '生成现场督导工作用表',
  'scoring.conclusions': '生成一校一案',
  'scoring.report': '生成督导评估报告和结果公示',
  'rectification.notices': '生成督导整改通知书',
  'rectification.report': '生成整改情况报告',
  'rectification.packages': '生成整改进展包',
};

/** One file a job wrote: its name relative to the data directory (with “/”), never an absolute path. */
export const JobOutput = z.object({ name: z.string(), format: z.string(), bytes: z.number().int() });
export type JobOutput = z.infer<typeof JobOutput>;

export const Job = z.object({
  id: z.string(),
  kind: JobKind,
  title: z.string(),
  parameters: z.unknown(),
  state: JobState,
  done: z.number().int(),
  total: z.number().int(),
  /** What the job is doing now, or (failed) the Chinese reason with its 错误编号. */
  message: z.string().nullable(),
  /** Per-item failures that did not stop the job. */
  errors: z.array(z.string()),
  outputs: z.array(JobOutput),
  /** The folder the outputs are in, relative to the data directory (null when none). */
  folder: z.string().nullable(),
  operator: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The outcome of kinds that have one: `register.import` → its ImportReport, `attachments.add` → its AttachmentsAddResult, `scoring.report` → its ReportJobResult, `rectification.notices` → its NoticesJobResult; null otherwise. */
  result: z.unknown().nullable(),
});
export type Job = z.infer<typeof Job>;

/** Parameters of a batch document export. */
export const BatchExportParameters = z.object({
  documents: z.array(DocumentRequest).min(1, '请至少选择一份文书').max(500),
  formats: DocumentFormats,
});
export type BatchExportParameters = z.infer<typeof BatchExportParameters>;

/**
 * Parameters of an import committed as a job (after its preview): the same file by reference, the
 * statistics year and the answers the preview asked for. The report becomes the job's result.
 */
export const RegisterImportParameters = z.object({
  kind: ImportKind,
  file: FileRef,
  year: Year.optional(),
  answers: z.record(z.string(), z.string()).default({}),
});
export type RegisterImportParameters = z.infer<typeof RegisterImportParameters>;

/**
 * Parameters of 生成填报包: the round, the units (absent: every unit still 未下发 or 已下发 without a
 * submission), whether to zip each package, and where to write — a folder reference from the CLI's
 * --out or Electron's folder dialog; absent: a fresh folder under the data directory's exports.
 */
export const RoundPackagesParameters = z.object({
  roundId: z.number().int().positive(),
  unitIds: z.array(z.number().int().positive()).min(1, '请先选择单位').max(5000).optional(),
  zip: z.boolean().default(true),
  destination: FileRef.optional(),
});
export type RoundPackagesParameters = z.infer<typeof RoundPackagesParameters>;

/**
 * Parameters of 导入填报包: the round; the chosen zips or folders (a package folder, or a USB stick's
 * folder holding many); dry run (read and judge everything, store nothing) or commit; and, for a
 * commit, the user's decision on each package in conflict (by its preview key): accept it as the
 * next revision, or skip it. A conflict without a decision is skipped.
 */
export const RoundImportParameters = z.object({
  roundId: z.number().int().positive(),
  sources: z.array(FileRef).min(1, '请选择要导入的填报包').max(500),
  dryRun: z.boolean().default(true),
  resolutions: z.record(z.string(), z.enum(['accept', 'skip'])).default({}),
});
export type RoundImportParameters = z.infer<typeof RoundImportParameters>;

/** A kind and its parameters. */
export const JobStart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('documents.batch'), parameters: BatchExportParameters }),
  z.object({ kind: z.literal('register.import'), parameters: RegisterImportParameters }),
  /** A backup of the whole database into the backups folder (listed with the others), then saved where the user says. */
  z.object({ kind: z.literal('backup.create'), parameters: z.object({}).default({}) }),
  /** Evidence files added to a school's year (a USB stick of photos takes a while); the outcome is the result. */
  z.object({ kind: z.literal('attachments.add'), parameters: AttachmentsAddInput }),
  z.object({ kind: z.literal('rounds.packages'), parameters: RoundPackagesParameters }),
  z.object({ kind: z.literal('rounds.import'), parameters: RoundImportParameters }),
  /** 现场督导工作用表 and 迎检材料清单 of a round's units (shared/api/contracts/scoring.ts). */
  z.object({ kind: z.literal('scoring.worksheets'), parameters: WorksheetsParameters }),
  /** 一校一案 (督导意见书, 结果摘要 and the workbook) of a round's locked units (shared/api/contracts/scoring.ts). */
  z.object({ kind: z.literal('scoring.conclusions'), parameters: ConclusionsParameters }),
  /** 督导评估报告 and 结果公示 (DOCX/PDF, the list also as xlsx) of a round's locked results (shared/api/contracts/scoring.ts). */
  z.object({ kind: z.literal('scoring.report'), parameters: ReportParameters }),
  /** 督导整改通知书 per responsible unit, each with its own 发文字号 (shared/api/contracts/rectification-outputs.ts). */
  z.object({ kind: z.literal('rectification.notices'), parameters: RectificationNoticesParameters }),
  /** 整改情况报告 of the whole ledger (shared/api/contracts/rectification-outputs.ts). */
  z.object({ kind: z.literal('rectification.report'), parameters: RectificationReportParameters }),
  /** 整改进展包 per school with open items (shared/api/contracts/rectification-packages.ts). */
  z.object({ kind: z.literal('rectification.packages'), parameters: RectificationPackagesParameters }),
]);
export type JobStart = z.infer<typeof JobStart>;
export type JobStartInput = z.input<typeof JobStart>;

/** What the window is told whenever a job changes (started, progressed, finished). */
export const JobEvent = z.object({ type: z.literal('job'), job: Job });
export type JobEvent = z.infer<typeof JobEvent>;

/** The name of the event channel (the SSE `event:` field, the IPC event name). */
export const JOB_EVENT = 'job';

const JobRef = z.object({ id: z.string().min(1).max(64) });

export const jobsContract = {
  'jobs.start': { input: JobStart, output: Job },
  'jobs.list': {
    input: z.object({ kind: JobKind.optional(), limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }),
    output: z.array(Job),
  },
  'jobs.get': { input: JobRef, output: Job },
  'jobs.cancel': { input: JobRef, output: Job },
  /** One output file of a job, published by reference for its door to fetch (never its contents). */
  'jobs.file': { input: JobRef.extend({ name: z.string().min(1).max(1000) }), output: FileResult },
  /**
   * 全部下载: every output of a finished job that is in the data directory, as one zip (stored,
   * named by path under the job's folder), published by reference. Errors: not_found (no such
   * job, or a file moved away), invalid_input (running, written to a chosen folder, too large).
   */
  'jobs.outputsZip': { input: JobRef, output: FileResult },
} as const;
