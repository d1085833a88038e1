/**
 * 整改台账 (issue 14): problems found by a round or by the balance computation (or entered by hand),
 * each owned by a school or a county department, tracked through 未启动 → 整改中 → 已完成待核验 →
 * 已销号 with dated progress and evidence, 销号 only after a second operator's verification, and
 * escalation (逾期, 三色督办) derived from each item's own deadline. Rules: shared/domain/rectification.
 * Source: issue 14; domain.md §7.3; seeds 002–004; pitfalls.md.
 */
import { z } from 'zod';
import { calendarDate, optionalText, requiredText } from './text-fields';
import { FileRef, FileResult } from '../envelope';
import { RECTIFICATION_ACTIONS, RECTIFICATION_STATES } from '../../domain/rectification/states';
import { DEFAULT_SUPERVISION_RULES } from '../../domain/rectification/supervision';

const text = requiredText;
const IsoDate = calendarDate('日期');
const Id = z.number().int().positive();

export const RectificationState = z.enum(RECTIFICATION_STATES);
export type RectificationState = z.infer<typeof RectificationState>;
export const RectificationAction = z.enum(RECTIFICATION_ACTIONS);
export type RectificationAction = z.infer<typeof RectificationAction>;

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_LABELS: Record<Severity, string> = { minor: '一般', major: '较重', critical: '严重' };

/** Where an item came from (问题来源). */
export const SOURCE_KINDS = ['round_indicator', 'round_veto', 'round_opinion', 'round_forfeit', 'balance_school', 'balance_section', 'precondition', 'manual'] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;
export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  round_indicator: '评估指标得分偏低',
  round_veto: '评估否决项',
  round_opinion: '专家评估意见',
  round_forfeit: '评估弃权',
  balance_school: '学校资源配置未达标',
  balance_section: '差异系数超标',
  precondition: '申报条件未达到',
  manual: '手工登记',
};


/** A measure as it stood (issue 14 item 1: figures at the time), comparable with newer data (recheck.ts). */
export const SourceMeasure = z.object({
  value: z.number(),
  standard: z.number(),
  direction: z.enum(['higher', 'lower']),
  /** 平方米/生, 元/生, 分; '' for a coefficient. */
  unit: z.string(),
  /** Decimals the figures are printed and compared with. */
  decimals: z.number().int().min(0).max(6),
  /** Round items: the share of the item's points that is the standard (0.6), so a later round's item of other points compares alike. */
  share: z.number().nullable().default(null),
});
export type SourceMeasure = z.infer<typeof SourceMeasure>;

/**
 * The link to an item's origin: round and unit (and its school), indicator, year, and the figures
 * at the time. Hand-entered items have only `kind` and an optional free-text `note`.
 */
export const RectificationSource = z.object({
  kind: SourceKind,
  /** In words, as the ledger's 问题来源 column prints it: “2026年城关镇学校评估·B2.3 课程实施”. */
  text: z.string(),
  roundId: z.number().int().nullable().default(null),
  roundName: z.string().nullable().default(null),
  unitId: z.number().int().nullable().default(null),
  /** Indicator node id (round items) or code (balance: L1…L7, composite). */
  indicator: z.string().nullable().default(null),
  indicatorTitle: z.string().nullable().default(null),
  year: z.number().int().nullable().default(null),
  /** balance items: primary / junior. */
  section: z.enum(['primary', 'junior']).nullable().default(null),
  opinionId: z.number().int().nullable().default(null),
  measure: SourceMeasure.nullable().default(null),
});
export type RectificationSource = z.infer<typeof RectificationSource>;

/** 责任单位: a school of the register, or a department by name. */
export const Owner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('school'), schoolId: Id, name: z.string().default('') }),
  z.object({ kind: z.literal('department'), name: text('责任单位', 60) }),
]);
export type Owner = z.infer<typeof Owner>;

/** Supervision on the day the list was read (supervision.ts). */
export const SupervisionView = z.object({
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  level: z.enum(['blue', 'yellow', 'red']).nullable(),
  text: z.string(),
});

/** The latest data re-check of an item born from data. */
export const RecheckView = z.object({
  outcome: z.enum(['met', 'improved', 'unchanged', 'worse']),
  text: z.string(),
  at: z.string(),
  /** The newer measure. */
  measure: SourceMeasure,
});
export type RecheckView = z.infer<typeof RecheckView>;

