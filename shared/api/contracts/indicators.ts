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
  'indicators.import': { input: z.object({ file: FileRef }), output: SystemImportOutcome },
  'indicators.export': { input: Id, output: FileResult },
} as const;
