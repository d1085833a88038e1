/**
 * 评估项目 (evaluation rounds, issue 11): a round evaluates units (schools, and campuses marked
 * 单独评估) against one frozen, published indicator-system version, in stages with dates; each unit
 * moves 未下发 → 已下发 → 已提交 (revision n) → 已退回修改 → 已确认, or 弃权. Rules:
 * shared/domain/rounds/rounds.ts. Every change is audited (entity types round and round-unit).
 */
import { z } from 'zod';
import { requiredText } from './text-fields';
import { FileRef, FileResult, StagedFile } from '../envelope';
import { checkStages, MANUAL_CHANGE_LABELS, UNIT_STATES, type ManualChange } from '../../domain/rounds/rounds';
import { isCalendarDate } from '../../domain/schools/school-rules';
import { SchoolType } from '../../domain/schools/school-enums';
import { Year } from './statistics';

const Id = z.object({ id: z.number().int().positive() });
const text = requiredText;
const calendarDate = (label: string) => z.string({ error: `请填写${label}` }).refine(isCalendarDate, `${label}应为有效日期（如 2026-12-30）`);

export const UnitState = z.enum(UNIT_STATES);
export type UnitState = z.infer<typeof UnitState>;

/** 评估主体: the office itself, or a named third party it hired. */
export const Evaluator = z.object({
  kind: z.enum(['office', 'third_party']),
  /** The office's or the third party's name as printed (e.g. 某某县人民政府教育督导室). */
  name: text('评估主体名称', 60),
});
export type Evaluator = z.infer<typeof Evaluator>;

/** What a round evaluates. Only schools (with campuses evaluated separately) exist so far. */
export const UNIT_KIND_LABELS = { school: '学校（含单独评估的校区）', partnership: '办学共同体', county: '县域' } as const;
export const UnitKind = z.enum(['school', 'partnership', 'county']);
export type UnitKind = z.infer<typeof UnitKind>;

export const LATE_POLICY_LABELS = { refuse: '不接收逾期提交（办理延期的单位除外）', accept: '接收逾期提交并标记为逾期' } as const;
export const LatePolicy = z.enum(['refuse', 'accept']);

export const StageInput = z.object({
  /**
   * An existing stage's id (rounds.update): the stage keeps its row — its closing and the units'
   * extensions of it — wherever it is moved in the table. Without ids, stages are matched by position.
   */
  id: z.number().int().positive().optional(),
  name: z.string().trim().max(20, '阶段名称不能超过 20 个字'),
  startsOn: z.string(),
  endsOn: z.string(),
  collects: z.boolean().default(false),
});

/** The stage table, checked as a whole; each problem lands on the field the form shows (stages.N.field). */
const Stages = z
  .array(StageInput)
  .max(12, '阶段不能超过 12 个')
  .superRefine((stages, ctx) => {
    for (const p of checkStages(stages)) ctx.addIssue({ code: 'custom', message: p.message, path: p.index === null ? [] : [p.index, p.field ?? 'name'] });
  });

export const UnitRef = z.object({ schoolId: z.number().int().positive(), campusId: z.number().int().positive().nullable() });
export type UnitRef = z.infer<typeof UnitRef>;

/** The settings of a round a user can change after creating it. */
export const RoundSettingsInput = z.object({
  name: text('项目名称', 60),
  evaluator: Evaluator,
  stages: Stages,
  latePolicy: LatePolicy.default('refuse'),
});
export type RoundSettingsInput = z.infer<typeof RoundSettingsInput>;

export const RoundCreateInput = RoundSettingsInput.extend({
  year: Year,
  unitKind: UnitKind.default('school').refine((k) => k === 'school', '目前只能评估学校（含单独评估的校区）；办学共同体和县域将在后续版本提供'),
  /** A published indicator-system version; frozen for the round. */
  systemId: z.number({ error: '请选择指标体系' }).int().positive('请选择指标体系'),
  units: z.array(UnitRef).min(1, '请至少选择一个参评单位').max(5000),
});
export type RoundCreateInput = z.infer<typeof RoundCreateInput>;

