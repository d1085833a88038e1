/**
 * 评分 (scoring, issue 12): the office's experts, a round's scoring settings, the experts taking part
 * and their units, and the scores of every unit's leaves — the school's self-evaluation, the office's
 * initial score, each expert's score and the agreed final score — side by side, with the agreed
 * score the round's rule suggests (shared/domain/scoring/reconcile.ts). Scores are append-only
 * (every change keeps its history); settings and the experts' list are audited.
 */
import { z } from 'zod';
import { optionalText, requiredText } from './text-fields';
import { FileResult } from '../envelope';
import { PackageIssueDto } from './rounds';
import { RECONCILE_RULE_LABELS } from '../../domain/scoring/reconcile';
import { TIE_RULE_LABELS } from '../../domain/scoring/rank';
import { DEFAULT_VISIT_MATERIALS } from '../../domain/scoring/blocks';
import { GRID_METHODS } from '../../domain/scoring/grid';
import { IndicatorSystemSchema } from '../../domain/indicators';
import { FileRef } from '../envelope';
import { DocumentFormats } from './documents';

const text = requiredText;
const RoundId = z.object({ roundId: z.number().int().positive() });

/** An expert on the office's list. */
export const Expert = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 工作单位. */
  organisation: z.string(),
  /** 专业领域 (e.g. 学校管理, 课程教学). */
  speciality: z.string(),
  /** Rounds the expert takes part in. */
  rounds: z.number().int(),
});
export type Expert = z.infer<typeof Expert>;

export const ExpertInput = z.object({
  /** Given: change that expert; absent: a new one. */
  id: z.number().int().positive().optional(),
  name: text('专家姓名', 30),
  organisation: optionalText('工作单位', 60),
  speciality: optionalText('专业领域', 60),
});
export type ExpertInput = z.input<typeof ExpertInput>;

export const ReconcileRuleKind = z.enum(Object.keys(RECONCILE_RULE_LABELS) as ['mean', 'median', 'trimmed_mean', 'consensus']);
export const TieRule = z.enum(Object.keys(TIE_RULE_LABELS) as ['competition', 'dense']);

/** How a round's scores are reconciled and ranked. Points in the items' own unit (分). */
export const ScoringSettings = z.object({
  rule: ReconcileRuleKind,
  /** trimmed_mean: how many of the highest and of the lowest scores are dropped. */
  trim: z.number().int().min(1, '去掉的最高分和最低分个数应为正整数').max(5, '去掉的最高分和最低分个数不能超过 5').default(1),
  /** consensus: the largest spread (highest − lowest, 分) that still agrees. */
  tolerance: z.number().min(0, '允许的分差不能为负数').max(1000).default(0),
  /** A final score departing from the self-evaluation by more than this (分) needs a reason; null: never. */
  departureThreshold: z.number().min(0, '相差分值不能为负数').max(1000).nullable().default(null),
  tieRule: TieRule.default('competition'),
  /** What a unit that forfeited (弃权) gets as its result: 未通过 with the system's failing grade, or 不评定. */
  forfeitOutcome: z.enum(['fail', 'unrated']).default('fail'),
  /**
   * The round's values for formulas that no statistics field gives (县域差异系数, 问卷满意度 …):
   * name → number, or text such as "85%", read on the value's declared scale when results are computed.
   */
  roundValues: z.record(z.string().max(100), z.union([z.number().refine(Number.isFinite, '应填写有限数值'), z.string().trim().max(100)])).default({}),
});
export type ScoringSettings = z.infer<typeof ScoringSettings>;

export const FORFEIT_OUTCOME_LABELS: Record<ScoringSettings['forfeitOutcome'], string> = {
  fail: '按未通过处理（评为未通过时的等级）',
  unrated: '不评定结果，不参加排名',
};

/** A round's scoring set-up: its settings and the experts taking part, each with the units they score. */
export const RoundScoringSetup = z.object({
  roundId: z.number().int(),
  settings: ScoringSettings,
  /**
   * The values the round's system reads in formulas, each with its caption (“问卷满意度（比例）”),
   * scale, the statistics fields it is read from for a unit (empty: none), and what the year's
   * balance computation gives for it when nothing is typed (“按当年统计数据测算的小学综合差异系数”; null: nothing).
   */
  values: z.array(z.object({ name: z.string(), caption: z.string(), scale: z.enum(['number', 'ratio', 'percent']), statistics: z.array(z.string()), computed: z.string().nullable() })),
  experts: z.array(z.object({ expert: Expert, unitIds: z.array(z.number().int()) })),
});
export type RoundScoringSetup = z.infer<typeof RoundScoringSetup>;

/** Who gives a score: the office (initial), an expert, or the agreed final score. */
export const ScoreKind = z.enum(['office', 'expert', 'final']);
export type ScoreKind = z.infer<typeof ScoreKind>;
export const SCORE_KIND_LABELS: Record<ScoreKind, string> = { office: '初评', expert: '专家评分', final: '最终得分' };

/** A score as given: by method, one of grade (a grade's label), points (分), met (达标), triggered (存在否决情形). */
export const ScoreAnswer = z.object({
  grade: z.string().optional(),
  points: z.number().optional(),
  met: z.boolean().optional(),
  triggered: z.boolean().optional(),
});
export type ScoreAnswer = z.infer<typeof ScoreAnswer>;

/** One score given: the answer (null = withdrawn) in words too, scorer, time, note and the evidence viewed. */
export const ScoreEntry = z.object({
  answer: ScoreAnswer.nullable(),
  text: z.string(),
  note: z.string(),
  evidenceViewed: z.array(z.string()),
  at: z.string(),
  by: z.string(),
});
export type ScoreEntry = z.infer<typeof ScoreEntry>;

/** The score the round's rule suggests from the experts' scores (reconcile.ts), in words. */
export const ReconciledView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('agreed'), answer: ScoreAnswer, text: z.string(), basis: z.string(), spread: z.number() }),
  z.object({ state: z.literal('needs_decision'), spread: z.number(), message: z.string() }),
]);
export type ReconciledView = z.infer<typeof ReconciledView>;

