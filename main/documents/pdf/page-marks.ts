/**
 * Marks pdfmake draws outside the flow of the text: the page number of a landscape page, set where
 * a reader of the bound portrait document expects it, and 续表 above a table continued from an
 * earlier page.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { FAMILY_TOKEN, svgOutlined, withFamily } from '../charts/render-chart.js';
import { LANDSCAPE_MARGINS_MM, mmToPt, PAGE_NUMBER_GAP_MM, PAGE_NUMBER_SIZE_PT } from '../layout.js';
import type { FontFace } from '../fonts/registry.js';
import type { FontUsage } from './font-usage.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const NUMBER_GLYPHS = '— 0123456789';

/**
 * The single-file face the turned numbers are drawn in (svg-to-pdfkit cannot open collections).
 * Call before printing: pdfmake's font dictionary is fixed when printing starts, and the footers
 * are laid out after that.
 */
export function turnedNumberFace(usage: FontUsage): FontFace | undefined {
  const face = usage.fonts.singleFileFaceCovering(NUMBER_GLYPHS);
  return face ? usage.use(face) : undefined;
}

/** Height of the box the turned page number is drawn in, in points (longer than any number). */
const TURNED_NUMBER_BOX_PT = 120;

/**
 * The page number of a landscape page (GB/T 9704-2012 §10.2: a landscape table page keeps the page
 * number where the other pages have it; the table head faces the binding edge on odd pages and the
 * cut edge on even pages, so the head is always on the left of the portrait sheet). The portrait
 * sheet's bottom is then the landscape page's left edge, and its text runs from the landscape top
 * to the bottom: the number is turned 90° clockwise, 7 mm left of the text block, one 字 in from
 * the text block's bottom end on odd pages (the sheet's bottom-right corner) and from its top end
 * on even pages (bottom-left). Returns an absolutely placed SVG node (svg-to-pdfkit turns it).
 */
export function landscapePageNumber(page: number, size: { width: number; height: number }, usage: FontUsage, warnings: string[]): Content {
  const text = `— ${page} —`;
  const fontSize = PAGE_NUMBER_SIZE_PT;
  const lineBox = fontSize * 1.2;
  const inset = fontSize;
  const left = mmToPt(LANDSCAPE_MARGINS_MM.left);
  const top = mmToPt(LANDSCAPE_MARGINS_MM.top);
  const bottom = size.height - mmToPt(LANDSCAPE_MARGINS_MM.bottom);
  const odd = page % 2 === 1;
  // The glyphs' tops face the text block: the baseline runs down the box a descent from its left side.
  const baselineX = lineBox - fontSize * 0.88;
  const anchorY = odd ? TURNED_NUMBER_BOX_PT : 0;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${lineBox}" height="${TURNED_NUMBER_BOX_PT}" viewBox="0 0 ${lineBox} ${TURNED_NUMBER_BOX_PT}">` +
    `<text transform="translate(${baselineX.toFixed(2)} ${anchorY}) rotate(90)" font-family="${FAMILY_TOKEN}" font-size="${fontSize}" text-anchor="${odd ? 'end' : 'start'}" fill="#000000">${esc(text)}</text></svg>`;
  const face = turnedNumberFace(usage);
  let out: string;
  if (face) out = withFamily(svg, face.id);
  else {
    out = svgOutlined(svg, usage.fonts.primary('songti'));
    warnings.push('横排页的页码以轮廓形式嵌入 PDF（未找到可用的单文件字体）');
  }
  return {
    svg: out,
    width: lineBox,
    height: TURNED_NUMBER_BOX_PT,
    // pdfmake lays a footer out as a block it then moves to the bottom margin, absolute positions
    // included: they are given relative to that margin's top edge (the bottom of the text block).
    absolutePosition: {
      x: left - mmToPt(PAGE_NUMBER_GAP_MM) - lineBox,
      y: (odd ? bottom - inset - TURNED_NUMBER_BOX_PT : top + inset) - bottom,
    },
  };
}

/** Where pdfmake recorded a piece of a node: absolute top, and the page's text block height. */
export interface LaidPosition {
  pageNumber: number;
  left: number;
  top: number;
  pageInnerHeight: number;
  pageOrientation?: string;
}

/** A table node as pdfmake leaves it after layout: the pages and positions of what it drew. */
interface LaidOutNode {
  positions?: LaidPosition[];
}

/**
 * pdfmake keeps a table's header rows and first row together (keepWithHeaderRows); when that block
 * does not fit at the foot of a page it is moved to the next, but the positions of the attempt stay
 * recorded on the page it left, so the table seems to start there, and a caption or heading before
 * it seems to have company. A start is such a left-behind attempt when the block (`leadHeight`)
 * cannot fit below it: it would reach past the text block (`topMargin` + pageInnerHeight).
 */
export function leftBehindStart(start: LaidPosition | undefined, leadHeight: number, topMargin: (landscape: boolean) => number): boolean {
  if (!start) return false;
  return start.top + leadHeight > topMargin(start.pageOrientation === 'landscape') + start.pageInnerHeight + 0.5;
}

