import { z } from 'zod';
import {
  IndicatorSystemSchema,
  SYSTEM_LEVELS,
  SYSTEM_STATES,
  TrialInputSchema,
  type EvaluationResult,
  type IndicatorSystemInput,
  type SystemDiff,
} from '../../domain/indicators';
import { FileRef, FileResult } from '../envelope';

const Id = z.object({ id: z.number().int().positive() });
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

export const SystemState = z.enum(SYSTEM_STATES);
export const SystemLevel = z.enum(SYSTEM_LEVELS);

/** One stored version of an indicator system, without its tree. */
export const SystemVersionSummary = z.object({
  id: z.number().int(),
  key: z.string(),
  version: z.number().int(),
  state: SystemState,
  name: z.string(),
  level: SystemLevel,
  basedOnVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  nodeCount: z.number().int(),
  leafCount: z.number().int(),
  /** Nominal maximum (bonus not included). */
  maxTotal: z.number(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  /** Stored results computed under this version. */
  resultCount: z.number().int(),
});
export type SystemVersionSummary = z.infer<typeof SystemVersionSummary>;

/** All versions of one system (same key), newest first. */
export const SystemFamily = z.object({
  key: z.string(),
  name: z.string(),
  level: SystemLevel,
  versions: z.array(SystemVersionSummary),
});
export type SystemFamily = z.infer<typeof SystemFamily>;

export const ValidationMessageDto = z.object({
  severity: z.enum(['error', 'warning']),
  nodeId: z.string().optional(),
  code: z.string().optional(),
  ruleIndex: z.number().int().optional(),
  bandIndex: z.number().int().optional(),
  /** 数据项 / 类别 row the message is about. */
  valueIndex: z.number().int().optional(),
  categoryGroupIndex: z.number().int().optional(),
  /** The form field the message is about (see ValidationMessage.field in shared/domain/indicators/validate.ts). */
  field: z.enum(['code', 'title', 'points', 'method', 'expression', 'threshold', 'partialCredit', 'grades', 'step', 'itemIds', 'minMet', 'categories', 'name', 'label', 'options']).optional(),
  message: z.string(),
});

export const SystemDetail = z.object({
  summary: SystemVersionSummary,
  system: IndicatorSystemSchema,
  validation: z.array(ValidationMessageDto),
  /** Chinese reason why this version cannot be edited; null for drafts. */
  editBlockedReason: z.string().nullable(),
});
export type SystemDetail = z.infer<typeof SystemDetail>;

export const PresetInfo = z.object({
  key: z.string(),
  name: z.string(),
  level: SystemLevel,
  sourceDocument: z.string(),
  description: z.string(),
  nodeCount: z.number().int(),
  leafCount: z.number().int(),
});
export type PresetInfo = z.infer<typeof PresetInfo>;

// The engine's result and diff are plain data built by shared code; their shape is typed there.
const EvaluationResultDto = z.custom<EvaluationResult>(isObject, '试算结果格式不正确');
const SystemDiffDto = z.custom<SystemDiff>(isObject, '版本对比结果格式不正确');

/** A result stored with the version (and a snapshot of the system) it was computed under. */
export const StoredResult = z.object({
  id: z.number().int(),
  systemId: z.number().int(),
  systemKey: z.string(),
  systemVersion: z.number().int(),
  kind: z.string(),
  label: z.string(),
  input: TrialInputSchema,
  result: EvaluationResultDto,
  createdAt: z.string(),
});
export type StoredResult = z.infer<typeof StoredResult>;

export const SystemImportOutcome = z.object({
  /** created: new system; newVersion: same key existed, stored as a new draft version; unchanged: identical version already stored. */
  status: z.enum(['created', 'newVersion', 'unchanged']),
  message: z.string(),
  detail: SystemDetail,
});
export type SystemImportOutcome = z.infer<typeof SystemImportOutcome>;

/** Unsaved edits arrive as JSON; the service parses them and reports problems in Chinese by node. */
const SystemJson = z.custom<IndicatorSystemInput>(isObject, '指标体系应为对象');

/** What 导入录入 read from a file: the trial input, the file's name, and in Chinese what it left out or read otherwise. */
export const TrialInputFile = z.object({
  input: TrialInputSchema,
  fileName: z.string(),
  /** E.g. “工作表“逐项录入”第 9 行：本体系中找不到指标“9.9 …”，该行录入未读入”; empty when everything was read as written. */
  notices: z.array(z.string()),
});
export type TrialInputFile = z.infer<typeof TrialInputFile>;

export const indicatorsContract = {
  'indicators.list': { input: z.object({}).default({}), output: z.array(SystemFamily) },
  'indicators.get': { input: Id, output: SystemDetail },
  'indicators.presets': { input: z.object({}).default({}), output: z.array(PresetInfo) },
  'indicators.createFromPreset': { input: z.object({ presetKey: z.string().min(1) }), output: SystemDetail },
  'indicators.create': {
    input: z.object({ name: z.string().trim().min(1, '名称不能为空').max(100), level: SystemLevel, sourceDocument: z.string().trim().max(200).default('') }),
    output: SystemDetail,
  },
  'indicators.update': { input: z.object({ id: z.number().int().positive(), system: SystemJson }), output: SystemDetail },
  'indicators.publish': { input: Id, output: SystemDetail },
  'indicators.archive': { input: Id, output: SystemDetail },
  'indicators.newVersion': { input: Id, output: SystemDetail },
  'indicators.deleteDraft': { input: Id, output: z.object({ deleted: z.boolean() }) },
  'indicators.diff': { input: z.object({ fromId: z.number().int().positive(), toId: z.number().int().positive() }), output: SystemDiffDto },
  'indicators.validate': {
    input: z.object({ system: SystemJson }),
    output: z.object({ ok: z.boolean(), messages: z.array(ValidationMessageDto) }),
  },
  'indicators.trial': { input: z.object({ id: z.number().int().positive(), input: TrialInputSchema.default({}) }), output: EvaluationResultDto },
  'indicators.saveTrial': {
    input: z.object({ id: z.number().int().positive(), input: TrialInputSchema.default({}), label: z.string().trim().max(100).default('') }),
    output: StoredResult,
  },
  'indicators.results': { input: z.object({ systemId: z.number().int().positive().optional() }).default({}), output: z.array(StoredResult) },
  'indicators.getResult': { input: Id, output: StoredResult },
  /**
   * 导出本次录入 (存档备查): the trial input `input` on `system` — the version as the 试算 page shows
   * it, unsaved edits included — as a workbook in Chinese words: 试算结果 (computed at export),
   * 评估对象, 数据 (by Chinese name and unit), 逐项录入 (by 编码); no JSON, ids or formula names
   * (main/exchange/trial-workbook.ts). Named “<体系名称>-试算录入-<日期>.xlsx”. invalid_input, in
   * Chinese by node, when `system` is not a well-formed indicator system.
   */
  'indicators.exportTrialInput': { input: z.object({ system: SystemJson, input: TrialInputSchema.default({}) }), output: FileResult },
  /**
   * 导入录入: reads a file written by indicators.exportTrialInput (possibly edited in Excel), or the
   * JSON of the earlier export / `systems trial --input`, as a trial input for `system`: indicators
   * matched by 编码 (then name), values by Chinese name; nothing is stored. import_failed lists every
   * cell it cannot read with sheet, row and column (`details.errors`); what the system lacks is left
   * out and named in `notices`.
   */
  'indicators.readTrialInput': { input: z.object({ system: SystemJson, file: FileRef }), output: TrialInputFile },
  'indicators.import': { input: z.object({ file: FileRef }), output: SystemImportOutcome },
  'indicators.export': { input: Id, output: FileResult },
} as const;