/** One leaf of a unit's score sheet. */
export const ScoreRow = z.object({
  nodeId: z.string(),
  code: z.string(),
  title: z.string(),
  /** The item's full points (分). */
  points: z.number(),
  /** How it is scored, in words (自评等级 A/B/C/D, 得分 0–10, 达标/未达标, …). */
  method: z.string(),
  /** Computed from statistics (formula, count rule): not scored by hand. */
  computed: z.boolean(),
  /** How it is scored: the leaf's method (formula and count leaves are computed). */
  answerKind: z.enum(['grade', 'points', 'met', 'veto', 'bonus', 'deduction', 'computed']),
  /** Choice items: the choices, most favourable first. */
  choices: z.array(z.string()),
  /** The evidence the school sent for this item in its latest revision (path in the package, file name). */
  evidence: z.array(z.object({ path: z.string(), name: z.string() })),
  /** The school's self-evaluation from its latest revision ('' when none) and its explanation. */
  self: z.object({ answer: ScoreAnswer.nullable(), text: z.string(), explanation: z.string() }),
  office: ScoreEntry.nullable(),
  /** Each expert of the unit with their score; `inGroup` false when the item is outside the expert's 评估组 (they do not score it). */
  experts: z.array(z.object({ expertId: z.number().int(), name: z.string(), score: ScoreEntry.nullable(), inGroup: z.boolean() })),
  reconciled: ReconciledView,
  final: ScoreEntry.nullable(),
  /** The final score departs from the self-evaluation beyond the round's threshold: its note is the reason. */
  departure: z.object({ points: z.number(), threshold: z.number() }).nullable(),
});
export type ScoreRow = z.infer<typeof ScoreRow>;

/** A unit's lock state: locked when its scores are agreed; every lock and unlock is kept. */
export const LockState = z.object({
  locked: z.boolean(),
  at: z.string(),
  by: z.string(),
  /** Unlock: the reason (required); lock: the note, if any. */
  reason: z.string(),
});
export type LockState = z.infer<typeof LockState>;

export const UnitScoreSheet = z.object({
  roundId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  /** The latest revision the self-evaluation comes from (0: nothing submitted). */
  revision: z.number().int(),
  /** The unit forfeited the round (弃权): it is locked with the round's forfeit outcome, not scored. */
  forfeited: z.boolean(),
  /** The latest lock event (null: never locked); scores of a locked unit cannot be changed. */
  lock: LockState.nullable(),
  rows: z.array(ScoreRow),
});
export type UnitScoreSheet = z.infer<typeof UnitScoreSheet>;

export const SetScoreInput = z.object({
  unitId: z.number().int().positive(),
  nodeId: z.string().min(1),
  kind: ScoreKind,
  /** For kind `expert`: the expert (on the round's list, assigned to the unit). */
  expertId: z.number().int().positive().optional(),
  /** Null withdraws the score (recorded like any change). */
  answer: ScoreAnswer.nullable(),
  /** 备注; for a final score departing from the self-evaluation beyond the threshold, the reason (required). */
  note: optionalText('备注', 500),
  /** Paths of the submitted files the scorer looked at (rounds.submissions). */
  evidenceViewed: z.array(z.string().max(500)).max(200).default([]),
});
export type SetScoreInput = z.input<typeof SetScoreInput>;

/** What 采用全部建议得分 did: the items given their suggestion, and those left for a person (with why). */
export const AdoptSuggestionsResult = z.object({
  /** Items whose final score is now the suggestion, in the sheet's order, with the score in words. */
  adopted: z.array(z.object({ nodeId: z.string(), code: z.string(), title: z.string(), text: z.string() })),
  /** Items with a suggestion that setScore refused (a departure beyond the threshold needs a reason), with its message. */
  skipped: z.array(z.object({ nodeId: z.string(), code: z.string(), title: z.string(), message: z.string() })),
});
export type AdoptSuggestionsResult = z.infer<typeof AdoptSuggestionsResult>;

export const ScoreHistoryEntry = ScoreEntry.extend({ kind: ScoreKind, expert: z.string().nullable() });
export type ScoreHistoryEntry = z.infer<typeof ScoreHistoryEntry>;

/** A level's subtotal in a result (一级、二级指标 …). */
export const ResultLevel = z.object({
  nodeId: z.string(),
  code: z.string(),
  title: z.string(),
  depth: z.number().int(),
  /** Points earned (分, 2 decimals), null when not applicable. */
  earned: z.number().nullable(),
  maxPoints: z.number(),
});

/**
 * A unit's result as stored when its scores were locked: computed by the indicator engine on the
 * round's frozen system version (named with it), or the round's forfeit outcome. Never changes; an
 * unlock makes it outdated (`current` false) and a new lock stores a new one.
 */
export const UnitResult = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  unitCode: z.string(),
  schoolType: z.string(),
  system: z.object({ name: z.string(), version: z.number().int(), hash: z.string() }),
  forfeited: z.boolean(),
  /** Total (分, 2 decimals); null for a forfeited unit. */
  total: z.number().nullable(),
  maxTotal: z.number().nullable(),
  /** 通过 / 未通过; null when the system gives no verdict (or 不评定). */
  passed: z.boolean().nullable(),
  /** The grade's label; null when the system has no grading (or 不评定). */
  grade: z.string().nullable(),
  /** In words: “通过，等级 优秀（总分 92.5 / 100）”, “弃权：按未通过处理”. */
  conclusion: z.string(),
  levels: z.array(ResultLevel),
  vetoes: z.array(z.object({ code: z.string(), title: z.string(), reason: z.string() })),
  /** The engine's explanation of the verdict and grade, in Chinese. */
  explanation: z.string(),
  /** Where each value a formula read came from. */
  values: z.array(z.object({ label: z.string(), value: z.union([z.number(), z.string()]).nullable(), source: z.string() })),
  at: z.string(),
  by: z.string(),
  /** False once the unit was unlocked after this result: documents made from it are outdated. */
  current: z.boolean(),
});
export type UnitResult = z.infer<typeof UnitResult>;

