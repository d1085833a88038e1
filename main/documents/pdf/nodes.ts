/** Plan items → pdfmake content nodes. */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { chooseChartFaces, renderChartSvg, svgOutlined, withFamily, withoutTextHalos } from '../charts/render-chart.js';
import type { Align } from '../model.js';
import type { PlanChart, PlanColophon, PlanItem, PlanParagraph, PlanRule, PlanTable } from '../plan-types.js';
import { expandGrid, type GridSlot } from '../table-grid.js';
import { wrappedLineCount } from '../text-width.js';
import type { FontUsage } from './font-usage.js';
import { gridParagraphNode } from './grid-paragraph.js';

/** Table rule width in points (0.5 pt, as Word's default single border). */
export const TABLE_RULE_PT = 0.5;

/** Off-grid justified text (notes, small print) is set left: pdfmake's justify cannot spread CJK text evenly. */
const pdfAlign = (a: Align): 'left' | 'center' | 'right' => (a === 'justify' ? 'left' : a);

export function paragraphNode(p: PlanParagraph, usage: FontUsage): Content {
  // Body text (16 pt on the 28-character grid) is broken and justified by grid-paragraph.ts.
  if (p.onGrid) return gridParagraphNode(p, usage);
  const fontSize = p.fontSize;
  let text = usage.inlines(p.runs, { fontSize, lineHeight: p.lineHeight });
  if (text.length === 0) text = usage.text('\u3000', p.runs[0]?.font ?? 'fangsong', { fontSize, lineHeight: p.lineHeight });
  return {
    text,
    alignment: pdfAlign(p.align),
    margin: [p.indent.left, p.spaceBefore, p.indent.right, p.spaceAfter],
    leadingIndent: p.indent.firstLine || undefined,
    // headlineLevel marks "keep with next" for the pageBreakBefore hook in render-pdf.ts.
    headlineLevel: p.keepWithNext ? 1 : undefined,
    pageBreak: p.pageBreakBefore ? 'before' : undefined,
  };
}

export function ruleNode(r: PlanRule, width: number): Content {
  return {
    canvas: [{ type: 'line', x1: 0, y1: r.thickness / 2, x2: width, y2: r.thickness / 2, lineWidth: r.thickness, lineColor: `#${r.color}` }],
    margin: [0, r.spaceBefore, 0, r.spaceAfter],
    pageBreak: r.pageBreakBefore ? 'before' : undefined,
  };
}

/** A table's node and the height of the block that starts it (header rows and first row), in points. */
export interface LaidTable {
  node: Content;
  leadHeight: number;
  /** Estimated height of the last row, in points. */
  lastRowHeight: number;
}

/** How much larger than estimated a kept-together table is taken when judging whether it moved on. */
const KEEP_TOGETHER_MARGIN = 1.2;

export function tableNode(t: PlanTable, usage: FontUsage, id?: string): LaidTable {
  const all = [...t.header, ...t.rows];
  const grid = expandGrid(all, t.widths.length);
  const opts = { fontSize: t.fontSize, lineHeight: t.lineHeight };
  // pdfmake widths exclude padding and rules, so subtract them to land on the planned column widths.
  const widths = t.widths.map((w) => Math.max(4, w - 2 * t.padding.x - TABLE_RULE_PT));
  const sizes = spannedRowHeights(grid, widths, t, t.header.length);
  const body: TableCell[][] = grid.map((row) =>
    row.map((slot): TableCell => {
      if (!slot) return {};
      const { cell } = slot;
      const text = usage.inlines([{ text: cell.text || '\u3000', font: cell.font, bold: cell.bold }], opts);
      // pdfmake centres a merged cell within its first row only, so its text ran out below the
      // rows it covers; it is set from the top with the centring offset worked out here.
      const merged = cell.rowSpan > 1;
      return {
        text,
        alignment: pdfAlign(cell.align),
        verticalAlignment: merged ? undefined : 'middle',
        margin: merged ? [0, sizes.mergedOffset(slot), 0, 0] : undefined,
        rowSpan: merged ? cell.rowSpan : undefined,
        colSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
      };
    }),
  );
  const node: Content = {
    table: { headerRows: t.header.length, widths, body, dontBreakRows: true, keepWithHeaderRows: 1, heights: sizes.minimums },
    layout: {
      hLineWidth: () => TABLE_RULE_PT,
      vLineWidth: () => TABLE_RULE_PT,
      paddingLeft: () => t.padding.x,
      paddingRight: () => t.padding.x,
      paddingTop: () => t.padding.y,
      paddingBottom: () => t.padding.y,
    },
    pageBreak: t.pageBreakBefore ? 'before' : undefined,
  };
  if (id) withId(id, node);
  // A table kept together moves on as a whole: its left-behind start (leftBehindStart) is judged by
  // its whole height — taken a fifth larger than estimated, since rows of narrow columns wrap into
  // more lines than the estimate counts, and an underestimate leaves its caption alone at the foot
  // of the page (an overestimate only moves a caption that just fitted to the table's page).
  if (t.keepTogether) return { node: { stack: [node], unbreakable: true }, leadHeight: sizes.totalHeight * KEEP_TOGETHER_MARGIN, lastRowHeight: sizes.lastRowHeight };
  return { node, leadHeight: sizes.leadHeight, lastRowHeight: sizes.lastRowHeight };
}

