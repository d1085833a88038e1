/**
 * Input of one year's computation: the schools with their statistics and manual overrides.
 * Compute functions take these types without parsing (what-if must be fast); call
 * parseBalanceYearInput at the boundary (IPC, CLI, import).
 */
import { z } from 'zod';
import { SchoolType } from '../schools/school-enums';
import { STAT_FIELD_BY_KEY, type StatValues } from '../schools/statistics-fields';

const NonNegative = z.number().finite().nonnegative();

/** Per-section teacher fields an office may override (e.g. backboneTeachersJunior). */
export const SECTION_OVERRIDABLE_FIELDS: ReadonlySet<string> = new Set(
  [...STAT_FIELD_BY_KEY.values()].filter((d) => d.group === '教师' && (d.section === 'primary' || d.section === 'junior')).map((d) => d.key),
);

export const SchoolOverrides = z.object({
  /** Numerator of an indicator for one section, in real units (人, 平方米, 元, 间…); wins over everything. */
  numerators: z
    .object({ primary: z.record(z.string(), NonNegative).optional(), junior: z.record(z.string(), NonNegative).optional() })
    .optional(),
  /** Per-section teacher counts by statistics field, e.g. { teachersAboveDegreeJunior: 20 }. */
  sectionFields: z
    .record(z.string(), NonNegative)
    .refine((r) => Object.keys(r).every((k) => SECTION_OVERRIDABLE_FIELDS.has(k)), { message: '只能调整分学段的教师字段' })
    .optional(),
  /** Why the office set these figures; shown with the override. */
  note: z.string().optional(),
});
export type SchoolOverrides = z.infer<typeof SchoolOverrides>;

const StatValue = z.union([z.number(), z.array(z.number())]);

export const SchoolBalanceInput = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: SchoolType,
  stats: z.record(z.string(), StatValue.nullable().optional()),
  overrides: SchoolOverrides.optional(),
  /** Manual exclusion with its reason (e.g. 职业学校, 撤并). */
  exclude: z.object({ reason: z.string().min(1) }).optional(),
  campusOf: z.string().min(1).optional(),
});
export interface SchoolBalanceInput {
  id: string;
  name: string;
  type: SchoolType;
  /** null is accepted and treated as missing, like an absent key. */
  stats: StatValues | Record<string, number | number[] | null | undefined>;
  overrides?: SchoolOverrides;
  exclude?: { reason: string };
  /**
   * Set on a campus evaluated separately that is its own row (basis 'unit'): the register id of
   * its school. Manual overrides are set per school, so a campus row takes none.
   */
  campusOf?: string;
}

export const BalanceYearInput = z.object({
  year: z.number().int(),
  schools: z.array(SchoolBalanceInput),
});
export interface BalanceYearInput {
  year: number;
  schools: readonly SchoolBalanceInput[];
}

export function parseBalanceYearInput(raw: unknown): BalanceYearInput {
  return BalanceYearInput.parse(raw) as BalanceYearInput;
}
