import { z } from 'zod';
import { SchoolType } from '../../domain/schools/school-enums';

export const StatValue = z.union([z.number().finite().nonnegative(), z.array(z.number().finite().nonnegative())]);
export const StatValues = z.record(z.string(), StatValue);

/**
 * Values as a door sends them: numbers (or lists of numbers) of any sign. The service judges them
 * with shared/domain/schools/stat-validation.ts, so a refusal names the field as the form labels it
 * (“小学在校生数”不能为负数) instead of a schema path.
 */
export const StatValuesInput = z.record(z.string(), z.union([z.number().finite(), z.array(z.number().finite())]));

export const StatRecord = z.object({
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  year: z.number().int(),
  values: StatValues,
  updatedAt: z.string(),
});
export type StatRecord = z.infer<typeof StatRecord>;

/**
 * Where a statistics value came from. `legacy`: stored before sources were recorded (未记录来源);
 * `grid`: entered in the year grid (统计数据（按年度）), several schools saved together.
 */
export const StatSourceKind = z.enum(['legacy', 'manual', 'import', 'override', 'submission', 'demo', 'grid']);
export type StatSourceKind = z.infer<typeof StatSourceKind>;

/** The source of one stored value: who or what set it, and when. */
export const StatSource = z.object({
  kind: StatSourceKind,
  /** The operator of a manual edit, an import or an override. */
  operatorName: z.string().nullable(),
  /** The imported file's name and sha256 (imports only); the sha256 is for support, never shown. */
  fileName: z.string().nullable(),
  fileSha256: z.string().nullable(),
  /**
   * Where in the file the value was read (imports only): the worksheet (null for CSV) and the row
   * as Excel numbers it; both null for values imported before these were recorded.
   */
  fileSheet: z.string().nullable(),
  fileRow: z.number().int().positive().nullable(),
  /** The audit batch the value was written in (imports, demo data). */
  batchId: z.string().nullable(),
  at: z.string(),
});
export type StatSource = z.infer<typeof StatSource>;

/** A record with each value's current source (fields without one have none recorded). */
export const StatRecordWithSources = StatRecord.extend({ sources: z.record(z.string(), StatSource) });
export type StatRecordWithSources = z.infer<typeof StatRecordWithSources>;

/** One value a field was given, newest first in a history; `value` null means the field was cleared. */
export const StatHistoryEntry = StatSource.extend({ id: z.number().int(), field: z.string(), value: StatValue.nullable() });
export type StatHistoryEntry = z.infer<typeof StatHistoryEntry>;

/** Part of an import warning that a value entered by hand will be replaced (the preview lists these apart). */
export const MANUAL_OVERWRITE_MARK = '手工录入，导入将改为';

export const Year = z.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');

/** One record of a `stats.saveMany` call: a school's (or campus's) values for the call's year, replacing the record. */
export const StatRowInput = z.object({
  schoolId: z.number().int().positive(),
  campusId: z.number().int().positive().nullable().default(null),
  values: StatValuesInput,
});

/**
 * One refused value of a `stats.saveMany` call, in the error's `details.cells`: which school (and
 * campus) and field, and the Chinese message naming both. The grid marks the cell with it.
 */
export const StatCellIssue = z.object({
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  schoolName: z.string(),
  field: z.string(),
  label: z.string(),
  message: z.string(),
});
export type StatCellIssue = z.infer<typeof StatCellIssue>;

/**
 * How complete a record is for its school type (shared/domain/schools/stat-completeness.ts): the
 * applicable fields, how many are filled, and the Chinese labels of those left blank.
 */
export const StatCompleteness = z.object({
  filled: z.number().int(),
  applicable: z.number().int(),
  missing: z.array(z.string()),
});
export type StatCompleteness = z.infer<typeof StatCompleteness>;

/**
 * One line of `stats.completeness`: a school's own record, or a campus's. Campuses appear when
 * they have a record for the year or are marked 单独评估 (a unit whose figures are expected).
 */
export const StatCompletenessRow = StatCompleteness.extend({
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  /** 学校名, or 学校名 + 校区名 for a campus. */
  unitName: z.string(),
  schoolName: z.string(),
  campusName: z.string().nullable(),
  /** School type (a campus has its school's). */
  type: SchoolType,
  /** The campus is marked 单独评估 (always false on a school's line). */
  evaluatedSeparately: z.boolean(),
  hasRecord: z.boolean(),
});
export type StatCompletenessRow = z.infer<typeof StatCompletenessRow>;

export const statisticsContract = {
  'stats.years': { input: z.object({}).default({}), output: z.array(z.number().int()) },
  'stats.forSchool': { input: z.object({ schoolId: z.number().int().positive() }), output: z.array(StatRecordWithSources) },
  /** Every record of one year (schools and campuses), ordered by school id: the year grid's rows. */
  'stats.forYear': { input: z.object({ year: Year }), output: z.array(StatRecord) },
  'stats.history': {
    input: z.object({ schoolId: z.number().int().positive(), campusId: z.number().int().positive().nullable().default(null), year: Year }),
    output: z.array(StatHistoryEntry),
  },
  'stats.save': {
    input: z.object({
      schoolId: z.number().int().positive(),
      campusId: z.number().int().positive().nullable().default(null),
      year: Year,
      values: StatValuesInput,
    }),
    output: StatRecord,
  },
  /**
   * Saves several records of one year in one unit of work (the year grid): each row replaces its
   * record; rows equal to what is stored are left alone (no audit entry, no history). Every value
   * is checked first (stat-validation.ts); when any is refused nothing is written and the error
   * (invalid_input) lists them all in `details.cells` (StatCellIssue[]), each naming school and
   * field. Changed values get the source `grid` with the operator and the unit's batch id.
   * Errors: not_found for an unknown school or a campus of another school; invalid_input for a
   * school listed twice. Output: how many records were written and how many were unchanged.
   */
  'stats.saveMany': {
    input: z.object({ year: Year, rows: z.array(StatRowInput).min(1, '没有要保存的数据').max(5000) }),
    output: z.object({ saved: z.number().int(), unchanged: z.number().int() }),
  },
  /**
   * Completeness of the year's statistics per school and per campus, for the schools in the year's
   * census (closed before 1 September of the year: left out), in register order.
   */
  'stats.completeness': { input: z.object({ year: Year }), output: z.array(StatCompletenessRow) },
  'stats.delete': {
    input: z.object({ schoolId: z.number().int().positive(), campusId: z.number().int().positive().nullable().default(null), year: Year }),
    output: z.object({ deleted: z.boolean() }),
  },
} as const;
