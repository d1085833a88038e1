/**
 * Read-back tests of the body typesetting (issue 13, GB/T 9704-2012 §7.3.3 and domain.md §6):
 * 16 pt text, 28 characters a line, justified lines and Chinese line-breaking rules, read from the
 * PDF with `pdftotext -bbox` and from the DOCX as LibreOffice sets it.
 */
import JSZip from 'jszip';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from './docx/render-docx.js';
import { createFontRegistry } from './fonts/registry.js';
import { CHAR_PITCH_PT, LINE_PITCH_PT, MARGINS_MM, mmToPt, TEXT_WIDTH_PT } from './layout.js';
import { breakLines, canBreakBetween, NO_LINE_END, NO_LINE_START, splitGraphemes } from './line-break.js';
import type { DocModel } from './model.js';
import { FontUsage } from './pdf/font-usage.js';
import { layoutGridParagraph } from './pdf/grid-paragraph.js';
import { renderPdf } from './pdf/render-pdf.js';
import { planDocument } from './plan.js';
import { libreOfficeToPdf, pdfPageCount, pdfTextLines, type PdfTextLine, tempDir } from './testing/tools.js';

const LEFT = mmToPt(MARGINS_MM.left);
const RIGHT = LEFT + TEXT_WIDTH_PT;
const PLAIN = '一二三四五六七八九十'.repeat(8);
const chars = (s: string) => [...s].length;

// Paragraph 1: the first line (2-character indent) holds 26 characters, and the 27th is "，".
const COMMA_AT_START = `${'甲'.repeat(26)}，${'乙'.repeat(30)}。`;
// Paragraph 2 (no indent): the 28th character is "（", which may not end a line.
const BRACKET_AT_END = `${'丙'.repeat(27)}（${'丁'.repeat(10)}）${'戊'.repeat(20)}。`;
// Paragraph 3 (no indent): "2026" would straddle the end of the first line.
const NUMBER_AT_END = `${'己'.repeat(26)}2026年${'庚'.repeat(30)}。`;

const sampleDoc = (): DocModel => ({
  body: [
    { type: 'paragraph', text: COMMA_AT_START },
    { type: 'paragraph', text: BRACKET_AT_END, indent: false },
    { type: 'paragraph', text: NUMBER_AT_END, indent: false },
    { type: 'paragraph', text: PLAIN, indent: false },
  ],
  pageNumbers: false,
});

describe('line breaking rules', () => {
  it('never breaks before closing or after opening punctuation, nor inside a number', () => {
    expect(canBreakBetween('甲', '，')).toBe(false);
    expect(canBreakBetween('（', '甲')).toBe(false);
    expect(canBreakBetween('2', '0')).toBe(false);
    expect(canBreakBetween('甲', '乙')).toBe(true);
    expect(canBreakBetween('。', '甲')).toBe(true);
    const g = splitGraphemes(`${'甲'.repeat(9)}“乙”。${'丙'.repeat(9)}`);
    const lines = breakLines({ graphemes: g, widths: g.map(() => 10), spacing: 0, firstWidth: 100, width: 100 });
    for (const l of lines) {
      expect(NO_LINE_START.has(g[l.start])).toBe(false);
      expect(NO_LINE_END.has(g[l.end - 1])).toBe(false);
    }
    // "“" was the 10th character: pushed down with the character before it.
    expect(lines[0].end).toBe(9);
    expect(lines.at(-1)?.last).toBe(true);
  });
});

