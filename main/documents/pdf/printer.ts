/**
 * pdfmake 0.3's Node entry point is a singleton with global fonts and a console warning per call;
 * batch export needs a printer per font registry instead, so this drives pdfmake's Printer directly
 * with the registry's in-memory font files and no network or file access beyond them.
 */
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { FONTKIT_FILE, fontkit, onFontParsed, parseFont, requireFromPdfkit } from '../fonts/fontkit.js';
import type { FontFace, FontRegistry } from '../fonts/registry.js';

interface PdfKitDocument {
  on(event: 'data', cb: (chunk: Buffer) => void): void;
  on(event: 'end', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  end(): void;
}
interface PrinterInstance {
  createPdfKitDocument(def: TDocumentDefinitions, options?: Record<string, unknown>): Promise<PdfKitDocument>;
}
type PrinterCtor = new (
  fonts: unknown,
  vfs: unknown,
  urlResolver: unknown,
  localAccessPolicy: (file: string) => boolean,
) => PrinterInstance;
interface UrlResolverInstance {
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
}
type UrlResolverCtor = new (fs: unknown) => UrlResolverInstance;

// Not named `require`: the Electron build injects its own `require` shim into the same chunk.
const requireCjs = createRequire(import.meta.url);
// Loaded on first use: pdfmake and pdfkit take ~150 ms to load, which every CLI command paid at start-up.
let pdfmake: { Printer: PrinterCtor; URLResolver: UrlResolverCtor } | null = null;
function pdfmakeClasses() {
  return (pdfmake ??= {
    Printer: (requireCjs('pdfmake/js/Printer.js') as { default: PrinterCtor }).default,
    URLResolver: (requireCjs('pdfmake/js/URLResolver.js') as { default: UrlResolverCtor }).default,
  });
}

/**
 * pdfmake measures the whole document again in every layout pass (DocMeasure.measureDocument), and
 * a report runs one pass more for every heading or caption its keep-with-next moves on: five or six
 * passes for a 19-page report, most of their time in building each run's inlines through the style
 * stack and in the garbage that leaves. A text node's inlines depend only on the node and the
 * styles above it, which no pass changes, so they are built once per node and each pass gets fresh
 * copies (layout consumes the array and splits inlines in place). Dynamic headers and footers are
 * new nodes every time and are measured as before.
 */
interface MeasuredLeaf {
  _inlines: Record<string, unknown>[];
  _minWidth: number;
  _maxWidth: number;
  _textRef?: unknown;
}
function memoizeLeafMeasures(): void {
  const DocMeasure = (requireCjs('pdfmake/js/DocMeasure.js') as { default: { prototype: { measureLeaf(node: MeasuredLeaf): MeasuredLeaf } } }).default;
  const measureLeaf = DocMeasure.prototype.measureLeaf;
  const measured = new WeakMap<MeasuredLeaf, { items: Record<string, unknown>[]; minWidth: number; maxWidth: number }>();
  DocMeasure.prototype.measureLeaf = function (this: unknown, node: MeasuredLeaf) {
    const known = node._textRef === undefined ? measured.get(node) : undefined;
    if (known) {
      node._inlines = known.items.map((i) => ({ ...i }));
      node._minWidth = known.minWidth;
      node._maxWidth = known.maxWidth;
      return node;
    }
    const out = measureLeaf.call(this, node);
    if (node._textRef === undefined) measured.set(node, { items: out._inlines.map((i) => ({ ...i })), minWidth: out._minWidth, maxWidth: out._maxWidth });
    return out;
  };
}
memoizeLeafMeasures();

/**
 * pdfmake reads some twenty style properties of every inline (TextInlines.measure) through
 * StyleContextStack.getStyleProperty, which pushes the inline onto the style stack, builds a
 * closure per lookup and pops it again: the largest single source of garbage in a PDF (13 of 79 MB
 * allocated for a 19-page report), and garbage is what a batch's memory peak is made of. Pushing
 * the inline cannot change the answer when it has no value of its own and names no style (the
 * pushed inline is then only passed over), so that case reads the stack directly, and the stack is
 * read without a closure while it holds only override objects. Named styles (none of our documents
 * use them) take pdfmake's own path. Same answers, none of the garbage.
 */
interface StyleStack {
  styleOverrides: unknown[];
  defaultStyle?: Record<string, unknown>;
  getProperty(property: string): unknown;
}
function directStyleLookups(): void {
  const Stack = (requireCjs('pdfmake/js/StyleContextStack.js') as {
    default: { getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, fallback: unknown): unknown; prototype: StyleStack };
  }).default;
  const isValue = (v: unknown) => v !== undefined && v !== null;
  const getStyleProperty = Stack.getStyleProperty.bind(Stack);
  Stack.getStyleProperty = (item, stack, property, fallback) => {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return fallback;
    if (typeof item === 'object' && item !== null && (item as { style?: unknown }).style !== undefined) return getStyleProperty(item, stack, property, fallback);
    const value = stack.getProperty(property);
    return isValue(value) ? value : fallback;
  };
  const getProperty = Stack.prototype.getProperty;
  Stack.prototype.getProperty = function (this: StyleStack, property: string) {
    const overrides = this.styleOverrides;
    for (let i = overrides.length - 1; i >= 0; i--) {
      const item = overrides[i];
      if (typeof item !== 'object' || item === null) return getProperty.call(this, property);
      const value = (item as Record<string, unknown>)[property];
      if (isValue(value)) return value;
    }
    return this.defaultStyle && this.defaultStyle[property];
  };
}
directStyleLookups();

