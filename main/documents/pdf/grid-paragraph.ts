/**
 * Body text on the 28-character grid, broken and justified here rather than by pdfmake.
 *
 * pdfmake cannot set 16 pt text 28 characters to a line: it measures CJK text one character per
 * word and leaves a one-character word's characterSpacing out of its width, so the −0.2 pt that
 * fits 28 characters of 16 pt into 156 mm is never counted; its `justify` cannot spread a line
 * whose characters are separate words either, and it knows no Chinese line-breaking rules. So
 * each paragraph is broken here (line-break.ts), and every line is handed to pdfmake as one
 * unwrappable line whose character spacing fills it: the grid spacing (≈ −0.2 pt) on a last line,
 * the spacing that reaches the right edge on every other line of a justified paragraph.
 */
import type * as fontkit from 'fontkit';
import type { Content } from 'pdfmake/interfaces.js';
import type { FontFace } from '../fonts/registry.js';
import { CHAR_PITCH_PT, LANDSCAPE_TEXT_WIDTH_PT, TEXT_WIDTH_PT } from '../layout.js';
import { breakLines, type BrokenLine, splitGraphemes } from '../line-break.js';
import type { PlanParagraph } from '../plan-types.js';
import type { FontUsage } from './font-usage.js';

declare module 'fontkit' {
  interface Glyph {
    readonly advanceWidth: number;
  }
  interface Font {
    glyphForCodePoint(codePoint: number): Glyph;
  }
}

interface Metrics {
  font: fontkit.Font;
  /** Advance in em per code point, filled as characters are met. */
  advances: Map<number, number>;
}

// The face's one parse (fonts/fontkit.ts), with advances remembered per code point for the batch.
const metricsByFace = new WeakMap<FontFace, Metrics>();

function metrics(face: FontFace): Metrics {
  let m = metricsByFace.get(face);
  if (!m) {
    m = { font: face.parsed(), advances: new Map() };
    metricsByFace.set(face, m);
  }
  return m;
}

/** Advance of a grapheme in em: its first code point's glyph (a variation selector adds nothing). */
export function advanceEm(face: FontFace, grapheme: string): number {
  const cp = grapheme.codePointAt(0) ?? 0x3000;
  const m = metrics(face);
  let em = m.advances.get(cp);
  if (em === undefined) {
    em = m.font.glyphForCodePoint(cp).advanceWidth / m.font.unitsPerEm;
    m.advances.set(cp, em);
  }
  return em;
}

/** A paragraph's graphemes with their advances (points), faces and colours, index by index. */
export interface Glyphs {
  text: string[];
  widths: number[];
  face: FontFace[];
  color: (string | undefined)[];
}

function collect(p: PlanParagraph, usage: FontUsage): Glyphs {
  const out: Glyphs = { text: [], widths: [], face: [], color: [] };
  for (const run of p.runs) {
    const { segments, missing } = usage.fonts.segment(run.text, run.font);
    missing.forEach((ch) => usage.missing.add(ch));
    for (const seg of segments) {
      usage.use(seg.face);
      for (const g of splitGraphemes(seg.text)) {
        out.text.push(g);
        out.widths.push(g === '\n' ? 0 : advanceEm(seg.face, g) * p.fontSize);
        out.face.push(seg.face);
        out.color.push(run.color);
      }
    }
  }
  return out;
}

/** One line as pdfmake inlines: one per run of graphemes sharing a face and a colour, all with the line's spacing. */
function lineInlines(p: PlanParagraph, g: Glyphs, line: BrokenLine, spacing: number): Content[] {
  const inlines: Content[] = [];
  let i = line.start;
  while (i < line.end) {
    let j = i + 1;
    while (j < line.end && g.face[j] === g.face[i] && g.color[j] === g.color[i]) j++;
    const face = g.face[i];
    inlines.push({
      text: g.text.slice(i, j).join(''),
      font: face.id,
      fontSize: p.fontSize,
      lineHeight: p.lineHeight / (face.lineHeightEm * p.fontSize),
      characterSpacing: spacing,
      color: g.color[i] ? `#${g.color[i]}` : undefined,
    });
    i = j;
  }
  return inlines;
}

