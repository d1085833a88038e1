/** DocModel → DOCX (docx v9) in the GB/T 9704 layout, naming the Windows fonts. */
import { Document, DocumentGridType, Footer, NextAttributeComponent, Packer, PageOrientation, Paragraph, SectionType, type ISectionOptions, type Table } from 'docx';
import { chooseChartFaces, renderChartSvg, svgToPng } from '../charts/render-chart.js';
import { createFontRegistry, type FontRegistry } from '../fonts/registry.js';
import { DOCX_FONT_NAMES } from '../fonts/roles.js';
import {
  A4_TWIPS,
  DOCX_CHAR_SPACE,
  LANDSCAPE_MARGINS_MM,
  LANDSCAPE_TEXT_WIDTH_PT,
  LINE_PITCH_TWIPS,
  MARGINS_MM,
  MARGINS_TWIPS,
  mmToTwips,
  PAGE_NUMBER_GAP_MM,
  ptToTwips,
  TEXT_WIDTH_PT,
} from '../layout.js';
import type { DocModel, FontRole } from '../model.js';
import { planDocument } from '../plan.js';
import type { Orientation, PlanItem } from '../plan-types.js';
import type { ColophonPlacement, RenderResult } from '../render-result.js';
import { renderPdf } from '../pdf/render-pdf.js';
import { patchPackageFiles, zipPackage } from './postprocess.js';
import { PAGE_NUMBER_LINE_PT, pageNumberFooters } from './footers.js';
import { chartParagraph, type DocxGridMode, hairline, paragraph, rule } from './paragraphs.js';
import { documentStyles } from './styles.js';
import { colophonTable, table, TableTextStyles } from './tables.js';

/** What Packer.toBuffer does before zipping, reached directly (docx 9: `Packer.compiler`, untyped). */
interface PackerInternals {
  compiler: { compile(file: Document): Map<string, string | Uint8Array> };
}

/**
 * docx 9 builds every attribute set by spreading an accumulator per attribute (quadratic, and a
 * third of the DOCX time with its garbage in a 19-page report). The same object built in one pass:
 * later keys win, undefined values are left out, exactly as the original.
 */
NextAttributeComponent.prototype.prepForXml = function prepForXml(this: { root: Record<string, { key: string; value: unknown }> }) {
  const attr: Record<string, unknown> = {};
  for (const { key, value } of Object.values(this.root)) if (value !== undefined) attr[key] = value;
  return { _attr: attr };
} as never;

export interface DocxOptions {
  /** Fonts for rasterising chart labels; a default registry is created when absent. */
  fonts?: FontRegistry;
  /** Document grid; see DocxGridMode. */
  grid?: DocxGridMode;
  /** Where the PDF of the same document put the colophon, when it was rendered already (export.ts renderEach). */
  colophonPlacement?: ColophonPlacement;
}

const HEADER_DISTANCE_TWIPS = 851;
/** Footer distance from the paper edge so the number line's top sits 7 mm below the text block. */
const footerDistance = (bottomMm: number) => mmToTwips(bottomMm - PAGE_NUMBER_GAP_MM) - ptToTwips(PAGE_NUMBER_LINE_PT);

