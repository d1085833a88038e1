/** DOCX styles: document defaults (3号 仿宋 on the grid) and the Title / Heading 1–4 styles. */
import type { IBaseParagraphStyleOptions, IParagraphStyleOptions, IStylesOptions } from 'docx';
import { BODY_SIZE_PT, FONT_SIZE, LINE_PITCH_TWIPS } from '../layout.js';
import type { FontRole } from '../model.js';
import { runFont } from './fonts.js';

/**
 * Language of every run: zh-CN for East Asian text, so Word, WPS and LibreOffice apply Chinese
 * line-breaking (避头尾) and punctuation spacing rather than Japanese or Western rules.
 */
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' } as const;

const heading = (role: FontRole, outlineLevel: number): IBaseParagraphStyleOptions => ({
  name: `heading ${outlineLevel + 1}`,
  basedOn: 'Normal',
  next: 'Normal',
  quickFormat: true,
  run: { font: runFont(role), size: BODY_SIZE_PT * 2, bold: false, italics: false, color: '000000' },
  paragraph: { outlineLevel, keepNext: true, spacing: { before: 0, after: 0, line: LINE_PITCH_TWIPS, lineRule: 'exact' } },
});

/** `extra`: further paragraph styles (the table text styles, tables.ts). */
export function documentStyles(extra: IParagraphStyleOptions[] = []): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: runFont('fangsong'), size: BODY_SIZE_PT * 2, color: '000000', language: LANGUAGE },
        paragraph: { spacing: { before: 0, after: 0, line: LINE_PITCH_TWIPS, lineRule: 'exact' } },
      },
      title: {
        name: 'Title',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: runFont('xiaobiaosong'), size: FONT_SIZE.hao2 * 2, bold: false, color: '000000' },
        paragraph: { alignment: 'center' },
      },
      heading1: heading('heiti', 0),
      heading2: heading('kaiti', 1),
      heading3: heading('fangsong', 2),
      heading4: heading('fangsong', 3),
    },
    // Normal repeats the defaults: LibreOffice sizes the character grid from the Normal style's
    // East Asian font size, not from the document defaults, and would otherwise assume 12 pt.
    paragraphStyles: [
      {
        id: 'Normal',
        name: 'Normal',
        quickFormat: true,
        run: { font: runFont('fangsong'), size: BODY_SIZE_PT * 2, color: '000000', language: LANGUAGE },
        paragraph: { spacing: { before: 0, after: 0, line: LINE_PITCH_TWIPS, lineRule: 'exact' } },
      },
      ...extra,
    ],
  };
}
