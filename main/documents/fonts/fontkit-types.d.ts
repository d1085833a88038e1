// fontkit 2 ships no type declarations; these cover the calls this folder makes.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    readonly familyName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly lineGap: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** Shapes a run of text (cmap, then GSUB/GPOS or kern). */
    layout(text: string): GlyphRun;
  }
  export interface GlyphRun {
    readonly glyphs: Glyph[];
    readonly positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  }
  export interface Glyph {
    /** The outline in font units, y up. */
    readonly path: Path;
  }
  export interface Path {
    readonly commands: unknown[];
    /** A new path with every point mapped by the matrix [a b c d e f]. */
    transform(a: number, b: number, c: number, d: number, e: number, f: number): Path;
    /** SVG path data, coordinates rounded to 0.01. */
    toSVG(): string;
  }
  export interface FontCollection {
    readonly fonts: Font[];
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
