/**
 * GB/T 9704-2012 layout numbers (domain.md §6) in the units each renderer needs.
 * Both renderers read only from here so the DOCX and the PDF cannot drift apart.
 */

export const PT_PER_MM = 72 / 25.4;
export const TWIPS_PER_PT = 20;

export const mmToPt = (mm: number): number => mm * PT_PER_MM;
export const ptToTwips = (pt: number): number => Math.round(pt * TWIPS_PER_PT);
export const mmToTwips = (mm: number): number => Math.round(mm * PT_PER_MM * TWIPS_PER_PT);

/** A4 in twips, as Word writes it (11906 × 16838). */
export const A4_TWIPS = { width: 11906, height: 16838 } as const;
export const A4_PT = { width: mmToPt(210), height: mmToPt(297) } as const;

export const MARGINS_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
/** The twips the standard's Word equivalents give: 2098 / 1984 / 1587 / 1474. */
export const MARGINS_TWIPS = {
  top: mmToTwips(MARGINS_MM.top),
  bottom: mmToTwips(MARGINS_MM.bottom),
  left: mmToTwips(MARGINS_MM.left),
  right: mmToTwips(MARGINS_MM.right),
} as const;

/**
 * Landscape pages are the portrait page turned so that the table head faces the binding edge:
 * the binding (left, 28 mm) becomes the top, the head (top, 37 mm) becomes the right.
 */
export const LANDSCAPE_MARGINS_MM = { top: 28, right: 37, bottom: 26, left: 35 } as const;

export const TEXT_WIDTH_PT = mmToPt(210 - MARGINS_MM.left - MARGINS_MM.right);
export const TEXT_HEIGHT_PT = mmToPt(297 - MARGINS_MM.top - MARGINS_MM.bottom);
export const LANDSCAPE_TEXT_WIDTH_PT = mmToPt(297 - LANDSCAPE_MARGINS_MM.left - LANDSCAPE_MARGINS_MM.right);

export const GRID_LINES = 22;
export const GRID_CHARS = 28;
/** Fixed line pitch: 225 mm / 22 lines ≈ 28.95 pt, written as 579 twips. */
export const LINE_PITCH_PT = 28.95;
export const LINE_PITCH_TWIPS = ptToTwips(LINE_PITCH_PT);

/** Chinese type sizes in points. */
export const FONT_SIZE = { hao2: 22, hao3: 16, hao4: 14, xiao4: 12 } as const;
export const BODY_SIZE_PT = FONT_SIZE.hao3;

/** One 字 of body text: the text width shared by 28 characters (≈ 15.8 pt). */
export const CHAR_PITCH_PT = TEXT_WIDTH_PT / GRID_CHARS;
/** Word's docGrid charSpace: the pitch's difference from the 16 pt body font, in 1/4096 pt. */
export const DOCX_CHAR_SPACE = Math.round((CHAR_PITCH_PT - BODY_SIZE_PT) * 4096);
/**
 * Run character spacing that fits 28 body characters on a line (−0.25 pt per character): written
 * as w:spacing on DOCX body runs, whose paragraphs do not snap to the character grid because
 * LibreOffice spreads every character of a snapped paragraph. The PDF gets the same advance by
 * setting body text at 16 − 0.25 pt (see pdf/nodes.ts for why pdfmake cannot use the spacing).
 */
export const BODY_CHAR_SPACING_TWIPS = Math.floor((CHAR_PITCH_PT - BODY_SIZE_PT) * TWIPS_PER_PT);
export const BODY_CHARACTER_SPACING_PT = BODY_CHAR_SPACING_TWIPS / TWIPS_PER_PT;

/** Width of one 字 for text of a given size: body text sits on the grid, other sizes do not. */
export const charWidthPt = (fontSize: number): number => (fontSize === BODY_SIZE_PT ? CHAR_PITCH_PT : fontSize);

/** Red for the letterhead mark and rule. The print spec is Y80 M80; this is its screen equivalent. */
export const RED_HEX = 'FF0000';

/** Colophon rules: first and last thick, middle thin. */
export const RULE_THICK_MM = 0.35;
export const RULE_THIN_MM = 0.25;
/** Letterhead: the mark's top edge sits 35 mm below the top of the text block. */
export const MARK_TOP_OFFSET_MM = 35;
/** The red separator line sits 4 mm below the document number. */
export const RED_RULE_GAP_MM = 4;
export const RED_RULE_THICKNESS_PT = 1.5;
/** Page number: the top of the dash sits 7 mm below the text block. */
export const PAGE_NUMBER_GAP_MM = 7;
export const PAGE_NUMBER_SIZE_PT = FONT_SIZE.hao4;