interface PdfDocumentProto {
  font(this: PdfDocumentInstance, src: unknown, ...rest: unknown[]): PdfDocumentInstance;
}
interface PdfDocumentInstance {
  virtualfs?: { existsSync(file: string): boolean; readFileSync(file: string): Buffer };
  _fontFamilies: Record<string, unknown>;
  _font: unknown;
}
// Before pdfkit is first loaded: see cacheParsedFonts.
cacheParsedFonts();
const PdfDocument = (requireCjs('pdfmake/js/PDFDocument.js') as { default: { prototype: PdfDocumentProto } }).default;

/**
 * svg-to-pdfkit sets chart text with doc.font(<font file path>). pdfkit does not cache a font opened
 * by path when an equal font is already open, so every chart label re-read the whole font file
 * (15 MB for LXGW WenKai) from disk and re-parsed it: most of a report's PDF time. Fonts of our
 * registry are opened once per document from memory and cached under their path.
 */
const originalFont = PdfDocument.prototype.font;
PdfDocument.prototype.font = function (this: PdfDocumentInstance, src: unknown, ...rest: unknown[]) {
  if (typeof src === 'string' && rest.length === 0 && !this._fontFamilies[src] && this.virtualfs?.existsSync(src)) {
    originalFont.call(this, this.virtualfs.readFileSync(src));
    this._fontFamilies[src] = this._font;
    shareLayouts(this._font);
    return this;
  }
  const out = originalFont.call(this, src, ...rest);
  if (src instanceof Uint8Array) shareLayouts(this._font);
  return out;
};

/**
 * Fonts parsed once per process, not once per document (profile of a 10-page report, issue 13):
 * pdfkit parses every font it is given from scratch for each document — the tables, the 15 MB CFF
 * of a CJK face when the subset is written — and shapes every word again through GSUB; together
 * about two thirds of a PDF's time. pdfkit calls fontkit.create(buffer, postscriptName) for each
 * document; for the registry's font buffers (marked by printPdf) the parsed font is kept and handed
 * out again. That is safe because pdfkit only reads a parsed font: each document gets its own
 * subset (font.createSubset()), and the decoded tables and glyphs fontkit caches on the font are
 * the same for every document.
 */
