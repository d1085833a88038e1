import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNotice } from '../builders/notice.js';
import { buildRegister } from '../builders/register.js';
import { createFontRegistry } from '../fonts/registry.js';
import { sampleNotice, sampleRegister, sampleReport } from '../testing/fixtures.js';
import { renderDocx } from './render-docx.js';

interface Unzipped {
  document: string;
  styles: string;
  settings: string;
  fontTable: string;
  footers: Record<string, string>;
  rels: string;
  files: string[];
  fontsUsed: string[];
  warnings: string[];
}

async function unzip(buffer: Buffer): Promise<Omit<Unzipped, 'fontsUsed' | 'warnings'>> {
  const zip = await JSZip.loadAsync(buffer);
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
  const footers: Record<string, string> = {};
  for (const name of Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n))) footers[name] = await read(name);
  return {
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    fontTable: await read('word/fontTable.xml'),
    rels: await read('word/_rels/document.xml.rels'),
    footers,
    files: Object.keys(zip.files),
  };
}

const attr = (xml: string, name: string): number => Number(new RegExp(`w:${name}="(-?\\d+)"`).exec(xml)?.[1]);
const sectPrs = (xml: string) => xml.match(/<w:sectPr\b.*?<\/w:sectPr>/g) ?? [];
const style = (styles: string, id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`).exec(styles)?.[0] ?? '';

describe('renderDocx', () => {
  const fonts = createFontRegistry();
  let notice: Unzipped;
  let report: Unzipped;
  let register: Unzipped;

  beforeAll(async () => {
    const load = async (doc: Parameters<typeof renderDocx>[0]): Promise<Unzipped> => {
      const r = await renderDocx(doc, { fonts });
      return { ...(await unzip(r.buffer)), fontsUsed: r.fontsUsed, warnings: r.warnings };
    };
    [notice, report, register] = await Promise.all([
      load(buildNotice(sampleNotice())),
      load(sampleReport()),
      load(buildRegister(sampleRegister())),
    ]);
  });

  it('sets A4 and the GB/T 9704 margins in twips (2098 / 1984 / 1587 / 1474)', () => {
    const sections = sectPrs(notice.document);
    expect(sections.length).toBeGreaterThan(0);
    for (const s of sections) {
      const pgSz = /<w:pgSz [^>]*>/.exec(s)?.[0] ?? '';
      const pgMar = /<w:pgMar [^>]*>/.exec(s)?.[0] ?? '';
      expect(attr(pgSz, 'w')).toBe(11906);
      expect(attr(pgSz, 'h')).toBe(16838);
      expect(Math.abs(attr(pgMar, 'top') - 2098)).toBeLessThanOrEqual(1);
      expect(Math.abs(attr(pgMar, 'bottom') - 1984)).toBeLessThanOrEqual(1);
      expect(Math.abs(attr(pgMar, 'left') - 1587)).toBeLessThanOrEqual(1);
      expect(Math.abs(attr(pgMar, 'right') - 1474)).toBeLessThanOrEqual(1);
    }
  });

  it('declares the 22-line grid with a 28.95 pt pitch and 16 pt body runs spaced to 28 a line', async () => {
    const grid = /<w:docGrid [^>]*>/.exec(sectPrs(notice.document)[0] ?? '')?.[0] ?? '';
    expect(grid).toContain('w:type="lines"');
    expect(attr(grid, 'linePitch')).toBe(579);
    // Paragraphs keep their exact heights rather than snapping (LibreOffice compatibility).
    expect(notice.styles).toMatch(/<w:pPrDefault><w:pPr><w:snapToGrid w:val="0"\/>/);
    // Body runs: 16 pt with −0.25 pt spacing, so 28 × 15.75 pt fit the 156 mm (442.2 pt) text block and 29 do not.
    const bodyRun = /<w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:spacing w:val="(-?\d+)"\/><w:sz w:val="(\d+)"\/>/.exec(notice.document);
    expect(bodyRun?.[2]).toBe('32');
    const advance = 16 + Number(bodyRun?.[1]) / 20;
    expect(28 * advance).toBeLessThanOrEqual(8845 / 20);
    expect(29 * advance).toBeGreaterThan(8845 / 20);
    // Word's 28-character grid stays available on request, with the pitch that fills the block.
    const chars = await unzip((await renderDocx(buildNotice(sampleNotice()), { fonts, grid: 'linesAndChars' })).buffer);
    const charGrid = /<w:docGrid [^>]*>/.exec(sectPrs(chars.document)[0] ?? '')?.[0] ?? '';
    expect(charGrid).toContain('w:type="linesAndChars"');
    expect((16 + attr(charGrid, 'charSpace') / 4096) * 28).toBeCloseTo(8845 / 20, 0);
  });

  it('marks every run Chinese (zh-CN) in the default and Normal styles', () => {
    expect(notice.styles).toMatch(/<w:rPrDefault><w:rPr>.*?<w:lang w:val="zh-CN" w:eastAsia="zh-CN"\/>.*?<\/w:rPr><\/w:rPrDefault>/);
    expect(style(notice.styles, 'Normal')).toContain('<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>');
  });

  it('names the Windows fonts with eastAsia attributes, body 3号 仿宋', () => {
    for (const name of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312']) {
      expect(notice.document).toContain(`w:eastAsia="${name}"`);
    }
    expect(notice.styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"[^>]*\/>.*?<w:sz w:val="32"\/>/);
    // Fallbacks for faces Windows does not ship, recorded in the font table and the file's description.
    expect(notice.fontTable).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
    expect(notice.fontTable).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);
    expect(notice.fontTable).toMatch(/<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"\/>/);
    expect(notice.fontsUsed).toEqual(expect.arrayContaining(['方正小标宋简体', '宋体', '仿宋_GB2312', '黑体', '楷体_GB2312']));
    expect(notice.warnings.join()).toContain('方正小标宋简体');
  });

  it('defines heading styles 1–4 in 黑体 / 楷体 / 仿宋 / 仿宋 and uses them', () => {
    expect(style(report.styles, 'Heading1')).toContain('w:eastAsia="黑体"');
    expect(style(report.styles, 'Heading2')).toContain('w:eastAsia="楷体_GB2312"');
    expect(style(report.styles, 'Heading3')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style(report.styles, 'Heading4')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style(report.styles, 'Title')).toContain('w:eastAsia="方正小标宋简体"');
    for (const id of ['Heading1', 'Heading2', 'Heading3', 'Heading4']) expect(report.document).toContain(`<w:pStyle w:val="${id}"/>`);
    expect(report.document).toContain('一、测算方法');
    expect(report.document).toContain('（一）数据来源');
    expect(report.document).toContain('1.学校填报');
    expect(report.document).toContain('（1）生均指标');
  });

  it('puts `— PAGE —` in 宋体 in different odd (right) and even (left) footers', () => {
    expect(notice.settings).toContain('<w:evenAndOddHeaders/>');
    const sect = sectPrs(notice.document)[0];
    expect(sect).toMatch(/<w:footerReference w:type="default"/);
    expect(sect).toMatch(/<w:footerReference w:type="even"/);
    const footers = Object.values(notice.footers);
    expect(footers.length).toBeGreaterThanOrEqual(2);
    for (const f of footers) {
      expect(f).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain('— ');
    }
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
  });

  it('writes the red letterhead, the red rule and the colophon rules', () => {
    expect(notice.document).toMatch(/<w:color w:val="FF0000"\/>.*?城关县人民政府教育督导室/);
    expect(notice.document).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="FF0000"/);
    expect(notice.document).toContain('城教督〔2026〕12号');
    // Colophon: a floating table at the bottom of the text block; 0.35 mm ≈ 8/8 pt, 0.25 mm ≈ 6/8 pt.
    expect(notice.document).toMatch(/<w:tblpPr [^>]*w:tblpYSpec="bottom"/);
    expect(notice.document).toContain('抄送：县人民政府办公室，县教育局各股室，县教育督导委员会各成员单位。');
    expect(notice.document).toContain('2026年3月4日印发');
    expect(notice.document).toMatch(/<w:top w:val="single" w:color="000000" w:sz="8"\/>/);
    expect(notice.document).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="6"\/>/);
  });

  it('repeats header rows, merges cells and embeds charts as PNG', () => {
    expect(notice.document).toContain('<w:tblHeader/>');
    expect(report.document).toMatch(/<w:gridSpan w:val="2"\/>/);
    expect(report.document).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(report.document).toMatch(/<w:vMerge\/>|<w:vMerge w:val="continue"\/>/);
    expect(report.files.some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
    // Attachments start on new pages: 附件1 and 附件2 carry a page break before.
    expect(notice.document).toMatch(/<w:pageBreakBefore\/>.{0,600}附件1/);
  });

  it('sets table text through table text styles: the face, size and exact line height once per style, cell runs bare', () => {
    // (docx writes the continuation cells of a merge itself, with an empty paragraph.)
    const cells = (report.document.match(/<w:tc>.*?<\/w:tc>/g) ?? []).filter((c) => !c.includes('<w:vMerge w:val="continue"/>'));
    expect(cells.length).toBeGreaterThan(10);
    const ids = new Set<string>();
    for (const cell of cells) {
      const id = /<w:pStyle w:val="(TableText\d+)"\/>/.exec(cell)?.[1];
      expect(id, cell).toBeDefined();
      ids.add(id!);
      expect(cell).not.toContain('<w:rPr>');
      expect(cell).not.toContain('<w:jc ');
    }
    for (const id of ids) {
      const s = style(report.styles, id);
      expect(s).toMatch(/<w:name w:val="表格文字 \d+"\/>/);
      expect(s).toMatch(/<w:rFonts [^>]*w:eastAsia="(黑体|仿宋_GB2312|宋体)"/);
      expect(s).toMatch(/<w:sz w:val="\d+"\/>/);
      expect(s).toMatch(/<w:spacing w:line="\d+" w:lineRule="exact"\/>/);
      expect(s).toContain('<w:snapToGrid w:val="false"/>');
      expect(s).toMatch(/<w:jc w:val="(center|left|right|both)"\/>/);
    }
    // Header cells in 黑体, body cells in another face: at least two styles.
    expect([...ids].some((id) => style(report.styles, id).includes('w:eastAsia="黑体"'))).toBe(true);
    expect(ids.size).toBeGreaterThanOrEqual(2);
    // Only header rows are marked as header rows.
    expect(report.document).not.toContain('<w:tblHeader w:val="off"/>');
  });

  it('lays the register out on landscape pages with a two-row header', () => {
    const s = sectPrs(register.document)[0];
    expect(s).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect((register.document.match(/<w:tblHeader\/>/g) ?? []).length).toBe(2);
  });

  it('numbers landscape pages in the left margin with the text turned, portrait pages at the foot', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), `第${i + 1}所学校`, '小学']);
    const mixed = await unzip(
      (
        await renderDocx(
          {
            title: '说明',
            body: [{ type: 'paragraph', text: '名单如下。' }],
            attachments: [{ title: '学校名单', landscape: true, blocks: [{ type: 'table', columns: [{ width: 1 }, { width: 6 }, { width: 3 }], header: [['序号', '学校名称', '类型']], rows }] }],
            pageNumbers: true,
          },
          { fonts },
        )
      ).buffer,
    );
    const turned = Object.values(mixed.footers).filter((x) => x.includes('<v:textbox'));
    const flat = Object.values(mixed.footers).filter((x) => !x.includes('<v:textbox'));
    expect(turned).toHaveLength(2);
    expect(flat).toHaveLength(2);
    for (const x of turned) {
      expect(x).toContain('layout-flow:vertical');
      expect(x).toContain('mso-position-horizontal-relative:page');
      // 16.8 pt wide, its right edge 7 mm (19.84 pt) left of the 35 mm (99.21 pt) text block.
      expect(x).toMatch(/left:62\.57pt;/);
      expect(x).toMatch(/width:16\.8pt;height:120pt/);
      expect(x).toContain('PAGE');
    }
    // Odd (default) pages: the box ends one 字 above the text block's bottom (595.28 − 73.70 − 14 − 120 = 387.57); even: one 字 below its top.
    expect(turned.some((x) => /top:387\.57pt;/.test(x) && x.includes('w:val="right"'))).toBe(true);
    expect(turned.some((x) => /top:93\.37pt;/.test(x) && x.includes('w:val="left"'))).toBe(true);
  });
});
