/**
 * DocModel → DocPlan: applies GB/T 9704-2012 placement (domain.md §6) once, for both renderers.
 */
import { chineseDatesInText, formatChineseDate } from './dates.js';
import {
  BODY_SIZE_PT,
  charWidthPt,
  FONT_SIZE,
  LANDSCAPE_TEXT_WIDTH_PT,
  LINE_PITCH_PT,
  MARK_TOP_OFFSET_MM,
  mmToPt,
  RED_HEX,
  RED_RULE_GAP_MM,
  RED_RULE_THICKNESS_PT,
  RULE_THICK_MM,
  RULE_THIN_MM,
  TEXT_WIDTH_PT,
} from './layout.js';
import { SMALL_TABLE_ROWS, type Attachment, type Block, type DocModel, type FontRole, type TableBlock, type TableCellInput, type TextRun } from './model.js';
import { HeadingCounter, typedItemRuns } from './numbering.js';
import type {
  DocPlan,
  Orientation,
  PlanCell,
  PlanColophon,
  PlanItem,
  PlanParagraph,
  PlanRun,
  PlanStyle,
  PlanTable,
} from './plan-types.js';
import { widthInChars, wrappedLineCount } from './text-width.js';

/** 续表 for a table whose caption is numbered (表3 ……) carries the number. */
export const continuedLabel = (caption: string | undefined): string => {
  const n = caption ? /^表\s*([0-9０-９]+(?:[-－.][0-9]+)?)/.exec(caption.trim())?.[1] : undefined;
  return n ? `续表${n}` : '续表';
};

const HEADING_FONT: Record<1 | 2 | 3 | 4, FontRole> = { 1: 'heiti', 2: 'kaiti', 3: 'fangsong', 4: 'fangsong' };
const TITLE_LINE_HEIGHT_PT = 36;
const TABLE_FONT_SIZE_PT = FONT_SIZE.xiao4;
const CELL_PADDING = { x: 4, y: 2 };

type ParagraphInit = Partial<Omit<PlanParagraph, 'kind' | 'runs' | 'orientation'>> & {
  runs: PlanRun[];
  orientation: Orientation;
};

function paragraph(init: ParagraphInit): PlanParagraph {
  const fontSize = init.fontSize ?? BODY_SIZE_PT;
  return {
    kind: 'paragraph',
    fontSize,
    lineHeight: LINE_PITCH_PT,
    align: 'justify',
    indent: { left: 0, right: 0, firstLine: 0 },
    spaceBefore: 0,
    spaceAfter: 0,
    onGrid: fontSize === BODY_SIZE_PT,
    ...init,
  };
}

/** Indent of n characters of body text. */
const chars = (n: number, fontSize: number = BODY_SIZE_PT): number => n * charWidthPt(fontSize);

// Body text and cells write dates as 2024年8月31日 even where they were typed 2024-08-31.
const runsOf = (text: string | undefined, runs: TextRun[] | undefined, font: FontRole): PlanRun[] =>
  runs && runs.length > 0
    ? runs.map((r) => ({ text: chineseDatesInText(r.text), font: r.font ?? font, bold: r.bold, color: r.color }))
    : [{ text: chineseDatesInText(text ?? ''), font }];

class Planner {
  readonly items: PlanItem[] = [];
  private readonly headings = new HeadingCounter();
  private pendingBreak = false;
  private orientation: Orientation;

  constructor(private readonly doc: DocModel) {
    this.orientation = doc.orientation ?? 'portrait';
  }

  private push(item: PlanItem): void {
    if (this.pendingBreak) {
      item.pageBreakBefore = true;
      this.pendingBreak = false;
    }
    this.items.push(item);
  }

  private textWidth(): number {
    return this.orientation === 'landscape' ? LANDSCAPE_TEXT_WIDTH_PT : TEXT_WIDTH_PT;
  }

