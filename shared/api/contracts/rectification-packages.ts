/**
 * 整改进展包 (issue 14 item 6): a school's open 整改台账 items go out by USB as a package (a workbook
 * listing them with columns for the school to fill, one 佐证材料/<编号>/ folder per item, a manifest
 * signed with the installation's key), and come back through the same checks as the schools' fill-in
 * packages — signature, a dry run naming file, sheet, row and column, revisions, conflict for an
 * older package, a 回执 — as progress entries with evidence. Format: main/services/rectification/packages-format.ts.
 */
import { z } from 'zod';
import { FileRef, FileResult } from '../envelope';
import { PackageIssueDto } from './rounds';

const Id = z.number().int().positive();

/** A school with items a package would carry (未启动, 整改中 — including those sent back by a failed verification). */
export const PackageSchool = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  /** Open items (未启动 or 整改中). */
  open: z.number().int(),
  overdue: z.number().int(),
  /** The school's latest accepted package (revision and when), or null. */
  lastImport: z.object({ revision: z.number().int(), receivedAt: z.string() }).nullable(),
});
export type PackageSchool = z.infer<typeof PackageSchool>;

/**
 * Parameters of the `rectification.packages` job (作业: progress per school, 取消): the schools
 * (empty: every school with open items), whether to zip each package, and where to write — a
 * folder reference (the CLI's --out, Electron's folder dialog); absent: a fresh folder under the
 * data directory's exports, whose zips the screens download.
 */
export const RectificationPackagesParameters = z.object({
  schoolIds: z.array(Id).max(5000).default([]),
  zip: z.boolean().default(true),
  destination: FileRef.optional(),
});
export type RectificationPackagesParameters = z.infer<typeof RectificationPackagesParameters>;

/** One package made. */
export const RectificationPackageMade = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  /** Items the package lists. */
  items: z.number().int(),
  /** The package's folder name (written under the chosen folder when one was given). */
  folder: z.string(),
  zip: FileResult,
});
export type RectificationPackageMade = z.infer<typeof RectificationPackageMade>;

/**
 * What checking (dry run) or importing a returned 整改进展包 found: refused (see issues), unchanged
 * (everything in it is already recorded), new (the entries and moves below), or conflict (made
 * before a later package of the same school was accepted: imported only when the user accepts).
 */
export const RectificationImportReport = z.object({
  source: z.string(),
  schoolName: z.string().nullable(),
  /** When the package was made (ISO time, from its signed manifest); null when refused before it was read. */
  issuedAt: z.string().nullable(),
  verdict: z.enum(['refused', 'unchanged', 'new', 'conflict']),
  /** The school's latest accepted revision and the issue time of its package (null: none yet). */
  latestRevision: z.number().int(),
  latestIssuedAt: z.string().nullable(),
  /** Progress entries to record (dry run) or recorded, with the evidence files' names. */
  entries: z.array(z.object({ number: z.string(), date: z.string(), text: z.string(), files: z.array(z.string()), complete: z.boolean() })),
  /** State moves: 开始整改 for a 未启动 item, 报告整改完成 (→ 已完成待核验, reported by the school) where marked complete with evidence. */
  moves: z.array(z.object({ number: z.string(), from: z.string(), to: z.string() })),
  /** Rows not imported (closed or reassigned items …), with why. */
  skipped: z.array(z.object({ number: z.string(), reason: z.string() })),
  issues: z.array(PackageIssueDto),
  /** Stored: the import's id (for its 回执) and the school's new revision; null otherwise. */
  importId: z.number().int().nullable(),
  revision: z.number().int().nullable(),
});
export type RectificationImportReport = z.infer<typeof RectificationImportReport>;

/** An accepted 整改进展包. */
export const RectificationPackageImport = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  revision: z.number().int(),
  issuedAt: z.string(),
  receivedAt: z.string(),
  receivedBy: z.string(),
  sourceName: z.string(),
  entries: z.number().int(),
  moved: z.number().int(),
  files: z.number().int(),
});
export type RectificationPackageImport = z.infer<typeof RectificationPackageImport>;

export const RECTIFICATION_IMPORT_VERDICT_LABELS: Record<RectificationImportReport['verdict'], string> = { refused: '不能导入', unchanged: '无新内容', new: '可导入', conflict: '版本冲突' };

export const rectificationPackagesContract = {
  /** Schools of the register owning open items (未启动, 整改中), by name, with their latest accepted package. */
  'rectification.packageSchools': { input: z.object({}).default({}), output: z.array(PackageSchool) },
  /**
   * Makes one 整改进展包 per school (`schoolIds`; empty: every school with open items): a folder
   * `<学校>_整改进展包` with 整改进展表.xlsx (a 填写说明 sheet and a 整改进展 sheet listing 编号, 问题描述,
   * 整改要求, 整改时限, 当前状态, 最近进展, then 进展日期, 进展情况, 是否已完成整改 and 佐证材料文件名 to fill,
   * with data validation), 填写说明.txt, an empty 佐证材料/<编号>/ folder per item, and a manifest
   * signed with the installation's key carrying the items' ids and versions. Returned as zips to
   * download; also written under `destination` when given. Errors: invalid_input (a school without
   * open items, none at all). Audited.
   */
  'rectification.packages': {
    input: z.object({ schoolIds: z.array(Id).max(5000).default([]), destination: FileRef.optional() }),
    output: z.array(RectificationPackageMade),
  },
  /**
   * Checks (`dryRun`, the default) or imports a returned 整改进展包 (zip or folder): signature, that each
   * row's item still exists and is still the school's, every cell (进展日期 a real date not after
   * today, 进展情况 1–2000 characters, 是否已完成整改 是 or 否, each 佐证材料 file present in the item's
   * 佐证材料/<编号>/ folder, of an accepted type, not empty, within the size limit), in Chinese naming
   * file, sheet, row and column; any error refuses the whole package. Import, in one unit of work:
   * a progress entry per filled row (an entry already recorded with the same date, text and files
   * is not recorded again, so the same package twice changes nothing), 开始整改 for 未启动 items, and
   * 报告整改完成 (→ 已完成待核验, reported by the school, so any office operator may verify) for rows
   * marked 是 with evidence (without evidence: a warning, left 整改中); closed items are skipped with a
   * warning. A package made before the school's latest accepted one is a conflict, imported only
   * with `acceptConflict`. Keeps the workbook in the content-addressed store. Audited.
   */
  'rectification.importPackage': {
    input: z.object({ source: FileRef, dryRun: z.boolean().default(true), acceptConflict: z.boolean().default(false) }),
    output: RectificationImportReport,
  },
  /** Accepted 整改进展包, newest first; of one school when `schoolId` is given. */
  'rectification.packageImports': { input: z.object({ schoolId: Id.optional() }).default({}), output: z.array(RectificationPackageImport) },
  /** The 回执 of one accepted package (PDF and xlsx): what was received, each file with size and SHA-256. Errors: not_found. */
  'rectification.packageReceipt': { input: z.object({ importId: Id }), output: z.object({ pdf: FileResult, xlsx: FileResult }) },
} as const;