function sectionProperties(o: Orientation, grid: DocxGridMode): ISectionOptions['properties'] {
  const landscape = o === 'landscape';
  const margin = landscape
    ? {
        top: mmToTwips(LANDSCAPE_MARGINS_MM.top),
        bottom: mmToTwips(LANDSCAPE_MARGINS_MM.bottom),
        left: mmToTwips(LANDSCAPE_MARGINS_MM.left),
        right: mmToTwips(LANDSCAPE_MARGINS_MM.right),
      }
    : { ...MARGINS_TWIPS };
  return {
    page: {
      // docx swaps width and height itself for landscape sections.
      size: { width: A4_TWIPS.width, height: A4_TWIPS.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
      margin: {
        ...margin,
        header: HEADER_DISTANCE_TWIPS,
        footer: footerDistance(landscape ? LANDSCAPE_MARGINS_MM.bottom : MARGINS_MM.bottom),
        gutter: 0,
      },
    },
    grid:
      grid === 'linesAndChars'
        ? { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH_TWIPS, charSpace: DOCX_CHAR_SPACE }
        : { type: DocumentGridType.LINES, linePitch: LINE_PITCH_TWIPS },
  };
}

function rolesUsed(items: PlanItem[], pageNumbers: boolean): Set<FontRole> {
  const roles = new Set<FontRole>();
  for (const item of items) {
    if (item.kind === 'paragraph') item.runs.forEach((r) => roles.add(r.font));
    else if (item.kind === 'table') [...item.header, ...item.rows].flat().forEach((c) => roles.add(c.font));
    else if (item.kind === 'colophon') roles.add('fangsong');
  }
  if (pageNumbers) roles.add('songti');
  return roles;
}

/** Footers with nothing in them, for the colophon's page. */
const blankFooters = () => ({ default: new Footer({ children: [new Paragraph('')] }), even: new Footer({ children: [new Paragraph('')] }) });

export async function renderDocx(doc: DocModel, options: DocxOptions = {}): Promise<RenderResult> {
  const plan = planDocument(doc);
  const warnings: string[] = [];
  let fonts = options.fonts;
  const gridMode = options.grid ?? 'lines';

  const sections: ISectionOptions[] = [];
  let current: { orientation: Orientation; children: (Paragraph | Table)[]; unnumbered?: (typeof SectionType)[keyof typeof SectionType] } | undefined;
  const flush = () => {
    if (!current) return;
    const props = sectionProperties(current.orientation, gridMode);
    sections.push({
      // A page without a number (the colophon's, and a blank page before it, GB/T 9704 §7.5) is a
      // section of its own starting on a new (or the next even) page, with empty footers.
      properties: current.unnumbered ? { ...props, type: current.unnumbered } : props,
      footers: current.unnumbered ? blankFooters() : plan.pageNumbers ? pageNumberFooters(current.orientation) : undefined,
      children: current.children,
    });
  };
  // Word paginates the DOCX itself, so the file cannot say "this page is odd". The colophon follows
  // the PDF's layout of the same plan (render-result.ts, colophonPlacement): at the foot of the
  // last page when it shares that page with the text; else on a page of its own, after a blank
  // page when the PDF has one. Its page starts on an even page in Word (LibreOffice treats that as
  // a new page, which the PDF's layout makes the even one).
  const hasColophon = plan.items.some((i) => i.kind === 'colophon');
  if (hasColophon && !options.colophonPlacement) fonts ??= createFontRegistry();
  const placement = hasColophon ? (options.colophonPlacement ?? (await renderPdf(doc, fonts)).colophonPlacement) : undefined;

  const tableStyles = new TableTextStyles();
  for (const item of plan.items) {
    if (!current || current.orientation !== item.orientation) {
      flush();
      current = { orientation: item.orientation, children: [] };
    }
    const out = current.children;
    const textWidth = item.orientation === 'landscape' ? LANDSCAPE_TEXT_WIDTH_PT : TEXT_WIDTH_PT;
    switch (item.kind) {
      case 'paragraph':
        out.push(paragraph(item));
        break;
      case 'rule':
        out.push(rule(item));
        break;
      case 'table':
        if (item.pageBreakBefore) out.push(hairline(true));
        out.push(table(item, tableStyles));
        break;
      case 'chart': {
        fonts ??= createFontRegistry();
        const { svg, text } = renderChartSvg(item.option, item.width, item.height);
        const png = await svgToPng(svg, chooseChartFaces(fonts, text).rasterFace);
        out.push(chartParagraph(png, item.width, item.height, { before: item.spaceBefore, after: item.spaceAfter, pageBreakBefore: item.pageBreakBefore, keepNext: item.bindNext }));
        break;
      }
      case 'colophon':
        if (placement === 'own' || placement === 'afterBlank') {
          flush();
          if (placement === 'afterBlank') {
            current = { orientation: item.orientation, children: [hairline()], unnumbered: SectionType.NEXT_PAGE };
            flush();
          }
          current = { orientation: item.orientation, children: [colophonTable(item, textWidth), hairline()], unnumbered: SectionType.EVEN_PAGE };
          break;
        }
        if (item.pageBreakBefore) out.push(hairline(true));
        out.push(colophonTable(item, textWidth));
        // Word needs a paragraph after a floating table (and at the end of the body).
        out.push(hairline());
        break;
    }
  }
  flush();
  if (sections.length === 0) sections.push({ properties: sectionProperties(plan.orientation, gridMode), children: [hairline()] });

  const roles = rolesUsed(plan.items, plan.pageNumbers);
  if (roles.has('xiaobiaosong')) {
    warnings.push('DOCX 标题使用“方正小标宋简体”（Windows 未自带），未安装该字体的电脑将以“宋体”显示');
  }
  const document = new Document({
    title: plan.title,
    creator: plan.meta.author ?? '督导评估工作台',
    subject: plan.meta.subject,
    keywords: plan.meta.keywords?.join('，'),
    description: '按 GB/T 9704-2012 排版。字体：方正小标宋简体（未安装时以宋体代替）、仿宋_GB2312（仿宋）、黑体、楷体_GB2312（楷体）、宋体。',
    lastModifiedBy: '督导评估工作台',
    evenAndOddHeaderAndFooters: plan.pageNumbers,
    styles: documentStyles(tableStyles.list()),
    sections,
  });
  // The package's files compiled, patched and zipped once (Packer.toBuffer would zip them, and the
  // patches need them unzipped again). `compiler` is the Packer's own, public at run time.
  const files = (Packer as unknown as PackerInternals).compiler.compile(document);
  patchPackageFiles(files);
  const buffer = zipPackage(files);
  const fontsUsed = [...roles].flatMap((r) => {
    const f = DOCX_FONT_NAMES[r];
    return f.altName ? [f.name, f.altName] : [f.name];
  });
  return { buffer, warnings, fontsUsed: [...new Set(fontsUsed)] };
}