describe('PDF body typesetting', () => {
  let lines: PdfTextLine[];
  const lineOf = (fragment: string) => lines.filter((l) => l.text.includes(fragment));

  beforeAll(async () => {
    const dir = await tempDir('typeset');
    const file = path.join(dir, 'body.pdf');
    fs.writeFileSync(file, (await renderPdf(sampleDoc(), createFontRegistry())).buffer);
    lines = await pdfTextLines(file);
  });

  it('sets body text at 16 pt, 28 characters a line on the 15.79 pt grid pitch', () => {
    const plain = lines.filter((l) => /^[一二三四五六七八九十]+$/.test(l.text));
    expect(plain.map((l) => chars(l.text))).toEqual([28, 28, 24]);
    for (const l of plain) expect(l.xMin).toBeCloseTo(LEFT, 1);
    // The last line is not stretched: n characters span (n − 1) pitches plus one glyph, and the glyph is 16 pt wide.
    const last = plain[2];
    const glyph = last.xMax - last.xMin - (chars(last.text) - 1) * CHAR_PITCH_PT;
    expect(glyph).toBeCloseTo(16, 1);
    expect(last.xMax).toBeLessThan(RIGHT - 50);
  });

  it('justifies every line but a paragraph’s last to both margins', () => {
    for (const fragment of ['甲甲', '丙丙', '己己', '一二']) {
      const [first, ...rest] = lineOf(fragment);
      expect(first.xMax, fragment).toBeCloseTo(RIGHT, 1);
      expect(rest.at(-1)?.xMax ?? RIGHT, fragment).toBeLessThanOrEqual(RIGHT + 0.01);
    }
    // The first line keeps its 2-character indent.
    expect(lineOf('甲甲')[0].xMin).toBeCloseTo(LEFT + 2 * CHAR_PITCH_PT, 1);
  });

  it('keeps closing punctuation off a line start, opening punctuation off a line end, and numbers whole', () => {
    for (const l of lines) {
      expect(NO_LINE_START.has(l.text[0]), l.text).toBe(false);
      expect(NO_LINE_END.has(l.text.at(-1) ?? ''), l.text).toBe(false);
    }
    // "，" would have started line 2: the 26th 甲 went down with it, and line 1 is spread over 25 characters.
    expect(lineOf('甲')[0].text).toBe('甲'.repeat(25));
    expect(lineOf('甲')[1].text.startsWith('甲，')).toBe(true);
    // "（" would have ended line 1: it starts line 2 instead.
    expect(lineOf('丙')[0].text).toBe('丙'.repeat(27));
    expect(lineOf('丁')[0].text.startsWith('（丁')).toBe(true);
    // "2026" does not split.
    expect(lineOf('己')[0].text).toBe('己'.repeat(26));
    expect(lineOf('2026')[0].text.startsWith('2026年')).toBe(true);
  });
});

describe('DOCX body typesetting in LibreOffice', () => {
  it('sets 28 characters a line (26 after the first-line indent)', async () => {
    const dir = await tempDir('typeset-docx');
    const docx = path.join(dir, 'body.docx');
    const doc: DocModel = { body: [{ type: 'paragraph', text: PLAIN }, { type: 'paragraph', text: PLAIN, indent: false }], pageNumbers: false };
    fs.writeFileSync(docx, (await renderDocx(doc)).buffer);
    const pdf = await libreOfficeToPdf(docx, dir);
    const counts = (await pdfTextLines(pdf)).map((l) => chars(l.text));
    expect(counts).toEqual([26, 28, 26, 28, 28, 24]);
  }, 120_000);
});

