/**
 * 整改台账 outputs (issue 14 item 7): the ledger as a landscape table (DOCX/PDF in the official
 * format, and xlsx), the 督导整改通知书 per responsible unit and the 整改情况报告.
 *
 * The two documents that may take a while run as jobs (progress, cancel, outputs in 作业记录):
 * `rectification.notices` (one 通知书 per unit, each with its own 发文字号 from the 发文登记) and
 * `rectification.report` (the 整改情况报告). Their parameters are declared here and registered as
 * job kinds in jobs.ts. Source: issue 14 item 7; domain.md §6 (GB/T 9704 layout), §7.3 (columns).
 */
import { z } from 'zod';
import { FileRef, FileResult } from '../envelope';
import { DocumentFormats } from './documents';
import { LedgerFilter } from './rectification';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-12-31');

export const LedgerExportFormat = z.enum(['docx', 'pdf', 'xlsx'], { error: '导出格式只能是 DOCX、PDF 或 Excel（xlsx）' });
export type LedgerExportFormat = z.infer<typeof LedgerExportFormat>;

/**
 * Parameters of the `rectification.notices` job: the responsible units by name (as the ledger
 * writes 责任单位; absent: every unit with an item still to rectify, i.e. 未启动 or 整改中), the
 * formats, the 成文日期 (ISO; default today) and where to write (a folder reference; absent: a fresh
 * folder under the data directory's 导出文件/督导整改通知书).
 */
export const RectificationNoticesParameters = z.object({
  owners: z.array(z.string().trim().min(1, '责任单位名称不能为空').max(60)).min(1, '请至少选择一个责任单位').max(2000, '一次最多生成 2000 份通知书').optional(),
  formats: DocumentFormats.default(['docx', 'pdf']),
  date: IsoDate.optional(),
  destination: FileRef.optional(),
});
export type RectificationNoticesParameters = z.infer<typeof RectificationNoticesParameters>;

/** The outcome of a `rectification.notices` job: per unit, the number its notice carries and the items it lists (by 编号). */
export const NoticesJobResult = z.object({
  notices: z.array(z.object({ owner: z.string(), docNumber: z.string(), items: z.array(z.string()), deadline: z.string() })),
});
export type NoticesJobResult = z.infer<typeof NoticesJobResult>;

/**
 * Parameters of the `rectification.report` job (整改情况报告 of the whole ledger): formats, the
 * 成文日期 (ISO; default today; figures are always the ledger's on the day the job runs) and where
 * to write (absent: a fresh folder under 导出文件/整改情况报告).
 */
export const RectificationReportParameters = z.object({
  formats: DocumentFormats.default(['docx', 'pdf']),
  date: IsoDate.optional(),
  destination: FileRef.optional(),
});
export type RectificationReportParameters = z.infer<typeof RectificationReportParameters>;

export const rectificationOutputsContract = {
  /**
   * The 整改台账 (the items the filter selects, in number order) as one file: DOCX or PDF, a
   * landscape table in the GB/T 9704 layout with the columns of domain.md §7.3; or xlsx with one
   * row per item and a 说明 sheet (filter, date, counts). Errors: invalid_input when no item matches.
   */
  'rectification.export': { input: z.object({ filter: LedgerFilter.prefault({}), format: LedgerExportFormat }), output: FileResult },
} as const;