interface FontkitSubset {
  /** Glyph ids of the original font in the order they were added (the subset's glyph ids follow it). */
  glyphs: number[];
  encode(): Uint8Array;
}
interface FontkitFont {
  createSubset(): FontkitSubset;
}

/**
 * Subset results kept where the same glyph set recurs: documents of one kind with the same names
 * and figures (a report generated again, the same year's report in several forms) embed the same
 * glyphs in the same order, and writing a CJK subset costs tens of milliseconds. The subset's bytes
 * depend on nothing but the font and that ordered list, so they are kept per font for the last
 * SUBSETS_KEPT lists.
 */
const SUBSETS_KEPT = 8;
function reuseSubsets(font: FontkitFont): FontkitFont {
  const kept = new Map<string, Uint8Array>();
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      let bytes = kept.get(key);
      if (!bytes) {
        bytes = encode();
        kept.set(key, bytes);
        if (kept.size > SUBSETS_KEPT) kept.delete(kept.keys().next().value as string);
      }
      return bytes;
    };
    return subset;
  };
  return font;
}
const registryBuffers = new WeakSet<Uint8Array>();
onFontParsed((font) => {
  if (typeof (font as Partial<FontkitFont>).createSubset === 'function') reuseSubsets(font as unknown as FontkitFont);
});

/**
 * fontkit's CommonJS exports are fixed getters, so the cache goes in front of them: the module
 * object pdfkit will `require('fontkit')` is swapped in Node's module cache, before pdfkit is first
 * loaded (just below), for a copy whose create() hands out the thread's one parse of a registry
 * font (fonts/fontkit.ts). Returns false when pdfkit was already loaded by someone else (then
 * documents are simply parsed each time, as before).
 */
function cacheParsedFonts(): boolean {
  if (requireCjs.cache[requireCjs.resolve('pdfkit')]) return false;
  const entry = requireCjs.cache[FONTKIT_FILE] ?? (requireFromPdfkit('fontkit'), requireCjs.cache[FONTKIT_FILE]);
  if (!entry) return false;
  entry.exports = {
    ...fontkit,
    create: (buffer: Uint8Array, postscriptName?: string) =>
      registryBuffers.has(buffer) ? parseFont(buffer, postscriptName) : fontkit.create(buffer, postscriptName),
  } satisfies typeof fontkit;
  return true;
}
/**
 * pdfkit keeps the shaped words of a font (glyph ids and scaled positions, keyed by the word) per
 * document; for a shared parsed font the same words shape the same way in every document, so the
 * cache is kept with the font. It is dropped and started again past LAYOUT_CACHE_WORDS distinct
 * words, so a long-running worker that sets many different documents stays bounded.
 */
const LAYOUT_CACHE_WORDS = 50_000;
const layoutCaches = new WeakMap<object, { words: Record<string, unknown> }>();
function shareLayouts(embedded: unknown): void {
  const f = embedded as { font?: object; layoutCache?: Record<string, unknown> } | null;
  if (!f?.font || !f.layoutCache) return;
  let shared = layoutCaches.get(f.font);
  if (!shared || Object.keys(shared.words).length > LAYOUT_CACHE_WORDS) {
    shared = { words: Object.create(null) as Record<string, unknown> };
    layoutCaches.set(f.font, shared);
  }
  f.layoutCache = shared.words;
}

export async function printPdf(def: TDocumentDefinitions, fonts: FontRegistry, faces: Iterable<FontFace>): Promise<Buffer> {
  const { Printer, URLResolver } = pdfmakeClasses();
  for (const face of faces) registryBuffers.add(fonts.vfs.readFileSync(face.path));
  const resolver = new URLResolver(fonts.vfs);
  resolver.setUrlAccessPolicy(() => false);
  const printer = new Printer(fonts.pdfmakeFonts(faces), fonts.vfs, resolver, (file) => fonts.vfs.existsSync(file));
  const pdf = await printer.createPdfKitDocument(def);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
