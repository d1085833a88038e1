/**
 * 现场督导工作用表 and 迎检材料清单 as the engine typesets them: rendered as DOCX and PDF, the DOCX
 * converted by LibreOffice headless, both read back (pdftotext) and rasterised into
 * tests/output/documents/<name>/ for review — the same check documents.test.ts makes of the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../documents/docx/render-docx';
import { createFontRegistry } from '../../documents/fonts/registry';
import type { DocModel } from '../../documents/model';
import { renderPdf } from '../../documents/pdf/render-pdf';
import { contactSheet } from '../../documents/testing/contact-sheet';
import { libreOfficeToPdf, OUTPUT_DIR, pdfPageCount, pdfText, pdfToPngs } from '../../documents/testing/tools';
import { DEFAULT_VISIT_MATERIALS } from '../../../shared/domain/scoring/blocks';
import { buildMaterialsList, buildWorksheets, type WorksheetRow } from './worksheets-doc';

const fonts = createFontRegistry();
const STANDARD = 'A：完全达到要求，做法有特色；B：基本达到要求；C：部分达到要求，存在明显不足；D：未达到要求。';
const leaf = (code: string, title: string, content: string, self: string, explanation: string): WorksheetRow => ({
  kind: 'leaf',
  code,
  title,
  content,
  standard: STANDARD,
  points: '2',
  self,
  explanation,
  scoreHint: 'A B C D',
});
// Enough rows for the first group to run onto a second page (its header repeats there).
const observe: WorksheetRow[] = [
  { kind: 'branch', code: '1', title: '资源配置' },
  ...Array.from({ length: 10 }, (_, i) => leaf(`1.${i + 1}`, `资源配置第${i + 1}项`, '校舍、运动场地面积达到办学标准，生均用地、生均校舍建筑面积达标。', i % 3 === 0 ? '等级 A' : '等级 B', '对照标准逐项核实，已达到要求，佐证材料见附件。')),
  { kind: 'branch', code: '5', title: '学校管理' },
  leaf('5.8', '后勤与环境', '校园环境整洁，设施设备维护及时。', '未自评', ''),
];
const lessons: WorksheetRow[] = [{ kind: 'branch', code: '3', title: '教育质量' }, leaf('3.7', '课堂教学', '教学常规落实，备课、上课、作业、辅导、评价规范。', '等级 A', '每学期开展教学常规检查四次。')];

const cases: { name: string; doc: DocModel; mustContain: string[] }[] = [
  {
    name: 'worksheets',
    doc: buildWorksheets({
      roundName: '城中区2026年优质均衡督导评估',
      evaluator: '某某教育评估咨询有限公司',
      unitName: '景行小学',
      unitCode: '01-001',
      revision: 2,
      groups: [
        { name: '校园观察组', methods: ['校园观察'], rows: observe },
        { name: '听课查阅组', methods: ['随堂听课', '资料查阅'], rows: lessons },
      ],
    }),
    mustContain: ['现场督导工作用表（校园观察组）', '现场督导工作用表（听课查阅组）', '□随堂听课', '资源配置第10项', '后勤与环境', '每学期开展教学常规检查四次', '评估专家（签字）'],
  },
  {
    name: 'visit-materials',
    doc: buildMaterialsList({ roundName: '城中区2026年优质均衡督导评估', evaluator: '某某教育评估咨询有限公司', unitName: '景行小学', unitCode: '01-001', materials: DEFAULT_VISIT_MATERIALS }),
    mustContain: ['迎检材料清单', ...DEFAULT_VISIT_MATERIALS, '专家组接收人（签字）'],
  },
];

describe.each(cases)('$name: DOCX and PDF agree', ({ name, doc, mustContain }) => {
  it('renders both formats with the text, LibreOffice converts the DOCX, and the page counts differ by at most one', { timeout: 120_000 }, async () => {
    const dir = path.join(OUTPUT_DIR, name);
    await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.mkdir(path.join(dir, 'libreoffice'), { recursive: true });
    const [docx, pdf] = await Promise.all([renderDocx(doc, { fonts }), renderPdf(doc, fonts)]);
    // Font substitutions depend on the machine; a character without any glyph (□, √, ＿) would not.
    expect(pdf.warnings.filter((w) => w.includes('没有字形'))).toEqual([]);
    const docxFile = path.join(dir, `${name}.docx`);
    const pdfFile = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(docxFile, docx.buffer);
    fs.writeFileSync(pdfFile, pdf.buffer);

    const flat = (s: string) => s.replace(/\s+/g, '');
    const xml = await (await JSZip.loadAsync(docx.buffer)).file('word/document.xml')!.async('string');
    const docxText = flat(xml.replace(/<[^>]+>/g, ''));
    // Landscape pages for the eight-column sheet; the one-page list stays portrait.
    expect(xml.includes('w:orient="landscape"')).toBe(name === 'worksheets');

    const loPdf = await libreOfficeToPdf(docxFile, path.join(dir, 'libreoffice'));
    const [ours, theirs] = await Promise.all([pdfPageCount(pdfFile), pdfPageCount(loPdf)]);
    expect(Math.abs(ours - theirs), `our PDF ${ours} pages, LibreOffice ${theirs} pages`).toBeLessThanOrEqual(1);
    const [ourText, loText] = await Promise.all([pdfText(pdfFile), pdfText(loPdf)]);
    for (const s of mustContain) {
      expect(docxText, `DOCX: ${s}`).toContain(flat(s));
      expect(flat(ourText), `PDF: ${s}`).toContain(flat(s));
      expect(flat(loText), `DOCX via LibreOffice: ${s}`).toContain(flat(s));
    }
    if (name === 'worksheets') {
      // Each group starts on a page of its own: the second group's title opens a page.
      // A landscape page's number is turned in its left margin (GB/T 9704 §10.2), where pdftotext
      // reads it first on even pages: it is not part of the page's text.
      const pages = ourText.split('\f').map(flat).map((p) => p.replace(/^—\d+—/, ''));
      const at = pages.findIndex((p) => p.includes('现场督导工作用表（听课查阅组）'));
      expect(at).toBeGreaterThan(0);
      expect(pages[at]!.startsWith('现场督导工作用表（听课查阅组）')).toBe(true);
      // The first group runs onto a second page, where the table's header repeats.
      expect(at).toBeGreaterThanOrEqual(2);
      expect(pages[1]).toContain('指标及评估内容');
    }

    const shots = [...(await pdfToPngs(pdfFile, path.join(dir, 'pdf'))), ...(await pdfToPngs(loPdf, path.join(dir, 'docx')))];
    contactSheet(shots, path.join(dir, 'sheet.png'), Math.max(ours, theirs));
  });
});
