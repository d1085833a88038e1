/**
 * Read-back of the real documents built from the demo district: the balance report's PDF holds
 * every school name and every coefficient as the balance service computes it, fonts are embedded
 * subsets, LibreOffice converts the register's DOCX, and each type leaves PNG pages in
 * tests/output/documents/<type>/ for review. One PDF per type: each proves its point once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedDocuments } from '../../../shared/api/contracts/documents';
import { formatForDisplay } from '../../../shared/domain/balance';
import { contactSheet } from '../../documents/testing/contact-sheet';
import { libreOfficeToPdf, OUTPUT_DIR, pdfFonts, pdfText, pdfToPngs } from '../../documents/testing/tools';
import { tempCore } from '../../testing/temp-core';
import { computeYear } from '../balance-service';
import { DEMO_SCHOOLS } from '../demo/demo-district';
import { loadDemo } from '../demo/demo-service';
import { NOTICE } from './test-fixtures';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeAll(async () => {
  core = await tempCore();
  await loadDemo(core.ctx, false);
});
afterAll(async () => core.dispose());

async function generate(document: unknown, formats: string[], type: string): Promise<Record<string, string>> {
  const r = await core.dispatch('documents.generate', { document, formats });
  if (!r.ok) throw new Error(r.error.message);
  const value = r.value as GeneratedDocuments;
  const dir = path.join(OUTPUT_DIR, type);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const f of value.files) {
    const ext = path.extname(f.fileName).slice(1);
    out[ext] = path.join(dir, `${type}.${ext}`);
    fs.copyFileSync(core.ctx.files.download(f.ref).path, out[ext]);
  }
  fs.writeFileSync(path.join(dir, 'info.json'), JSON.stringify({ files: value.files.map((f) => f.fileName), warnings: value.warnings, fontsUsed: value.fontsUsed }, null, 2));
  return out;
}

async function pages(pdf: string, prefix: string, perRow: number): Promise<void> {
  const pngs = await pdfToPngs(pdf, path.join(path.dirname(pdf), prefix));
  expect(pngs.length).toBeGreaterThan(0);
  contactSheet(pngs, path.join(path.dirname(pdf), `${prefix}-sheet.png`), perRow);
}

const flat = (s: string) => s.replace(/\s+/g, '');

describe('documents from the demo district', () => {
  it('balance report PDF: every school, every coefficient (4 decimals), embedded subset fonts', { timeout: 120_000 }, async () => {
    const files = await generate({ kind: 'balance', year: 2025 }, ['pdf'], 'balance-report');
    const text = flat(await pdfText(files.pdf));
    for (const s of DEMO_SCHOOLS) expect(text, s.input.name).toContain(s.input.name);
    const view = await computeYear(core.ctx, { year: 2025 });
    for (const section of view.result.sections) {
      for (const i of section.indicators) expect(text, `${section.label} ${i.code}`).toContain(formatForDisplay(i.cv, 'cv'));
      expect(text).toContain(formatForDisplay(section.composite.cv, 'cv'));
    }
    expect(text).toContain('测算结论');
    const fonts = await pdfFonts(files.pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, subset: true });
    await pages(files.pdf, 'pdf', 5);
  });

  it('school register DOCX converts with LibreOffice; its PDF is landscape with every school', { timeout: 150_000 }, async () => {
    const files = await generate({ kind: 'register', includeClosed: true }, ['docx', 'pdf'], 'school-register');
    const lo = await libreOfficeToPdf(files.docx, path.dirname(files.docx).concat('/libreoffice'));
    const [ours, theirs] = await Promise.all([pdfText(files.pdf), pdfText(lo)]);
    for (const s of DEMO_SCHOOLS) {
      expect(flat(ours), s.input.name).toContain(s.input.name);
      expect(flat(theirs), `LibreOffice: ${s.input.name}`).toContain(s.input.name);
    }
    await pages(files.pdf, 'pdf', 3);
    await pages(lo, 'docx', 3);
  });

  it('notice PDF carries the number, the selected schools and the schedule', { timeout: 120_000 }, async () => {
    const files = await generate({ kind: 'notice', notice: NOTICE }, ['pdf'], 'notice');
    const text = flat(await pdfText(files.pdf));
    expect(text).toContain('云教督〔2026〕1号');
    for (const s of DEMO_SCHOOLS.filter((d) => d.input.type === '小学' && d.input.status !== '撤并')) expect(text).toContain(s.input.name);
    expect(text).not.toContain('柳林乡河湾小学'); // closed (撤并): not a participant
    expect(text).toContain('工作日程安排表');
    await pages(files.pdf, 'pdf', 4);
  });
});