export const Stage = z.object({
  id: z.number().int(),
  position: z.number().int(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  collects: z.boolean(),
  /** ISO time the office closed the stage; null while open. */
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
});
export type Stage = z.infer<typeof Stage>;

export const Extension = z.object({
  stageId: z.number().int(),
  stageName: z.string(),
  /** YYYY-MM-DD, inclusive. */
  until: z.string(),
  reason: z.string(),
  at: z.string(),
  by: z.string(),
});
export type Extension = z.infer<typeof Extension>;

export const RoundUnit = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  /** The unit's name when the round was created. */
  name: z.string(),
  schoolType: SchoolType,
  /** From the register today (for filters); null when not recorded. */
  township: z.string().nullable(),
  /** 报送编码. */
  code: z.string(),
  state: UnitState,
  /** Latest accepted revision; 0 before the first submission. */
  revision: z.number().int(),
  /** Version of the last package issued (0: none yet; 1: first issue; 2 …: 退回修改). */
  packageVersion: z.number().int(),
  issuedAt: z.string().nullable(),
  lastImportAt: z.string().nullable(),
  /** The latest revision arrived after the deadline and was accepted as 逾期. */
  late: z.boolean(),
  forfeit: z.object({ reason: z.string(), at: z.string(), by: z.string() }).nullable(),
  /** Extensions per stage, latest first. */
  extensions: z.array(Extension),
  openQueries: z.number().int(),
  stateChangedAt: z.string(),
});
export type RoundUnit = z.infer<typeof RoundUnit>;

export const RoundSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  evaluator: Evaluator,
  unitKind: UnitKind,
  system: z.object({ id: z.number().int(), name: z.string(), version: z.number().int() }),
  latePolicy: LatePolicy,
  stages: z.array(Stage),
  unitCount: z.number().int(),
  /** Units per state. */
  counts: z.record(UnitState, z.number().int()),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type RoundSummary = z.infer<typeof RoundSummary>;

export const RoundDetail = RoundSummary.extend({ units: z.array(RoundUnit) });
export type RoundDetail = z.infer<typeof RoundDetail>;

/** A unit the register offers for a round's year (schools in operation; campuses marked 单独评估 as their own). */
export const RoundCandidate = z.object({
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  name: z.string(),
  schoolType: SchoolType,
  township: z.string().nullable(),
});
export type RoundCandidate = z.infer<typeof RoundCandidate>;

export const ManualChangeInput = z.enum(Object.keys(MANUAL_CHANGE_LABELS) as [ManualChange, ...ManualChange[]]);

// ---------------------------------------------------------------- submissions (returned packages)

/** A problem found in a package, naming file and, for the workbook, sheet, row and column (format.ts PackageIssue). */
export const PackageIssueDto = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  sheet: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
  /** The kind of a frequent warning (main/exchange/packages/format.ts IssueGroup): the screens fold each kind into one line with its count; label in ISSUE_GROUP_LABELS. */
  group: z.enum(['noAnswer', 'noExplanation', 'noEvidence', 'statistics']).optional(),
});
export type PackageIssueDto = z.infer<typeof PackageIssueDto>;

/** Titles of the folded warning kinds (the screens' words for each IssueGroup). */
export const ISSUE_GROUP_LABELS: Record<NonNullable<PackageIssueDto['group']>, string> = {
  noAnswer: '未填写自评结果',
  noExplanation: '未填写自评说明',
  noEvidence: '缺少佐证材料',
  statistics: '统计数据需核实',
};

/** A leaf's self-evaluation in words: 等级 B, 得分 8.5, 达标, 不存在. */
export const AnswerView = z.object({
  nodeId: z.string(),
  code: z.string(),
  title: z.string(),
  /** The answer in words, '' when not filled. */
  answer: z.string(),
  explanation: z.string(),
});
export type AnswerView = z.infer<typeof AnswerView>;

/** One received file. */
export const SubmittedFile = z.object({
  path: z.string(),
  name: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  mimeType: z.string().nullable(),
  /** The indicator it was filed under (`编码 名称`), or 未归类. */
  indicator: z.string(),
  nodeId: z.string().nullable(),
});
export type SubmittedFile = z.infer<typeof SubmittedFile>;

export const FieldChange = z.object({ label: z.string(), before: z.string(), after: z.string() });
export type FieldChange = z.infer<typeof FieldChange>;

/** What a package would change (dry run) or changed (commit), against the unit's previous revision. */
/**
 * One statistics field as a package holds it: `key` is the catalogue key (what a query on the field
 * names, shared/domain/schools/statistics-fields.ts), `label` the name with its unit, `value` in words.
 */