  letterhead(): void {
    const lh = this.doc.letterhead;
    if (!lh) return;
    const o = this.orientation;
    const topLines = [lh.copyNumber, lh.secrecy, lh.urgency].filter((s): s is string => Boolean(s));
    topLines.forEach((text, i) =>
      this.push(paragraph({ orientation: o, runs: [{ text, font: i === 0 && lh.copyNumber ? 'fangsong' : 'heiti' }], align: 'left' })),
    );
    // The mark is sized to fill at most the text block, capped at 小初-ish sizes so it stays 庄重.
    const markSize = Math.min(42, Math.floor((this.textWidth() * 0.92) / Math.max(1, widthInChars(lh.issuer))));
    const markLineHeight = markSize * 1.2;
    this.push(
      paragraph({
        orientation: o,
        runs: [{ text: lh.issuer, font: 'xiaobiaosong', color: RED_HEX }],
        fontSize: markSize,
        lineHeight: markLineHeight,
        align: 'center',
        spaceBefore: Math.max(0, mmToPt(MARK_TOP_OFFSET_MM) - topLines.length * LINE_PITCH_PT),
        onGrid: false,
      }),
    );
    if (lh.docNumber) {
      // A tight line box so the red rule can be measured 4 mm from the number itself.
      this.push(
        paragraph({
          orientation: o,
          runs: [{ text: lh.docNumber, font: 'fangsong' }],
          lineHeight: BODY_SIZE_PT * 1.3,
          align: 'center',
          spaceBefore: 2 * LINE_PITCH_PT,
        }),
      );
    }
    this.push({
      kind: 'rule',
      orientation: o,
      color: RED_HEX,
      thickness: RED_RULE_THICKNESS_PT,
      spaceBefore: mmToPt(RED_RULE_GAP_MM),
      spaceAfter: 0,
    });
  }

  title(): void {
    const { title } = this.doc;
    if (!title) return;
    const lines = Array.isArray(title) ? title : [title];
    const afterRule = Boolean(this.doc.letterhead);
    lines.forEach((line, i) =>
      this.push(
        paragraph({
          orientation: this.orientation,
          runs: [{ text: line, font: 'xiaobiaosong' }],
          fontSize: FONT_SIZE.hao2,
          lineHeight: TITLE_LINE_HEIGHT_PT,
          align: 'center',
          // Two blank lines below the red rule.
          spaceBefore: i === 0 && afterRule ? 2 * LINE_PITCH_PT : 0,
          keepWithNext: true,
          onGrid: false,
          style: 'Title',
        }),
      ),
    );
  }

  addressee(): void {
    const { addressee } = this.doc;
    if (!addressee) return;
    const text = /[:：]$/.test(addressee) ? addressee.replace(/:$/, '：') : `${addressee}：`;
    // One blank line below the title, flush left.
    this.push(paragraph({ orientation: this.orientation, runs: [{ text, font: 'fangsong' }], spaceBefore: LINE_PITCH_PT }));
  }

  blocks(blocks: Block[]): void {
    for (const block of blocks) {
      switch (block.type) {
        case 'heading': {
          const number = block.numbered === false ? '' : this.headings.next(block.level);
          const runs: PlanRun[] = [{ text: number + block.text, font: HEADING_FONT[block.level] }];
          if (block.runIn) runs.push({ text: block.runIn, font: 'fangsong' });
          this.push(
            paragraph({
              orientation: this.orientation,
              runs,
              indent: { left: 0, right: 0, firstLine: chars(2) },
              keepWithNext: !block.runIn,
              style: `Heading${block.level}` as PlanStyle,
            }),
          );
          break;
        }
        case 'paragraph':
          this.push(
            paragraph({
              orientation: this.orientation,
              // "（一）……" typed by hand gets its number in 楷体 like a generated item.
              runs: runsOf(block.text, (!block.runs?.length && block.text && typedItemRuns(block.text)) || block.runs, 'fangsong'),
              align: block.align ?? 'justify',
              indent: { left: 0, right: 0, firstLine: block.indent === false ? 0 : chars(2) },
            }),
          );
          break;
        case 'table':
          this.table(block);
          break;
        case 'chart': {
          const width = Math.min(mmToPt(block.widthMm), this.textWidth());
          const height = (mmToPt(block.heightMm) * width) / mmToPt(block.widthMm);
          // The caption under a chart never goes to the next page without it.
          this.push({ kind: 'chart', orientation: this.orientation, option: block.option, width, height, spaceBefore: 6, spaceAfter: 6, bindNext: Boolean(block.caption) });
          if (block.caption) this.caption(block.caption, false);
          break;
        }
        case 'pageBreak':
          this.pendingBreak = true;
          break;
      }
    }
  }

  private caption(text: string, keepWithNext: boolean): void {
    this.push(
      paragraph({ orientation: this.orientation, runs: [{ text, font: 'heiti' }], align: 'center', keepWithNext }),
    );
  }

