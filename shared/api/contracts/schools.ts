import { z } from 'zod';
import { LOCALITIES, Locality, OWNERSHIPS, Ownership, SCHOOL_STATUSES, SCHOOL_TYPES, SchoolStatus, SchoolType } from '../../domain/schools/school-enums';
import { SCHOOL_CODE_PATTERN, SCHOOL_RULE_LABELS, SCHOOL_TEXT_LIMITS, isCalendarDate, schoolRuleIssues, type SchoolRuleField } from '../../domain/schools/school-rules';
import { cleanCode, cleanName, showInvisible } from '../../domain/text/normalize';
import { StatCompleteness, Year } from './statistics';

/** Optional single-line text: cleaned (invisible characters, odd spaces), blank → null, at most `max` characters. */
const optText = (max = 200, label = '内容') =>
  z
    .string()
    .nullable()
    .optional()
    .transform((v) => (v == null ? null : cleanName(v) || null))
    .refine((v) => v === null || v.length <= max, `${label}不能超过 ${max} 个字`);

const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, {
    error: (iss) => (iss.input == null || iss.input === '' ? `请选择${label}` : `“${showInvisible(String(iss.input))}”不是有效的${label}，可选：${values.join('、')}`),
  });

export const Campus = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  name: z.string(),
  address: z.string().nullable(),
  evaluatedSeparately: z.boolean(),
});
export type Campus = z.infer<typeof Campus>;

export const CampusInput = z.object({
  id: z.number().int().optional(),
  name: z.string().transform(cleanName).pipe(z.string().min(1, '校区名称不能为空').max(50, '校区名称不能超过 50 个字')),
  address: optText(SCHOOL_TEXT_LIMITS.address, '地址'),
  evaluatedSeparately: z.boolean().default(false),
});
export type CampusInput = z.infer<typeof CampusInput>;

/**
 * A school's own fields, each checked and cleaned on its own: names and texts lose invisible
 * characters and odd spaces (shared/domain/text/normalize.ts), the code is ten digits after
 * full-width digits and spaces are normalised, the closing date is a real calendar date.
 * The register import reads rows with this, then checks the merged result with {@link SchoolInput}.
 */
export const SchoolFields = z.object({
  code: z
    .string()
    .nullable()
    .optional()
    .transform((v) => (v == null ? null : cleanCode(v) || null))
    .refine((v) => v === null || SCHOOL_CODE_PATTERN.test(v), {
      error: (iss) => `“${showInvisible(String(iss.input))}”不是有效的学校标识码，应为 10 位数字`,
    }),
  name: z
    .string({ error: '学校名称不能为空' })
    .transform(cleanName)
    .refine((v) => v !== '', '学校名称不能为空')
    .refine((v) => v.length <= SCHOOL_TEXT_LIMITS.name, `学校名称不能超过 ${SCHOOL_TEXT_LIMITS.name} 个字`),
  shortName: optText(SCHOOL_TEXT_LIMITS.shortName, SCHOOL_RULE_LABELS.shortName),
  type: choice(SCHOOL_TYPES, SCHOOL_RULE_LABELS.type),
  ownership: choice(OWNERSHIPS, SCHOOL_RULE_LABELS.ownership).default('公办'),
  locality: choice(LOCALITIES, SCHOOL_RULE_LABELS.locality),
  township: optText(SCHOOL_TEXT_LIMITS.township, SCHOOL_RULE_LABELS.township),
  address: optText(SCHOOL_TEXT_LIMITS.address, SCHOOL_RULE_LABELS.address),
  principal: optText(SCHOOL_TEXT_LIMITS.principal, SCHOOL_RULE_LABELS.principal),
  contact: optText(SCHOOL_TEXT_LIMITS.contact, SCHOOL_RULE_LABELS.contact),
  status: choice(SCHOOL_STATUSES, SCHOOL_RULE_LABELS.status).default('在办'),
  closedOn: z
    .string()
    .nullable()
    .optional()
    .transform((v) => (v == null ? null : cleanCode(v) || null))
    .refine((v) => v === null || isCalendarDate(v), {
      error: (iss) => `“${showInvisible(String(iss.input))}”不是有效的撤并日期，应写成 2020-09-01`,
    }),
});

