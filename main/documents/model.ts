/**
 * The document model: plain, JSON-serialisable data that both renderers read.
 * Builders (e.g. builders/notice.ts) produce it; the UI may store and edit it.
 * Layout is not part of the model: GB/T 9704 placement is decided in plan.ts.
 */

/** Typeface roles of GB/T 9704; each renderer maps a role to real fonts. */
export type FontRole = 'xiaobiaosong' | 'heiti' | 'kaiti' | 'fangsong' | 'songti';

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextRun {
  text: string;
  /** Defaults to the surrounding element's role (仿宋 for body text). */
  font?: FontRole;
  bold?: boolean;
  /** Hex RGB without '#', e.g. "FF0000". */
  color?: string;
}

export interface HeadingBlock {
  type: 'heading';
  level: 1 | 2 | 3 | 4;
  /** Heading text without its number; the number (一、（一）1.（1）) is added automatically. */
  text: string;
  /** Body text that runs on in the same paragraph after the heading, in 仿宋. */
  runIn?: string;
  /** Set false for an unnumbered heading. */
  numbered?: boolean;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text?: string;
  runs?: TextRun[];
  align?: Align;
  /** Two-character first-line indent; on unless false. */
  indent?: boolean;
}

export interface TableCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  align?: Align;
  bold?: boolean;
}

/** A cell given as a plain string is a one-by-one cell. Cells covered by a span are omitted (HTML rules). */
export type TableCellInput = string | TableCell;

export interface TableColumn {
  /** Relative width: widths are shared out in proportion across the text block. */
  width: number;
  align?: Align;
}

export interface TableBlock {
  type: 'table';
  /** Optional caption above the table, centred, in 黑体. */
  caption?: string;
  columns: TableColumn[];
  /** Header rows, repeated at the top of every page the table runs onto. */
  header: TableCellInput[][];
  rows: TableCellInput[][];
  /** Point size of cell text; 12 (小四) unless given. */
  fontSize?: number;
  /** Put the table on landscape pages of its own (a wide table). */
  landscape?: boolean;
  /** Optional note below the table, e.g. "注：……". */
  note?: string;
  /**
   * Never split the table across pages. Default: tables of at most SMALL_TABLE_ROWS rows (header
   * included) are kept together, since a table of three rows split as two and one reads badly.
   */
  keepTogether?: boolean;
}

/** Tables of at most this many rows (header rows included) stay on one page unless told otherwise. */
export const SMALL_TABLE_ROWS = 12;

export interface ChartBlock {
  type: 'chart';
  /** An ECharts option object (JSON). Animation is switched off by the renderer. */
  option: Record<string, unknown>;
  widthMm: number;
  heightMm: number;
  caption?: string;
}

export interface PageBreakBlock {
  type: 'pageBreak';
}

export type Block = HeadingBlock | ParagraphBlock | TableBlock | ChartBlock | PageBreakBlock;

export interface Letterhead {
  /** 发文机关标志, e.g. "某某县人民政府教育督导室" (the renderer adds nothing; write "文件" yourself if wanted). */
  issuer: string;
  /** 发文字号, e.g. "城教督〔2026〕12号". */
  docNumber?: string;
  /** 份号, six digits. */
  copyNumber?: string;
  /** 密级 and 保密期限, e.g. "秘密★1年". */
  secrecy?: string;
  /** 紧急程度, e.g. "特急". */
  urgency?: string;
}

export interface Attachment {
  /** Title, centred on line 3 of the attachment's first page; also listed in the attachment note. */
  title: string;
  blocks: Block[];
  /** Lay the whole attachment out on landscape pages. */
  landscape?: boolean;
}

export interface Signature {
  /** 发文机关署名. */
  issuer: string;
  /** 成文日期, ISO "YYYY-MM-DD"; written as 2026年3月4日. */
  date: string;
  /** Leave room for the seal (default true); without a seal the block sits 2 characters from the right. */
  sealed?: boolean;
}

export interface Colophon {
  /** 抄送 recipients; joined with "，" and ended with "。". */
  cc?: string[];
  /** 印发机关. */
  printer: string;
  /** 印发日期, ISO "YYYY-MM-DD". */
  printDate: string;
}

export interface DocMeta {
  /** Document title for file properties; defaults to the title. */
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string[];
}

export interface DocModel {
  meta?: DocMeta;
  /** Portrait unless set: a register document may be landscape throughout. */
  orientation?: 'portrait' | 'landscape';
  letterhead?: Letterhead;
  /** Title; give several strings to choose the line breaks yourself (trapezoid shape). */
  title?: string | string[];
  /** 主送机关, written with a trailing full-width colon. */
  addressee?: string;
  body: Block[];
  /** Listed as the attachment note after the body, and laid out each on a new page before the colophon. */
  attachments?: Attachment[];
  signature?: Signature;
  /** 附注, written in parentheses on the line after the date. */
  note?: string;
  colophon?: Colophon;
  /** Page numbers `— N —`; on unless false. */
  pageNumbers?: boolean;
}
