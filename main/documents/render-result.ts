export interface RenderResult {
  buffer: Buffer;
  /** Chinese, user-facing: substitutions and characters without glyphs. */
  warnings: string[];
  /** Fonts the output relies on: embedded faces for PDF, font names written into the DOCX. */
  fontsUsed: string[];
  /**
   * PDF of a document with a colophon (版记): where the layout put it. `shared`: at the foot of the
   * page the text ends on (an even page); `own`: on the even page after the text's last (odd) page;
   * `afterBlank`: the text filled an even page, so an unnumbered blank page precedes the colophon's.
   * The DOCX follows it (render-docx.ts).
   */
  colophonPlacement?: ColophonPlacement;
}

export type ColophonPlacement = 'shared' | 'own' | 'afterBlank';