/** Number of face/colour changes inside a line: pdfmake drops the spacing after each segment's last character. */
function segmentCount(g: Glyphs, line: BrokenLine): number {
  let n = line.end > line.start ? 1 : 0;
  for (let i = line.start + 1; i < line.end; i++) if (g.face[i] !== g.face[i - 1] || g.color[i] !== g.color[i - 1]) n++;
  return n;
}

export interface GridLine {
  text: string;
  /** Left edge offset from the paragraph's left indent (the first line's indent), in points. */
  indent: number;
  /** Character spacing the line is set with, in points. */
  spacing: number;
  /** Width from the first character's left edge to the last one's right edge, in points. */
  width: number;
  last: boolean;
}

/**
 * Lays a body paragraph out on the grid: the lines, each with its spacing. Exposed for tests; the
 * PDF uses gridParagraphNode.
 */
export function layoutGridParagraph(p: PlanParagraph, usage: FontUsage): { lines: GridLine[]; glyphs: Glyphs; broken: BrokenLine[] } {
  const full = (p.orientation === 'landscape' ? LANDSCAPE_TEXT_WIDTH_PT : TEXT_WIDTH_PT) - p.indent.left - p.indent.right;
  const base = CHAR_PITCH_PT - p.fontSize;
  const glyphs = collect(p, usage);
  const broken = breakLines({
    graphemes: glyphs.text,
    widths: glyphs.widths,
    spacing: base,
    firstWidth: full - p.indent.firstLine,
    width: full,
  });
  const lines = broken.map((line, n): GridLine => {
    const avail = n === 0 ? full - p.indent.firstLine : full;
    let natural = 0;
    for (let i = line.start; i < line.end; i++) natural += glyphs.widths[i];
    const gaps = line.end - line.start - segmentCount(glyphs, line);
    // Justified lines other than the last reach the right edge exactly. A line overfull at the grid
    // spacing (one unbreakable run longer than the line) keeps the grid spacing. "Fits" is judged
    // as line-break.ts judges it, every grapheme with its spacing.
    const fits = natural + (line.end - line.start) * base <= avail + 0.01;
    const justify = p.align === 'justify' && !line.last && gaps > 0 && fits;
    const spread = justify ? (avail - natural) / gaps : base;
    return {
      text: glyphs.text.slice(line.start, line.end).join(''),
      indent: n === 0 ? p.indent.firstLine : 0,
      spacing: spread,
      width: natural + gaps * spread,
      last: line.last,
    };
  });
  return { lines, glyphs, broken };
}

/**
 * A body paragraph as a stack of one-line nodes. Keep-with-next (headlineLevel, see render-pdf.ts)
 * is set on the last line, so that line moves to the next page with what follows it.
 */
export function gridParagraphNode(p: PlanParagraph, usage: FontUsage): Content {
  const { lines, glyphs, broken } = layoutGridParagraph(p, usage);
  const align = p.align === 'center' || p.align === 'right' ? p.align : 'left';
  const stack: Content[] = lines.map((line, n) => {
    const inlines = lineInlines(p, glyphs, broken[n], line.spacing);
    return {
      text: inlines.length > 0 ? inlines : usage.text('\u3000', p.runs[0]?.font ?? 'fangsong', { fontSize: p.fontSize, lineHeight: p.lineHeight }),
      noWrap: true,
      alignment: align,
      // A hanging first line (negative indent) starts left of the paragraph's left indent.
      margin: [p.indent.left + line.indent, 0, p.indent.right, 0],
      headlineLevel: p.keepWithNext && n === lines.length - 1 ? 1 : undefined,
    };
  });
  return {
    stack,
    margin: [0, p.spaceBefore, 0, p.spaceAfter],
    pageBreak: p.pageBreakBefore ? 'before' : undefined,
  };
}
