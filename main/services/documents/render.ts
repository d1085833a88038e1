/** DocModel → the requested formats as bytes, with the thread's font registry (run as the `render` task, main/workers/tasks.ts). */
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import { renderEach, type DocModel, type FontRegistry } from '../../documents';

export interface RenderedFile {
  format: DocumentFormat;
  buffer: Buffer;
}

export interface Rendered {
  files: RenderedFile[];
  warnings: string[];
  fontsUsed: string[];
}

export async function renderFormats(doc: DocModel, formats: DocumentFormat[], fonts: FontRegistry): Promise<Rendered> {
  const files: RenderedFile[] = [];
  const warnings = new Set<string>();
  const fontsUsed = new Set<string>();
  for (const { format, result: r } of await renderEach(doc, formats, fonts)) {
    files.push({ format, buffer: r.buffer });
    r.warnings.forEach((w) => warnings.add(w));
    r.fontsUsed.forEach((f) => fontsUsed.add(`${format.toUpperCase()}：${f}`));
  }
  return { files, warnings: [...warnings], fontsUsed: [...fontsUsed] };
}