/** One unit's line in a round's results: its lock state, current result, rank and change against the previous round. */
export const ResultLine = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  unitCode: z.string(),
  schoolType: z.string(),
  /** 未锁定 / 已锁定 / 弃权 (the unit forfeited the round). */
  state: z.enum(['open', 'locked', 'forfeited']),
  /**
   * Scoring progress: the unit's applicable items scored by hand (not computed from statistics) and,
   * of those, how many have a final score (a withdrawn one not). Null when the round's frozen system
   * cannot be read (changed after the round froze it): no count is guessed.
   */
  finalCount: z.number().int().nullable(),
  scorableCount: z.number().int().nullable(),
  result: UnitResult.nullable(),
  /** Rank in the round (or within the category), null when not ranked (no result, forfeited, not complete). */
  rank: z.object({ rank: z.number().int(), of: z.number().int(), tied: z.boolean(), category: z.string().nullable() }).nullable(),
  /** Against the same school's or campus's result in the previous round of the same kind and system. */
  previous: z
    .object({ roundName: z.string(), total: z.number().nullable(), grade: z.string().nullable(), change: z.number().nullable(), note: z.string() })
    .nullable(),
});
export type ResultLine = z.infer<typeof ResultLine>;

/** A result line's state in words (screens, CLI, Excel). */
export const RESULT_STATE_LABELS: Record<ResultLine['state'], string> = { open: '未锁定', locked: '已锁定', forfeited: '弃权' };

export const RoundResults = z.object({
  roundId: z.number().int(),
  /** How ties are ranked, in words (TIE_RULE_LABELS). */
  tieRule: z.string(),
  /** Ranked within school types (true) or all together. */
  byCategory: z.boolean(),
  /** The previous round compared with, if any. */
  previousRound: z.string().nullable(),
  lines: z.array(ResultLine),
});
export type RoundResults = z.infer<typeof RoundResults>;

// ---------------------------------------------------------------- opinions (item 6)

/** The kinds of opinion, in the order they are read: 做法成效, 存在问题, 整改建议. */
export const OpinionKind = z.enum(['strength', 'problem', 'suggestion'], { error: '请选择意见类别（做法成效、存在问题或整改建议）' });
export type OpinionKind = z.infer<typeof OpinionKind>;
export const OPINION_KINDS: readonly OpinionKind[] = ['strength', 'problem', 'suggestion'];
export const OPINION_KIND_LABELS: Record<OpinionKind, string> = { strength: '做法成效', problem: '存在问题', suggestion: '整改建议' };
/** The author of an opinion no expert gave: the office's own. */
export const OFFICE_AUTHOR = '督导室';

/**
 * One opinion as it now stands. Edits and withdrawals are new rows (round_opinions is append-only),
 * so `id` is its current version: the one to name when changing or withdrawing it.
 */
export const Opinion = z.object({
  id: z.number().int(),
  /** The indicator it is about (a node of the round's frozen system) with its code and title; all null: the unit as a whole (整体). */
  nodeId: z.string().nullable(),
  code: z.string().nullable(),
  title: z.string().nullable(),
  kind: OpinionKind,
  /** The expert who gave it (experts.id); null: the office's own. Stays the expert's when someone else edits it. */
  expertId: z.number().int().nullable(),
  /** The expert's name, or 督导室. */
  author: z.string(),
  text: z.string(),
  /** When it was first recorded (ISO time). */
  createdAt: z.string(),
  /** When its current version was entered (or it was withdrawn), and by which operator. */
  at: z.string(),
  by: z.string(),
  /** How many times it was changed after being recorded (0: never). */
  edits: z.number().int(),
  withdrawn: z.boolean(),
});
export type Opinion = z.infer<typeof Opinion>;

/** The opinions on one indicator (or the unit as a whole), by kind, each oldest first. */
export const OpinionGroup = z.object({
  /** null (with code and title): the unit as a whole. */
  nodeId: z.string().nullable(),
  code: z.string().nullable(),
  title: z.string().nullable(),
  strength: z.array(Opinion),
  problem: z.array(Opinion),
  suggestion: z.array(Opinion),
});
export type OpinionGroup = z.infer<typeof OpinionGroup>;

/** A unit's opinions with what a new one can name. */
export const UnitOpinions = z.object({
  roundId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  /**
   * The experts of this unit: those assigned to it (`assigned`), and any who wrote on it before
   * being reassigned (their opinions stay, and are changed only after they are assigned again).
   */
  experts: z.array(z.object({ expertId: z.number().int(), name: z.string(), assigned: z.boolean() })),
  /** What an opinion can be about: the unit's applicable indicators in the system's order, branches too (depth 1 = 一级指标). */
  indicators: z.array(z.object({ nodeId: z.string(), code: z.string(), title: z.string(), depth: z.number().int(), leaf: z.boolean() })),
  /** The current opinions: the unit as a whole first, then by indicator in the system's order; only groups with opinions. */
  groups: z.array(OpinionGroup),
  /** Withdrawn opinions (their last words; `at`/`by` say when and by whom withdrawn), latest withdrawal first: kept in view with their history. */
  withdrawn: z.array(Opinion),
});
export type UnitOpinions = z.infer<typeof UnitOpinions>;

export const SaveOpinionInput = z.object({
  unitId: z.number().int().positive(),
  /** Given: the current version of the opinion to change (the change is a new version replacing it). Absent: a new opinion. */
  id: z.number().int().positive().optional(),
  /**
   * A new opinion's author: an expert (experts.id) assigned to the unit, or null for the office.
   * A change keeps the opinion's author: leave it out, or give the same.
   */
  expertId: z.number().int().positive().nullable().optional(),
  /** The indicator (applicable to the unit in the round's frozen system); null: the unit as a whole. */
  nodeId: z.string({ error: '请选择意见针对的指标或“整体”' }).min(1, '请选择意见针对的指标或“整体”').nullable(),
  kind: OpinionKind,
  /** Trimmed; 1 to 2000 characters. */
  text: text('意见内容', 2000),
});
export type SaveOpinionInput = z.input<typeof SaveOpinionInput>;

