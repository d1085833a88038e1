export interface RenderResult {
  buffer: Buffer;
  /** Chinese, user-facing: substitutions and characters without glyphs. */
  warnings: string[];
  /** Fonts the output relies on: embedded faces for PDF, font names written into the DOCX. */
  fontsUsed: string[];
}
