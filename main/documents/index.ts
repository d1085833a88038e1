/** Public entry points of the document engine (issue 5): model, builders, renderers, file writing. */
export type * from './model.js';
export type { RenderResult } from './render-result.js';
export { renderDocx, type DocxOptions } from './docx/render-docx.js';
export type { DocxGridMode } from './docx/paragraphs.js';
export { renderPdf } from './pdf/render-pdf.js';
export { createFontRegistry, type FontFace, type FontRegistry, type FontRegistryOptions } from './fonts/registry.js';
export type { FontCandidate } from './fonts/candidates.js';
export { DOCX_FONT_NAMES } from './fonts/roles.js';
export { writeFileAtomic, safeFileName, FileExistsError, type WriteFileOptions } from './write-file.js';
export { exportDocument, renderEach, type DocumentFormat, type ExportOptions, type ExportedFile } from './export.js';
export { buildNotice, type NoticeInput, type NoticeSchool, type NoticeStage, type NoticeContact } from './builders/notice.js';
export { buildRegister, type RegisterInput, type RegisterColumn } from './builders/register.js';
export { planDocument } from './plan.js';
export { formatChineseDate } from './dates.js';
export { buildBalanceReport, type BalanceDataSource, type BalanceReportInput } from './builders/balance-report.js';
export { titleLines } from './title-lines.js';