/**
 * Minimum row heights so a cell merged down several rows fits its text: pdfmake sizes rows by
 * their own cells only, so a long header such as 生均教学及辅助用房面积（平方米） merged over two
 * short rows ran out of its cell. Rows are estimated by the lines each cell wraps to (CJK text
 * breaks between any two characters, one 字 = the font size), and the last row a merged cell covers
 * gets the difference. pdfmake treats these heights as minimums, so taller content still grows.
 */
export function spannedRowHeights(
  grid: (GridSlot | null)[][],
  innerWidths: number[],
  t: Pick<PlanTable, 'fontSize' | 'lineHeight' | 'padding'>,
  headerRows = 0,
): { minimums: number[]; mergedOffset(slot: GridSlot): number; leadHeight: number; lastRowHeight: number; totalHeight: number } {
  const textHeight = (slot: GridSlot) => {
    const width = innerWidths.slice(slot.col, slot.col + slot.cell.colSpan).reduce((a, b) => a + b, 0) + (slot.cell.colSpan - 1) * (2 * t.padding.x + TABLE_RULE_PT);
    return wrappedLineCount(slot.cell.text || '\u3000', width / t.fontSize) * t.lineHeight;
  };
  const rows = grid.map((row) => Math.max(t.lineHeight, ...row.filter((s): s is GridSlot => s !== null && s.cell.rowSpan === 1).map(textHeight)) + 2 * t.padding.y);
  const minimums = rows.map(() => 0);
  const spannedBy = (slot: GridSlot) => rows.slice(slot.row, slot.row + slot.cell.rowSpan).reduce((a, b) => a + b, 0) + (slot.cell.rowSpan - 1) * TABLE_RULE_PT;
  for (const row of grid) {
    for (const slot of row) {
      if (!slot || slot.cell.rowSpan === 1) continue;
      const last = slot.row + slot.cell.rowSpan - 1;
      const lack = textHeight(slot) + 2 * t.padding.y - spannedBy(slot);
      if (lack > 0) minimums[last] = Math.max(minimums[last], rows[last] + lack);
    }
  }
  // The rows as they will be: each at least its own content, the last rows of merged cells grown.
  const final = rows.map((h, i) => Math.max(h, minimums[i]));
  const lead = final.slice(0, Math.min(final.length, headerRows + 1));
  return {
    minimums,
    // The header rows and the first body row: the block pdfmake keeps together (keepWithHeaderRows).
    leadHeight: lead.reduce((a, b) => a + b, 0) + (lead.length + 1) * TABLE_RULE_PT,
    lastRowHeight: (final.at(-1) ?? 0) + TABLE_RULE_PT,
    totalHeight: final.reduce((a, b) => a + b, 0) + (final.length + 1) * TABLE_RULE_PT,
    mergedOffset: (slot) => {
      const height = final.slice(slot.row, slot.row + slot.cell.rowSpan).reduce((a, b) => a + b, 0) + (slot.cell.rowSpan - 1) * TABLE_RULE_PT;
      return Math.max(0, (height - 2 * t.padding.y - textHeight(slot)) / 2);
    },
  };
}

export function chartNode(c: PlanChart, usage: FontUsage, warnings: string[]): Content {
  const { svg, text } = renderChartSvg(c.option, c.width, c.height);
  const faces = chooseChartFaces(usage.fonts, text);
  let out: string;
  if (faces.vectorFace) {
    out = withoutTextHalos(withFamily(svg, usage.use(faces.vectorFace).id));
  } else {
    // No single-file font covers the labels: svg-to-pdfkit cannot open collections, so draw them as outlines.
    out = svgOutlined(svg, faces.rasterFace);
    warnings.push('图表文字以轮廓形式嵌入 PDF（未找到覆盖全部文字的单文件字体），无法检索图表文字');
  }
  return {
    svg: out,
    width: c.width,
    height: c.height,
    alignment: 'center',
    margin: [0, c.spaceBefore, 0, c.spaceAfter],
    pageBreak: c.pageBreakBefore ? 'before' : undefined,
  };
}

