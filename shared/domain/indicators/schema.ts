/**
 * Zod schemas and TypeScript types for indicator systems (指标体系).
 *
 * The parsed (output) form is canonical: every optional field is filled with its default, so
 * two systems that mean the same thing are deep-equal. Presets, the Excel importer and the
 * database all go through {@link IndicatorSystemSchema} and therefore share that canonical form.
 *
 * Points model: every scored node has `points` (its nominal maximum). A branch without `points`
 * is worth the sum of its regular children; a branch WITH `points` treats its children's points
 * as weights and rescales them to its own points. That is how "points or weight" schemes are
 * both expressed.
 */
import { z } from 'zod';

export const SYSTEM_LEVELS = ['school', 'campus', 'partnership', 'county'] as const;
export const SYSTEM_STATES = ['draft', 'published', 'archived'] as const;
export const SCORERS = ['school', 'office', 'expert', 'computed'] as const;
export const SCHOOL_TYPES = ['小学', '初中', '九年一贯制', '十二年一贯制', '完全中学', '教学点', '特殊教育学校'] as const;
export const SECTIONS = ['primary', 'junior'] as const;
export const PARTNERSHIP_TYPES = ['学区化', '集团化', '结对帮扶'] as const;
export const COMPARATORS = ['>=', '>', '<=', '<'] as const;
/**
 * Declared scale of a named value (see scale.ts): ratio = a share written 0–1 (0.85 = 85 %),
 * percent = written 0–100 (85 = 85 %), number = a plain quantity (no range implied).
 */
export const VALUE_SCALES = ['ratio', 'percent', 'number'] as const;

export type SystemLevel = (typeof SYSTEM_LEVELS)[number];
export type SystemState = (typeof SYSTEM_STATES)[number];
export type Scorer = (typeof SCORERS)[number];
export type SchoolType = (typeof SCHOOL_TYPES)[number];
export type Section = (typeof SECTIONS)[number];
export type PartnershipType = (typeof PARTNERSHIP_TYPES)[number];
export type Comparator = (typeof COMPARATORS)[number];
export type ValueScale = (typeof VALUE_SCALES)[number];

const finite = z.number().refine(Number.isFinite, { message: '必须是有限数值' });
const nonNegative = finite.refine((n) => n >= 0, { message: '不能为负数' });
const share = finite.refine((n) => n >= 0 && n <= 1, { message: '是比例，必须在 0 到 1 之间（如 85% 填 0.85）' });

/** A threshold that may differ by section; `all` applies when no section-specific value exists. */
export const SectionThresholdSchema = z.object({
  all: finite.optional(),
  primary: finite.optional(),
  junior: finite.optional(),
});
export type SectionThreshold = z.infer<typeof SectionThresholdSchema>;

export const GradeOptionSchema = z.object({
  label: z.string().min(1),
  /** Share of the node's points earned with this grade (A = 1, B = 0.8 …). */
  share,
  /** Whether this grade counts the item as met (达标). */
  met: z.boolean(),
  description: z.string().default(''),
});
export type GradeOption = z.infer<typeof GradeOptionSchema>;

export const GradeScoringSchema = z.object({
  method: z.literal('grade'),
  grades: z.array(GradeOptionSchema).min(1),
});

export const PointsScoringSchema = z.object({
  method: z.literal('points'),
  /** Allowed increment; 0 means any value in 0..points. */
  step: nonNegative.default(0),
  /** The item counts as met when earned ≥ metShare × points. */
  metShare: share.default(1),
});

export const BooleanScoringSchema = z.object({
  method: z.literal('boolean'),
});

export const PartialCreditSchema = z.object({
  /**
   * The value at which credit is zero, as a ratio of the threshold (e.g. 0.85 for ≥ rules:
   * 0 points at 85 % of the threshold, full points at the threshold, linear in between).
   * For ≤ rules the ratio is above 1 (e.g. 1.2).
   */
  zeroAtRatio: nonNegative,
});