export const SubmittedStatistic = z.object({ key: z.string(), label: z.string(), value: z.string(), note: z.string() });
export type SubmittedStatistic = z.infer<typeof SubmittedStatistic>;

export const SubmissionChanges = z.object({
  /** Indicators whose answer or explanation differ, `编码 名称` as label. */
  indicators: z.array(FieldChange),
  /** Statistics fields whose value differs (label with unit). */
  statistics: z.array(FieldChange),
  /**
   * `previous`: against the previous revision; `issued`: a first revision, against the values its
   * package was issued with (this year's register figures, else last year's: what the school was
   * asked to confirm or correct). `register` only in import reports kept from before: against the
   * register's figures for the year.
   */
  statisticsBase: z.enum(['previous', 'issued', 'register']),
  evidenceAdded: z.array(z.string()),
  evidenceChanged: z.array(z.string()),
  evidenceRemoved: z.array(z.string()),
});
export type SubmissionChanges = z.infer<typeof SubmissionChanges>;

/**
 * The verdict on one package: new (stored as the next revision), unchanged (the same content was
 * received before: nothing changes), conflict (another content claims the same revision, or it was
 * filled on an older revision: the user decides), refused (late without extension, unit forfeited or
 * confirmed), error (not a valid package of this round: nothing read).
 */
export const PackageVerdict = z.enum(['new', 'unchanged', 'conflict', 'refused', 'error']);
export type PackageVerdict = z.infer<typeof PackageVerdict>;
export const PACKAGE_VERDICT_LABELS: Record<PackageVerdict, string> = { new: '可导入', unchanged: '已导入过（内容相同）', conflict: '版本冲突', refused: '不予接收', error: '有错误，不能导入' };

export const PackagePreview = z.object({
  /** Stable within one import: identifies the package for a conflict's resolution. */
  key: z.string(),
  /** The zip or folder as the user sees it. */
  name: z.string(),
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  verdict: PackageVerdict,
  /** Why, in one sentence (for conflict, refused, error, unchanged). */
  reason: z.string().nullable(),
  /** The revision this package would become (or became). */
  revision: z.number().int().nullable(),
  currentRevision: z.number().int().nullable(),
  late: z.boolean(),
  issues: z.array(PackageIssueDto),
  answers: z.array(AnswerView),
  statistics: z.array(SubmittedStatistic),
  report: SubmittedFile.nullable(),
  /** The 自评表 as received (null when absent or unreadable; absent in reports kept from before). */
  workbook: SubmittedFile.nullable().optional(),
  evidence: z.array(SubmittedFile),
  refused: z.array(z.object({ path: z.string(), reason: z.string() })),
  changes: SubmissionChanges.nullable(),
  /** Commit only: whether it was stored. */
  stored: z.boolean(),
});
export type PackagePreview = z.infer<typeof PackagePreview>;

/** The dry run's or the commit's report (the `rounds.import` job's result). */
export const SubmissionImportReport = z.object({
  roundId: z.number().int(),
  dryRun: z.boolean(),
  packages: z.array(PackagePreview),
  /** Things under the chosen folders that could not be packages. */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Counts per verdict; `stored` = revisions written by a commit. */
  counts: z.record(PackageVerdict, z.number().int()),
  stored: z.number().int(),
});
export type SubmissionImportReport = z.infer<typeof SubmissionImportReport>;

/** A stored revision of a unit's submission. */
export const SubmissionRevision = z.object({
  revision: z.number().int(),
  receivedAt: z.string(),
  receivedBy: z.string(),
  sourceName: z.string(),
  late: z.boolean(),
  packageVersion: z.number().int(),
  answers: z.array(AnswerView),
  statistics: z.array(SubmittedStatistic),
  /** The 自评表 as the school returned it. */
  workbook: SubmittedFile.nullable(),
  report: SubmittedFile.nullable(),
  evidence: z.array(SubmittedFile),
  /** Files of the package that were not received (programs, shortcuts, unsafe names…), each with its reason; empty for revisions stored before this was kept. */
  refused: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(PackageIssueDto),
  /** Against the revision before (null for the first). */
  changes: SubmissionChanges.nullable(),
});
export type SubmissionRevision = z.infer<typeof SubmissionRevision>;

