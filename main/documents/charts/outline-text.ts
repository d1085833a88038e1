/**
 * Chart text as glyph outlines, for the DOCX's chart pictures. resvg shapes text from font files
 * only: the whole CJK face re-opened for every label costs ~450 ms a chart, and a glyph subset of
 * it (HarfBuzz's subsetter, compiled to WebAssembly) keeps ~100 MB of WebAssembly memory for the
 * life of the thread — a quarter of a batch's memory budget (issue 13). The face is already parsed
 * by fontkit for the PDF, so each label is shaped there and drawn as paths, and resvg rasterises an
 * SVG that holds no text at all.
 */
import type { Font } from 'fontkit';

/** Text of an SVG element with its character and entity references decoded. */
export const decodeEntities = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out.set(m[1], m[2]);
  return out;
}

/** Attributes of a <text> that paint its glyphs; they move to the group that replaces it. */
const PAINT = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-miterlimit', 'stroke-linejoin', 'paint-order', 'opacity', 'transform', 'class'];

/**
 * Where the baseline lies below the text's y, in font units, for an SVG dominant-baseline
 * (zrender, ECharts' renderer, writes `central` on every label: y is the middle of the em box).
 */
function baselineBelow(font: Font, dominantBaseline: string | undefined): number {
  switch (dominantBaseline) {
    case 'central':
      return (font.ascent + font.descent) / 2;
    case 'middle':
      return font.ascent * 0.25;
    case 'hanging':
    case 'text-before-edge':
    case 'text-top':
      return font.ascent;
    case 'ideographic':
    case 'text-after-edge':
    case 'text-bottom':
      return font.descent;
    default:
      return 0;
  }
}

/**
 * `svg` with every <text> element replaced by a group of glyph outlines in `font` (shaped by
 * fontkit, kerning and ligatures included), at the element's x, y, font-size (px, the SVG's user
 * unit), text-anchor and dominant-baseline, keeping its fill, stroke, paint-order and transform.
 * Characters the face lacks get its .notdef glyph, as a renderer using the face would draw them.
 */
export function outlineSvgText(svg: string, font: Font): string {
  return svg.replace(/<text\b([^>]*)>([\s\S]*?)<\/text>/g, (_whole, attrText: string, body: string) => {
    const attrs = attributes(attrText);
    const text = decodeEntities(body.replace(/<[^>]*>/g, ''));
    const size = Number(/font-size:\s*([\d.]+)px/.exec(attrs.get('style') ?? '')?.[1] ?? attrs.get('font-size') ?? 12);
    const scale = size / font.unitsPerEm;
    const run = font.layout(text);
    const advance = run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale;
    const anchor = attrs.get('text-anchor');
    let x = Number(attrs.get('x') ?? 0) - (anchor === 'middle' ? advance / 2 : anchor === 'end' ? advance : 0);
    const y = Number(attrs.get('y') ?? 0) + baselineBelow(font, attrs.get('dominant-baseline')) * scale;
    const paths: string[] = [];
    run.glyphs.forEach((glyph, i) => {
      const p = run.positions[i];
      // Font units (y up) to the SVG's user units (y down), at the pen position.
      const d = glyph.path.transform(scale, 0, 0, -scale, x + p.xOffset * scale, y - p.yOffset * scale).toSVG();
      if (d) paths.push(`<path d="${d}"/>`);
      x += p.xAdvance * scale;
    });
    const paint = PAINT.filter((name) => attrs.has(name))
      .map((name) => ` ${name}="${attrs.get(name)}"`)
      .join('');
    return `<g${paint}>${paths.join('')}</g>`;
  });
}