/** What a version of an opinion did: recorded it, changed it, or withdrew it. */
export const OpinionAction = z.enum(['create', 'edit', 'withdraw']);
export const OPINION_ACTION_LABELS: Record<z.infer<typeof OpinionAction>, string> = { create: '录入', edit: '修改', withdraw: '撤回' };

/** One version of an opinion, as its history lists it. */
export const OpinionVersion = z.object({
  action: OpinionAction,
  code: z.string().nullable(),
  title: z.string().nullable(),
  kind: OpinionKind,
  author: z.string(),
  text: z.string(),
  at: z.string(),
  by: z.string(),
});
export type OpinionVersion = z.infer<typeof OpinionVersion>;

/** A current opinion in a round-wide list (per-school conclusions and the rectification ledger read these). */
export const RoundOpinion = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  nodeId: z.string().nullable(),
  code: z.string().nullable(),
  title: z.string().nullable(),
  kind: OpinionKind,
  expertId: z.number().int().nullable(),
  /** The expert's name, or 督导室. */
  author: z.string(),
  text: z.string(),
  /** When and by which operator its current version was entered. */
  at: z.string(),
  by: z.string(),
});
export type RoundOpinion = z.infer<typeof RoundOpinion>;

// ---------------------------------------------------------------- 评估组 and 现场督导工作用表

/** A node of the round's frozen system as the 评估组 editor shows it (its tree to choose from). */
export interface BlockTreeNode {
  id: string;
  code: string;
  title: string;
  children: BlockTreeNode[];
}
export const BlockTreeNode: z.ZodType<BlockTreeNode> = z.lazy(() => z.object({ id: z.string(), code: z.string(), title: z.string(), children: z.array(BlockTreeNode) }));

/**
 * 评估组: a group of the on-site visit (seed 000: four 块面 working side by side) — the indicators of
 * the round's frozen system it covers and its 采集方式 (校园观察, 问卷, 座谈, 访谈, 随堂听课, 资料查阅,
 * or the office's own). Experts are assigned to groups; an expert with none works on all of them.
 */
export const ScoringBlock = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 1, 2, 3 … in the order the office set. */
  position: z.number().int(),
  /** Node ids of the frozen system; a branch covers all its leaves. */
  nodeIds: z.array(z.string()),
  methods: z.array(z.string()),
  /** How many leaves the group covers (its branches' leaves counted once). */
  leafCount: z.number().int(),
  /** The round's experts assigned to this group (by expert id). */
  expertIds: z.array(z.number().int()),
});
export type ScoringBlock = z.infer<typeof ScoringBlock>;

/** A group as the office saves it: `id` keeps an existing group (and its experts); without it, a new one. */
export const BlockInput = z.object({
  id: z.number().int().positive().optional(),
  name: text('评估组名称', 30),
  nodeIds: z.array(z.string().min(1).max(200)).max(5000).default([]),
  methods: z
    .array(z.string().trim().min(1, '采集方式不能为空').max(20, '采集方式不能超过 20 个字'))
    .min(1, '请至少选择一种采集方式')
    .max(20, '采集方式不能超过 20 种'),
});
export type BlockInput = z.input<typeof BlockInput>;

/** A round's 评估组 with what the editor needs: the frozen system's tree, the leaves no group covers, each expert's groups and the proposal. */
export const RoundBlocks = z.object({
  roundId: z.number().int(),
  blocks: z.array(ScoringBlock),
  /** Each of the round's experts with their groups (empty: all groups). */
  experts: z.array(z.object({ expertId: z.number().int(), blockIds: z.array(z.number().int()) })),
  /** The frozen system's indicators (what the groups choose from). */
  tree: z.array(BlockTreeNode),
  /** Leaves of the frozen system. */
  leafCount: z.number().int(),
  /** Leaves in no group (code and title), in the tree's order: the work sheets leave them out. */
  uncovered: z.array(z.object({ nodeId: z.string(), code: z.string(), title: z.string() })),
  /** The proposal to start from (seed 000's four groups with their methods; the indicators are for the office to choose). */
  proposal: z.array(z.object({ name: z.string(), methods: z.array(z.string()), nodeIds: z.array(z.string()) })),
});
export type RoundBlocks = z.infer<typeof RoundBlocks>;

/**
 * Parameters of 生成现场督导工作用表 (job `scoring.worksheets`): per unit one 现场督导工作用表 (each
 * group's indicators applicable to the unit on pages of its own) and, unless `materials` is empty,
 * one 迎检材料清单; DOCX and/or PDF. Written into `destination` (a folder the CLI's --out or
 * Electron's dialog gave) or a fresh folder under the data directory's exports.
 */
export const WorksheetsParameters = z.object({
  roundId: z.number().int().positive(),
  unitIds: z.array(z.number().int().positive()).min(1, '请先选择单位').max(5000, '一次最多生成 5000 个单位'),
  /** The groups (absent: every group that covers indicators; a round without groups: one sheet of all indicators). */
  blockIds: z.array(z.number().int().positive()).min(1, '请至少选择一个评估组').max(50).optional(),
  formats: DocumentFormats,
  /** The 迎检材料清单's items (default: seed 000's list); empty: no list. */
  materials: z
    .array(z.string().trim().min(1, '材料名称不能为空').max(60, '材料名称不能超过 60 个字'))
    .max(30, '材料最多 30 项')
    .default([...DEFAULT_VISIT_MATERIALS]),
  destination: FileRef.optional(),
});
export type WorksheetsParameters = z.infer<typeof WorksheetsParameters>;

// ---------------------------------------------------------------- 一校一案 (per-unit conclusions, issue 13 item 5)

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** The default share of an item's points below which it is listed as below standard (得分率低于 60%). */
export const BELOW_STANDARD_SHARE = 0.6;
/** The default rectification period after the document's date (months). */
export const RECTIFICATION_MONTHS = 3;