export const RoundQuery = z.object({
  id: z.number().int(),
  target: z.object({ kind: z.enum(['indicator', 'statistic', 'report', 'evidence']), key: z.string().nullable(), label: z.string() }),
  text: z.string(),
  askedRevision: z.number().int(),
  askedAt: z.string(),
  askedBy: z.string(),
  answeredRevision: z.number().int().nullable(),
  closedAt: z.string().nullable(),
  /**
   * Who closed it: 学校提交新版本 when a revision answered it (answeredRevision set), or for a
   * withdrawn query the operator with the reason, `姓名（撤回：原因）`. Null while open.
   */
  closedBy: z.string().nullable(),
});
export type RoundQuery = z.infer<typeof RoundQuery>;

export const UnitSubmissions = z.object({
  unit: RoundUnit,
  /** Newest first. */
  revisions: z.array(SubmissionRevision),
  queries: z.array(RoundQuery),
});
export type UnitSubmissions = z.infer<typeof UnitSubmissions>;

export const roundsContract = {
  /** Every round, newest year first, with its stages and counts of units per state. */
  'rounds.list': { input: z.object({}).default({}), output: z.array(RoundSummary) },
  /** One round with its units (in 报送编码 order). Errors: not_found. */
  'rounds.get': { input: Id, output: RoundDetail },
  /**
   * The units a round of `year` may include: schools in operation that year (a school whose every
   * campus is evaluated separately is not a unit itself) and campuses marked 单独评估, in register
   * order (rule: shared/domain/schools/evaluated-units.ts).
   */
  'rounds.candidates': { input: z.object({ year: Year }), output: z.array(RoundCandidate) },
  /**
   * Creates a round: freezes the published system version (errors: invalid_input when it is a draft
   * or archived), numbers the units (报送编码 in register order), makes a random signing secret.
   * Units must be candidates of the year (invalid_input names the one that is not). Audited.
   */
  'rounds.create': { input: RoundCreateInput, output: RoundDetail },
  /**
   * Changes name, evaluator, stages and late policy. Stages given with their `id` keep their rows
   * (closing, extensions) wherever they move; stages without one are new, and existing stages not
   * given are removed. A closed stage keeps its dates and cannot be removed; nor can a stage with
   * extensions; the collecting stage cannot change once a unit submitted. Errors: invalid_input
   * (in Chinese, naming the stage). Audited with the fields that changed.
   */
  'rounds.update': { input: z.object({ id: z.number().int().positive(), settings: RoundSettingsInput }), output: RoundDetail },
  /**
   * Sets the participating units: adds the new ones (numbered after the last code), removes those
   * no longer listed — only while 未下发 (a unit whose package was issued stays; invalid_input names it).
   */
  'rounds.setUnits': { input: z.object({ id: z.number().int().positive(), units: z.array(UnitRef).min(1, '请至少选择一个参评单位').max(5000) }), output: RoundDetail },
  /**
   * 确认 / 撤销确认 / 确认弃权 / 撤销弃权 for units of one round, each with a reason (required for
   * 弃权 and for any 撤销). All or nothing: a unit the change does not apply to refuses the whole call
   * with its name and why. Audited per unit.
   */
  'rounds.changeUnitState': {
    input: z.object({
      roundId: z.number().int().positive(),
      unitIds: z.array(z.number().int().positive()).min(1, '请先选择单位').max(5000),
      change: ManualChangeInput,
      reason: z.string().trim().max(200, '原因不能超过 200 个字').default(''),
    }),
    output: z.object({ changed: z.number().int() }),
  },
  /** Extends one unit's deadline for one stage, with a reason; the latest extension applies. Audited. */
  'rounds.extend': {
    input: z.object({
      unitId: z.number().int().positive(),
      stageId: z.number().int().positive(),
      until: calendarDate('延期至'),
      reason: text('延期原因', 200),
    }),
    output: RoundUnit,
  },
  /**
   * Closes a stage (no later import accepts packages for it unless extended or the round accepts late
   * ones). Closing the collecting stage returns the units without a submission, for the user to
   * confirm as 弃权. Errors: invalid_input when already closed. Audited.
   */
  'rounds.closeStage': {
    input: z.object({ roundId: z.number().int().positive(), stageId: z.number().int().positive() }),
    output: z.object({ stage: Stage, withoutSubmission: z.array(RoundUnit) }),
  },
  /** Reopens a closed stage, with a reason. Audited. */
  'rounds.reopenStage': {
    input: z.object({ roundId: z.number().int().positive(), stageId: z.number().int().positive(), reason: text('重新开放的原因', 200) }),
    output: Stage,
  },
  /** A unit's revisions (newest first, each with its diff against the one before) and the office's queries. Errors: not_found. */
  'rounds.submissions': { input: z.object({ unitId: z.number().int().positive() }), output: UnitSubmissions },
  /** One received file of a revision, published for download or viewing (images and PDFs inline). Errors: not_found. */
  'rounds.submissionFile': { input: z.object({ unitId: z.number().int().positive(), revision: z.number().int().positive(), path: z.string().min(1).max(1000) }), output: FileResult },
  /**
   * Adds a query (退回意见) to a unit's latest revision, about an indicator (node id), a statistics
   * field (catalogue key), the report, or evidence (of an indicator, or all). Errors: invalid_input
   * before any submission or for a target the round does not have. Audited.
   */
  'rounds.addQuery': {
    input: z.object({
      unitId: z.number().int().positive(),
      target: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('indicator'), key: z.string().min(1) }),
        z.object({ kind: z.literal('statistic'), key: z.string().min(1) }),
        z.object({ kind: z.literal('report'), key: z.null().default(null) }),
        z.object({ kind: z.literal('evidence'), key: z.string().min(1).nullable().default(null) }),
      ]),
      text: text('退回意见', 500),
    }),
    output: RoundQuery,
  },
  /** Withdraws an open query with a reason. Audited. */
  'rounds.withdrawQuery': { input: z.object({ queryId: z.number().int().positive(), reason: text('撤回原因', 200) }), output: RoundQuery },
  /**
   * 退回修改: writes the unit's return package (its latest answers, report and evidence with the open
   * queries; the school's reply comes back as the next revision), marks the unit 已退回修改, and
   * returns the zip for download; with `destination` (a folder reference from the CLI or Electron)
   * also writes the folder and zip there. Errors: invalid_input without a submission or an open query,
   * or for a unit 已确认 / 弃权. Audited.
   */
  'rounds.returnPackage': {
    input: z.object({ unitId: z.number().int().positive(), destination: FileRef.optional() }),
    output: z.object({ file: FileResult, packageVersion: z.number().int(), queries: z.number().int() }),
  },
  /** 回执: what was received in one revision, every file with its size and SHA-256, as PDF and xlsx for the school to keep. Errors: not_found. */
  'rounds.receipt': { input: z.object({ unitId: z.number().int().positive(), revision: z.number().int().positive() }), output: z.object({ pdf: FileResult, xlsx: FileResult }) },
  /** Deletes a round that holds no submission (errors: invalid_input naming how many it holds). Audited. */
  'rounds.delete': { input: Id, output: z.object({ deleted: z.boolean() }) },
  /**
   * A folder of 填报包 picked in the page (browser mode, `<input webkitdirectory>`; a USB stick's
   * folder may hold many): its files were each uploaded with their path in the folder
   * (POST /api/files?name=…&path=…); this puts them back together as that folder and returns its
   * reference, which `rounds.import` reads as it reads a folder picked in the desktop app. Paths are
   * checked together by the package archive layer's name rules (no `..`, absolute paths, drive
   * letters, reserved or forbidden names; one top folder; no two names Windows takes for one).
   * Errors: invalid_input naming the files, and then every upload given is removed (pick the folder
   * again); at most 50,000 files.
   */
  'rounds.assembleFolder': {
    input: z.object({ refs: z.array(FileRef.shape.ref).min(1, '所选文件夹中没有文件').max(50_000, '所选文件夹中的文件超过 50000 个，请只选择存放填报包的文件夹') }),
    output: StagedFile,
  },
  /**
   * 全部下载: one zip holding every package zip a 生成填报包 run wrote (`jobId`, a finished
   * `rounds.packages` job of this round writing under the data directory), or, when it wrote no zips,
   * its whole output folder. Written as a stream into the outgoing folder (never whole in memory) and
   * returned for download. Errors: not_found for another kind of job or files no longer there;
   * invalid_input while the job runs, when it wrote into a folder of the user's choosing, or past 4 GB.
   */
  'rounds.packagesZip': { input: z.object({ roundId: z.number().int().positive(), jobId: z.string().min(1).max(64) }), output: FileResult },
} as const;
