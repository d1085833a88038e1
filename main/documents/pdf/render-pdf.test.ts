import fs from 'node:fs';
import path from 'node:path';
import subsetFont from 'subset-font';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNotice } from '../builders/notice.js';
import { buildRegister } from '../builders/register.js';
import { createFontRegistry } from '../fonts/registry.js';
import { RARE_SCHOOLS, sampleNotice, sampleRegister, sampleReport } from '../testing/fixtures.js';
import { pdfFonts, pdfPageCount, pdfPageText, pdfText, tempDir } from '../testing/tools.js';
import { renderPdf } from './render-pdf.js';

describe('renderPdf', () => {
  const fonts = createFontRegistry();
  const input = sampleNotice();
  let dir: string;
  let noticePdf: string;
  let noticeResult: Awaited<ReturnType<typeof renderPdf>>;

  beforeAll(async () => {
    dir = await tempDir('pdf');
    noticeResult = await renderPdf(buildNotice(input), fonts);
    noticePdf = path.join(dir, 'notice.pdf');
    fs.writeFileSync(noticePdf, noticeResult.buffer);
  });

  it('finds every school name, code and figure of the notice in the text layer', async () => {
    const text = (await pdfText(noticePdf)).replace(/\s+/g, '');
    for (const s of input.schools) {
      expect(text).toContain(s.name);
      expect(text).toContain(s.code);
    }
    for (const name of RARE_SCHOOLS) expect(text).toContain(name);
    for (const fragment of ['城关县人民政府教育督导室', '城教督〔2026〕12号', '2026年3月4日', '0371-12345678', '抄送：', '2026年3月4日印发', '（此件公开发布）']) {
      expect(text).toContain(fragment);
    }
    expect(text).toContain(`参加本次督导评估的学校共${input.schools.length}所`);
  });

  it('embeds only subset fonts and reports them', async () => {
    const rows = await pdfFonts(noticePdf);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r, r.name).toMatchObject({ embedded: true, subset: true });
      expect(r.name).toMatch(/^[A-Z]{6}\+/);
    }
    expect(noticeResult.fontsUsed.length).toBeGreaterThanOrEqual(3);
    expect(noticeResult.warnings.some((w) => w.includes('没有字形'))).toBe(false);
  });

  it('numbers pages `— N —` and puts the colophon on the last page', async () => {
    const pages = await pdfPageCount(noticePdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect((await pdfPageText(noticePdf, 1)).replace(/\s+/g, '')).toContain('—1—');
    expect((await pdfPageText(noticePdf, 2)).replace(/\s+/g, '')).toContain('—2—');
    const last = (await pdfPageText(noticePdf, pages)).replace(/\s+/g, '');
    expect(last).toContain('抄送：');
    expect(last).toContain('附件2');
  });

  it('falls back font by font for characters the role font lacks (𬱖 is not in the narrow face)', async () => {
    // A narrow fangsong face built here: a HarfBuzz subset of a font .ci/run installs, holding the
    // test's text except 𬱖, the way 仿宋_GB2312 covers only GB2312 on Windows.
    const text = `学校：${RARE_SCHOOLS[0]}、${RARE_SCHOOLS[1]}`;
    const source = fonts
      .chain('fangsong')
      .find((f) => !f.postscriptName && [...text].every((ch) => ch === '𬱖' || f.hasGlyph(ch.codePointAt(0) ?? 0)));
    expect(source, 'no single-file font (fonts-lxgw-wenkai) covers the test text; run bash .ci/run').toBeDefined();
    const narrowText = [...new Set(text)].filter((ch) => ch !== '𬱖').join('');
    const narrowFile = path.join(dir, 'narrow-fangsong.ttf');
    fs.writeFileSync(narrowFile, await subsetFont(source!.bytes(), narrowText, { targetFormat: 'sfnt' }));
    const label = 'Narrow FangSong (test subset)';
    const narrow = createFontRegistry({ candidates: { fangsong: [{ label, file: narrowFile, source: 'system' }] } });
    const own = narrow.primary('fangsong');
    expect(own.label).toBe(label);
    expect(own.hasGlyph('𬱖'.codePointAt(0)!)).toBe(false);
    expect(own.hasGlyph('溪'.codePointAt(0)!)).toBe(true);
    const { segments, missing } = narrow.segment(text, 'fangsong');
    expect(missing).toEqual([]);
    const rare = segments.find((s) => s.text.includes('𬱖'));
    expect(rare?.text).toBe('𬱖');
    expect(rare?.face.label).not.toBe(label);
    expect(segments.filter((s) => s.face.label === label).map((s) => s.text).join('')).toBe(text.replace('𬱖', ''));
    const result = await renderPdf(
      { body: [{ type: 'paragraph', text: `${RARE_SCHOOLS[0]}、${RARE_SCHOOLS[1]}` }], pageNumbers: false },
      narrow,
    );
    const file = path.join(dir, 'fallback.pdf');
    fs.writeFileSync(file, result.buffer);
    expect(result.fontsUsed).toContain(label);
    expect(result.fontsUsed).toContain(rare!.face.label);
    expect((await pdfText(file)).replace(/\s+/g, '')).toContain(`${RARE_SCHOOLS[0]}、${RARE_SCHOOLS[1]}`);
  });

  it('warns about characters no font has', async () => {
    const result = await renderPdf({ body: [{ type: 'paragraph', text: '测试\u{10FFFD}' }], pageNumbers: false }, fonts);
    expect(result.warnings.join()).toContain('没有字形');
  });

  it('renders the register on landscape pages with the header repeated, and the report with its chart text', async () => {
    const register = await renderPdf(buildRegister(sampleRegister()), fonts);
    const file = path.join(dir, 'register.pdf');
    fs.writeFileSync(file, register.buffer);
    const pages = await pdfPageCount(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) expect((await pdfPageText(file, p)).replace(/\s+/g, '')).toContain('学校名称');
    const report = await renderPdf(sampleReport(), fonts);
    const reportFile = path.join(dir, 'report.pdf');
    fs.writeFileSync(reportFile, report.buffer);
    const text = (await pdfText(reportFile)).replace(/\s+/g, '');
    // Chart labels are real (searchable) text in the SVG.
    for (const s of ['小学差异系数', '骨干教师', '0.301', '0.221', '表1', '图1']) expect(text).toContain(s);
  });
});
