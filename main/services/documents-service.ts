/**
 * 公文与报告 (issue 5): office settings, the 发文登记, and the documents themselves — 通知,
 * 差异系数测算报告, 学校名册 — as DOCX and/or PDF, one at a time or as a batch job.
 */
import type { DocumentFormat, DocumentRequest, GeneratedDocuments } from '../../shared/api/contracts/documents';
import type { ServiceContext } from './context';
import { buildDocument } from './documents/build';
import { documentFonts } from './documents/fonts';
import { MIME, renderFormats } from './documents/render';

export { getDocumentSettings, setDocumentSettings } from './documents/settings';
export { listDocumentNumbers, reserveNumber, voidNumber } from './documents/numbers';
export { batchFile, batchStatus, cancelBatch, startBatch } from './documents/jobs';

/** Renders one document; the files come back as downloads (the caller saves or writes them). */
export async function generate(ctx: ServiceContext, req: DocumentRequest, formats: DocumentFormat[]): Promise<GeneratedDocuments> {
  const built = await buildDocument(ctx, req);
  const rendered = await renderFormats(built.doc, formats, documentFonts());
  await built.commit();
  return {
    files: rendered.files.map((f) => ({ fileName: `${built.baseName}.${f.format}`, mimeType: MIME[f.format], contentBase64: f.buffer.toString('base64') })),
    docNumber: built.docNumber,
    warnings: [...built.warnings, ...rendered.warnings],
    fontsUsed: rendered.fontsUsed,
  };
}