export const FormulaScoringSchema = z.object({
  method: z.literal('formula'),
  /** A formula over named values (syntax in formula.ts), e.g. "teachersAboveDegree / pupils * 100". */
  expression: z.string().min(1),
  /**
   * threshold: value compared with `threshold`; met → full points, else partial credit or 0.
   * score: the value itself is the score, clamped to 0..points.
   */
  mode: z.enum(['threshold', 'score']).default('threshold'),
  comparator: z.enum(COMPARATORS).default('>='),
  threshold: SectionThresholdSchema.nullable().default(null),
  partialCredit: PartialCreditSchema.nullable().default(null),
  unit: z.string().default(''),
  /** Number of decimals used when showing the value (display only). */
  decimals: z.number().int().min(0).max(6).default(2),
});

export const CountScoringSchema = z.object({
  method: z.literal('count'),
  /** Ids of the items this rule counts (usually formula leaves). */
  itemIds: z.array(z.string().min(1)).min(1),
  /** Minimum number of applicable items that must be met. */
  minMet: z.number().int().nonnegative(),
  /**
   * Optional floor for every item that is not met, as a ratio of its threshold
   * (0.85 = "the remaining one ≥ 85 % of its requirement"). Null: no floor.
   */
  othersMinRatio: share.nullable().default(null),
});

export const VetoScoringSchema = z.object({
  method: z.literal('veto'),
  /** Reason shown when triggered; the node title is used when empty. */
  reason: z.string().default(''),
});

export const BonusScoringSchema = z.object({
  method: z.literal('bonus'),
  step: nonNegative.default(0),
});

export const DeductionScoringSchema = z.object({
  method: z.literal('deduction'),
  step: nonNegative.default(0),
});

export const ScoringSchema = z.discriminatedUnion('method', [
  GradeScoringSchema,
  PointsScoringSchema,
  BooleanScoringSchema,
  FormulaScoringSchema,
  CountScoringSchema,
  VetoScoringSchema,
  BonusScoringSchema,
  DeductionScoringSchema,
]);
export type Scoring = z.infer<typeof ScoringSchema>;
export type ScoringMethod = Scoring['method'];
export type GradeScoring = z.infer<typeof GradeScoringSchema>;
export type PointsScoring = z.infer<typeof PointsScoringSchema>;
export type FormulaScoring = z.infer<typeof FormulaScoringSchema>;
export type CountScoring = z.infer<typeof CountScoringSchema>;

/** Empty list = no restriction on that dimension. */
export const ApplicabilitySchema = z.object({
  schoolTypes: z.array(z.enum(SCHOOL_TYPES)).default([]),
  sections: z.array(z.enum(SECTIONS)).default([]),
  partnershipTypes: z.array(z.enum(PARTNERSHIP_TYPES)).default([]),
  /** Free categories such as 牵头校 / 成员校 or 紧密型 / 松散型; matches if any is in the context. */
  categories: z.array(z.string().min(1)).default([]),
});
export type Applicability = z.infer<typeof ApplicabilitySchema>;

export interface IndicatorNode {
  id: string;
  code: string;
  title: string;
  /** 评估内容 */
  content: string;
  /** 评分标准 */
  standard: string;
  /** Nominal maximum points; null on a branch means "sum of the children". */
  points: number | null;
  /** 佐证材料目录 */
  evidence: string[];
  explanationRequired: boolean;
  applicability: Applicability;
  scorer: Scorer;
  /**
   * 待核实: the item's numbers or wording are not yet confirmed against the official text ([M] in
   * domain.md). Shown as a 待核实 tag wherever the indicator is listed, with `unconfirmedReason`
   * (or {@link UNCONFIRMED_EXPLANATION} when empty) as its explanation; editable.
   */
  unconfirmed: boolean;
  /** 待核实说明: what is unconfirmed and what the user should check, written for users. */
  unconfirmedReason: string;
  /** 备注: the office's own remarks. */
  note: string;
  /** Required on leaves, null on branches. */
  scoring: Scoring | null;
  children: IndicatorNode[];
}

export type IndicatorNodeInput = z.input<typeof IndicatorNodeBaseSchema> & { children?: IndicatorNodeInput[] };

