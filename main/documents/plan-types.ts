/**
 * The laid-out plan both renderers consume: every GB/T 9704 placement decision (numbers,
 * indents, spacing, orientation, page breaks) is made once in plan.ts, in points.
 */
import type { Align, FontRole } from './model.js';

export type Orientation = 'portrait' | 'landscape';

export interface PlanRun {
  text: string;
  font: FontRole;
  bold?: boolean;
  color?: string;
}

/** DOCX paragraph style ids; the PDF ignores them. */
export type PlanStyle = 'Title' | 'Heading1' | 'Heading2' | 'Heading3' | 'Heading4';

interface PlanItemBase {
  orientation: Orientation;
  /** Start a new page before this item (orientation changes break pages by themselves). */
  pageBreakBefore?: boolean;
  /**
   * This item and the next form one block that is never split across pages (the attachment note,
   * the signature and the date): one unbreakable block in the PDF, keep-with-next and
   * keep-lines-together in the DOCX.
   */
  bindNext?: boolean;
}

export interface PlanParagraph extends PlanItemBase {
  kind: 'paragraph';
  runs: PlanRun[];
  fontSize: number;
  /** Exact line height in points. */
  lineHeight: number;
  align: Align;
  /** Points; a negative firstLine is a hanging indent. */
  indent: { left: number; right: number; firstLine: number };
  spaceBefore: number;
  spaceAfter: number;
  keepWithNext?: boolean;
  /** Body-size text sits on the 28-character grid. */
  onGrid: boolean;
  style?: PlanStyle;
}

export interface PlanRule extends PlanItemBase {
  kind: 'rule';
  color: string;
  thickness: number;
  spaceBefore: number;
  spaceAfter: number;
}

export interface PlanCell {
  text: string;
  rowSpan: number;
  colSpan: number;
  align: Align;
  bold: boolean;
  font: FontRole;
}

export interface PlanTable extends PlanItemBase {
  kind: 'table';
  /** Column widths in points, summing to the text width. */
  widths: number[];
  header: PlanCell[][];
  rows: PlanCell[][];
  fontSize: number;
  lineHeight: number;
  /** Cell padding in points. */
  padding: { x: number; y: number };
  /** Set above the repeated header on each later page the table runs onto (PDF): 续表, or 续表3 for 表3. */
  continuedLabel: string;
  /** Kept on one page (TableBlock.keepTogether). */
  keepTogether: boolean;
}

export interface PlanChart extends PlanItemBase {
  kind: 'chart';
  option: Record<string, unknown>;
  width: number;
  height: number;
  spaceBefore: number;
  spaceAfter: number;
}

export interface PlanColophonRow {
  left: string;
  right?: string;
  /** Points the wrapped lines of `left` hang in by (aligning them after "抄送："). */
  hanging: number;
}

export interface PlanColophon extends PlanItemBase {
  kind: 'colophon';
  rows: PlanColophonRow[];
  fontSize: number;
  lineHeight: number;
  /** Left and right inset of the text in points (one character). */
  inset: number;
  /** Rule thickness above each row and below the last, in points: first and last thick, middle thin. */
  rules: number[];
  /** Estimated height including wrapped lines, for anchoring at the bottom of the text block. */
  height: number;
}

export type PlanItem = PlanParagraph | PlanRule | PlanTable | PlanChart | PlanColophon;

export interface DocPlan {
  title: string;
  meta: { author?: string; subject?: string; keywords?: string[] };
  orientation: Orientation;
  pageNumbers: boolean;
  items: PlanItem[];
}
