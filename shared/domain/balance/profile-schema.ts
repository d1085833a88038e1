/**
 * Zod schema of a standards profile (评估标准方案): the indicator set, how each indicator is computed
 * from the statistics catalogue, per-school thresholds and the difference-coefficient test.
 * Profiles are data so that offices can add provincial variants without code changes.
 */
import { z } from 'zod';
import { STAT_FIELD_BY_KEY } from '../schools/statistics-fields';

const FieldKey = z.string().refine((k) => STAT_FIELD_BY_KEY.has(k), { message: '统计字段不存在' });

const PerSection = z.object({ primary: z.number().positive(), junior: z.number().positive() });
export type PerSectionNumbers = z.infer<typeof PerSection>;

/**
 * Shared facilities belong to the whole campus: in a multi-section school they are apportioned by
 * weighted pupils (domain.md §2.3).
 */
const SharedNumerator = z.object({
  kind: z.literal('shared'),
  /** Summed; every field is required. */
  fields: z.array(FieldKey).min(1),
  /**
   * Summed when recorded; when absent (or null) taken as 0 with a note on the school section, e.g.
   * the gym of L5: most schools have none and leave it blank. Invalid values are still missing.
   */
  zeroIfAbsent: z.array(FieldKey).optional(),
});

/**
 * Teacher metrics: the per-section field where recorded; otherwise the school total apportioned by
 * the plain pupil ratio. `totalFields: null` means the catalogue has no school total.
 * (A single-section school's total is its section figure.)
 */
const TeacherNumerator = z
  .object({
    kind: z.literal('teacher'),
    /** null: the catalogue has no per-section field (the total is always used / apportioned). */
    sectionFields: z.object({ primary: z.array(FieldKey).min(1), junior: z.array(FieldKey).min(1) }).nullable(),
    totalFields: z.array(FieldKey).min(1).nullable(),
  })
  .refine((t) => t.sectionFields !== null || t.totalFields !== null, { message: '教师指标至少需要学段字段或全校合计字段' });

export const IndicatorNumerator = z.discriminatedUnion('kind', [SharedNumerator, TeacherNumerator]);
export type IndicatorNumerator = z.infer<typeof IndicatorNumerator>;

export const GapUnit = z.object({
  /** What has to be added, e.g. “高于规定学历专任教师”. */
  what: z.string().min(1),
  /** Real unit of the numerator: 人 / 平方米 / 元 / 间 / 台 / 册. */
  unit: z.string().min(1),
  /** Persons and rooms are planned in whole units (ceil). */
  whole: z.boolean(),
});
export type GapUnit = z.infer<typeof GapUnit>;

export const IndicatorDef = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** Unit of the indicator value, e.g. 人/百名学生, 平方米/生. */
  unit: z.string().min(1),
  numerator: IndicatorNumerator,
  /** The denominator is always the section's pupils; ×100 for “per 100 pupils”. */
  per100: z.boolean(),
  /** Per-school requirement; null when the profile sets none (2012: provincial standards). */
  thresholds: PerSection.nullable(),
  gap: GapUnit,
  /** How the value is computed, in Chinese, for tooltips and reports. */
  formula: z.string().min(1),
});
export type IndicatorDef = z.infer<typeof IndicatorDef>;

export const CvTest = z.enum(['perIndicator', 'composite']);
export type CvTest = z.infer<typeof CvTest>;

export const PerSchoolRule = z.object({
  /** How many indicators may miss the threshold while staying at or above the floor. */
  allowedBelowThreshold: z.number().int().min(0),
  /** 0.85: the floor is this fraction of the threshold. */
  floorRatio: z.number().gt(0).lte(1),
});
export type PerSchoolRule = z.infer<typeof PerSchoolRule>;

export const StandardsProfile = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** The document the profile restates. */
    basis: z.string().min(1),
    indicators: z.array(IndicatorDef).min(1),
    cvLimits: PerSection,
    /** perIndicator: every indicator CV ≤ limit; composite: the mean of the CVs ≤ limit. */
    cvTest: CvTest,
    /** null: the profile sets no per-school rule (attainment not evaluated). */
    perSchoolRule: PerSchoolRule.nullable(),
    /** Years before the application year that must each pass (渝教督发〔2019〕4号: 3). */
    priorYearsRequired: z.number().int().min(0).nullable(),
    notes: z.array(z.string()),
  })
  .superRefine((p, ctx) => {
    const codes = new Set<string>();
    for (const ind of p.indicators) {
      if (codes.has(ind.code)) ctx.addIssue({ code: 'custom', message: `指标代码重复：${ind.code}` });
      codes.add(ind.code);
    }
    if (p.perSchoolRule && p.indicators.some((i) => i.thresholds === null)) {
      ctx.addIssue({ code: 'custom', message: '设置了学校达标规则的方案，每项指标都必须有标准值' });
    }
  });
export type StandardsProfile = z.infer<typeof StandardsProfile>;