  private table(block: TableBlock): void {
    const outer = this.orientation;
    if (block.landscape) this.orientation = 'landscape';
    const keepTogether = block.keepTogether ?? block.header.length + block.rows.length <= SMALL_TABLE_ROWS;
    if (block.caption) this.caption(block.caption, true);
    const total = block.columns.reduce((s, c) => s + c.width, 0) || 1;
    const width = this.textWidth();
    const widths = block.columns.map((c) => (c.width / total) * width);
    const fontSize = block.fontSize ?? TABLE_FONT_SIZE_PT;
    const cell = (input: TableCellInput, col: number, header: boolean): PlanCell => {
      const c = typeof input === 'string' ? { text: input } : input;
      return {
        text: chineseDatesInText(c.text),
        rowSpan: Math.max(1, c.rowSpan ?? 1),
        colSpan: Math.max(1, c.colSpan ?? 1),
        align: c.align ?? (header ? 'center' : (block.columns[col]?.align ?? 'center')),
        bold: c.bold ?? false,
        font: header ? 'heiti' : 'fangsong',
      };
    };
    const planRows = (rows: TableCellInput[][], header: boolean): PlanCell[][] =>
      rows.map((row) => {
        // Track the logical column so column alignment follows spans.
        let col = 0;
        return row.map((input) => {
          const planned = cell(input, col, header);
          col += planned.colSpan;
          return planned;
        });
      });
    const table: PlanTable = {
      kind: 'table',
      orientation: this.orientation,
      widths,
      header: planRows(block.header, true),
      rows: planRows(block.rows, false),
      fontSize,
      lineHeight: Math.round(fontSize * 1.4 * 100) / 100,
      padding: CELL_PADDING,
      continuedLabel: continuedLabel(block.caption),
      keepTogether,
    };
    this.push(table);
    if (block.note) {
      this.push(
        paragraph({
          orientation: this.orientation,
          runs: [{ text: block.note, font: 'fangsong' }],
          fontSize: FONT_SIZE.xiao4,
          lineHeight: FONT_SIZE.xiao4 * 1.5,
          align: 'left',
          spaceBefore: 4,
          onGrid: false,
        }),
      );
    }
    this.orientation = outer;
  }

  /**
   * The signature, date and seal area (and the attachment note) never stand alone on a page: the
   * last body paragraph keeps its last line with them.
   */
  keepBodyWithClosing(): void {
    if (!this.doc.signature && !(this.doc.attachments ?? []).length) return;
    const last = this.items.at(-1);
    if (last?.kind === 'paragraph' && last.orientation === this.orientation) last.keepWithNext = true;
  }

  attachmentNote(attachments: Attachment[]): void {
    if (attachments.length === 0) return;
    const o = this.orientation;
    if (attachments.length === 1) {
      this.push(
        paragraph({
          orientation: o,
          runs: [{ text: `附件：${attachments[0].title}`, font: 'fangsong' }],
          indent: { left: chars(5), right: 0, firstLine: -chars(3) },
          spaceBefore: LINE_PITCH_PT,
          align: 'left',
          bindNext: Boolean(this.doc.signature),
        }),
      );
      return;
    }
    const numberWidth = Math.max(...attachments.map((_, i) => widthInChars(`${i + 1}.`)));
    attachments.forEach((a, i) => {
      const label = `${i + 1}.`;
      // Wrapped lines align with the first character of the name.
      const left = chars(5 + numberWidth);
      const prefix = i === 0 ? `附件：${label}` : label;
      this.push(
        paragraph({
          orientation: o,
          runs: [{ text: prefix + a.title, font: 'fangsong' }],
          indent: { left, right: 0, firstLine: -chars(widthInChars(prefix)) },
          spaceBefore: i === 0 ? LINE_PITCH_PT : 0,
          align: 'left',
          // The note is never split, and stays with the signature that follows it.
          bindNext: i < attachments.length - 1 || Boolean(this.doc.signature),
        }),
      );
    });
  }

  signature(): void {
    const sig = this.doc.signature;
    if (!sig) return;
    const o = this.orientation;
    const date = formatChineseDate(sig.date);
    const sealed = sig.sealed !== false;
    const dateRight = sealed ? 4 : 2;
    // Sealed: the issuer is centred over the date; unsealed: both sit 2 characters from the right.
    const sigRight = sealed ? Math.max(0, dateRight + widthInChars(date) / 2 - widthInChars(sig.issuer) / 2) : 2;
    this.push(
      paragraph({
        orientation: o,
        runs: [{ text: sig.issuer, font: 'fangsong' }],
        align: 'right',
        indent: { left: 0, right: chars(sigRight), firstLine: 0 },
        // Sealed documents reserve two blank lines for the seal, whose top must stay within a line of the body.
        spaceBefore: (sealed ? 2 : 1) * LINE_PITCH_PT,
        keepWithNext: true,
        bindNext: true,
      }),
    );
    this.push(
      paragraph({
        orientation: o,
        runs: [{ text: date, font: 'fangsong' }],
        align: 'right',
        indent: { left: 0, right: chars(dateRight), firstLine: 0 },
        // The 附注 sits on the line after the date (GB/T 9704 §7.3.7): one block with it.
        keepWithNext: Boolean(this.doc.note),
        bindNext: Boolean(this.doc.note),
      }),
    );
  }