describe('closing block kept with the body', () => {
  // Body lines "第N行……" fill the page to different depths, so that in one variant or another the
  // signature, the date or part of the attachment note would fall onto the next page by itself.
  const closingDoc = (bodyLines: number): DocModel => ({
    body: Array.from({ length: bodyLines }, (_, i) => ({ type: 'paragraph' as const, text: `第${i + 1}行正文内容`, indent: false })),
    attachments: [
      { title: '城关县2026年义务教育优质均衡发展督导评估参评学校名单及报送编码一览表（按学段排列）', blocks: [{ type: 'paragraph', text: '名单。' }] },
      { title: '日程安排', blocks: [{ type: 'paragraph', text: '日程。' }] },
    ],
    signature: { issuer: '城关县人民政府教育督导室', date: '2026-03-04' },
    note: '（此件公开发布）',
  });

  it('never leaves the signature, the date, the 附注 or a piece of the attachment note without a body line on its page', async () => {
    const dir = await tempDir('closing');
    const fonts = createFontRegistry();
    // 13–22 body lines: the note (3 lines), the seal space (2), the signature (2) and the 附注 cross the page end at every point.
    for (let n = 13; n <= 22; n++) {
      const file = path.join(dir, `closing-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(closingDoc(n), fonts)).buffer);
      const lines = await pdfTextLines(file);
      // The main text only: the attachments start on new pages at "附件1".
      const all = lines.slice(0, lines.findIndex((l) => l.text === '附件1'));
      const pageOf = (pred: (t: string) => boolean) => [...new Set(all.filter((l) => pred(l.text)).map((l) => l.page))];
      const closing = pageOf(
        (t) => t.startsWith('附件：') || t.includes('一览表') || t.startsWith('2.日程') || t.includes('督导室') || t === '2026年3月4日' || t.includes('此件公开发布'),
      );
      expect(closing, `${n} body lines`).toHaveLength(1);
      const bodyPages = pageOf((t) => /^第\d+行/.test(t));
      expect(bodyPages, `${n} body lines`).toContain(closing[0]);
    }
  }, 120_000);

  it('binds the note and signature in the DOCX with keep-with-next and keep-lines', async () => {
    const zip = await JSZip.loadAsync((await renderDocx(closingDoc(3))).buffer);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const para = (text: string) => new RegExp(`<w:p>(?:(?!<w:p>).)*?${text}`).exec(xml)?.[0] ?? '';
    for (const text of ['第3行正文内容', '附件：1.', '2.日程安排', '城关县人民政府教育督导室']) expect(para(text), text).toContain('<w:keepNext/>');
    for (const text of ['附件：1.', '2.日程安排', '城关县人民政府教育督导室']) expect(para(text), text).toContain('<w:keepLines/>');
    expect(para('第2行正文内容')).not.toContain('<w:keepNext/>');
  });
});

describe('colophon on the last even page', () => {
  const colophonDoc = (bodyLines: number): DocModel => ({
    body: Array.from({ length: bodyLines }, (_, i) => ({ type: 'paragraph' as const, text: `第${i + 1}行正文内容`, indent: false })),
    colophon: { cc: ['县人民政府办公室', '县教育局各股室'], printer: '城关县人民政府教育督导室', printDate: '2026-03-04' },
  });

  it('puts the colophon alone at the foot of an even page, inserting an unnumbered blank page when needed', async () => {
    const dir = await tempDir('colophon');
    const fonts = createFontRegistry();
    const seen = new Set<string>();
    // 22 lines fill a page: the text ends on odd pages with room, on full odd pages and on even pages.
    for (const n of [3, 21, 22, 30, 40, 44, 45, 64]) {
      const file = path.join(dir, `colophon-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(colophonDoc(n), fonts)).buffer);
      const lines = await pdfTextLines(file);
      const pages = Math.max(...lines.map((l) => l.page), await pdfPageCount(file));
      const on = (page: number) => lines.filter((l) => l.page === page).map((l) => l.text);
      const last = on(pages);
      expect(pages % 2, `${n} lines: ${pages} pages`).toBe(0);
      expect(last.some((t) => t.includes('2026年3月4日印发')), `${n}`).toBe(true);
      // The colophon's last rule sits on the bottom of the text block: its text is in the page's lower part.
      const printed = lines.find((l) => l.page === pages && l.text.includes('印发'));
      expect(printed?.yMax ?? 0).toBeGreaterThan(mmToPt(297 - MARGINS_MM.bottom) - 40);
      // No number on the colophon page; a page before it without text is blank, number included.
      expect(last.some((t) => /^—\d+—$/.test(t.replace(/\s/g, '')))).toBe(false);
      const before = on(pages - 1);
      const blank = before.length === 0;
      if (blank) seen.add('blank');
      else {
        seen.add(before.some((t) => t.startsWith('第')) && last.some((t) => t.startsWith('第')) ? 'shared' : 'own');
        expect(before.some((t) => t.replace(/\s/g, '') === `—${pages - 1}—`), `${n}: page ${pages - 1} numbered`).toBe(true);
      }
    }
    // The variants covered all three cases: colophon under the text, on a page of its own, after a blank page.
    expect([...seen].sort()).toEqual(['blank', 'own', 'shared']);
  }, 120_000);

  it('puts the DOCX colophon where the PDF has it: under the text, or on an even page of its own, after an unnumbered blank page when needed', async () => {
    const dir = await tempDir('colophon-docx');
    const fonts = createFontRegistry();
    const pagesOf = (text: string) =>
      text
        .split('\f')
        .slice(0, -1)
        .map((p) => `${p.includes('印发') ? 'C' : ''}${p.includes('正文') ? 'T' : ''}${/—\s*\d+\s*—/.test(p) ? 'n' : ''}` || 'blank');
    // 3 lines: the colophon on page 2 alone; 30: under the text on page 2; 44: two full pages, a blank page, then the colophon.
    const expected: Record<number, { placement: string; pages: string[] }> = {
      3: { placement: 'own', pages: ['Tn', 'C'] },
      30: { placement: 'shared', pages: ['Tn', 'CTn'] },
      44: { placement: 'afterBlank', pages: ['Tn', 'Tn', 'blank', 'C'] },
    };
    for (const [n, want] of Object.entries(expected)) {
      const pdf = await renderPdf(colophonDoc(Number(n)), fonts);
      expect(pdf.colophonPlacement).toBe(want.placement);
      const docx = await renderDocx(colophonDoc(Number(n)), { fonts });
      const xml = await (await JSZip.loadAsync(docx.buffer)).file('word/document.xml')!.async('string');
      const sections = xml.match(/<w:sectPr\b.*?<\/w:sectPr>/g) ?? [];
      // The colophon's own page starts on an even page in Word; the blank page before it is a section of its own.
      expect(sections.at(-1)!.includes('<w:type w:val="evenPage"/>'), n).toBe(want.placement !== 'shared');
      expect(sections.length, n).toBe(want.placement === 'shared' ? 1 : want.placement === 'own' ? 2 : 3);
      const file = path.join(dir, `colophon-${n}.docx`);
      fs.writeFileSync(file, docx.buffer);
      const lo = await libreOfficeToPdf(file, dir);
      const text = await import('node:child_process').then(
        (cp) => new Promise<string>((resolve, reject) => cp.execFile('pdftotext', ['-layout', lo, '-'], (e, out) => (e ? reject(e) : resolve(out)))),
      );
      // The PDF's numbers aside: the DOCX numbers the shared colophon page (Word has no "last page" footer).
      expect(pagesOf(text), n).toEqual(want.pages);
    }
  }, 120_000);
});