/**
 * Parameters of 生成一校一案 (job `scoring.conclusions`): per unit with a current (locked) result,
 * its 督导意见书 in `formats` and, with `summary`, a one-page 督导评估结果摘要 (PDF); then one
 * workbook (xlsx) with a row per unit — those skipped too, with the reason. A unit not locked is
 * skipped; a forfeited unit (locked with the round's forfeit outcome) gets a 督导意见书 stating that
 * outcome. Written into `destination` (the CLI's --out or Electron's folder dialog) or a fresh
 * folder under the data directory's exports (then the files are the job's downloadable outputs).
 */
export const ConclusionsParameters = z.object({
  roundId: z.number().int().positive(),
  /** The units (absent: every unit of the round). */
  unitIds: z.array(z.number().int().positive()).min(1, '请先选择单位').max(5000, '一次最多生成 5000 个单位').optional(),
  formats: DocumentFormats.default(['docx', 'pdf']),
  summary: z.boolean().default(true),
  /** 成文日期 (ISO; default: today). */
  date: IsoDate.optional(),
  /** 整改期限 (ISO; default: RECTIFICATION_MONTHS months after the date). Not before the date. */
  deadline: IsoDate.optional(),
  /** An item whose final score earns less than this share of its points is listed as below standard (default 0.6). */
  threshold: z.number({ error: '低于标准的得分率应为 0 到 1 之间的数' }).gt(0, '低于标准的得分率应大于 0').max(1, '低于标准的得分率不能超过 100%').default(BELOW_STANDARD_SHARE),
  destination: FileRef.optional(),
});
export type ConclusionsParameters = z.infer<typeof ConclusionsParameters>;

/** One generated 一校一案 of a unit: the stored result it was written from and whether that result is still current. */
export const GeneratedConclusion = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  /** round_results.id it was written from. */
  resultId: z.number().int(),
  /** The result's conclusion in words, as it was. */
  conclusion: z.string(),
  /** The job that generated it (null when none). */
  jobId: z.string().nullable(),
  /** The files written: relative to the data directory (“/”), or names in the folder the user chose. */
  files: z.array(z.string()),
  at: z.string(),
  by: z.string(),
  /**
   * True once the round's current results are no longer the set the generation read (any unit
   * locked, unlocked or locked again since: the 意见书 quotes the unit's rank and the round's
   * averages): the documents are 已过时.
   */
  outdated: z.boolean(),
});
export type GeneratedConclusion = z.infer<typeof GeneratedConclusion>;

// ---------------------------------------------------------------- 督导评估报告 and 结果公示 (issue 13 item 6)

/** The documents a `scoring.report` job makes: the round report, the publication list, or both. */
export const ReportPart = z.enum(['report', 'publication'], { error: '请选择要生成的文书（督导评估报告或结果公示）' });
export type ReportPart = z.infer<typeof ReportPart>;
export const REPORT_PART_LABELS: Record<ReportPart, string> = { report: '督导评估报告', publication: '结果公示' };

/**
 * What the user types for a 结果公示: the 公示期 (ISO dates, inclusive; the end not before the
 * start), the 联系电话 and the 监督方式 (how objections are received: address, mailbox …), printed
 * as typed.
 */
export const PublicationInput = z.object({
  start: IsoDate,
  end: IsoDate,
  phone: z.string().trim().min(1, '请填写联系电话').max(60, '联系电话不能超过 60 个字'),
  supervision: z.string().trim().min(1, '请填写监督方式（如受理异议的地址或邮箱）').max(300, '监督方式不能超过 300 个字'),
});
export type PublicationInput = z.infer<typeof PublicationInput>;

/**
 * Parameters of 生成督导评估报告和结果公示 (job `scoring.report`). Every figure is read from the
 * round's CURRENT stored results (scoring.results: totals, grades, first-level subtotals, ranks,
 * the change against the previous round) and, for the indicators below standard, the final scores
 * of the locked units; a unit not locked is named as not included. `report`: the 督导评估报告 in
 * `formats` (participation, distribution of totals, grades, ranking, first-level and per-type
 * averages, the indicators most often below `threshold` of their points, two charts; the per-unit
 * results table as 附件). `publication`: the 结果公示 in `formats` and as xlsx (`publication`
 * inputs required). Ranks within school types with `byCategory`. Written into `destination` or a
 * fresh folder under the data directory's exports. Refused (invalid_input, Chinese) when no unit of
 * the round is locked, a date is invalid, or the 公示 inputs are missing; not_found for an unknown round.
 */
export const ReportParameters = z.object({
  roundId: z.number().int().positive(),
  parts: z.array(ReportPart).min(1, '请至少选择一种文书').max(2).default(['report', 'publication']),
  formats: DocumentFormats.default(['docx', 'pdf']),
  /** 成文日期 of both documents (ISO; default: today). */
  date: IsoDate.optional(),
  byCategory: z.boolean().default(false),
  /** An item whose final score earns less than this share of its points counts as below standard (default 0.6). */
  threshold: z.number({ error: '低于标准的得分率应为 0 到 1 之间的数' }).gt(0, '低于标准的得分率应大于 0').max(1, '低于标准的得分率不能超过 100%').default(BELOW_STANDARD_SHARE),
  /** Required when `parts` holds `publication`. */
  publication: PublicationInput.optional(),
  destination: FileRef.optional(),
});
export type ReportParameters = z.infer<typeof ReportParameters>;

/**
 * The outcome of a `scoring.report` job: the stored results (round_results.id) its documents were
 * written from. Once the round's current results differ (a unit unlocked, locked again or newly
 * locked), the documents are outdated (已过时) and should be generated again.
 */
export const ReportJobResult = z.object({ resultIds: z.array(z.number().int()) });
export type ReportJobResult = z.infer<typeof ReportJobResult>;

/** True when a report job's documents no longer match the round's current results (scoring.results lines). */
export function reportOutdated(result: ReportJobResult, lines: readonly { result: { id: number } | null }[]): boolean {
  const now = lines.flatMap((l) => (l.result ? [l.result.id] : [])).sort((a, b) => a - b);
  const then = [...result.resultIds].sort((a, b) => a - b);
  return now.length !== then.length || now.some((id, i) => id !== then[i]);
}

