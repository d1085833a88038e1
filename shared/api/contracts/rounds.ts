/**
 * 评估项目 (evaluation rounds, issue 11): a round evaluates units (schools, and campuses marked
 * 单独评估) against one frozen, published indicator-system version, in stages with dates; each unit
 * moves 未下发 → 已下发 → 已提交 (revision n) → 已退回修改 → 已确认, or 弃权. Rules:
 * shared/domain/rounds/rounds.ts. Every change is audited (entity types round and round-unit).
 */
import { z } from 'zod';
import { checkStages, MANUAL_CHANGE_LABELS, UNIT_STATES, type ManualChange } from '../../domain/rounds/rounds';
import { isCalendarDate } from '../../domain/schools/school-rules';
import { SchoolType } from '../../domain/schools/school-enums';
import { Year } from './statistics';

const Id = z.object({ id: z.number().int().positive() });
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);
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
   * Changes name, evaluator, stages and late policy. A closed stage keeps its dates; the collecting
   * stage cannot change once a unit submitted. Audited with the fields that changed.
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
  /** Deletes a round that holds no submission (errors: invalid_input naming how many it holds). Audited. */
  'rounds.delete': { input: Id, output: z.object({ deleted: z.boolean() }) },
} as const;
