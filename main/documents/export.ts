/** Render a document in one or both formats and write the files atomically: the entry point for the CLI and UI. */
import path from 'node:path';
import { renderDocx } from './docx/render-docx.js';
import type { FontRegistry } from './fonts/registry.js';
import type { DocModel } from './model.js';
import { renderPdf } from './pdf/render-pdf.js';
import type { RenderResult } from './render-result.js';
import { safeFileName, writeFileAtomic } from './write-file.js';

export type DocumentFormat = 'docx' | 'pdf';

export interface ExportOptions {
  outDir: string;
  /** File name without extension; defaults to the document title. */
  baseName?: string;
  formats: DocumentFormat[];
  overwrite?: boolean;
  /** Reuse one registry across a batch: fonts are then read from disk once. */
  fonts?: FontRegistry;
}

export interface ExportedFile {
  format: DocumentFormat;
  path: string;
  warnings: string[];
  fontsUsed: string[];
}

/**
 * Renders `doc` in each format asked for, in that order (duplicates dropped). The PDF is laid out
 * first when both are asked for: the DOCX places its colophon as the PDF's layout did
 * (RenderResult.colophonPlacement), which it would otherwise lay out a PDF of its own to learn.
 */
export async function renderEach(doc: DocModel, formats: DocumentFormat[], fonts?: FontRegistry): Promise<{ format: DocumentFormat; result: RenderResult }[]> {
  const wanted = [...new Set(formats)];
  const pdf = wanted.includes('pdf') ? await renderPdf(doc, fonts) : undefined;
  const out: { format: DocumentFormat; result: RenderResult }[] = [];
  for (const format of wanted) {
    out.push({ format, result: format === 'pdf' ? pdf! : await renderDocx(doc, { fonts, colophonPlacement: pdf?.colophonPlacement }) });
  }
  return out;
}

export async function exportDocument(doc: DocModel, options: ExportOptions): Promise<ExportedFile[]> {
  const title = doc.meta?.title ?? (Array.isArray(doc.title) ? doc.title.join('') : doc.title) ?? '未命名文档';
  const base = safeFileName(options.baseName ?? title);
  const out: ExportedFile[] = [];
  for (const { format, result } of await renderEach(doc, options.formats, options.fonts)) {
    const file = path.join(options.outDir, `${base}.${format}`);
    await writeFileAtomic(file, result.buffer, { overwrite: options.overwrite });
    out.push({ format, path: file, warnings: result.warnings, fontsUsed: result.fontsUsed });
  }
  return out;
}