// ---------------------------------------------------------------- expert packages (专家评分包)

/** One 专家评分包 made: the expert, what it covers, its folder name and its zip to download. */
export const ExpertPackageMade = z.object({
  expertId: z.number().int(),
  expertName: z.string(),
  units: z.number().int(),
  rows: z.number().int(),
  /** The folder's name (written under the chosen folder when one was given). */
  folder: z.string(),
  zip: FileResult,
});
export type ExpertPackageMade = z.infer<typeof ExpertPackageMade>;

/**
 * What checking (dry run) or importing one returned 专家评分包 found: refused (the whole package,
 * see issues), unchanged (the same scores as already imported: nothing to do), new (the changes
 * below), or conflict (issued on an older revision than the expert's latest: the user decides).
 */
export const ExpertImportReport = z.object({
  source: z.string(),
  expertName: z.string().nullable(),
  verdict: z.enum(['refused', 'unchanged', 'new', 'conflict']),
  /** When the package was made (ISO time, from its signed manifest); null when refused before it was read. */
  issuedAt: z.string().nullable(),
  /** The expert's revision the package was issued on, and the latest accepted one. */
  baseRevision: z.number().int(),
  latestRevision: z.number().int(),
  /** Scores that change (before → after, in words), by unit and item. */
  changes: z.array(z.object({ unitName: z.string(), code: z.string(), title: z.string(), before: z.string(), after: z.string(), note: z.string() })),
  /** 评估意见 that change: added (before ''), edited, or withdrawn (after ''). */
  opinions: z.array(z.object({ unitName: z.string(), item: z.string(), kind: z.string(), before: z.string(), after: z.string() })),
  /** Rows not taken, with why (unit locked or forfeited, no longer assigned). */
  skipped: z.array(z.object({ unitName: z.string(), code: z.string(), reason: z.string() })),
  issues: z.array(PackageIssueDto),
  /** Rows with a score, and rows left empty. */
  scored: z.number().int(),
  empty: z.number().int(),
  /** The revision stored (import only; null for a dry run or when nothing was stored). */
  revision: z.number().int().nullable(),
});
export type ExpertImportReport = z.infer<typeof ExpertImportReport>;

/** An accepted 专家评分包 revision. */
export const ExpertSubmission = z.object({
  expertId: z.number().int(),
  expertName: z.string(),
  revision: z.number().int(),
  receivedAt: z.string(),
  receivedBy: z.string(),
  sourceName: z.string(),
  scored: z.number().int(),
  changed: z.number().int(),
  workbook: z.object({ bytes: z.number().int(), sha256: z.string() }),
});
export type ExpertSubmission = z.infer<typeof ExpertSubmission>;

// ---------------------------------------------------------------- 评分总表 (the grid, item 8)

/** A score in the grid: a grade's label, points (分) or yes/no by the leaf's method (shared/domain/scoring/grid.ts); absent: none. */
export const GridMark = z.union([z.string(), z.number(), z.boolean()]);

/** A leaf applicable to at least one unit of the round, as the grid's column. */
export const GridLeaf = z.object({
  nodeId: z.string(),
  code: z.string(),
  title: z.string(),
  /** The item's full points (分). */
  points: z.number(),
  /** How it is scored (GRID_METHODS): a hand-scored method, or computed from statistics. */
  method: z.enum(GRID_METHODS),
  /** In words, as the score sheet says it (等级（A/B/C/D）, 得分 …). */
  methodText: z.string(),
  /** Points, bonus, deduction: the allowed increment (0: any value from 0 to the points). */
  step: z.number(),
  /** Choice methods: the choices, most favourable first. */
  choices: z.array(z.string()),
});
export type GridLeaf = z.infer<typeof GridLeaf>;

/**
 * One unit's scores of one leaf, compactly: each mark left out when there is none (never given, or
 * withdrawn). `reconciled`/`suggested`/`reconcileText`: what the round's rule makes of the experts'
 * scores (ReconciledView; the basis of an agreed score is left to the unit's sheet, it would repeat
 * on every cell); `departure`: the final score departs from the self-evaluation by this many
 * points, beyond the round's threshold (its note is the reason).
 */
export const GridCell = z.object({
  self: GridMark.optional(),
  office: GridMark.optional(),
  /** By expert id (experts.id, as text). */
  experts: z.record(z.string(), GridMark).optional(),
  final: GridMark.optional(),
  reconciled: z.enum(['agreed', 'needs_decision']).optional(),
  suggested: GridMark.optional(),
  /** needs_decision: why, in Chinese (the experts' scores and the spread). */
  reconcileText: z.string().optional(),
  departure: z.number().optional(),
});
export type GridCell = z.infer<typeof GridCell>;

/** A unit's row of the grid. */
export const GridUnit = z.object({
  unitId: z.number().int(),
  code: z.string(),
  name: z.string(),
  schoolType: z.string(),
  /** 未锁定 / 已锁定 / 弃权: only open units are scored. */
  state: z.enum(['open', 'locked', 'forfeited']),
  lock: LockState.nullable(),
  /**
   * The stored result of a locked unit (or a forfeited one's forfeit outcome once locked): what the
   * grid shows as its final total, so it never differs from 结果与排名 even after the round's
   * settings change. Null while not locked.
   */
  stored: z.object({ total: z.number().nullable(), maxTotal: z.number().nullable(), grade: z.string().nullable(), passed: z.boolean().nullable(), conclusion: z.string() }).nullable(),
  /** The round's experts assigned to the unit (experts.id). */
  expertIds: z.array(z.number().int()),
  /** The values the system's formulas read for this unit (shared/domain/scoring/result.ts unitValues), by name. */
  values: z.record(z.string(), z.union([z.number(), z.string()])),
  /** Values that could not be read (missing, refused unit), in Chinese. */
  valueProblems: z.array(z.string()),
  /** By leaf id: only leaves applicable to the unit's type, and only those with something to show. */
  cells: z.record(z.string(), GridCell),
});
export type GridUnit = z.infer<typeof GridUnit>;