export const RectificationItem = z.object({
  id: z.number().int(),
  /** 编号, e.g. 2026-007 (year of entry, then a running number). */
  number: z.string(),
  source: RectificationSource,
  problem: z.string(),
  /** 整改目标. */
  target: z.string(),
  owner: Owner,
  ownerName: z.string(),
  /** 配合单位. */
  cooperating: z.string(),
  /** 责任人. */
  person: z.string(),
  /** 整改措施. */
  measures: z.string(),
  deadline: z.string().nullable(),
  severity: Severity,
  state: RectificationState,
  stateLabel: z.string(),
  supervision: SupervisionView,
  recheck: RecheckView.nullable(),
  /** Who reported completion (the last 报告整改完成 or data re-check), while awaiting verification or after. */
  reportedBy: z.object({ id: z.number().int().nullable(), name: z.string(), at: z.string() }).nullable(),
  /** The last verification (passed or not). */
  verification: z.object({ by: z.string(), at: z.string(), date: z.string(), passed: z.boolean(), result: z.string() }).nullable(),
  /** 销号日期 while closed. */
  closedOn: z.string().nullable(),
  remarks: z.string(),
  /** Progress entries recorded (整改进展). */
  progressCount: z.number().int(),
  latestProgress: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  /** Optimistic concurrency: send back with a change; a stale one is refused (conflict). */
  version: z.number().int(),
});
export type RectificationItem = z.infer<typeof RectificationItem>;

export const EvidenceFile = z.object({ id: z.number().int(), name: z.string(), bytes: z.number().int() });
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/** One entry of an item's history: created, edited, progress, state moves, verification, data re-check. */
export const RectificationEvent = z.object({
  id: z.number().int(),
  kind: z.enum(['created', 'edit', 'progress', 'move', 'recheck', 'package']),
  kindLabel: z.string(),
  action: RectificationAction.nullable(),
  from: RectificationState.nullable(),
  to: RectificationState.nullable(),
  /** The date the entry is about (a progress entry's date, a verification's date). */
  date: z.string(),
  text: z.string(),
  reason: z.string(),
  files: z.array(EvidenceFile),
  by: z.string(),
  at: z.string(),
});
export type RectificationEvent = z.infer<typeof RectificationEvent>;

export const RectificationDetail = z.object({
  item: RectificationItem,
  events: z.array(RectificationEvent),
  /**
   * The moves the item's state allows, with what each needs; `blocked`: why the calling window's
   * operator cannot make it (核验 by the operator who reported completion), null when they can.
   */
  actions: z.array(z.object({ action: RectificationAction, label: z.string(), reason: z.boolean(), evidence: z.boolean(), blocked: z.string().nullable() })),
});
export type RectificationDetail = z.infer<typeof RectificationDetail>;

export const LedgerFilter = z.object({
  states: z.array(RectificationState).default([]),
  /** 责任单位 by name (a school's or a department's). */
  owner: z.string().trim().max(60).optional(),
  sourceKinds: z.array(SourceKind).default([]),
  roundId: Id.optional(),
  year: z.number().int().optional(),
  overdue: z.boolean().optional(),
  dueSoon: z.boolean().optional(),
  level: z.enum(['blue', 'yellow', 'red']).optional(),
  /** Words in the number, problem, owner or measures. */
  search: z.string().trim().max(60).optional(),
});
export type LedgerFilter = z.input<typeof LedgerFilter>;

export const Ledger = z.object({
  today: z.string(),
  items: z.array(RectificationItem),
  /** Over the whole ledger (not the filter): per state, overdue, due soon, per supervision level. */
  counts: z.object({ total: z.number().int(), byState: z.record(z.string(), z.number().int()), overdue: z.number().int(), dueSoon: z.number().int(), byLevel: z.record(z.string(), z.number().int()) }),
  /** Names of every owner in the ledger, for the filter. */
  owners: z.array(z.string()),
});
export type Ledger = z.infer<typeof Ledger>;