export interface ContinuedTable {
  /** The node handed to pdfmake; pdfmake records its positions on it during layout. */
  node: object;
  /** Height of the header rows and first row (see leftBehindStart). */
  leadHeight: number;
  /** Estimated height of the last row. */
  lastRowHeight: number;
  /** Height of a row of one line. */
  minRowHeight: number;
  /** 续表, or 续表3 for a table captioned 表3. */
  label: string;
  fontSize: number;
  lineHeight: number;
}

/**
 * 续表 above every table on each page after its first: pdfmake repeats the header rows, and the
 * reader needs to know the table goes on. Drawn by the page header (laid out after the content, so
 * the tables' positions of this layout pass are known): on a continuation page the table starts at
 * the top of the text block, so the mark goes just above it, at the text block's left edge.
 */
export function continuationMarks(
  tables: ContinuedTable[],
  page: number,
  area: { left: number; top: number },
  usage: FontUsage,
  topMargin: (landscape: boolean) => number,
): Content[] {
  const marks: Content[] = [];
  for (const t of tables) {
    const span = tableSpan(t, topMargin);
    // Every page after the first the table runs onto (a table runs on from page to page).
    if (!span || page <= span.first || page > span.last) continue;
    const mark: Content = {
      text: usage.text(t.label, 'heiti', { fontSize: t.fontSize, lineHeight: t.lineHeight }),
      absolutePosition: { x: area.left, y: area.top - t.lineHeight - 2 },
    };
    // pdfmake reads `id` on any node (its typings allow it on few).
    marks.push(Object.assign(mark, { id: CONTINUED_MARK_ID }));
  }
  return marks;
}

/**
 * The pages a table really occupies. pdfmake records a row that did not fit at the foot of a page
 * (rows are never split) where it was tried, then draws it on the next page: a start or an end
 * left behind so is moved on by a page (see leftBehindStart).
 */
export function tableSpan(t: Pick<ContinuedTable, 'node' | 'leadHeight' | 'lastRowHeight' | 'minRowHeight'>, topMargin: (landscape: boolean) => number): { first: number; last: number } | undefined {
  const positions = (t.node as LaidOutNode).positions ?? [];
  if (positions.length === 0) return undefined;
  const start = positions[0];
  const first = start.pageNumber + (leftBehindStart(start, t.leadHeight, topMargin) ? 1 : 0);
  const end = positions[positions.length - 1];
  // The last row's top: the highest of the trailing positions on the end's page within one row of it.
  const rowTop = Math.min(...positions.filter((p) => p.pageNumber === end.pageNumber && p.top > end.top - t.lastRowHeight).map((p) => p.top));
  // Only a row that could not fit even as one line is surely moved on: the row heights are
  // estimates, and a 续表 on a page the table never reaches is worse than none on a page it does.
  const last = end.pageNumber + (leftBehindStart({ ...end, top: rowTop }, t.minRowHeight, topMargin) ? 1 : 0);
  return { first, last: Math.max(first, last) };
}

/** The id of 续表 marks: the page header is laid out as nodes too, and they are not content. */
export const CONTINUED_MARK_ID = 'continued-mark';

/** Text the header may draw, segmented before layout so fontsUsed is complete. */
export const CONTINUED_GLYPHS = '续表0123456789';

/** What pdfmake's pageBreakBefore hook tells of a node (its typings keep these loose). */
interface HookNodeInfo {
  id?: string;
  text?: unknown;
  svg?: unknown;
  table?: unknown;
  pageNumbers: number[];
  startPosition?: unknown;
}

/**
 * Whether text or a chart is among `nodes` (ignoring the ids given: page numbers, 续表 marks).
 * Containers (the content's root, stacks) span pages, so only leaves count as the text's end.
 */
export function hasText(nodes: HookNodeInfo[], ignoredIds: string[]): boolean {
  return nodes.some((n) => (n.text !== undefined || n.svg !== undefined) && !(n.id !== undefined && ignoredIds.includes(n.id)));
}

/**
 * Whether a heading or caption stands alone at the foot of its page, given the nodes that follow
 * it there: only real content keeps it company — not the ids given (page number, 续表), not a
 * table's container, and not the cells of a table start left behind when the table moved on to the
 * next page (leftBehindStart; `tableLeads` maps a table's id to the height of its leading block).
 */
export function aloneAtFoot(following: HookNodeInfo[], tableLeads: Map<string, number>, topMargin: (landscape: boolean) => number, ignoredIds: string[]): boolean {
  const rest = following.filter((n) => n.id === undefined || !ignoredIds.includes(n.id));
  const leftTops = rest
    .filter((n) => n.id !== undefined && tableLeads.has(n.id) && leftBehindStart(n.startPosition as LaidPosition, tableLeads.get(n.id)!, topMargin))
    .map((n) => (n.startPosition as LaidPosition).top);
  const company = rest.filter((n) => !n.table && !(n.pageNumbers.length === 1 && leftTops.some((top) => Math.abs((n.startPosition as LaidPosition).top - top) < 0.01)));
  return company.length === 0;
}