describe('grid lines across font changes', () => {
  it('justifies a line whose runs change face to the right edge', () => {
    const plan = planDocument({
      body: [{ type: 'paragraph', indent: false, runs: [{ text: '（一）加强组织领导。', font: 'kaiti' }, { text: '乙'.repeat(40), font: 'fangsong' }] }],
    });
    const para = plan.items[0];
    if (para.kind !== 'paragraph') throw new Error('expected a paragraph');
    const { lines } = layoutGridParagraph(para, new FontUsage(createFontRegistry()));
    expect(lines[0].text).toHaveLength(28);
    expect(lines[0].width).toBeCloseTo(TEXT_WIDTH_PT, 2);
    expect(lines.at(-1)?.last).toBe(true);
  });
});

describe('tables running onto later pages, and landscape pages', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => [String(i + 1), `第${i + 1}所学校`, '小学']);
  const doc = (): DocModel => ({
    title: '关于学校名单的说明',
    body: [
      { type: 'paragraph', text: '名单如下。' },
      { type: 'table', caption: '表1 学校名单', columns: [{ width: 1 }, { width: 4 }, { width: 2 }], header: [['序号', '学校名称', '类型']], rows: rows(70) },
    ],
    attachments: [
      {
        title: '学校情况统计表',
        landscape: true,
        blocks: [{ type: 'table', columns: [{ width: 1 }, { width: 6 }, { width: 3 }], header: [['序号', '学校名称', '类型']], rows: rows(50) }],
      },
    ],
    pageNumbers: true,
  });

  it('sets 续表 above the repeated header of every later page of a table, and not on its first page', async () => {
    const dir = await tempDir('continued');
    const file = path.join(dir, 'continued.pdf');
    fs.writeFileSync(file, (await renderPdf(doc(), createFontRegistry())).buffer);
    const lines = await pdfTextLines(file);
    const marks = lines.filter((l) => /^续表/.test(l.text));
    const pagesOf = (text: string) => [...new Set(lines.filter((l) => l.text.includes(text)).map((l) => l.page))];
    // The portrait table (captioned 表1) runs over pages 1–3: 续表1 on pages 2 and 3 only; the
    // uncaptioned landscape table gets a plain 续表 on each page after its first.
    expect(pagesOf('名单如下。')).toEqual([1]);
    expect(pagesOf('第70所学校')[0]).toBe(3);
    expect(marks.filter((m) => m.text === '续表1').map((m) => m.page)).toEqual([2, 3]);
    expect(marks.filter((m) => m.text === '续表').length).toBeGreaterThan(0);
    for (const m of marks) {
      // Above the header row, which starts the text block of the page, and at its left edge.
      const header = lines.find((l) => l.page === m.page && l.text.startsWith('序号'))!;
      expect(header, `page ${m.page}`).toBeDefined();
      expect(m.yMax).toBeLessThan(header.yMin);
      expect(header.yMin - m.yMax).toBeLessThan(12);
      // The text block's left edge: 28 mm on portrait pages, 35 mm on landscape ones.
      expect([mmToPt(28), mmToPt(35)].some((x) => Math.abs(m.xMin - x) < 0.5), `${m.xMin}`).toBe(true);
    }
    expect(marks.some((m) => m.page === pagesOf('名单如下。')[0])).toBe(false);
  }, 60_000);

  it('numbers a landscape page where the bound portrait reader looks: on its left edge, turned, near the outer corner', async () => {
    const dir = await tempDir('landscape-number');
    const file = path.join(dir, 'landscape.pdf');
    fs.writeFileSync(file, (await renderPdf(doc(), createFontRegistry())).buffer);
    const { stdout } = await import('node:child_process').then((cp) =>
      new Promise<{ stdout: string }>((resolve, reject) =>
        cp.execFile('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 }, (e, out) => (e ? reject(e) : resolve({ stdout: out }))),
      ),
    );
    const pages = stdout.split('<page ').slice(1);
    const landscape = pages.map((p, i) => ({ page: i + 1, xml: p })).filter((p) => /^width="841/.test(p.xml));
    expect(landscape.length).toBeGreaterThan(1);
    for (const { page, xml } of landscape) {
      const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: m[5],
      }));
      const number = words.filter((w) => w.text === String(page));
      // The turned number sits in the left margin (35 mm = 99.2 pt), 7 mm off the text block …
      const inMargin = number.filter((w) => w.xMax < 99.2 - mmToPt(6) && w.xMin > 40);
      expect(inMargin, `page ${page}`).toHaveLength(1);
      // … toward the bottom of the landscape page on odd pages (the sheet's outer corner), the top on even ones.
      const mid = 595.3 / 2;
      if (page % 2 === 1) expect(inMargin[0].yMin).toBeGreaterThan(mid);
      else expect(inMargin[0].yMax).toBeLessThan(mid);
      // Nothing is numbered at the bottom of the landscape page.
      expect(words.some((w) => w.yMin > 595.3 - mmToPt(26) && w.text === String(page))).toBe(false);
    }
  }, 60_000);
});

