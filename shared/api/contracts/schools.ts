import { z } from 'zod';
import { Locality, Ownership, SchoolStatus, SchoolType } from '../../domain/schools/school-enums';

const optText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

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
  name: z.string().trim().min(1, '校区名称不能为空').max(50),
  address: optText(),
  evaluatedSeparately: z.boolean().default(false),
});
export type CampusInput = z.infer<typeof CampusInput>;

export const SchoolInput = z.object({
  code: z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((v) => v ?? null)
    .refine((v) => v === null || /^\d{10}$/.test(v), '学校标识码应为 10 位数字'),
  name: z.string().trim().min(1, '学校名称不能为空').max(100),
  shortName: optText(50),
  type: SchoolType,
  ownership: Ownership.default('公办'),
  locality: Locality,
  township: optText(50),
  address: optText(),
  principal: optText(50),
  contact: optText(50),
  status: SchoolStatus.default('在办'),
  closedOn: isoDate.nullable().optional().transform((v) => v ?? null),
});
export type SchoolInput = z.infer<typeof SchoolInput>;

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

export const schoolsContract = {
  'schools.list': { input: SchoolQuery, output: z.array(School) },
  'schools.get': { input: Id, output: School },
  'schools.create': { input: SchoolInput, output: School },
  'schools.update': { input: z.object({ id: z.number().int().positive(), school: SchoolInput }), output: School },
  'schools.delete': { input: Id, output: z.object({ deleted: z.boolean() }) },
  'schools.saveCampus': { input: z.object({ schoolId: z.number().int().positive(), campus: CampusInput }), output: School },
  'schools.deleteCampus': { input: Id, output: School },
  'schools.townships': { input: z.object({}).default({}), output: z.array(z.string()) },
} as const;
