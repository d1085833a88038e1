/**
 * XML the docx package cannot write, patched into the package's files before they are zipped (once):
 * - the GB/T faces in word/fontTable.xml with their Windows alternatives (w:altName), so Word
 *   shows 宋体 / 仿宋 / 楷体 where 方正小标宋简体 or the *_GB2312 fonts are not installed;
 * - paragraphs not snapping to the document grid (w:snapToGrid off in the default paragraph
 *   properties): every paragraph already has an exact line height on the 28.95 pt pitch, and
 *   LibreOffice would otherwise push table rows and titles onto whole grid lines;
 * - the vertical layout flow of a landscape page's number (the only text boxes in footers, see
 *   footers.ts): docx writes its text boxes with a fixed style.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { DOCX_FONT_NAMES } from '../fonts/roles.js';
import { TURNED_TEXTBOX_STYLE } from './footers.js';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function fontEntry(name: string, altName?: string): string {
  // charset 86 = GB2312: tells Word the face is Simplified Chinese when it has to substitute.
  return (
    `<w:font w:name="${escapeXml(name)}">` +
    (altName ? `<w:altName w:val="${escapeXml(altName)}"/>` : '') +
    '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
  );
}

export function withFontAlternatives(fontTableXml: string): string {
  const entries = Object.values(DOCX_FONT_NAMES)
    .flatMap((f) => [fontEntry(f.name, f.altName), ...(f.altName ? [fontEntry(f.altName)] : [])])
    .filter((entry) => !fontTableXml.includes(/w:name="[^"]+"/.exec(entry)?.[0] ?? '\0'));
  const unique = [...new Set(entries)];
  if (unique.length === 0) return fontTableXml;
  const body = unique.join('');
  // docx writes an empty table as a self-closing <w:fonts .../>.
  return fontTableXml.includes('</w:fonts>')
    ? fontTableXml.replace('</w:fonts>', `${body}</w:fonts>`)
    : fontTableXml.replace(/<w:fonts\b([^>]*?)\/>/, `<w:fonts$1>${body}</w:fonts>`);
}

export function withoutGridSnapping(stylesXml: string): string {
  // In CT_PPrBase, w:snapToGrid comes right before w:spacing.
  return stylesXml.replace(/(<w:pPrDefault><w:pPr>)(.*?)(<w:spacing )/, '$1$2<w:snapToGrid w:val="0"/>$3');
}

export function withTurnedFooterText(footerXml: string): string {
  return footerXml.replace(/<v:textbox style="[^"]*"/g, `<v:textbox style="${TURNED_TEXTBOX_STYLE}" inset="0,0,0,0"`);
}

/** The patches above applied to a package's files (path → XML text or bytes), in place. */
export function patchPackageFiles(files: Map<string, string | Uint8Array>): void {
  const patch = (name: string, fn: (xml: string) => string) => {
    const data = files.get(name);
    if (typeof data === 'string') files.set(name, fn(data));
    else if (data) files.set(name, fn(Buffer.from(data).toString('utf8')));
  };
  patch('word/fontTable.xml', withFontAlternatives);
  patch('word/styles.xml', withoutGridSnapping);
  for (const name of [...files.keys()].filter((n) => /^word\/footer\d+\.xml$/.test(n))) patch(name, withTurnedFooterText);
}

/**
 * Zips a package's files once, in their order ([Content_Types].xml first, as docx gives it), each
 * DEFLATE-compressed. Packing with docx and then unpacking to patch compressed everything twice.
 */
export function zipPackage(files: Map<string, string | Uint8Array>): Buffer {
  const entries: Zippable = {};
  // Images are compressed already: deflating a chart's PNG again took most of the zip time for 3% less.
  for (const [name, data] of files) entries[name] = typeof data === 'string' ? strToU8(data) : /\.(png|jpe?g|gif)$/i.test(name) ? [data, { level: 0 }] : data;
  // fflate (docx's own zip library) deflates several times faster than JSZip's pako; level 1 halves
  // the time of level 6 again for a document.xml about a third larger (21 KB instead of 15 KB in a
  // 19-page report whose two chart images take 130 KB).
  const zipped = zipSync(entries, { level: 1 });
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