/** 督办看板: counts, the overdue items by level and per responsible unit. */
export const Dashboard = z.object({
  today: z.string(),
  counts: Ledger.shape.counts,
  rules: z.lazy(() => SupervisionRulesSchema),
  /** Per responsible unit: its open, overdue and due-soon items and its worst level; units with open items first. */
  owners: z.array(z.object({ name: z.string(), kind: z.enum(['school', 'department']), total: z.number().int(), open: z.number().int(), awaiting: z.number().int(), closed: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int(), level: z.enum(['blue', 'yellow', 'red']).nullable() })),
  /** Overdue items, worst first, then due-soon ones. */
  attention: z.array(RectificationItem),
  /** Items whose data re-check proposes 销号 or found them worse. */
  rechecked: z.array(RectificationItem),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const SupervisionRulesSchema = z
  .object({
    reminderDays: z.number().int().min(0, '到期提醒天数不能为负数').max(90, '到期提醒天数不能超过 90').default(DEFAULT_SUPERVISION_RULES.reminderDays),
    blueAfterDays: z.number().int().min(1, '蓝色督办应从逾期第 1 天或以后开始').max(365).default(DEFAULT_SUPERVISION_RULES.blueAfterDays),
    yellowAfterDays: z.number().int().min(2).max(365).default(DEFAULT_SUPERVISION_RULES.yellowAfterDays),
    redAfterDays: z.number().int().min(3).max(730).default(DEFAULT_SUPERVISION_RULES.redAfterDays),
    /** Default 整改时限 for new items: this many days after the day they are created. */
    defaultDeadlineDays: z.number().int().min(1).max(730).default(90),
    /** Items from a round: a scored indicator earning less than this share of its points (0.6 = 60%). */
    roundThreshold: z.number().min(0.01).max(1).default(0.6),
  })
  .refine((r) => r.yellowAfterDays > r.blueAfterDays, { message: '黄色督办的逾期天数应大于蓝色督办的', path: ['yellowAfterDays'] })
  .refine((r) => r.redAfterDays > r.yellowAfterDays, { message: '红色督办的逾期天数应大于黄色督办的', path: ['redAfterDays'] });
export type RectificationSettings = z.infer<typeof SupervisionRulesSchema>;

/** Where a proposed batch comes from: a round's locked results, or a year's balance computation. */
export const ProposalSpec = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('round'),
    roundId: Id,
    /** Override of the settings' share (0–1) under which an indicator is a problem. */
    threshold: z.number().min(0.01).max(1).optional(),
  }),
  z.object({
    from: z.literal('balance'),
    year: z.number().int().min(2000).max(2100),
    /** application2019: the application preconditions (申报条件); default: the year's stored profile. */
    profile: z.enum(['quality2017', 'basic2012', 'application2019']).optional(),
  }),
]);
export type ProposalSpec = z.input<typeof ProposalSpec>;

/** One proposed item: what it would be, and whether the ledger already has it. */
export const Proposal = z.object({
  /** Stable identity of the origin (the same problem proposed again matches its item). */
  key: z.string(),
  source: RectificationSource,
  problem: z.string(),
  target: z.string(),
  owner: Owner,
  ownerName: z.string(),
  severity: Severity,
  deadline: z.string(),
  /** The ledger already holds an item of this origin (its number): confirming skips it. */
  existing: z.object({ id: z.number().int(), number: z.string(), state: RectificationState }).nullable(),
});
export type Proposal = z.infer<typeof Proposal>;

export const ProposalList = z.object({
  spec: ProposalSpec,
  /** In words: “2026年城关镇学校评估：12 个单位已锁定，60% 以下的指标…”. */
  basis: z.string(),
  proposals: z.array(Proposal),
  /** Why some units gave nothing (not locked, forfeited without scores …). */
  notes: z.array(z.string()),
});
export type ProposalList = z.infer<typeof ProposalList>;

/** A reviewed batch: the proposals the user kept (by key), each with the fields they changed. */
export const ConfirmInput = z.object({
  spec: ProposalSpec,
  items: z
    .array(
      z.object({
        key: z.string().min(1).max(300),
        problem: optionalText('问题描述', 1000).optional(),
        owner: Owner.optional(),
        deadline: IsoDate.optional(),
        severity: Severity.optional(),
        person: optionalText('责任人', 60).optional(),
      }),
    )
    .min(1, '请至少选择一条问题')
    .max(5000),
});
export type ConfirmInput = z.input<typeof ConfirmInput>;

export const ItemInput = z.object({
  /** Given: edit that item (with its `version`); absent: a new hand-entered item. */
  id: Id.optional(),
  version: z.number().int().optional(),
  problem: text('问题描述', 1000),
  target: optionalText('整改目标', 500),
  owner: Owner,
  cooperating: optionalText('配合单位', 200),
  person: optionalText('责任人', 60),
  measures: optionalText('整改措施', 2000),
  deadline: calendarDate('整改时限').nullable(),
  severity: Severity.default('minor'),
  remarks: optionalText('备注', 500),
  /** Hand-entered items: where the problem was found (e.g. 责任督学日常督导), kept as the source text. */
  sourceNote: optionalText('问题来源', 200),
});
export type ItemInput = z.input<typeof ItemInput>;
export type ItemInputParsed = z.output<typeof ItemInput>;

