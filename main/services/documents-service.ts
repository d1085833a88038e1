/**
 * 公文与报告 (issue 5): office settings, the 发文登记, and the documents themselves — 通知,
 * 差异系数测算报告, 学校名册 — as DOCX and/or PDF, one at a time or as a batch job.
 */
import type { DocumentFormat, DocumentRequest, GeneratedDocuments } from '../../shared/api/contracts/documents';
import type { ServiceContext } from './context';
import { buildDocument } from './documents/build';
import { MIME } from './documents/mime';

export { getDocumentSettings, setDocumentSettings } from './documents/settings';
export { listDocumentNumbers, reserveNumber, voidNumber } from './documents/numbers';

/**
 * Renders one document: built from the database here, typeset on a worker thread (Electron, browser
 * mode), and returned as results the door fetches by reference.
 */
export async function generate(ctx: ServiceContext, req: DocumentRequest, formats: DocumentFormat[]): Promise<GeneratedDocuments> {
  const built = await buildDocument(ctx, req);
  const rendered = await ctx.tasks.run('render', { doc: built.doc, formats });
  const files = [];
  for (const f of rendered.files) files.push(await ctx.files.writeResult(`${built.baseName}.${f.format}`, MIME[f.format], f.buffer));
  await built.commit();
  return {
    files,
    docNumber: built.docNumber,
    warnings: [...built.warnings, ...rendered.warnings],
    fontsUsed: rendered.fontsUsed,
  };
}