/**
 * A school as every door writes it: {@link SchoolFields} plus the rules that tie fields together
 * (shared/domain/schools/school-rules.ts: 撤并 needs a closing date, a closing date needs 撤并).
 * The cross-field rules run even when another field is wrong, so a form shows every problem at once.
 */
export const SchoolInput = SchoolFields.superRefine(
  (v, ctx) => {
    const subject = { status: typeof v.status === 'string' ? v.status : '在办', closedOn: typeof v.closedOn === 'string' ? v.closedOn : null };
    for (const issue of schoolRuleIssues(subject)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  },
  { when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'status' || i.path?.[0] === 'closedOn') },
);
export type SchoolInput = z.infer<typeof SchoolInput>;

export interface SchoolFieldIssue {
  field: SchoolRuleField;
  message: string;
}

/**
 * Every problem of a draft school, by field, with the same messages the API and the import give:
 * the form derives its validation from this (one home for each rule). Empty when the draft is valid.
 */
export function schoolInputIssues(draft: unknown): SchoolFieldIssue[] {
  const r = SchoolInput.safeParse(draft);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ field: (String(i.path[0] ?? 'name') as SchoolRuleField), message: i.message }));
}

export const School = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: SchoolType,
  ownership: Ownership,
  locality: Locality,
  township: z.string().nullable(),
  address: z.string().nullable(),
  principal: z.string().nullable(),
  contact: z.string().nullable(),
  status: SchoolStatus,
  closedOn: z.string().nullable(),
  campuses: z.array(Campus),
  latestStatsYear: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type School = z.infer<typeof School>;

export const SchoolQuery = z
  .object({
    search: z.string().trim().max(100).optional(),
    type: SchoolType.optional(),
    locality: Locality.optional(),
    status: SchoolStatus.optional(),
    township: z.string().max(50).optional(),
  })
  .default({});
export type SchoolQuery = z.infer<typeof SchoolQuery>;

const Id = z.object({ id: z.number().int().positive() });

/**
 * An evaluated unit (评估单位) of a year (shared/domain/schools/evaluated-units.ts): a school, or a
 * campus marked 单独评估; with how complete the statistics it would be evaluated on are.
 */
export const EvaluatedUnitDto = z.object({
  /** `s<schoolId>` or `c<campusId>`. */
  key: z.string(),
  kind: z.enum(['school', 'campus']),
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  name: z.string(),
  schoolName: z.string(),
  campusName: z.string().nullable(),
  type: SchoolType,
  /** A school unit's campuses not evaluated separately; a campus unit itself. */
  campusIds: z.array(z.number().int()),
  statistics: StatCompleteness.extend({
    /** own: the unit's own record; campuses: no school-level record, the sum of its campuses' records; none: no figures. */
    source: z.enum(['own', 'campuses', 'none']),
  }),
});
export type EvaluatedUnitDto = z.infer<typeof EvaluatedUnitDto>;

export const schoolsContract = {
  'schools.list': { input: SchoolQuery, output: z.array(School) },
  'schools.get': { input: Id, output: School },
  'schools.create': { input: SchoolInput, output: School },
  'schools.update': { input: z.object({ id: z.number().int().positive(), school: SchoolInput }), output: School },
  'schools.delete': { input: Id, output: z.object({ deleted: z.boolean() }) },
  'schools.saveCampus': { input: z.object({ schoolId: z.number().int().positive(), campus: CampusInput }), output: School },
  'schools.deleteCampus': { input: Id, output: School },
  'schools.townships': { input: z.object({}).default({}), output: z.array(z.string()) },
  /**
   * Sets the 办学状态 of several schools in one unit of work (the register's batch action): 撤并 with
   * its date (closedOn, YYYY-MM-DD, required), or 在办 (the date is cleared). Each changed school gets
   * an audit entry, all in one batch; schools already in that state (and date) are left alone.
   * Errors: not_found for an unknown id, invalid_input as the school form refuses (撤并 without date).
   */
  'schools.setStatus': {
    input: z.object({ ids: z.array(z.number().int().positive()).min(1, '请先选择学校').max(5000), status: SchoolStatus, closedOn: z.string().nullable().default(null) }),
    output: z.object({ changed: z.number().int(), unchanged: z.number().int() }),
  },
  /** The year's evaluated units in register order (schools closed before 1 September of the year have none). */
  'schools.units': { input: z.object({ year: Year }), output: z.array(EvaluatedUnitDto) },
} as const;
