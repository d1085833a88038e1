import { z } from 'zod';
import { FileRef, FileResult } from '../envelope';
import { Year } from './statistics';

export const ImportKind = z.enum(['schools', 'stats']);
export type ImportKind = z.infer<typeof ImportKind>;

/** One problem found in an imported file, located to the cell. */
export const ImportIssue = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  columnLabel: z.string().nullable(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

export const FieldChange = z.object({
  field: z.string(),
  label: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const ImportRowPreview = z.object({
  sheet: z.string(),
  row: z.number().int(),
  key: z.string(),
  label: z.string(),
  status: z.enum(['new', 'changed', 'unchanged']),
  changes: z.array(FieldChange),
});
export type ImportRowPreview = z.infer<typeof ImportRowPreview>;

/**
 * A file-level fact the preview states once at the top instead of once per row: a unit applied
 * (金额单位：万元 → 元), a code mapped from the national statistics vocabulary, totals derived from
 * grades, 合计 rows skipped, a likely duplicate name. `kind` groups them for display.
 */
export const ImportNotice = z.object({
  kind: z.enum(['unit', 'year', 'mapping', 'derived', 'skipped', 'duplicate', 'other']),
  message: z.string(),
});
export type ImportNotice = z.infer<typeof ImportNotice>;

/**
 * A question the import cannot answer by itself (a money column with no unit stated, a column's
 * unit differing from the title's, the file's year differing from the one chosen or the title year
 * from the 年份 column, values ~×10,000 off the district): nothing is stored while one is open.
 * The user picks an option and runs the preview again with `answers[id] = option.value`.
 */
export const ImportQuestion = z.object({
  id: z.string(),
  message: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).min(1),
});
export type ImportQuestion = z.infer<typeof ImportQuestion>;

export const ImportReport = z.object({
  kind: ImportKind,
  fileName: z.string(),
  year: z.number().int().nullable(),
  dryRun: z.boolean(),
  committed: z.boolean(),
  counts: z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  rows: z.array(ImportRowPreview),
  errors: z.array(ImportIssue),
  warnings: z.array(ImportIssue),
  notices: z.array(ImportNotice).default([]),
  questions: z.array(ImportQuestion).default([]),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportRequest = z.object({
  kind: ImportKind,
  file: FileRef,
  /** Required for statistics unless the file has a 年份 column. */
  year: Year.optional(),
  dryRun: z.boolean().default(true),
  /** Answers to the preview's questions, keyed by question id (see ImportQuestion). */
  answers: z.record(z.string(), z.string()).default({}),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const exchangeContract = {
  'exchange.import': { input: ImportRequest, output: ImportReport },
  'exchange.template': { input: z.object({ kind: ImportKind }), output: FileResult },
  /**
   * The register (kind schools) or one year's statistics (kind stats, `year` required) as xlsx, in
   * the import template's layout. `schoolIds` limits the file to those schools (the register's
   * “导出所选”); without it every school is written.
   */
  'exchange.export': {
    input: z.object({ kind: ImportKind, year: Year.optional(), schoolIds: z.array(z.number().int().positive()).min(1).max(5000).optional() }),
    output: FileResult,
  },
} as const;