/**
 * The colophon sits on the last page with its last rule on the bottom edge of the text block:
 * a spacer reserves its height in the flow, and the colophon itself is drawn at
 * the bottom of whichever page the spacer lands on.
 */
export function colophonNode(c: PlanColophon, usage: FontUsage, area: { left: number; width: number; bottomY: number }): Content {
  const opts = { fontSize: c.fontSize, lineHeight: c.lineHeight };
  // pdfmake puts a line's extra leading below the text; shift the text down by half of it so it
  // sits centred between the rules, keeping each row exactly a line pitch tall.
  const natural = usage.fonts.primary('fangsong').lineHeightEm * c.fontSize;
  const shift = Math.max(0, (c.lineHeight - natural) / 2);
  const body: TableCell[][] = c.rows.map((row) => [
    row.right
      ? {
          columns: [
            { text: usage.text(row.left, 'fangsong', opts), width: '*' },
            { text: usage.text(row.right, 'fangsong', opts), width: 'auto', alignment: 'right' },
          ],
          margin: [c.inset, 0, c.inset, 0],
        }
      : {
          text: usage.text(row.left, 'fangsong', opts),
          margin: [c.inset + row.hanging, 0, c.inset, 0],
          leadingIndent: -row.hanging || undefined,
        },
  ]);
  const table: Content = {
    table: { widths: [area.width], body },
    layout: {
      hLineWidth: (i: number) => c.rules[i] ?? 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => shift,
      paddingBottom: () => -shift,
    },
  };
  // Not `unbreakable`: pdfmake offsets absolute positions inside unbreakable blocks by the block's own position.
  // A canvas never splits, so the spacer alone moves to the next page when the colophon does not fit.
  // The guard, a zero-height mark before the spacer, lets render-pdf.ts put the colophon on an even
  // page (see colophonPageBreak).
  return {
    stack: [
      withId(COLOPHON_GUARD_ID, { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 0, y2: 0, lineWidth: 0, lineColor: '#FFFFFF' }] }),
      withId(COLOPHON_ID, {
        stack: [
          { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 0, y2: c.height, lineWidth: 0, lineColor: '#FFFFFF' }] },
          { absolutePosition: { x: area.left, y: area.bottomY - c.height }, stack: [table] },
        ],
      }),
    ],
    pageBreak: c.pageBreakBefore ? 'before' : undefined,
  };
}

export const COLOPHON_ID = 'colophon';
/** pdfmake reads `id` on any node (the typings have it on text only). */
const withId = (id: string, node: Content): Content => Object.assign(node, { id });
export const COLOPHON_GUARD_ID = 'colophon-guard';

interface HookNode {
  id?: string;
  pageNumbers: number[];
}

/**
 * GB/T 9704 puts the colophon (版记) on the last page, which must be an even page (the back of the
 * last sheet). Called from pdfmake's pageBreakBefore hook (each node is asked once per layout):
 *   - the colophon on an odd page breaks to the next (even) page;
 *   - when it overflowed from an even page onto the odd page after, that alone would land it on
 *     the same odd page again, so its guard (left behind on the even page) breaks first: the odd
 *     page stays blank and the colophon then breaks on to the even page after it.
 * Returns whether to break before the node, and whether a blank page now precedes the colophon;
 * undefined for any other node.
 */
export function colophonPageBreak(
  node: HookNode,
  nodesOnNextPage: () => HookNode[],
): { breakBefore: boolean; blankPage: boolean } | undefined {
  const page = node.pageNumbers[0];
  if (node.id === COLOPHON_ID) return { breakBefore: page % 2 === 1, blankPage: false };
  if (node.id !== COLOPHON_GUARD_ID) return undefined;
  const overflowsToOdd = (page + 1) % 2 === 1 && nodesOnNextPage().some((n) => n.id === COLOPHON_ID);
  return { breakBefore: overflowsToOdd, blankPage: overflowsToOdd };
}

/**
 * Folds each run of items bound to the next (PlanItemBase.bindNext) together with the item that
 * ends it into one unbreakable stack, so the attachment note, the signature and the date move to
 * the next page as one block. When the paragraph before the block keeps with next, its last line
 * joins the block, so the block never stands alone on a page. (pdfmake's keep-with-next hook
 * cannot do this: nodes inside an unbreakable block keep the page of the attempt that did not
 * fit, so the hook sees the block still following the line.) `nodes` are the items' nodes in order.
 */
