/** Plan paragraphs, rules and charts → DOCX paragraphs. */
import { AlignmentType, BorderStyle, ImageRun, Paragraph, TextRun } from 'docx';
import { BODY_CHAR_SPACING_TWIPS, ptToTwips } from '../layout.js';
import type { Align } from '../model.js';
import type { PlanParagraph, PlanRule } from '../plan-types.js';
import { runFont } from './fonts.js';

export const docxAlign = (a: Align) =>
  ({ left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED })[a];

/**
 * The section's document grid: 'lines' (default) a 22-line grid, 'linesAndChars' Word's 22 × 28
 * grid. Paragraphs do not snap to either (see postprocess.ts): they carry exact line heights, and
 * body runs a character spacing (−0.25 pt) that fits 28 characters of 16 pt to a line, so Word,
 * WPS, LibreOffice and the PDF break lines alike. 'lines' is the default because LibreOffice
 * ignores run character spacing under a character grid (measured: 27 per line; with paragraphs
 * snapped to the grid, 14, each 16 pt character taking two 15.8 pt cells).
 */
export type DocxGridMode = 'lines' | 'linesAndChars';

export function paragraph(p: PlanParagraph): Paragraph {
  const firstLine = p.indent.firstLine;
  return new Paragraph({
    style: p.style,
    alignment: docxAlign(p.align),
    // Exact spacing keeps Word and LibreOffice on the same 28.95 pt pitch whatever the font metrics.
    spacing: { before: ptToTwips(p.spaceBefore), after: ptToTwips(p.spaceAfter), line: ptToTwips(p.lineHeight), lineRule: 'exact' },
    indent: {
      left: ptToTwips(p.indent.left),
      right: ptToTwips(p.indent.right),
      ...(firstLine > 0 ? { firstLine: ptToTwips(firstLine) } : firstLine < 0 ? { hanging: ptToTwips(-firstLine) } : {}),
    },
    keepNext: p.keepWithNext || p.bindNext,
    // A bound block (attachment note, signature) keeps its own lines together too.
    keepLines: p.bindNext || undefined,
    pageBreakBefore: p.pageBreakBefore,
    children: p.runs.map(
      (r) =>
        new TextRun({
          text: r.text,
          font: runFont(r.font),
          size: Math.round(p.fontSize * 2),
          bold: r.bold,
          color: r.color,
          characterSpacing: p.onGrid ? BODY_CHAR_SPACING_TWIPS : undefined,
          // Off-grid text (titles, tables, the colophon) must not be stretched to the 3号 character grid.
          snapToGrid: p.onGrid ? undefined : false,
        }),
    ),
  });
}

/** A full-width rule: an empty one-point paragraph with a bottom border. */
export function rule(r: PlanRule): Paragraph {
  return new Paragraph({
    spacing: { before: ptToTwips(r.spaceBefore), after: ptToTwips(r.spaceAfter), line: 20, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, color: r.color, size: Math.round(r.thickness * 8), space: 0 } },
    pageBreakBefore: r.pageBreakBefore,
    children: [new TextRun({ text: '', size: 2 })],
  });
}

/** A centred chart picture; `png` is rendered at three times the size in points. */
export function chartParagraph(png: Buffer, widthPt: number, heightPt: number, spacing: { before: number; after: number; pageBreakBefore?: boolean; keepNext?: boolean }): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    // A chart's caption sits under it: the two stay on one page.
    keepNext: spacing.keepNext || undefined,
    // Single (auto) spacing: an exact line height would clip the picture to one line.
    spacing: { before: ptToTwips(spacing.before), after: ptToTwips(spacing.after), line: 240, lineRule: 'auto' },
    pageBreakBefore: spacing.pageBreakBefore,
    children: [
      new ImageRun({
        type: 'png',
        data: png,
        // docx takes pixels at 96 per inch.
        transformation: { width: Math.round((widthPt * 96) / 72), height: Math.round((heightPt * 96) / 72) },
      }),
    ],
  });
}

/** A zero-height paragraph: carries a page break before a table, or closes the body after a floating table. */
export function hairline(pageBreakBefore = false): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 20, lineRule: 'exact' }, pageBreakBefore, children: [] });
}
