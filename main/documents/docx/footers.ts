/** Page numbers `— N —` in 4号 宋体: odd pages right-aligned one character in, even pages left-aligned. */
import { AlignmentType, Footer, PageNumber, Paragraph, TextRun } from 'docx';
import { PAGE_NUMBER_SIZE_PT, ptToTwips } from '../layout.js';
import { runFont } from './fonts.js';

/** The footer line box: the dash's top then sits about 7 mm below the text block (see FOOTER_DISTANCE_TWIPS). */
export const PAGE_NUMBER_LINE_PT = PAGE_NUMBER_SIZE_PT * 1.2;

function pageNumber(odd: boolean): Paragraph {
  const inset = ptToTwips(PAGE_NUMBER_SIZE_PT);
  return new Paragraph({
    alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: odd ? { right: inset, left: 0, firstLine: 0 } : { left: inset, right: 0, firstLine: 0 },
    spacing: { before: 0, after: 0, line: ptToTwips(PAGE_NUMBER_LINE_PT), lineRule: 'exact' },
    children: [
      new TextRun({
        children: ['— ', PageNumber.CURRENT, ' —'],
        font: runFont('songti'),
        size: PAGE_NUMBER_SIZE_PT * 2,
        snapToGrid: false,
      }),
    ],
  });
}

/** Odd pages use the default footer; Word shows the even one because evenAndOddHeaderAndFooters is set. */
export const pageNumberFooters = () => ({
  default: new Footer({ children: [pageNumber(true)] }),
  even: new Footer({ children: [pageNumber(false)] }),
});
