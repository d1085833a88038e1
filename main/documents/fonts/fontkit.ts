/**
 * The one fontkit of a thread, and one parse of each font file in it.
 *
 * pdfkit `require`s fontkit's CommonJS build; an ES `import 'fontkit'` loads its other build (both
 * ~1 MB of source, each with its own copy of its dependencies), and every caller parsed the same
 * 15 MB face for itself: the registry (glyph coverage), the grid paragraphs (advances), pdfkit
 * (each document). Here every caller, pdfkit included (pdf/printer.ts), gets pdfkit's copy and the
 * same parsed font for the same bytes. Sharing a parse is safe: callers only read a parsed font
 * (pdfkit makes a subset of its own per document), and fontkit's caches on it (decoded tables,
 * glyphs) are the same for everyone. One difference only in the PDF's bytes, never its look: fontkit
 * keeps one glyph object per glyph id with the code points of whoever asked first, and pdfkit maps
 * a glyph back to text (for copying text out of the PDF) by them; where two code points share a
 * glyph, the first one met in the thread is the one given.
 */
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

// Not named `require`: the Electron build injects its own `require` shim into the same chunk.
const requireCjs = createRequire(import.meta.url);
/** Resolves as pdfkit does, so this is the very module object pdfkit loads. */
export const requireFromPdfkit = createRequire(requireCjs.resolve('pdfkit'));
/** The path of the fontkit module pdfkit loads (pdf/printer.ts puts a cache in front of it). */
export const FONTKIT_FILE = requireFromPdfkit.resolve('fontkit');
/** fontkit as loaded before anyone (pdf/printer.ts) wraps it: its own `create`. */
export const fontkit = requireFromPdfkit('fontkit') as typeof Fontkit;

const parsed = new WeakMap<Uint8Array, Map<string, Fontkit.Font | Fontkit.FontCollection>>();
const madeHooks = new Set<(font: Fontkit.Font | Fontkit.FontCollection) => void>();

/**
 * `fontkit.create(bytes, postscriptName)` once per bytes (by identity) and name in this thread;
 * later calls get the same object. Throws what fontkit throws for bytes that are not a font, and
 * (in Chinese) when a collection has no face of that name.
 */
export function parseFont(bytes: Uint8Array, postscriptName?: string): Fontkit.Font | Fontkit.FontCollection {
  let byName = parsed.get(bytes);
  if (!byName) parsed.set(bytes, (byName = new Map()));
  const key = postscriptName ?? '';
  let font = byName.get(key);
  if (!font) {
    const created = fontkit.create(bytes, postscriptName) as Fontkit.Font | Fontkit.FontCollection | null;
    // fontkit answers null for a collection without the named face.
    if (!created) throw new Error(`字体集合中没有 ${postscriptName ?? '（未指定）'}`);
    font = created;
    byName.set(key, font);
    for (const hook of madeHooks) hook(font);
  }
  return font;
}

/** Runs `hook` on every font parseFont parses from now on (pdf/printer.ts keeps subsets per font). */
export function onFontParsed(hook: (font: Fontkit.Font | Fontkit.FontCollection) => void): void {
  madeHooks.add(hook);
}

/** The face named `postscriptName` of a font file or collection; throws a Chinese error when it is not there. */
export function parseFace(bytes: Uint8Array, postscriptName: string | undefined, file: string): Fontkit.Font {
  let created: Fontkit.Font | Fontkit.FontCollection;
  try {
    created = parseFont(bytes, postscriptName);
  } catch (e) {
    throw new Error(`字体文件 ${file} 无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
  const font = 'fonts' in created ? created.fonts.find((f) => f.postscriptName === postscriptName) : created;
  if (!font) throw new Error(`字体集合 ${file} 中没有 ${postscriptName ?? '（未指定）'}`);
  return font;
}
