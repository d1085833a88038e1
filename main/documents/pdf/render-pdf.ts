/** DocModel → PDF (pdfmake 0.3) in the GB/T 9704 layout, embedding font subsets with per-character fallback. */
import type { Content, ContentSection, DynamicContent, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { createFontRegistry, type FontRegistry } from '../fonts/registry.js';
import {
  A4_PT,
  LANDSCAPE_MARGINS_MM,
  MARGINS_MM,
  mmToPt,
  PAGE_NUMBER_GAP_MM,
  PAGE_NUMBER_SIZE_PT,
} from '../layout.js';
import type { DocModel } from '../model.js';
import { planDocument } from '../plan.js';
import type { ColophonPlacement, RenderResult } from '../render-result.js';
import type { Orientation, PlanItem } from '../plan-types.js';
import { FontUsage } from './font-usage.js';
import { bindBlocks, chartNode, estimatedHeight, keepWithNextGroups, COLOPHON_ID, colophonNode, colophonPageBreak, paragraphNode, ruleNode, TABLE_RULE_PT, tableNode } from './nodes.js';
import { aloneAtFoot, CONTINUED_GLYPHS, CONTINUED_MARK_ID, continuationMarks, hasText, landscapePageNumber, turnedNumberFace, type ContinuedTable } from './page-marks.js';
import { printPdf } from './printer.js';


const PAGE_NUMBER_ID = 'page-number';

type Margins = [number, number, number, number];

const marginsPt = (o: Orientation): Margins => {
  const m = o === 'landscape' ? LANDSCAPE_MARGINS_MM : MARGINS_MM;
  return [mmToPt(m.left), mmToPt(m.top), mmToPt(m.right), mmToPt(m.bottom)];
};

const pageSize = (o: Orientation) => (o === 'landscape' ? { width: A4_PT.height, height: A4_PT.width } : A4_PT);

/** Consecutive items of one orientation; each group after the first starts on a new page. */
function groupByOrientation(items: PlanItem[]): { orientation: Orientation; items: PlanItem[] }[] {
  const groups: { orientation: Orientation; items: PlanItem[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.orientation === item.orientation) last.items.push(item);
    else groups.push({ orientation: item.orientation, items: [item] });
  }
  return groups;
}

/**
 * `skip(page, pageCount)` names pages left unnumbered: the colophon page and a blank page before it
 * (GB/T 9704 §7.5).
 */
function pageNumberFooter(usage: FontUsage, warnings: string[], skip: (page: number, pageCount: number) => boolean = () => false): DynamicContent {
  const face = usage.fonts.primary('songti');
  usage.use(face);
  const opts = { fontSize: PAGE_NUMBER_SIZE_PT, lineHeight: PAGE_NUMBER_SIZE_PT * 1.2 };
  // Pre-segment the glyphs the footer can use so fontsUsed is known before layout.
  usage.text('— 0123456789 —', 'songti', opts);
  turnedNumberFace(usage);
  return (currentPage, pageCount, size) => {
    if (skip(currentPage, pageCount)) return null;
    const landscape = size.width > size.height;
    // Where the bound portrait reader looks: the sheet's bottom is the landscape page's left edge.
    if (landscape) return landscapePageNumber(currentPage, size, usage, warnings);
    const [left, , right] = marginsPt(landscape ? 'landscape' : 'portrait');
    const inset = PAGE_NUMBER_SIZE_PT;
    const odd = currentPage % 2 === 1;
    return {
      id: PAGE_NUMBER_ID,
      text: usage.text(`— ${currentPage} —`, 'songti', opts),
      alignment: odd ? 'right' : 'left',
      margin: [left + (odd ? 0 : inset), mmToPt(PAGE_NUMBER_GAP_MM), right + (odd ? inset : 0), 0],
    };
  };
}

export async function renderPdf(doc: DocModel, fonts: FontRegistry = createFontRegistry()): Promise<RenderResult> {
  const plan = planDocument(doc);
  const usage = new FontUsage(fonts);
  const warnings: string[] = [...fonts.warnings];

  // Tables whose later pages get 续表 (page-marks.ts); their glyphs are segmented before layout.
  const continued: ContinuedTable[] = [];
  const tableLeads = new Map<string, number>();
  const topMargin = (landscape: boolean) => marginsPt(landscape ? 'landscape' : 'portrait')[1];
  usage.text(CONTINUED_GLYPHS, 'heiti', { fontSize: 10.5, lineHeight: 14 });
  const nodesFor = (items: PlanItem[], o: Orientation): Content[] => {
    const [left, top, right, bottom] = marginsPt(o);
    const size = pageSize(o);
    const width = size.width - left - right;
    const heights: number[] = [];
    const keptTogetherAt = new Set<number>();
    const nodes = items.map((item, i): Content => {
      switch (item.kind) {
        case 'paragraph':
          return paragraphNode(item, usage);
        case 'rule':
          return ruleNode(item, width);
        case 'table': {
          const id = `table-${continued.length + 1}`;
          const { node, leadHeight, lastRowHeight, keptTogether } = tableNode(item, usage, id, size.height - top - bottom);
          continued.push({ node: node as object, leadHeight, lastRowHeight, minRowHeight: item.lineHeight + 2 * item.padding.y + TABLE_RULE_PT, label: item.continuedLabel, fontSize: item.fontSize, lineHeight: item.lineHeight });
          tableLeads.set(id, leadHeight);
          heights[i] = leadHeight;
          if (keptTogether) keptTogetherAt.add(i);
          return node;
        }
        case 'chart':
          return chartNode(item, usage, warnings);
        case 'colophon':
          return colophonNode(item, usage, { left, width, bottomY: size.height - bottom });
      }
    });
    items.forEach((item, i) => (heights[i] = estimatedHeight(item, nodes[i], width, heights[i])));
    return bindBlocks(items, keepWithNextGroups(items, nodes, heights, () => size.height - top - bottom, keptTogetherAt));
  };

  // The colophon page, and a blank page inserted before it, carry no page number.
  const hasColophon = plan.items.some((item) => item.kind === 'colophon');
  let blankBeforeColophon = false;
  let colophonSharesPage: boolean | undefined;

  const groups = groupByOrientation(plan.items);
  const content: Content =
    groups.length <= 1
      ? nodesFor(plan.items, plan.orientation)
      : groups.map(
          (g): ContentSection => ({
            section: nodesFor(g.items, g.orientation),
            pageOrientation: g.orientation,
            pageMargins: marginsPt(g.orientation),
          }),
        );

  const def: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: groups[0]?.orientation ?? plan.orientation,
    pageMargins: marginsPt(groups[0]?.orientation ?? plan.orientation),
    info: {
      title: plan.title,
      author: plan.meta.author,
      subject: plan.meta.subject,
      keywords: plan.meta.keywords?.join('，'),
      creator: '督导评估工作台',
      producer: '督导评估工作台',
    },
    language: 'zh-CN',
    content,
    header: (currentPage, _pageCount, size) => {
      const landscape = size.width > size.height;
      const [left, top] = marginsPt(landscape ? 'landscape' : 'portrait');
      const marks = continuationMarks(continued, currentPage, { left, top }, usage, topMargin);
      return marks.length > 0 ? { stack: marks } : null;
    },
    footer: plan.pageNumbers
      ? pageNumberFooter(usage, warnings, (page, count) => hasColophon && (page === count || (blankBeforeColophon && page === count - 1)))
      : undefined,
    defaultStyle: { font: fonts.primary('fangsong').id, fontSize: 16 },
    // Keep-with-next: break before a heading left last on its page. Footers are laid out as nodes
    // too, so the page number (id PAGE_NUMBER_ID) must not count as following content.
    pageBreakBefore: (node, queries) => {
      const colophon = colophonPageBreak(node, queries.getNodesOnNextPage);
      if (colophon) {
        blankBeforeColophon ||= colophon.blankPage;
        // The last pass decides: body text before the colophon on its page, or none.
        if (node.id === COLOPHON_ID) {
          colophonSharesPage = !colophon.breakBefore && hasText(queries.getPreviousNodesOnPage(), [PAGE_NUMBER_ID, CONTINUED_MARK_ID]);
        }
        return colophon.breakBefore;
      }
      // Keep-with-next: a heading or caption with no real content after it on its page moves on.
      return node.headlineLevel === 1 && aloneAtFoot(queries.getFollowingNodesOnPage(), tableLeads, topMargin, [PAGE_NUMBER_ID, CONTINUED_MARK_ID]);
    },
  };
  usage.use(fonts.primary('fangsong'));

  const buffer = await printPdf(def, fonts, usage.faces);
  if (usage.missing.size > 0) {
    warnings.push(`以下字符在本机所有字体中都没有字形，PDF 中将显示为空框：${[...usage.missing].join('、')}`);
  }
  const fontsUsed = [...new Set([...usage.faces].map((f) => f.label))];
  const colophonPlacement: ColophonPlacement | undefined = !hasColophon ? undefined : colophonSharesPage ? 'shared' : blankBeforeColophon ? 'afterBlank' : 'own';
  return { buffer, warnings, fontsUsed, colophonPlacement };
}
