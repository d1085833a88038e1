/**
 * End to end: each document type is rendered as DOCX and PDF, the DOCX is converted by LibreOffice
 * headless, and both PDFs are read back and rasterised into tests/output/documents/<type>/ for review
 * (pdf-N.png: our PDF; docx-N.png: LibreOffice's rendering of our DOCX; sheet.png: all pages).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNotice, dateRange } from './builders/notice.js';
import { buildRegister } from './builders/register.js';
import { renderDocx } from './docx/render-docx.js';
import { createFontRegistry } from './fonts/registry.js';
import type { DocModel } from './model.js';
import { renderPdf } from './pdf/render-pdf.js';
import { contactSheet } from './testing/contact-sheet.js';
import { sampleNotice, sampleRegister, sampleReport } from './testing/fixtures.js';
import { libreOfficeToPdf, OUTPUT_DIR, pdfPageCount, pdfText, pdfToPngs } from './testing/tools.js';

const fonts = createFontRegistry();
const notice = sampleNotice();
const register = sampleRegister();

const cases: { type: string; doc: DocModel; mustContain: string[]; oneLine?: string[] }[] = [
  {
    type: 'notice',
    doc: buildNotice(notice),
    mustContain: [...notice.schools.map((s) => s.name), ...notice.schools.map((s) => s.code), '城教督〔2026〕12号'],
    // Codes and date ranges in the attachments' tables never break across lines, in either format.
    oneLine: [...notice.schools.map((s) => s.code), ...notice.stages.map((s) => dateRange(s.start, s.end))],
  },
  { type: 'register', doc: buildRegister(register), mustContain: register.rows.map((r) => String(r.name)) },
  { type: 'report', doc: sampleReport(), mustContain: ['0.412', '0.538', '𬱖溪镇中心小学', '堃山九年一贯制学校'] },
];

describe.each(cases)('$type: DOCX and PDF agree', ({ type, doc, mustContain, oneLine = [] }) => {
  it('renders both formats, LibreOffice converts the DOCX, and the page counts differ by at most one', { timeout: 120_000 }, async () => {
    const dir = path.join(OUTPUT_DIR, type);
    await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.mkdir(path.join(dir, 'libreoffice'), { recursive: true });

    const [docx, pdf] = await Promise.all([renderDocx(doc, { fonts }), renderPdf(doc, fonts)]);
    const docxFile = path.join(dir, `${type}.docx`);
    const pdfFile = path.join(dir, `${type}.pdf`);
    fs.writeFileSync(docxFile, docx.buffer);
    fs.writeFileSync(pdfFile, pdf.buffer);
    fs.writeFileSync(
      path.join(dir, 'fonts.json'),
      JSON.stringify({ pdf: { fontsUsed: pdf.fontsUsed, warnings: pdf.warnings }, docx: { fontsUsed: docx.fontsUsed, warnings: docx.warnings } }, null, 2),
    );

    const loPdf = await libreOfficeToPdf(docxFile, path.join(dir, 'libreoffice'));
    const [ours, theirs] = await Promise.all([pdfPageCount(pdfFile), pdfPageCount(loPdf)]);
    expect(Math.abs(ours - theirs), `our PDF ${ours} pages, LibreOffice ${theirs} pages`).toBeLessThanOrEqual(1);

    const [ourText, loText] = await Promise.all([pdfText(pdfFile), pdfText(loPdf)]);
    const flat = (s: string) => s.replace(/\s+/g, '');
    for (const s of mustContain) {
      expect(flat(ourText), `PDF: ${s}`).toContain(s);
      expect(flat(loText), `DOCX via LibreOffice: ${s}`).toContain(s);
    }
    if (oneLine.length) {
      const lines = async (f: string) => (await pdfText(f, true)).split('\n').map(flat);
      const [ourLines, loLines] = await Promise.all([lines(pdfFile), lines(loPdf)]);
      for (const s of oneLine) {
        expect(ourLines.some((l) => l.includes(s)), `PDF, on one line: ${s}`).toBe(true);
        expect(loLines.some((l) => l.includes(s)), `DOCX via LibreOffice, on one line: ${s}`).toBe(true);
      }
    }

    const pages = [...(await pdfToPngs(pdfFile, path.join(dir, 'pdf'))), ...(await pdfToPngs(loPdf, path.join(dir, 'docx')))];
    expect(pages.length).toBe(ours + theirs);
    contactSheet(pages, path.join(dir, 'sheet.png'), Math.max(ours, theirs));
  });
});