/**
 * A round's 评分总表: units × leaves with the self-evaluation, office, experts', suggested and final
 * scores, and what the screen needs to recompute each unit's total and grade with the shared engine
 * (evaluateSystem) as scores are typed: the round's frozen system and each unit's values.
 */
export const RoundGrid = z.object({
  roundId: z.number().int(),
  /** The round's frozen system version (what results are computed on). */
  system: IndicatorSystemSchema,
  /** A final score further than this (分) from the self-evaluation needs a reason; null: never. */
  departureThreshold: z.number().nullable(),
  /** Leaves applicable to at least one of the round's units, in the system's order. */
  leaves: z.array(GridLeaf),
  /** Per school type of the round's units: its applicable leaves (ids, in order). */
  types: z.array(z.object({ schoolType: z.string(), nodeIds: z.array(z.string()) })),
  /** The round's experts with their units and 评估组 (none: all groups). */
  experts: z.array(z.object({ expertId: z.number().int(), name: z.string(), unitIds: z.array(z.number().int()), blockIds: z.array(z.number().int()) })),
  /** The round's 评估组 with the leaves each covers. */
  blocks: z.array(z.object({ id: z.number().int(), name: z.string(), nodeIds: z.array(z.string()) })),
  /** By 报送编码. */
  units: z.array(GridUnit),
});
export type RoundGrid = z.infer<typeof RoundGrid>;

