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
  /** Whether the table is set as one block (kept together and fitting a page). */
  keptTogether: boolean;
}

/** How much larger than estimated a kept-together table is taken when judging whether it moved on. */
const KEEP_TOGETHER_MARGIN = 1.2;

/**
 * `pageHeight`: the text block's height; a table kept together that would not fit it is set as a
 * table running over pages instead (pdfmake keeps only the first page of an unbreakable block).
 */
export function tableNode(t: PlanTable, usage: FontUsage, id?: string, pageHeight = Infinity): LaidTable {
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
  if (t.keepTogether && sizes.totalHeight * KEEP_TOGETHER_MARGIN <= pageHeight) return { node: { stack: [node], unbreakable: true }, leadHeight: sizes.totalHeight * KEEP_TOGETHER_MARGIN, lastRowHeight: sizes.lastRowHeight, keptTogether: true };
  return { node, leadHeight: sizes.leadHeight, lastRowHeight: sizes.lastRowHeight, keptTogether: false };
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

/** A part of a node and its estimated height in points. */
interface Part {
  node: Content;
  height: number;
}

/**
 * A one-line-per-node paragraph (grid-paragraph.ts) cut after `lines` lines: the stack's margins
 * are split between the two parts, so every line keeps its position.
 */
function splitLines(node: StackNode, lines: number, lineHeight: number): { head: Part; tail: Part } {
  const [left, top, right, bottom] = [node.margin?.[0] ?? 0, node.margin?.[1] ?? 0, node.margin?.[2] ?? 0, node.margin?.[3] ?? 0];
  return {
    head: { node: { stack: node.stack.slice(0, lines), margin: [left, top, right, 0] }, height: top + lines * lineHeight },
    tail: { node: { stack: node.stack.slice(lines), margin: [left, 0, right, bottom] }, height: (node.stack.length - lines) * lineHeight + bottom },
  };
}

/**
 * An item's height in points as laid out, estimated before layout (keepWithNextGroups): grid
 * paragraphs exactly (one node per line), other text by the lines it wraps to, charts by their
 * box; a table's estimate (see tableNode) is passed in as `tableHeight`.
 */
export function estimatedHeight(item: PlanItem, node: Content, textWidth: number, tableHeight = 0): number {
  switch (item.kind) {
    case 'paragraph': {
      const stack = (node as StackNode).stack;
      const lines = item.onGrid && Array.isArray(stack) ? stack.length : wrappedLineCount(item.runs.map((r) => r.text).join('') || '\u3000', (textWidth - item.indent.left - item.indent.right) / item.fontSize);
      return item.spaceBefore + lines * item.lineHeight + item.spaceAfter;
    }
    case 'chart':
      return item.spaceBefore + item.height + item.spaceAfter;
    case 'table':
      return tableHeight;
    default:
      return 0;
  }
}

const isGridStack = (item: PlanItem, node: Content): node is Content & StackNode =>
  item.kind === 'paragraph' && item.onGrid && Array.isArray((node as StackNode).stack);

/**
 * Keep-with-next without another layout pass: a heading or caption (a paragraph that keeps with
 * next) is folded with the start of what follows it — the first line of a body paragraph, a whole
 * chart or small table, or the next heading's group — into one unbreakable stack, which pdfmake
 * moves to the next page in the same pass when it does not fit. The hook in render-pdf.ts instead
 * lays the whole document out again for every heading it moves (a 19-page report took six passes,
 * more than half of its PDF time), so it is left only what cannot be folded: the captions of tables
 * that may run over pages, anything before a page break, and any group that might not fit on one
 * page (pdfmake keeps only the first page of an unbreakable block, so an oversized group would
 * lose text). A body paragraph that keeps with next (the last before the closing) joins with its
 * last line only. Items bound to the next (bindBlocks) are left to bindBlocks.
 * `heights[i]`: item i's estimated height in points (a small table's with its margin of error);
 * `pageHeight(o)`: the text block's height on a page of orientation o; `keptTogether`: the
 * indexes of tables set as one block (tableNode). Returns the nodes with null
 * where a node went into the group before it; `nodes` are the items' nodes in order.
 */
export function keepWithNextGroups(items: PlanItem[], nodes: Content[], heights: number[], pageHeight: (o: PlanItem['orientation']) => number, keptTogether: ReadonlySet<number>): (Content | null)[] {
  const out: (Content | null)[] = [...nodes];
  // Height of the group that now starts at index i (folded there by an earlier step).
  const groupHeight = new Map<number, number>();
  for (let i = items.length - 2; i >= 0; i--) {
    const item = items[i];
    const nextItem = items[i + 1];
    const next = out[i + 1];
    if (item.kind !== 'paragraph' || !item.keepWithNext || item.bindNext || !next) continue;
    if (nextItem.orientation !== item.orientation || nextItem.pageBreakBefore || nextItem.bindNext) continue;

    // What of the next item goes with this one.
    let lead: Part;
    let rest: Content | null = null;
    if (groupHeight.has(i + 1)) lead = { node: next, height: groupHeight.get(i + 1)! };
    else if (nextItem.kind === 'chart' || (nextItem.kind === 'table' && keptTogether.has(i + 1))) lead = { node: next, height: heights[i + 1] };
    else if (nextItem.kind === 'paragraph' && !nextItem.keepWithNext) {
      if (isGridStack(nextItem, next) && next.stack.length > 1) {
        const { head, tail } = splitLines(next, 1, nextItem.lineHeight);
        lead = head;
        rest = tail.node;
      } else lead = { node: next, height: heights[i + 1] };
    } else continue; // a table that may run over pages, a rule, the colophon, a heading not folded: the hook's

    // What of this one: a heading or caption whole; a longer body paragraph only its last line.
    const own = out[i]!;
    let keeper: Part = { node: own, height: heights[i] };
    let before: Content | null = null;
    if (!item.style && isGridStack(item, own) && own.stack.length > 2) {
      const { head, tail } = splitLines(own, own.stack.length - 1, item.lineHeight);
      before = head.node;
      keeper = tail;
    }
    const height = keeper.height + lead.height;
    // Estimates are estimates: a group close to a page's height is left to the hook.
    if (height > pageHeight(item.orientation) * 0.9) continue;

    const keeperNode = keeper.node as StackNode & { headlineLevel?: number };
    // The keep-with-next mark (on the last line) is no longer the hook's business.
    delete keeperNode.headlineLevel;
    if (Array.isArray(keeperNode.stack)) for (const line of keeperNode.stack) delete (line as { headlineLevel?: number }).headlineLevel;
    // The page break before the paragraph goes on the first of its parts.
    const pageBreak = (own as StackNode).pageBreak;
    delete (own as StackNode).pageBreak;
    const group = { stack: [keeperNode as Content, lead.node], unbreakable: true } as Content;
    if (before) {
      Object.assign(before, { pageBreak });
      out[i] = { stack: [before, group] } as Content;
      groupHeight.delete(i);
    } else {
      Object.assign(group, { pageBreak });
      out[i] = group;
      groupHeight.set(i, height);
    }
    out[i + 1] = rest;
  }
  return out;
}