export const rectificationContract = {
  /** The ledger on today's date, filtered; with counts over the whole ledger. Items in number order. */
  'rectification.list': { input: LedgerFilter.prefault({}), output: Ledger },
  /** One item with its history (oldest first) and the moves allowed from its state. Errors: not_found. */
  'rectification.get': { input: z.object({ id: Id }), output: RectificationDetail },
  /**
   * Proposes items from a round's locked results (indicators below the threshold share of their
   * points, vetoes, experts' 存在问题 opinions) or a year's balance computation (schools below a
   * standard on a resource indicator, owned by the school; sections whose coefficient is over the
   * limit, owned by a department). Nothing is stored. Errors: not_found; invalid_input when nothing
   * is locked or the year has no statistics.
   */
  'rectification.propose': { input: ProposalSpec, output: ProposalList },
  /**
   * Creates the reviewed proposals (recomputed here, so the figures are the data's, not the screen's),
   * skipping origins already in the ledger: the same batch confirmed twice creates nothing more.
   * Errors: invalid_input when a key is no longer proposed. Audited (one entry per item).
   */
  'rectification.confirm': { input: ConfirmInput, output: z.object({ created: z.array(RectificationItem), skipped: z.number().int(), message: z.string() }) },
  /** Creates a hand-entered item, or edits one (`id` with `version`; conflict when changed meanwhile). A closed item cannot be edited (reopen it first). Audited. */
  'rectification.save': { input: ItemInput, output: RectificationItem },
  /**
   * Records a progress entry (整改进展: date, text, evidence files by reference, stored in the
   * content-addressed store). The first entry starts a 未启动 item (整改中). Not allowed on a closed item.
   * Errors: not_found; invalid_input (file type, size, date in the future). Audited.
   */
  'rectification.progress': { input: z.object({ id: Id, version: z.number().int(), date: IsoDate, text: text('进展情况', 2000), files: z.array(z.object({ ref: FileRef.shape.ref })).max(50).default([]) }), output: RectificationDetail },
  /**
   * Moves an item (开始整改, 报告整改完成, 核验通过并销号, 核验未通过, 重新整改, 退回上一状态) under the rules of
   * shared/domain/rectification/states.ts: completion and 销号 need evidence; 销号 a named operator
   * other than the one who reported completion; every move back a reason. `date` is the verification
   * or completion date (default today). Errors: invalid_input (Chinese, why refused); conflict when
   * changed meanwhile. Audited.
   */
  'rectification.move': {
    input: z.object({
      id: Id,
      version: z.number().int(),
      action: RectificationAction,
      reason: optionalText('原因', 500),
      /** Completion: what was done; verification: the result (核验结论). */
      text: optionalText('说明', 2000),
      date: IsoDate.optional(),
      files: z.array(z.object({ ref: FileRef.shape.ref })).max(50).default([]),
    }),
    output: RectificationDetail,
  },
  /** Applies one move to several items (批量操作); each checked alone, the refused ones listed with why. */
  'rectification.moveMany': {
    input: z.object({ ids: z.array(Id).min(1).max(2000), action: z.enum(['start', 'revert', 'reopen']), reason: optionalText('原因', 500) }),
    output: z.object({ moved: z.number().int(), refused: z.array(z.object({ number: z.string(), message: z.string() })), message: z.string() }),
  },
  /** Sets the deadline, owner person or severity of several items at once. Audited per item. */
  'rectification.updateMany': {
    input: z.object({ ids: z.array(Id).min(1).max(2000), deadline: IsoDate.optional(), severity: Severity.optional(), person: z.string().trim().max(60).optional() }),
    output: z.object({ updated: z.number().int(), refused: z.array(z.object({ number: z.string(), message: z.string() })), message: z.string() }),
  },
  /** An evidence file of an item's history, to open or save. Errors: not_found. */
  'rectification.file': { input: z.object({ fileId: Id }), output: FileResult },
  /** 督办看板 on today's date. */
  'rectification.dashboard': { input: z.object({}).default({}), output: Dashboard },
  /** The office's 督办 rules (reminder, colour spans), default deadline and round threshold. */
  'rectification.settings': { input: z.object({}).default({}), output: SupervisionRulesSchema },
  /** Saves them. Errors: invalid_input (colour spans out of order). Audited. */
  'rectification.saveSettings': { input: SupervisionRulesSchema, output: SupervisionRulesSchema },
  /**
   * 数据复核: compares every open item born from data with the newest data (the latest year's
   * statistics; the latest locked result of the same school on the same indicator in a later round):
   * met → moved to 已完成待核验 as reported by the data, for a second person to verify and close;
   * worse → flagged. Runs by itself after statistics are imported and after a unit is locked.
   * The same data checked twice changes nothing.
   */
  'rectification.recheck': { input: z.object({}).default({}), output: z.object({ checked: z.number().int(), proposedClose: z.number().int(), worse: z.number().int(), message: z.string() }) },
} as const;