describe('merged header cells', () => {
  it('grow the rows they cover to fit their text, centred, in the PDF', async () => {
    const dir = await tempDir('merged');
    const file = path.join(dir, 'merged.pdf');
    const doc: DocModel = {
      body: [
        {
          type: 'table',
          columns: [{ width: 1 }, { width: 1.2 }, { width: 5 }],
          header: [[{ text: '序号', rowSpan: 2 }, { text: '生均教学及辅助用房面积（平方米）', rowSpan: 2 }, '资源'], ['小计']],
          rows: [['1', '甲乙', '丙丁']],
        },
      ],
      pageNumbers: false,
    };
    fs.writeFileSync(file, (await renderPdf(doc, createFontRegistry())).buffer);
    const lines = await pdfTextLines(file);
    const merged = lines.filter((l) => /生均|辅助|积|米）/.test(l.text) && l.xMin < 200);
    const firstRow = lines.find((l) => l.text.includes('甲乙'))!;
    const serial = lines.find((l) => l.text.startsWith('序号'))!;
    // Four lines of the merged cell, all above the first body row.
    expect(merged.length).toBeGreaterThanOrEqual(4);
    for (const l of merged) expect(l.yMax, l.text).toBeLessThan(firstRow.yMin - 2);
    // 序号 (one line) sits in the middle of the same two rows: level with the middle of the four lines.
    const mid = (Math.min(...merged.map((l) => l.yMin)) + Math.max(...merged.map((l) => l.yMax))) / 2;
    expect(Math.abs((serial.yMin + serial.yMax) / 2 - mid)).toBeLessThan(6);
  }, 60_000);
});

