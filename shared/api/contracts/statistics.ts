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

export const Year = z.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');

export const statisticsContract = {
  'stats.years': { input: z.object({}).default({}), output: z.array(z.number().int()) },
  'stats.forSchool': { input: z.object({ schoolId: z.number().int().positive() }), output: z.array(StatRecord) },
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