const IndicatorNodeBaseSchema = z.object({
  id: z.string().min(1),
  code: z.string(),
  title: z.string(),
  content: z.string().default(''),
  standard: z.string().default(''),
  points: nonNegative.nullable().default(null),
  evidence: z.array(z.string()).default([]),
  explanationRequired: z.boolean().default(false),
  applicability: ApplicabilitySchema.default({ schoolTypes: [], sections: [], partnershipTypes: [], categories: [] }),
  scorer: z.enum(SCORERS).default('office'),
  unconfirmed: z.boolean().default(false),
  unconfirmedReason: z.string().default(''),
  note: z.string().default(''),
  scoring: ScoringSchema.nullable().default(null),
});

export const IndicatorNodeSchema: z.ZodType<IndicatorNode, IndicatorNodeInput> = IndicatorNodeBaseSchema.extend({
  children: z.lazy(() => z.array(IndicatorNodeSchema)).default([]),
}) as unknown as z.ZodType<IndicatorNode, IndicatorNodeInput>;

export const PassRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('totalAtLeast'), min: finite }),
  z.object({ kind: z.literal('nodeAtLeast'), nodeId: z.string().min(1), min: finite }),
  z.object({ kind: z.literal('allMet'), nodeId: z.string().min(1) }),
  z.object({ kind: z.literal('atLeastNMet'), nodeId: z.string().min(1), n: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('noVeto') }),
  z.object({
    kind: z.literal('valueAtLeast'),
    /** Key in the trial input's `values`, e.g. "socialRecognition". */
    name: z.string().min(1),
    label: z.string().min(1),
    /** On the value's declared scale (system `values`): 0.85 for a ratio, 85 for a percent. */
    min: finite,
    /**
     * Legacy input only (systems saved before value scales were declared): 'percent' meant "a
     * ratio shown as %". On parse it becomes a `values` declaration with scale ratio and is
     * removed, so the canonical form never holds it; the value's scale is declared in one place.
     */
    display: z.enum(['number', 'percent']).optional(),
  }),
]);
export type PassRule = z.infer<typeof PassRuleSchema>;

export const GradeBandSchema = z.object({
  label: z.string().min(1),
  /** Null = unbounded below. */
  min: finite.nullable(),
  minInclusive: z.boolean().default(true),
  /** Null = unbounded above. */
  max: finite.nullable(),
  maxInclusive: z.boolean().default(false),
});
export type GradeBand = z.infer<typeof GradeBandSchema>;

/**
 * 等级划分. Grades never contradict the pass rules (issue 8): in a system with pass rules, a result
 * that does not pass gets `gradeWhenFailed` whatever band its score falls in — or no grade at all
 * when that is null — and a result that passes never gets `gradeWhenFailed`. See verdict.ts.
 */
export const GradingSchema = z
  .object({
    /**
     * points: the total, in points. percent: 得分率 = total ÷ nominal maximum, on the percent scale
     * (bounds 0–100, e.g. 60 = 60 %); a total above the maximum (bonus) counts as 100 %.
     */
    basis: z.enum(['points', 'percent']).default('points'),
    bands: z.array(GradeBandSchema).min(1),
    /**
     * Grade of a vetoed result in a system WITHOUT pass rules (grading only); null = the lowest
     * band. With pass rules a vetoed result has not passed and gets `gradeWhenFailed`.
     */
    vetoLabel: z.string().nullable().default(null),
    /**
     * How grade and pass relate when the system has pass rules. A label (usually the lowest
     * band's, e.g. 不合格; it may also be a label outside the bands): every result that does not
     * pass is graded so, and no passing result is. null: grades are given only among passing
     * results; a result that does not pass has no grade. Absent (older data): vetoLabel, else the
     * label of the lowest band — the grade such systems already gave a vetoed result.
     */
    gradeWhenFailed: z.string().trim().min(1, '未通过时的等级不能为空').nullable().optional(),
  })
  .transform(({ gradeWhenFailed, ...g }) => ({
    ...g,
    gradeWhenFailed: gradeWhenFailed === undefined ? (g.vetoLabel ?? lowestBandLabel(g.bands)) : gradeWhenFailed,
  }));
export type Grading = z.output<typeof GradingSchema>;
export type GradingInput = z.input<typeof GradingSchema>;

/** Label of the band with the lowest lower bound (null = unbounded counts lowest); null if none. */
function lowestBandLabel(bands: readonly GradeBand[]): string | null {
  let best: GradeBand | null = null;
  for (const b of bands) if (!best || b.min === null || (best.min !== null && b.min < best.min)) best = b;
  return best?.label ?? null;
}

