/** Plan tables → DOCX tables (repeated header rows, merged cells) and the colophon's bottom-anchored table. */
import {
  BorderStyle,
  Paragraph,
  RelativeHorizontalPosition,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { ptToTwips } from '../layout.js';
import type { PlanCell, PlanColophon, PlanTable } from '../plan-types.js';
import { expandGrid } from '../table-grid.js';
import { runFont } from './fonts.js';
import { docxAlign } from './paragraphs.js';

/** Word's default single rule: 4 eighths of a point. */
const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

function cellParagraph(cell: PlanCell, t: PlanTable, keepNext = false): Paragraph {
  return new Paragraph({
    // Word keeps a table on one page when every row but the last keeps with the next.
    keepNext: keepNext || undefined,
    alignment: docxAlign(cell.align),
    // Spacing before and after and the indents are the Normal style's (none): only the exact line
    // height is the cell's. A table writes ~800 of these in a report, so every element left out counts.
    spacing: { line: ptToTwips(t.lineHeight), lineRule: 'exact' },
    children: [
      new TextRun({ text: cell.text, font: runFont(cell.font), size: Math.round(t.fontSize * 2), bold: cell.bold || undefined, snapToGrid: false }),
    ],
  });
}

export function table(t: PlanTable): Table {
  const all = [...t.header, ...t.rows];
  const grid = expandGrid(all, t.widths.length);
  const widths = t.widths.map(ptToTwips);
  const margins = { top: ptToTwips(t.padding.y), bottom: ptToTwips(t.padding.y), left: ptToTwips(t.padding.x), right: ptToTwips(t.padding.x) };
  const rows = grid.map(
    (slots, r) =>
      new TableRow({
        tableHeader: r < t.header.length,
        cantSplit: true,
        children: slots
          .filter((s): s is NonNullable<typeof s> => s !== null)
          .map(
            ({ cell, col }) =>
              new TableCell({
                // docx inserts the vMerge continuation cells for rowSpan itself.
                rowSpan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
                columnSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
                width: { size: widths.slice(col, col + cell.colSpan).reduce((a, b) => a + b, 0), type: WidthType.DXA },
                verticalAlign: VerticalAlignTable.CENTER,
                children: [cellParagraph(cell, t, t.keepTogether && r < grid.length - 1)],
              }),
          ),
      }),
  );
  return new Table({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    // The cells' padding once for the table (w:tblCellMar), not repeated in every cell.
    margins,
    layout: TableLayoutType.FIXED,
    borders: { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE },
  });
}

/**
 * The colophon as a floating table anchored to the bottom of the text block, so its last rule
 * coincides with the block's bottom edge on the last page whatever the content above it.
 */
export function colophonTable(c: PlanColophon, textWidthPt: number): Table {
  const width = ptToTwips(textWidthPt);
  const inset = ptToTwips(c.inset);
  const eighths = (pt: number) => Math.max(2, Math.round(pt * 8));
  const rows = c.rows.map((row, i) => {
    const children = [new TextRun({ text: row.left, font: runFont('fangsong'), size: c.fontSize * 2, snapToGrid: false })];
    if (row.right) {
      children.push(
        new TextRun({ children: ['\t', row.right], font: runFont('fangsong'), size: c.fontSize * 2, snapToGrid: false }),
      );
    }
    const hanging = ptToTwips(row.hanging);
    return new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          borders: {
            top: { style: BorderStyle.SINGLE, color: '000000', size: eighths(c.rules[i]) },
            bottom: { style: BorderStyle.SINGLE, color: '000000', size: eighths(c.rules[i + 1]) },
            left: NONE,
            right: NONE,
          },
          children: [
            new Paragraph({
              spacing: { before: 0, after: 0, line: ptToTwips(c.lineHeight), lineRule: 'exact' },
              indent: { left: inset + hanging, right: inset, ...(hanging ? { hanging } : {}) },
              tabStops: row.right ? [{ type: TabStopType.RIGHT, position: width - inset }] : undefined,
              children,
            }),
          ],
        }),
      ],
    });
  });
  return new Table({
    rows,
    columnWidths: [width],
    width: { size: width, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    float: {
      horizontalAnchor: TableAnchorType.MARGIN,
      relativeHorizontalPosition: RelativeHorizontalPosition.LEFT,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
    },
  });
}