describe('a table caption and a table running over pages', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), `第${i + 1}所学校`, '小学']);
  const docWith = (bodyLines: number): DocModel => ({
    body: [
      ...Array.from({ length: bodyLines }, (_, i) => ({ type: 'paragraph' as const, text: `第${i + 1}行` })),
      { type: 'table', caption: '表1 学校名单', columns: [{ width: 1 }, { width: 4 }, { width: 2 }], header: [['序号', '学校名称', '类型']], rows },
      { type: 'paragraph', text: '以上。' },
    ],
    pageNumbers: false,
  });

  it('never leaves the caption alone at the foot of a page, and marks 续表 on every later page the rows reach', async () => {
    const dir = await tempDir('caption');
    const fonts = createFontRegistry();
    const seen = new Set<string>();
    // 17–22 lines of text before the table: the table starts under the text, with only its header
    // and first row, or on the next page (with the caption).
    for (const n of [17, 19, 20, 21, 22]) {
      const file = path.join(dir, `caption-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(docWith(n), fonts)).buffer);
      const lines = await pdfTextLines(file);
      const pages = Math.max(...lines.map((l) => l.page));
      const captionPage = lines.find((l) => l.text.includes('学校名单'))!.page;
      const rowPages = rows.map((r) => lines.find((l) => l.text.includes(r[1]))!.page);
      // The caption stands on the page of the table's first row.
      expect(captionPage, `${n} lines`).toBe(rowPages[0]);
      seen.add(captionPage === 1 ? 'under the text' : 'next page');
      // 续表1 on each page after the first that holds rows, and nowhere else.
      const marked = lines.filter((l) => l.text === '续表1').map((l) => l.page);
      const continued = [...new Set(rowPages)].filter((p) => p > rowPages[0]);
      expect(marked, `${n} lines`).toEqual(continued);
      expect(pages).toBeGreaterThanOrEqual(2);
    }
    expect([...seen].sort()).toEqual(['next page', 'under the text']);
  }, 120_000);
});

describe('small tables', () => {
  const smallDoc = (bodyLines: number): DocModel => ({
    body: [
      ...Array.from({ length: bodyLines }, (_, i) => ({ type: 'paragraph' as const, text: `第${i + 1}行` })),
      { type: 'table', caption: '表2 等级分布', columns: [{ width: 2 }, { width: 1 }], header: [['等级', '单位数']], rows: [['甲等', '3'], ['乙等', '2'], ['丙等', '1']] },
      { type: 'paragraph', text: '以上。' },
    ],
    pageNumbers: false,
  });

  it('never splits a table of a few rows: the whole table moves on, with its caption, and gets no 续表', async () => {
    const dir = await tempDir('small-table');
    const fonts = createFontRegistry();
    for (let n = 17; n <= 21; n++) {
      const file = path.join(dir, `small-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(smallDoc(n), fonts)).buffer);
      const lines = await pdfTextLines(file);
      const pageOf = (t: string) => lines.find((l) => l.text.includes(t))?.page;
      const pages = new Set(['等级分布', '等级单位数', '甲等', '乙等', '丙等'].map(pageOf));
      expect(pages.size, `${n} lines`).toBe(1);
      expect(lines.some((l) => l.text.startsWith('续表')), `${n} lines`).toBe(false);
    }
    // Word keeps it together too: every row but the last keeps with the next.
    const xml = await (await JSZip.loadAsync((await renderDocx(smallDoc(3), { fonts })).buffer)).file('word/document.xml')!.async('string');
    const rows = xml.match(/<w:tr>.*?<\/w:tr>/g) ?? [];
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.includes('<w:keepNext/>'))).toEqual([true, true, true, false]);
  }, 60_000);
});