/**
 * A named value the system reads (trial `values`, formula variables, value rules), declared once:
 * its Chinese label (shown in the 试算 form instead of the key) and its scale.
 */
export const ValueDefSchema = z.object({
  /** Key in the trial input's `values` and in formulas, e.g. "socialRecognition". */
  name: z.string().trim().min(1, '数据名称不能为空'),
  label: z.string().trim().min(1, '数据的中文名称不能为空'),
  scale: z.enum(VALUE_SCALES).default('number'),
  /** Unit shown after a plain number (人, 平方米, 元); empty for ratios and percentages. */
  unit: z.string().default(''),
});
export type ValueDef = z.infer<typeof ValueDefSchema>;

/**
 * The explanation shown with a 待核实 mark whose item states no reason of its own (users read it
 * in the tag's tooltip, the Excel export and the README).
 */
export const UNCONFIRMED_EXPLANATION =
  '此项的数值或口径尚未与正式文件逐字核对。使用前请对照本地执行的正式文件确认；如有出入，请在新版本中修改此项，并关闭“待核实”。';

/**
 * A dimension of the free categories in {@link ApplicabilitySchema} (e.g. 紧密程度: 紧密型 / 松散型),
 * declared once with the system so that the 试算 form and the indicator editor offer exactly these
 * choices. A unit has at most one option of a group.
 */
export const CategoryGroupSchema = z.object({
  /** What is chosen, e.g. 紧密程度 or 学校角色. */
  label: z.string().trim().min(1, '类别名称不能为空'),
  /** The choices, e.g. 紧密型、松散型. */
  options: z.array(z.string().trim().min(1, '类别选项不能为空')).min(1, '类别至少要有一个选项'),
  /** The partnership types the group applies to (学区化, 集团化 …); empty = every unit. */
  partnershipTypes: z.array(z.enum(PARTNERSHIP_TYPES)).default([]),
});
export type CategoryGroup = z.infer<typeof CategoryGroupSchema>;

export const IndicatorSystemSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  /** Stable identity across versions (a "new version" keeps it). */
  key: z.string().min(1),
  name: z.string().min(1),
  level: z.enum(SYSTEM_LEVELS),
  sourceDocument: z.string().default(''),
  description: z.string().default(''),
  version: z.number().int().positive(),
  state: z.enum(SYSTEM_STATES).default('draft'),
  /** Version this one was copied from, if any. */
  basedOnVersion: z.number().int().positive().nullable().default(null),
  /** System-wide cap on bonus points (null = only per-node caps). */
  bonusCap: nonNegative.nullable().default(null),
  passRules: z.array(PassRuleSchema).default([]),
  grading: GradingSchema.nullable().default(null),
  /** Declared named values (label and scale); a value read but not declared is a plain number. */
  values: z.array(ValueDefSchema).default([]),
  /** Declared category groups (紧密程度: 紧密型 / 松散型 …) the nodes' applicability uses. */
  categoryGroups: z.array(CategoryGroupSchema).default([]),
  nodes: z.array(IndicatorNodeSchema).default([]),
}).transform(moveLegacyDisplay);
export type IndicatorSystem = z.output<typeof IndicatorSystemSchema>;
export type IndicatorSystemInput = z.input<typeof IndicatorSystemSchema>;

/**
 * Canonical form for value rules saved before scales were declared: `display: 'percent'` on a
 * value rule becomes a `values` entry { name, label, scale: 'ratio' } (unless the name is declared
 * already) and `display` is dropped, so a value's scale lives in one place.
 */
function moveLegacyDisplay<S extends { passRules: PassRule[]; values: ValueDef[] }>(s: S): S {
  if (!s.passRules.some((r) => r.kind === 'valueAtLeast' && r.display !== undefined)) return s;
  const values = [...s.values];
  const passRules = s.passRules.map((r) => {
    if (r.kind !== 'valueAtLeast' || r.display === undefined) return r;
    const { display, ...rest } = r;
    if (display === 'percent' && !values.some((v) => v.name === r.name)) values.push({ name: r.name, label: r.label, scale: 'ratio', unit: '' });
    return rest;
  });
  return { ...s, passRules, values };
}
