/** Page numbers `— N —` in 4号 宋体: odd pages right-aligned one character in, even pages left-aligned. */
import { AlignmentType, Footer, PageNumber, Paragraph, Textbox, TextRun } from 'docx';
import { A4_PT, LANDSCAPE_MARGINS_MM, mmToPt, PAGE_NUMBER_GAP_MM, PAGE_NUMBER_SIZE_PT, ptToTwips } from '../layout.js';
import type { Orientation } from '../plan-types.js';
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

/** Length of the text box a landscape page's turned number is set in, in points. */
const TURNED_BOX_PT = 120;

/**
 * A landscape page's number, where the bound portrait reader looks (GB/T 9704-2012 §10.2; see
 * pdf/page-marks.ts for the geometry): in the left margin, 7 mm off the text block, turned 90°
 * clockwise, one 字 in from the text block's bottom end on odd pages and its top end on even ones.
 * A text box anchored to the page whose text runs top to bottom (vertical layout flow, patched in
 * by postprocess.ts: the docx package cannot write it, and LibreOffice ignores a turned VML box):
 * the digits and dashes then stand turned, as the sheet's bottom edge needs them.
 */
function turnedPageNumber(odd: boolean): Paragraph {
  const lineBox = PAGE_NUMBER_LINE_PT;
  const inset = PAGE_NUMBER_SIZE_PT;
  const pageHeight = A4_PT.width;
  const left = mmToPt(LANDSCAPE_MARGINS_MM.left - PAGE_NUMBER_GAP_MM) - lineBox;
  const top = odd ? pageHeight - mmToPt(LANDSCAPE_MARGINS_MM.bottom) - inset - TURNED_BOX_PT : mmToPt(LANDSCAPE_MARGINS_MM.top) + inset;
  const pt = (n: number): `${number}pt` => `${Number(n.toFixed(2))}pt`;
  return new Paragraph({
    spacing: { before: 0, after: 0, line: ptToTwips(PAGE_NUMBER_LINE_PT), lineRule: 'exact' },
    children: [
      new Textbox({
        style: {
          position: 'absolute',
          positionHorizontalRelative: 'page',
          positionVerticalRelative: 'page',
          left: pt(left),
          top: pt(top),
          width: pt(lineBox),
          height: pt(TURNED_BOX_PT),
          wrapStyle: 'none',
        },
        children: [
          new Paragraph({
            alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
            spacing: { before: 0, after: 0, line: ptToTwips(PAGE_NUMBER_LINE_PT), lineRule: 'exact' },
            indent: { left: 0, right: 0, firstLine: 0 },
            children: [
              new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: runFont('songti'), size: PAGE_NUMBER_SIZE_PT * 2, snapToGrid: false }),
            ],
          }),
        ],
      }),
    ],
  });
}

/**
 * Odd pages use the default footer; Word shows the even one because evenAndOddHeaderAndFooters is
 * set. A landscape section's footers set the number turned in the left margin instead.
 */
/** The text box style that makes the turned number's text run top to bottom (see postprocess.ts). */
export const TURNED_TEXTBOX_STYLE = 'layout-flow:vertical;mso-layout-flow-alt:top-to-bottom';

export const pageNumberFooters = (orientation: Orientation = 'portrait') =>
  orientation === 'landscape'
    ? { default: new Footer({ children: [turnedPageNumber(true)] }), even: new Footer({ children: [turnedPageNumber(false)] }) }
    : { default: new Footer({ children: [pageNumber(true)] }), even: new Footer({ children: [pageNumber(false)] }) };
