/** Plan tables → DOCX tables (repeated header rows, merged cells) and the colophon's bottom-anchored table. */
import {
  BorderStyle,
  type IParagraphStyleOptions,
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

/**
 * Paragraph styles for table text, one per distinct face, size, line height, weight and alignment
 * (表格文字 1, 2 …): a cell's paragraph names its style and its run carries no properties. A 19-page report
 * has some 700 cells, and each repeated the fonts, sizes, grid and spacing elements — half of
 * document.xml and of the time docx takes to write it (issue 13, DOCX ≤ 60 ms a report).
 */
export class TableTextStyles {
  private readonly byKey = new Map<string, IParagraphStyleOptions>();

  /** The style id for a cell's text in table `t`. */
  idFor(cell: PlanCell, t: PlanTable): string {
    const size = Math.round(t.fontSize * 2);
    const line = ptToTwips(t.lineHeight);
    const key = `${cell.font}|${size}|${line}|${cell.bold ? 1 : 0}|${cell.align}`;
    let style = this.byKey.get(key);
    if (!style) {
      const n = this.byKey.size + 1;
      style = {
        id: `TableText${n}`,
        name: `表格文字 ${n}`,
        basedOn: 'Normal',
        // The cell's text is off the document grid, as in the PDF: its own exact line height.
        run: { font: runFont(cell.font), size, bold: cell.bold || undefined, snapToGrid: false },
        paragraph: { spacing: { line, lineRule: 'exact' }, alignment: docxAlign(cell.align) },
      };
      this.byKey.set(key, style);
    }
    return style.id;
  }

  /** The styles used so far, for the document's styles part. */
  list(): IParagraphStyleOptions[] {
    return [...this.byKey.values()];
  }
}

function cellParagraph(cell: PlanCell, t: PlanTable, styles: TableTextStyles, keepNext = false): Paragraph {
  return new Paragraph({
    style: styles.idFor(cell, t),
    // Word keeps a table on one page when every row but the last keeps with the next.
    keepNext: keepNext || undefined,
    children: [new TextRun(cell.text)],
  });
}

export function table(t: PlanTable, styles: TableTextStyles): Table {
  const all = [...t.header, ...t.rows];
  const grid = expandGrid(all, t.widths.length);
  const widths = t.widths.map(ptToTwips);
  const margins = { top: ptToTwips(t.padding.y), bottom: ptToTwips(t.padding.y), left: ptToTwips(t.padding.x), right: ptToTwips(t.padding.x) };
  const rows = grid.map(
    (slots, r) =>
      new TableRow({
        tableHeader: r < t.header.length || undefined,
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
                children: [cellParagraph(cell, t, styles, t.keepTogether && r < grid.length - 1)],
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
