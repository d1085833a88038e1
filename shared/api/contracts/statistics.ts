import { z } from 'zod';

export const StatValue = z.union([z.number().finite().nonnegative(), z.array(z.number().finite().nonnegative())]);
export const StatValues = z.record(z.string(), StatValue);

export const StatRecord = z.object({
  schoolId: z.number().int(),
  campusId: z.number().int().nullable(),
  year: z.number().int(),
  values: StatValues,
  updatedAt: z.string(),
});
export type StatRecord = z.infer<typeof StatRecord>;

/** Where a statistics value came from. `legacy`: stored before sources were recorded (未记录来源). */
export const StatSourceKind = z.enum(['legacy', 'manual', 'import', 'override', 'submission', 'demo']);
export type StatSourceKind = z.infer<typeof StatSourceKind>;

/** The source of one stored value: who or what set it, and when. */
export const StatSource = z.object({
  kind: StatSourceKind,
  /** The operator of a manual edit, an import or an override. */
  operatorName: z.string().nullable(),
  /** The imported file's name and sha256 (imports only). */
  fileName: z.string().nullable(),
  fileSha256: z.string().nullable(),
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

export const statisticsContract = {
  'stats.years': { input: z.object({}).default({}), output: z.array(z.number().int()) },
  'stats.forSchool': { input: z.object({ schoolId: z.number().int().positive() }), output: z.array(StatRecordWithSources) },
  'stats.history': {
    input: z.object({ schoolId: z.number().int().positive(), campusId: z.number().int().positive().nullable().default(null), year: Year }),
    output: z.array(StatHistoryEntry),
  },
  'stats.save': {
    input: z.object({
      schoolId: z.number().int().positive(),
      campusId: z.number().int().positive().nullable().default(null),
      year: Year,
      values: StatValues,
    }),
    output: StatRecord,
  },
  'stats.delete': {
    input: z.object({ schoolId: z.number().int().positive(), campusId: z.number().int().positive().nullable().default(null), year: Year }),
    output: z.object({ deleted: z.boolean() }),
  },
} as const;