export function bindBlocks(items: PlanItem[], nodes: (Content | null)[]): Content[] {
  const out: Content[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!items[i].bindNext) {
      if (nodes[i]) out.push(nodes[i]!);
      continue;
    }
    let end = i;
    while (end < items.length - 1 && items[end].bindNext) end++;
    // The block carries the first item's page break; left on the item too, it would break twice.
    if (items[i].pageBreakBefore) delete (nodes[i] as { pageBreak?: unknown }).pageBreak;
    const block = nodes.slice(i, end + 1).filter((n): n is Content => n !== null);
    const before = items[i - 1];
    const prev = out.at(-1) as { stack?: Record<string, unknown>[] } | undefined;
    if (before?.kind === 'paragraph' && before.keepWithNext && prev === nodes[i - 1] && Array.isArray(prev?.stack)) {
      if (prev.stack.length > 1) {
        const line = prev.stack.pop() as Record<string, unknown>;
        delete line.headlineLevel;
        block.unshift(line as unknown as Content);
      } else {
        out.pop();
        delete prev.stack[0]?.headlineLevel;
        block.unshift(prev as Content);
      }
    }
    out.push({
      stack: block,
      unbreakable: true,
      pageBreak: items[i].pageBreakBefore ? 'before' : undefined,
    });
    i = end;
  }
  return out;
}

type StackNode = { stack: Content[]; margin?: [number, number, number, number]; pageBreak?: string; unbreakable?: boolean };

/**
 * The start of node `i` that a heading or caption before it must keep on its page, and what is
 * left of the node after that start (null when the whole node goes with the heading). Undefined
 * when the node cannot be split so (a table that may run over pages, a rule, the colophon): such a
 * heading is left to the keep-with-next hook of render-pdf.ts.
 */
function leadOf(item: PlanItem, node: Content, grouped: boolean): { lead: Content; rest: Content | null } | undefined {
  if (grouped) return { lead: node, rest: null };
  if (item.pageBreakBefore || item.bindNext) return undefined;
  if (item.kind === 'chart' || (item.kind === 'table' && item.keepTogether)) return { lead: node, rest: null };
  if (item.kind !== 'paragraph') return undefined;
  // A heading whose own follower could not be grouped keeps its hook mark, and the heading before it waits with it.
  if (item.keepWithNext) return undefined;
  const stacked = node as StackNode;
  // A body paragraph (grid-paragraph.ts) is a stack of one-line nodes: its first line goes with the
  // heading and the rest follows, at the same positions (the stack's margins are split between the two).
  if (!item.onGrid || !Array.isArray(stacked.stack) || stacked.stack.length <= 1) return { lead: node, rest: null };
  const [top, right, bottom, left] = [stacked.margin?.[1] ?? 0, stacked.margin?.[2] ?? 0, stacked.margin?.[3] ?? 0, stacked.margin?.[0] ?? 0];
  return {
    lead: { stack: [stacked.stack[0]], margin: [left, top, right, 0] },
    rest: { stack: stacked.stack.slice(1), margin: [left, 0, right, bottom] },
  };
}

/**
 * Keep-with-next without another layout pass: a heading or caption (a paragraph that keeps with
 * next) is folded with the start of what follows it — the first line of a body paragraph, a whole
 * chart or small table, or the next heading's group — into one unbreakable stack, which pdfmake
 * moves to the next page in the same pass when it does not fit. The hook in render-pdf.ts instead
 * lays the whole document out again for every heading it moves (a 19-page report took six passes,
 * more than half of its PDF time), so it is left only the captions of tables that may run over
 * pages. Items bound to the next (bindBlocks) are left to bindBlocks. Returns the nodes with null
 * where a node went into the group before it; `nodes` are the items' nodes in order.
 */
export function keepWithNextGroups(items: PlanItem[], nodes: Content[]): (Content | null)[] {
  const out: (Content | null)[] = [...nodes];
  const grouped = new Set<number>();
  for (let i = items.length - 2; i >= 0; i--) {
    const item = items[i];
    const next = out[i + 1];
    if (item.kind !== 'paragraph' || !item.keepWithNext || item.bindNext || !next) continue;
    if (items[i + 1].orientation !== item.orientation) continue;
    const split = leadOf(items[i + 1], next, grouped.has(i + 1));
    if (!split) continue;
    const heading = out[i] as StackNode & { headlineLevel?: number };
    // The heading's own keep-with-next mark (on its last line) is no longer the hook's business.
    delete heading.headlineLevel;
    if (Array.isArray(heading.stack)) for (const line of heading.stack) delete (line as { headlineLevel?: number }).headlineLevel;
    const pageBreak = heading.pageBreak;
    delete heading.pageBreak;
    out[i] = { stack: [heading as Content, split.lead], unbreakable: true, pageBreak } as Content;
    out[i + 1] = split.rest;
    grouped.add(i);
  }
  return out;
}