  note(): void {
    const { note } = this.doc;
    if (!note) return;
    const text = /^[（(]/.test(note) ? note : `（${note}）`;
    this.push(
      paragraph({
        orientation: this.orientation,
        runs: [{ text, font: 'fangsong' }],
        indent: { left: 0, right: 0, firstLine: chars(2) },
      }),
    );
  }

  attachments(attachments: Attachment[]): void {
    const many = attachments.length > 1;
    attachments.forEach((a, i) => {
      const outer = this.orientation;
      if (a.landscape) this.orientation = 'landscape';
      this.pendingBreak = true;
      this.push(
        paragraph({
          orientation: this.orientation,
          runs: [{ text: many ? `附件${i + 1}` : '附件', font: 'heiti' }],
          align: 'left',
          keepWithNext: true,
        }),
      );
      // Title centred on line 3: one blank line after the label, one after the title.
      this.push(
        paragraph({
          orientation: this.orientation,
          runs: [{ text: a.title, font: 'xiaobiaosong' }],
          fontSize: FONT_SIZE.hao2,
          lineHeight: LINE_PITCH_PT,
          align: 'center',
          spaceBefore: LINE_PITCH_PT,
          spaceAfter: LINE_PITCH_PT,
          keepWithNext: true,
          onGrid: false,
        }),
      );
      this.blocks(a.blocks);
      this.orientation = outer;
    });
  }

  colophon(): void {
    const c = this.doc.colophon;
    if (!c) return;
    const fontSize = FONT_SIZE.hao4;
    const inset = fontSize;
    const rows: PlanColophon['rows'] = [];
    if (c.cc && c.cc.length > 0) {
      const list = c.cc.join('，').replace(/[。.]$/, '');
      rows.push({ left: `抄送：${list}。`, hanging: widthInChars('抄送：') * fontSize });
    }
    rows.push({ left: c.printer, right: `${formatChineseDate(c.printDate)}印发`, hanging: 0 });
    const lineChars = (TEXT_WIDTH_PT - 2 * inset) / fontSize;
    const lines = rows.reduce((n, r) => n + wrappedLineCount(r.left + (r.right ? `\u3000\u3000${r.right}` : ''), lineChars), 0);
    const thick = mmToPt(RULE_THICK_MM);
    const thin = mmToPt(RULE_THIN_MM);
    const rules = rows.map((_, i) => (i === 0 ? thick : thin)).concat(thick);
    this.push({
      kind: 'colophon',
      orientation: this.doc.orientation ?? 'portrait',
      rows,
      fontSize,
      lineHeight: LINE_PITCH_PT,
      inset,
      rules,
      height: lines * LINE_PITCH_PT + rules.reduce((s, r) => s + r, 0),
    });
  }
}

export function planDocument(doc: DocModel): DocPlan {
  const p = new Planner(doc);
  const attachments = doc.attachments ?? [];
  p.letterhead();
  p.title();
  p.addressee();
  p.blocks(doc.body);
  p.keepBodyWithClosing();
  p.attachmentNote(attachments);
  p.signature();
  p.note();
  p.attachments(attachments);
  p.colophon();
  // An orientation change starts a new page (a new section) by itself; a page break on top of it
  // would leave a blank page between, e.g., the signature and a landscape attachment.
  p.items.forEach((item, i) => {
    if (i > 0 && item.orientation !== p.items[i - 1].orientation) item.pageBreakBefore = false;
  });
  const titleText = Array.isArray(doc.title) ? doc.title.join('') : (doc.title ?? '');
  return {
    title: doc.meta?.title ?? titleText,
    meta: { author: doc.meta?.author, subject: doc.meta?.subject, keywords: doc.meta?.keywords },
    orientation: doc.orientation ?? 'portrait',
    pageNumbers: doc.pageNumbers !== false,
    items: p.items,
  };
}

