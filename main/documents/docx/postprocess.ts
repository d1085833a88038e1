/**
 * XML the docx package cannot write, patched into the packed file:
 * - the GB/T faces in word/fontTable.xml with their Windows alternatives (w:altName), so Word
 *   shows 宋体 / 仿宋 / 楷体 where 方正小标宋简体 or the *_GB2312 fonts are not installed;
 * - paragraphs not snapping to the document grid (w:snapToGrid off in the default paragraph
 *   properties): every paragraph already has an exact line height on the 28.95 pt pitch, and
 *   LibreOffice would otherwise push table rows and titles onto whole grid lines;
 * - the vertical layout flow of a landscape page's number (the only text boxes in footers, see
 *   footers.ts): docx writes its text boxes with a fixed style.
 */
import JSZip from 'jszip';
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

export async function postprocessDocx(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const patch = async (name: string, fn: (xml: string) => string) => {
    const file = zip.file(name);
    if (file) zip.file(name, fn(await file.async('string')));
  };
  await patch('word/fontTable.xml', withFontAlternatives);
  await patch('word/styles.xml', withoutGridSnapping);
  for (const name of Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n))) await patch(name, withTurnedFooterText);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
