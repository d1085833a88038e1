import { z } from 'zod';
import {
  CalculationBasis,
  PROFILE_IDS,
  SplitOptions,
  type AttainmentChange,
  type BalanceResult,
  type BalanceTrend,
  type BalanceYearInput,
  type CoefficientChange,
  type PriorYearsCheck,
} from '../../domain/balance';
import { FileResult } from '../envelope';
import { Year } from './statistics';

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

export const BalanceProfileId = z.enum(PROFILE_IDS);
export const BalanceSectionId = z.enum(['primary', 'junior']);

/** Stored balance options (设置 of the 差异系数 page); every computation uses them. */
export const BalanceSettings = z.object({
  defaultProfile: BalanceProfileId.default('quality2017'),
  split: SplitOptions.default(SplitOptions.parse({})),
  /** Teaching points with fewer pupils are excluded; null = none excluded (the national rule). */
  excludeTeachingPointsBelow: z.number().int().positive().max(1000).nullable().default(null),
  /**
   * 计算口径: 'school' (按学校, the national statistics: one school per 学校标识码, campuses folded
   * in) or 'unit' (按评估单位: a campus marked 单独评估 with its own figures is its own row).
   * See shared/domain/balance/basis.ts.
   */
  basis: CalculationBasis.default('school'),
});
export type BalanceSettings = z.infer<typeof BalanceSettings>;

/** Which year, profile and section to compute; profile defaults to the stored default. */
export const BalanceQuery = z.object({
  year: Year,
  profile: BalanceProfileId.optional(),
  section: BalanceSectionId.optional(),
});
export type BalanceQuery = z.infer<typeof BalanceQuery>;

/** A manual figure an office sets for one school section and year, kept and shown with its note. */
export const BalanceOverride = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  year: z.number().int(),
  section: BalanceSectionId,
  /** indicator: the numerator of that indicator (real units); field: a per-section teacher count. */
  targetKind: z.enum(['indicator', 'field']),
  target: z.string(),
  targetLabel: z.string(),
  unit: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type BalanceOverride = z.infer<typeof BalanceOverride>;

export const BalanceOverrideInput = z.object({
  schoolId: z.number().int().positive(),
  year: Year,
  section: BalanceSectionId,
  /** An indicator code (L1–L7, B1–B8) or a per-section teacher field key. */
  target: z.string().trim().min(1, '请选择要调整的指标或教师字段'),
  value: z.number().finite().nonnegative('数值不能为负'),
  note: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
});
export type BalanceOverrideInput = z.infer<typeof BalanceOverrideInput>;

/** A school in the register that is not in the year's calculation because it was closed (撤并). */
export const NotInOperation = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  closedOn: z.string().nullable(),
  reason: z.string(),
});
export type NotInOperation = z.infer<typeof NotInOperation>;

/** How the register's records were read for one school (campus records summed, …). */
export const SourceNote = z.object({ schoolId: z.number().int(), schoolName: z.string(), note: z.string() });
export type SourceNote = z.infer<typeof SourceNote>;

/**
 * What the basis did with a campus marked 单独评估 (shared/domain/balance/basis.ts `BasisNote`):
 * folded into its school (按学校), its own row (按评估单位), or kept in its school for lack of figures.
 */
export const BasisNoteDto = z.object({
  schoolId: z.number().int(),
  campusId: z.number().int(),
  schoolName: z.string(),
  unitName: z.string(),
  kind: z.enum(['folded', 'ownRow', 'noStatistics']),
  note: z.string(),
});
export type BasisNoteDto = z.infer<typeof BasisNoteDto>;

/** The basis a view was computed under, with its label and the sentence the page and the report print. */
export const BasisInfo = z.object({ id: CalculationBasis, label: z.string(), description: z.string() });
export type BasisInfo = z.infer<typeof BasisInfo>;

// The computation's input and result are plain data built by shared code; their shape is typed there.
const YearInputDto = z.custom<BalanceYearInput>(isObject, '均衡计算输入格式不正确');
const ResultDto = z.custom<BalanceResult>(isObject, '均衡计算结果格式不正确');

export const BalanceView = z.object({
  year: z.number().int(),
  /** Every statistics year on record, newest first (for the year selector). */
  years: z.array(z.number().int()),
  settings: BalanceSettings,
  /** The input the result was computed from: the page runs the what-if on it with the same code. */
  input: YearInputDto,
  result: ResultDto,
  notInOperation: z.array(NotInOperation),
  sourceNotes: z.array(SourceNote),
  /** The 计算口径 used (from the stored settings). */
  basis: BasisInfo,
  /** Per campus marked 单独评估: folded, its own row, or kept in its school (排除与提示). */
  basisNotes: z.array(BasisNoteDto),
  overrides: z.array(BalanceOverride),
});
export type BalanceView = z.infer<typeof BalanceView>;

/** Planned values laid over one school (domain ids are the register id as a string); null removes a value. */
export const PlannedChangeDto = z.object({
  schoolId: z.string().min(1),
  stats: z.record(z.string(), z.number().finite().nonnegative().nullable()).default({}),
});

export const WhatIfView = z.object({
  result: ResultDto,
  changedSchoolIds: z.array(z.string()),
  unknownSchoolIds: z.array(z.string()),
  coefficientChanges: z.array(z.custom<CoefficientChange>(isObject)),
  attainmentChanges: z.array(z.custom<AttainmentChange>(isObject)),
});
export type WhatIfView = z.infer<typeof WhatIfView>;

export const TrendView = z.object({
  trend: z.custom<BalanceTrend>(isObject, '趋势结果格式不正确'),
  /** For profiles with a prior-years rule (2019 application): the check for the year after the latest. */
  priorYears: z.array(z.custom<PriorYearsCheck>(isObject)).nullable(),
});
export type TrendView = z.infer<typeof TrendView>;

export const balanceContract = {
  'balance.compute': { input: BalanceQuery, output: BalanceView },
  'balance.whatIf': { input: BalanceQuery.extend({ changes: z.array(PlannedChangeDto).min(1, '请至少设定一所学校的计划值') }), output: WhatIfView },
  'balance.trend': { input: BalanceQuery.omit({ year: true }).default({}), output: TrendView },
  'balance.getOptions': { input: z.object({}).default({}), output: BalanceSettings },
  'balance.setOptions': { input: BalanceSettings, output: BalanceSettings },
  'balance.listOverrides': {
    input: z.object({ year: Year.optional(), schoolId: z.number().int().positive().optional() }).default({}),
    output: z.array(BalanceOverride),
  },
  'balance.setOverride': { input: BalanceOverrideInput, output: BalanceOverride },
  'balance.deleteOverride': { input: z.object({ id: z.number().int().positive() }), output: z.object({ deleted: z.boolean() }) },
  'balance.export': { input: BalanceQuery, output: FileResult },
} as const;
