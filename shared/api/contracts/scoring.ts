/**
 * 评分 (scoring, issue 12): the office's experts, a round's scoring settings, the experts taking part
 * and their units, and the scores of every unit's leaves — the school's self-evaluation, the office's
 * initial score, each expert's score and the agreed final score — side by side, with the agreed
 * score the round's rule suggests (shared/domain/scoring/reconcile.ts). Scores are append-only
 * (every change keeps its history); settings and the experts' list are audited.
 */
import { z } from 'zod';
import { RECONCILE_RULE_LABELS } from '../../domain/scoring/reconcile';
import { TIE_RULE_LABELS } from '../../domain/scoring/rank';

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).default('');
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
});
export type ScoringSettings = z.infer<typeof ScoringSettings>;

/** A round's scoring set-up: its settings and the experts taking part, each with the units they score. */
export const RoundScoringSetup = z.object({
  roundId: z.number().int(),
  settings: ScoringSettings,
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
  /** Choice items: the choices, most favourable first. */
  choices: z.array(z.string()),
  /** The school's self-evaluation from its latest revision ('' when none) and its explanation. */
  self: z.object({ answer: ScoreAnswer.nullable(), text: z.string(), explanation: z.string() }),
  office: ScoreEntry.nullable(),
  experts: z.array(z.object({ expertId: z.number().int(), name: z.string(), score: ScoreEntry.nullable() })),
  reconciled: ReconciledView,
  final: ScoreEntry.nullable(),
  /** The final score departs from the self-evaluation beyond the round's threshold: its note is the reason. */
  departure: z.object({ points: z.number(), threshold: z.number() }).nullable(),
});
export type ScoreRow = z.infer<typeof ScoreRow>;

export const UnitScoreSheet = z.object({
  roundId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  /** The latest revision the self-evaluation comes from (0: nothing submitted). */
  revision: z.number().int(),
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

export const ScoreHistoryEntry = ScoreEntry.extend({ kind: ScoreKind, expert: z.string().nullable() });
export type ScoreHistoryEntry = z.infer<typeof ScoreHistoryEntry>;

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
  /** Every score given to one leaf of a unit, newest first (the history). Errors: not_found. */
  'scoring.history': { input: z.object({ unitId: z.number().int().positive(), nodeId: z.string().min(1) }), output: z.array(ScoreHistoryEntry) },
} as const;