export const scoringContract = {
  /** The office's experts, by name. */
  'experts.list': { input: z.object({}).default({}), output: z.array(Expert) },
  /** Adds an expert, or changes one (`id`). Errors: conflict when another has the same name and organisation; not_found. Audited. */
  'experts.save': { input: ExpertInput, output: Expert },
  /** A round's scoring settings (defaults until saved: 平均分, ties 1, 2, 2, 4) and its experts with their units. Errors: not_found. */
  'scoring.setup': { input: RoundId, output: RoundScoringSetup },
  /** Saves a round's scoring settings. Errors: not_found; invalid_input (Chinese, per field). Audited. */
  'scoring.saveSettings': { input: RoundId.extend({ settings: ScoringSettings }), output: RoundScoringSetup },
  /**
   * Puts an expert on the round with the units they score (replacing their units); with no units,
   * takes them off the round — refused (invalid_input) while they have scores in it. Units must be
   * the round's. Audited.
   */
  'scoring.assign': { input: RoundId.extend({ expertId: z.number().int().positive(), unitIds: z.array(z.number().int().positive()).max(5000) }), output: RoundScoringSetup },
  /** A unit's score sheet: every applicable leaf with the self-evaluation, office, experts', suggested and final scores. Errors: not_found. */
  'scoring.sheet': { input: z.object({ unitId: z.number().int().positive() }), output: UnitScoreSheet },
  /**
   * Records one score (append-only). The answer is checked against the leaf's method in the round's
   * frozen system: a grade of its list, points from 0 to the item's points in its steps, 达标 or
   * not, 存在 or not; formula and count leaves are computed, not scored. An expert scores only the
   * units assigned to them. A final score departing from the self-evaluation beyond the round's
   * threshold needs a note (the reason). Errors: not_found; invalid_input (Chinese). Output: the leaf's row.
   */
  'scoring.setScore': { input: SetScoreInput, output: ScoreRow },
  /**
   * 采用全部建议得分: every item of the unit whose experts agree under the round's rule
   * (reconciled `agreed`) and that has no final score yet gets the suggestion as its final score,
   * with an empty note, each through scoring.setScore's rules (one audited score each). An item
   * those rules refuse — a suggestion departing from the self-evaluation beyond the round's
   * threshold needs a reason — is skipped and listed with the message, for a person to decide;
   * 需合议 items and items already given a final score are not touched. Errors: not_found;
   * invalid_input when the unit is locked or forfeited (nothing is adopted).
   */
  'scoring.adoptSuggestions': { input: z.object({ unitId: z.number().int().positive() }), output: AdoptSuggestionsResult },
  /**
   * A round's 评分总表 (units × applicable leaves, every score kind, reconciled state, lock state)
   * with the frozen system and each unit's values, so the screen recomputes totals as scores are
   * typed; scores are then saved one by one with scoring.setScore. Read in a fixed number of
   * queries whatever the round's size. Errors: not_found; conflict when the round's system was
   * changed after the round froze it.
   */
  'scoring.grid': { input: RoundId, output: RoundGrid },
  /** Every score given to one leaf of a unit, newest first (the history). Errors: not_found. */
  'scoring.history': { input: z.object({ unitId: z.number().int().positive(), nodeId: z.string().min(1) }), output: z.array(ScoreHistoryEntry) },
  /**
   * A round's 评估组 (in order) with the frozen system's tree, the leaves no group covers, each
   * expert's groups and the proposal from seed 000. Errors: not_found; conflict when the round's
   * system was changed after the round froze it.
   */
  'scoring.blocks': { input: RoundId, output: RoundBlocks },
  /**
   * Replaces a round's 评估组 with `blocks`, in that order: a group with `id` is kept (its experts
   * too), one without is new, a group left out is removed — refused while an expert is assigned to
   * it (the expert would silently turn to all groups). Names unique; node ids of the round's frozen
   * system (a node below another listed node of the same group is dropped as already covered); an
   * indicator may be in several groups (different methods check it). Errors: not_found;
   * invalid_input (Chinese, naming the group). Audited (对象 评分设置).
   */
  'scoring.saveBlocks': { input: RoundId.extend({ blocks: z.array(BlockInput).max(20, '评估组不能超过 20 个') }), output: RoundBlocks },
  /**
   * The 评估组 an expert of the round works in (replacing theirs); none: all groups. The expert must be
   * on the round (scoring.assign first) and the groups the round's. Errors: not_found; invalid_input. Audited.
   */
  'scoring.assignBlocks': { input: RoundId.extend({ expertId: z.number().int().positive(), blockIds: z.array(z.number().int().positive()).max(50) }), output: RoundBlocks },
  /**
   * Locks a unit's scores once they are agreed and stores its result (UnitResult), computed on the
   * round's frozen system from the final scores and the unit's values (shared/domain/scoring/result.ts).
   * A forfeited unit is locked with the round's forfeit outcome. Refused (invalid_input, naming the
   * items) while a hand-scored leaf has no final score or the result is incomplete (a missing value);
   * conflict when already locked. Audited.
   */
  'scoring.lock': { input: z.object({ unitId: z.number().int().positive(), note: optionalText('备注', 500) }), output: UnitResult },
  /**
   * Unlocks a unit's scores so they can be changed; the reason is required. Its result and any
   * document made from it become outdated (kept, marked 已过时). Errors: conflict when not locked. Audited.
   */
  'scoring.unlock': { input: z.object({ unitId: z.number().int().positive(), reason: text('解锁原因', 500) }), output: LockState },
  /** Every result stored for a unit, newest first (the current one, then outdated ones), and its lock events. Errors: not_found. */
  'scoring.unitResults': { input: z.object({ unitId: z.number().int().positive() }), output: z.object({ results: z.array(UnitResult), locks: z.array(LockState) }) },
  /**
   * A round's results: every unit with its state, current result, rank (the round's tie rule;
   * within school types with `byCategory`) and change against the previous round of the same kind
   * on the same indicator system. Errors: not_found.
   */
  'scoring.results': { input: RoundId.extend({ byCategory: z.boolean().default(false) }), output: RoundResults },
  /**
   * The round's results as an Excel workbook (说明 with the tie rule and the system version; 评分结果:
   * one row per unit with state, totals per first-level indicator, total, grade, conclusion, rank and
   * the change against the previous round). Errors: not_found.
   */
  'scoring.exportResults': { input: RoundId.extend({ byCategory: z.boolean().default(false) }), output: FileResult },
  /**
   * Makes the 专家评分包 of the round's experts (all, or those named): per expert, a workbook of the
   * units and items they score (their blocks when they have any) with the self-evaluation and the
   * evidence list beside each item and their current scores pre-filled, a read-me and a manifest
   * signed with the round's secret. Each comes back as a zip to download; with `destination` (a
   * folder the user chose) the folders are written there too. Errors: not_found; invalid_input when
   * an expert has no unit. Audited.
   */
  'scoring.expertPackages': {
    input: RoundId.extend({ expertIds: z.array(z.number().int().positive()).max(500).default([]), destination: FileRef.optional() }),
    output: z.array(ExpertPackageMade),
  },
  /**
   * Checks (`dryRun`) or imports a returned 专家评分包 (a zip or a folder): signature, round, system
   * version, every cell against its item's method (Chinese, naming sheet, row and column). Import
   * writes only that expert's scores, only those that change (the same package twice changes
   * nothing), skips locked or forfeited units and units no longer assigned, keeps the workbook in
   * the content-addressed store and records the revision. A package issued before the expert's
   * latest revision is a conflict: imported only with `acceptConflict`. Audited.
   */
  'scoring.importExpertPackage': {
    input: RoundId.extend({ source: FileRef, dryRun: z.boolean().default(true), acceptConflict: z.boolean().default(false) }),
    output: ExpertImportReport,
  },
  /** The round's accepted 专家评分包 revisions, newest first. Errors: not_found. */
  'scoring.expertSubmissions': { input: RoundId, output: z.array(ExpertSubmission) },
  /** The 回执 of one accepted revision (PDF and xlsx): what was received, with size and SHA-256. Errors: not_found. */
  'scoring.expertReceipt': { input: RoundId.extend({ expertId: z.number().int().positive(), revision: z.number().int().positive() }), output: z.object({ pdf: FileResult, xlsx: FileResult }) },
  /**
   * A unit's opinions (做法成效, 存在问题, 整改建议) grouped by indicator and kind, with author, time
   * and operator; its withdrawn ones; its experts and applicable indicators. Errors: not_found.
   */
  'scoring.opinions': { input: z.object({ unitId: z.number().int().positive() }), output: UnitOpinions },
  /**
   * Records an opinion, or changes one (`id`, its current version) as a new version replacing it —
   * the author stays the original expert's, the operator is recorded. An expert writes only on units
   * assigned to them; the indicator must apply to the unit in the round's frozen system; the text is
   * trimmed, 1–2000 characters. Not audited: every version is kept (scoring.opinionHistory).
   * Errors: not_found; invalid_input (Chinese); conflict when `id` was changed or withdrawn meanwhile.
   */
  'scoring.saveOpinion': { input: SaveOpinionInput, output: Opinion },
  /**
   * Withdraws an opinion (`id`, its current version): a new row marks it withdrawn, its versions
   * stay. Same author rule as saveOpinion. Errors: not_found; invalid_input; conflict when changed or withdrawn meanwhile.
   */
  'scoring.withdrawOpinion': { input: z.object({ id: z.number().int().positive() }), output: Opinion },
  /** Every version of the opinion `id` belongs to (any of its versions), newest first. Errors: not_found. */
  'scoring.opinionHistory': { input: z.object({ id: z.number().int().positive() }), output: z.array(OpinionVersion) },
  /**
   * Every current opinion of a round: by unit (报送编码), the unit as a whole before its indicators
   * (in the system's order), kind (做法成效, 存在问题, 整改建议), then as recorded. Errors: not_found.
   */
  'scoring.roundOpinions': { input: RoundId, output: z.array(RoundOpinion) },
  /**
   * The 一校一案 generated for a round's units (job `scoring.conclusions`), newest first: each with the
   * stored result (round_results.id) it was written from, its files and `outdated` once any unit of
   * the round was locked, unlocked or locked again after (ranks and averages changed). Errors: not_found.
   */
  'scoring.conclusions': { input: RoundId, output: z.array(GeneratedConclusion) },
} as const;
