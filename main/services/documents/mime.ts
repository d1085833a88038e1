/**
 * Media types of the document formats, for downloads. A module of its own: the core's thread needs
 * them, and render.ts (which it must not load, see electron.vite.config.ts) needs the renderers.
 */
import type { DocumentFormat } from '../../../shared/api/contracts/documents';

export const MIME: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};