describe('a chart and its caption', () => {
  const chartDoc = (bodyLines: number): DocModel => ({
    body: [
      ...Array.from({ length: bodyLines }, (_, i) => ({ type: 'paragraph' as const, text: `第${i + 1}行` })),
      {
        type: 'chart',
        widthMm: 150,
        heightMm: 60,
        caption: '图1 测试图',
        option: { xAxis: { type: 'category', data: ['甲类', '乙类'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [3, 5] }] },
      },
      { type: 'paragraph', text: '以上。' },
    ],
    pageNumbers: false,
  });

  it('keeps the caption under the chart on the same page, in the PDF and (keep with next) in the DOCX', async () => {
    const dir = await tempDir('chart-caption');
    const fonts = createFontRegistry();
    for (let n = 10; n <= 21; n++) {
      const file = path.join(dir, `chart-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(chartDoc(n), fonts)).buffer);
      const lines = await pdfTextLines(file);
      const pageOf = (t: string) => lines.find((l) => l.text.includes(t))?.page;
      expect(pageOf('图1'), `${n} lines`).toBe(pageOf('甲类'));
    }
    const xml = await (await JSZip.loadAsync((await renderDocx(chartDoc(3), { fonts })).buffer)).file('word/document.xml')!.async('string');
    const chartPara = /<w:p>(?:(?!<w:p>).)*?<w:drawing>/.exec(xml)?.[0] ?? '';
    expect(chartPara).toContain('<w:keepNext/>');
  }, 60_000);
});

describe('headings kept with the text under them', () => {
  // Two levels of heading, then a paragraph of three lines.
  const headingDoc = (bodyLines: number): DocModel => ({
    body: [
      ...Array.from({ length: bodyLines }, (_, i) => ({ type: 'paragraph' as const, text: `第${i + 1}行` })),
      { type: 'heading', level: 1, text: '总体情况' },
      { type: 'heading', level: 2, text: '办学条件' },
      { type: 'paragraph', text: `${'甲'.repeat(26)}${'乙'.repeat(28)}${'丙'.repeat(10)}。` },
      { type: 'paragraph', text: '以上。' },
    ],
    pageNumbers: false,
  });

  it('never leaves a heading at the foot of a page: both headings go on with the first line under them, the rest of the paragraph keeps its grid', async () => {
    const dir = await tempDir('headings');
    const fonts = createFontRegistry();
    const seen = new Set<string>();
    for (let n = 19; n <= 23; n++) {
      const file = path.join(dir, `headings-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(headingDoc(n), fonts)).buffer);
      const lines = await pdfTextLines(file);
      const find = (t: string) => lines.find((l) => l.text.includes(t))!;
      const [h1, h2, first, second, third] = [find('总体情况'), find('办学条件'), find('甲甲甲'), find('乙乙乙'), find('丙丙丙')];
      expect([h2.page, first.page], `${n} lines`).toEqual([h1.page, h1.page]);
      // Lines of one paragraph on one page stand one grid pitch apart, whether or not it was split.
      for (const [a, b] of [[first, second], [second, third]]) {
        if (a.page === b.page) expect(b.yMax - a.yMax, `${n} lines`).toBeCloseTo(LINE_PITCH_PT, 1);
      }
      // The body line before the headings stays where the text put it: nothing before it moved.
      const lastBody = find(`第${n}行`);
      if (lastBody.page === h1.page) expect(h1.yMax, `${n} lines`).toBeGreaterThan(lastBody.yMax);
      seen.add(h1.page === lastBody.page ? 'under the text' : 'next page');
      if (second.page !== first.page) seen.add('paragraph split');
    }
    expect([...seen].sort()).toEqual(['next page', 'paragraph split', 'under the text']);
  }, 120_000);

  it('moves headings and the captions of small tables and charts without laying the document out again', async () => {
    // pdfmake lays the whole document out once more for every node its pageBreakBefore hook moves;
    // headings and captions folded with what follows them (keepWithNextGroups) need no such pass.
    const LayoutBuilder = (createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js') as { default: { prototype: { tryLayoutDocument(...a: unknown[]): unknown } } }).default;
    const original = LayoutBuilder.prototype.tryLayoutDocument;
    let passes = 0;
    LayoutBuilder.prototype.tryLayoutDocument = function (...a: unknown[]) {
      passes++;
      return original.apply(this, a);
    };
    try {
      const fonts = createFontRegistry();
      for (const n of [20, 21, 22]) {
        const doc = headingDoc(n);
        doc.body.push(
          ...Array.from({ length: n }, (_, i) => ({ type: 'paragraph' as const, text: `后${i + 1}行` })),
          { type: 'table', caption: '表1 等级分布', columns: [{ width: 2 }, { width: 1 }], header: [['等级', '单位数']], rows: [['甲等', '3'], ['乙等', '2']] },
          { type: 'heading', level: 1, text: '图表' },
          { type: 'chart', widthMm: 150, heightMm: 60, caption: '图1 测试图', option: { xAxis: { type: 'category', data: ['甲类', '乙类'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [3, 5] }] } },
        );
        passes = 0;
        await renderPdf(doc, fonts);
        expect(passes, `${n} lines`).toBe(1);
      }
    } finally {
      LayoutBuilder.prototype.tryLayoutDocument = original;
    }
  }, 60_000);

  it('loses nothing where a heading cannot be folded with what follows: a page break, a table or group taller than a page, a long paragraph before the attachment note', async () => {
    const fonts = createFontRegistry();
    const dir = await tempDir('heading-limits');
    const para = (n: number, tag: string) => ({ type: 'paragraph' as const, text: `${tag}始` + '这是用于测试分页的正文文字内容，'.repeat(n) + `${tag}完。` });
    const cases: Record<string, { doc: DocModel; texts: string[] }> = {
      // The second heading's block starts a page: it cannot go into the first heading's block.
      pageBreak: { doc: { body: [{ type: 'heading', level: 1, text: '甲标题' }, { type: 'pageBreak' }, { type: 'heading', level: 1, text: '乙标题' }, para(2, '乙段')] }, texts: ['甲标题', '乙标题', '乙段始', '乙段完'] },
      // A small table (10 rows) whose cells wrap: with its caption and heading taller than a page.
      wrappingTable: {
        doc: {
          body: [
            { type: 'heading', level: 1, text: '情况说明' },
            { type: 'table', caption: '表1 问题清单', columns: [{ width: 1 }, { width: 6, align: 'left' }], header: [['序号', '问题']], rows: Array.from({ length: 10 }, (_, i) => [String(i + 1), `第${i + 1}条${'存在的问题描述文字'.repeat(10)}尾${i + 1}`]) },
            para(1, '表后'),
          ],
        },
        texts: ['情况说明', '表1问题清单', '第1条', '尾1', '尾10', '表后完'],
      },
      // A table marked to keep together that no page can hold.
      tallTable: {
        doc: { body: [{ type: 'heading', level: 1, text: '表前标题' }, { type: 'table', keepTogether: true, columns: [{ width: 1 }, { width: 3 }], header: [['序', '内容']], rows: Array.from({ length: 34 }, (_, i) => [String(i + 1), `第${i + 1}行`]) }] },
        texts: ['表前标题', '第1行', '第22行', '第34行'],
      },
      // The last body paragraph keeps with the attachment note: only its last line goes with it.
      longLast: { doc: { body: [para(70, '巨段')], attachments: [{ title: '附件乙', blocks: [para(1, '附文')] }] }, texts: ['巨段始', '巨段完', '附件：附件乙', '附文完'] },
    };
    for (const [name, { doc, texts }] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.pdf`);
      fs.writeFileSync(file, (await renderPdf(doc, fonts)).buffer);
      const lines = await pdfTextLines(file);
      const all = lines.map((l) => l.text.replace(/\s+/g, '')).join('');
      for (const t of texts) expect(all, `${name}: ${t}`).toContain(t);
      if (name === 'longLast') {
        // The paragraph runs on from page 1: it was not moved whole to the note's page.
        expect(lines.find((l) => l.text.includes('巨段始'))!.page).toBe(1);
      }
    }
  }, 60_000);
});
