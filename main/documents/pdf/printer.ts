/**
 * pdfmake 0.3's Node entry point is a singleton with global fonts and a console warning per call;
 * batch export needs a printer per font registry instead, so this drives pdfmake's Printer directly
 * with the registry's in-memory font files and no network or file access beyond them.
 */
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
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

interface PdfDocumentProto {
  font(this: PdfDocumentInstance, src: unknown, ...rest: unknown[]): PdfDocumentInstance;
}
interface PdfDocumentInstance {
  virtualfs?: { existsSync(file: string): boolean; readFileSync(file: string): Buffer };
  _fontFamilies: Record<string, unknown>;
  _font: unknown;
}
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
    return this;
  }
  return originalFont.call(this, src, ...rest);
};

export async function printPdf(def: TDocumentDefinitions, fonts: FontRegistry, faces: Iterable<FontFace>): Promise<Buffer> {
  const { Printer, URLResolver } = pdfmakeClasses();
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
