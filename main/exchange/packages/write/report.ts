/**
 * 学校自评报告.docx: the template of the school's self-evaluation report (seed 000, 附件 学校自评报告
 * 提纲), in the app's GB/T 9704 house style (main/documents/docx: A4, the standard's margins, 3号
 * 仿宋_GB2312 body on the 28.95 pt line pitch, 黑体 headings, page numbers “— N —”).
 *
 * Title “<单位名称>自评报告”, a subtitle with the round and year, then the five REPORT_HEADINGS, each
 * followed by a grey italic guidance paragraph saying what to write (to be deleted) and an empty
 * paragraph to write in.
 *
 * The bytes are deterministic for the same spec: the creation and modification dates in
 * docProps/core.xml are the package's issue time (docx writes the time of packing) and every zip
 * entry carries a fixed date, so reportTemplateSha256 in the manifest is reproducible and a school
 * returning the template unchanged is recognised by its hash.
 */
import { AlignmentType, Document, DocumentGridType, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { runFont } from '../../../documents/docx/fonts';
import { pageNumberFooters, PAGE_NUMBER_LINE_PT } from '../../../documents/docx/footers';
import { withFontAlternatives, withoutGridSnapping } from '../../../documents/docx/postprocess';
import { documentStyles } from '../../../documents/docx/styles';
import { A4_TWIPS, BODY_CHAR_SPACING_TWIPS, BODY_SIZE_PT, CHAR_PITCH_PT, FONT_SIZE, LINE_PITCH_PT, LINE_PITCH_TWIPS, MARGINS_MM, MARGINS_TWIPS, mmToTwips, PAGE_NUMBER_GAP_MM, ptToTwips } from '../../../documents/layout';
import { REPORT_HEADINGS, type PackageSpec } from '../format';

/** What to write under each heading (seed 000 lists the headings; the guidance is ours). */
export const REPORT_GUIDANCE: Record<(typeof REPORT_HEADINGS)[number], string> = {
  '一、学校概况':
    '简要介绍学校（校区）基本情况：办学历史、办学规模（班级数、在校生数、教职工数）、占地面积和校舍、办学条件与特色等。数据应与自评表“统计数据”工作表一致。',
  '二、自评过程':
    '说明自评工作如何开展：成立自评工作领导小组及分工、制定自评工作日程、召开动员会部署自评、听取教职工、家长、学生及社区代表意见的情况，以及佐证材料的收集整理情况。',
  '三、自评结论': '对照评估指标逐项自评后的总体结论：各一级指标的达标情况和自评等级（或得分），与自评表填写的自评结果保持一致。',
  '四、主要创新举措及成效': '写近两年来学校在办学、管理、教育教学等方面的主要创新做法及取得的成效，尽量用事实和数据说明。',
  '五、主要问题及改进举措': '对照评估指标找出学校存在的主要问题，分析原因，提出具体的改进措施和完成时间。',
};

const GREY = '808080';
const TITLE_LINE_HEIGHT_PT = 36;
/** Two characters of body text: the first-line indent of a body paragraph. */
const INDENT_TWIPS = ptToTwips(2 * CHAR_PITCH_PT);
/** Fixed date of every zip entry: the bytes must not depend on when the package was written. */
const ZIP_ENTRY_DATE = new Date(Date.UTC(2000, 0, 1));

const exact = (lineTwips: number, before = 0, after = 0) => ({ before, after, line: lineTwips, lineRule: 'exact' as const });

function body(text: string, opts: { grey?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: exact(LINE_PITCH_TWIPS),
    indent: { firstLine: INDENT_TWIPS },
    children: [
      new TextRun({
        text,
        font: runFont('fangsong'),
        size: BODY_SIZE_PT * 2,
        characterSpacing: BODY_CHAR_SPACING_TWIPS,
        ...(opts.grey ? { color: GREY, italics: true } : {}),
      }),
    ],
  });
}

/** Builds the report template of one unit. Deterministic bytes for the same spec (see the file comment). */
export async function buildReportTemplate(spec: PackageSpec): Promise<Buffer> {
  const title = `${spec.unit.name}自评报告`;
  const children: Paragraph[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: exact(ptToTwips(TITLE_LINE_HEIGHT_PT)),
      keepNext: true,
      children: [new TextRun({ text: title, font: runFont('xiaobiaosong'), size: FONT_SIZE.hao2 * 2, snapToGrid: false })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(LINE_PITCH_TWIPS, 0, LINE_PITCH_TWIPS),
      children: [new TextRun({ text: `（${spec.round.name}\u3000${spec.round.year}年）`, font: runFont('kaiti'), size: BODY_SIZE_PT * 2, snapToGrid: false })],
    }),
  ];
  for (const heading of REPORT_HEADINGS) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: exact(LINE_PITCH_TWIPS),
        indent: { firstLine: INDENT_TWIPS },
        keepNext: true,
        children: [new TextRun({ text: heading, font: runFont('heiti'), size: BODY_SIZE_PT * 2, characterSpacing: BODY_CHAR_SPACING_TWIPS })],
      }),
      body(`【填写提示】${REPORT_GUIDANCE[heading]}（撰写时请删除本段提示。）`, { grey: true }),
      body(''),
    );
  }

  const document = new Document({
    title,
    creator: spec.round.evaluator,
    subject: spec.round.name,
    description: '学校自评报告模板，由督导评估工作台随填报包生成。',
    lastModifiedBy: '督导评估工作台',
    evenAndOddHeaderAndFooters: true,
    styles: documentStyles(),
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_TWIPS.width, height: A4_TWIPS.height },
            margin: {
              ...MARGINS_TWIPS,
              header: 851,
              footer: mmToTwips(MARGINS_MM.bottom - PAGE_NUMBER_GAP_MM) - ptToTwips(PAGE_NUMBER_LINE_PT),
              gutter: 0,
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: ptToTwips(LINE_PITCH_PT) },
        },
        footers: pageNumberFooters(),
        children,
      },
    ],
  });
  return normalise(await Packer.toBuffer(document), spec.manifest.issuedAt);
}

/**
 * The packed document made reproducible and patched like every document of the app: font
 * alternatives (宋体 / 仿宋 for the GB/T faces), no grid snapping, core.xml dates set to `issuedAt`,
 * and every zip entry re-added in the same order with a fixed date.
 */
async function normalise(packed: Buffer, issuedAt: string): Promise<Buffer> {
  const source = await JSZip.loadAsync(packed);
  const stamp = new Date(issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const patches: Record<string, (xml: string) => string> = {
    'word/fontTable.xml': withFontAlternatives,
    'word/styles.xml': withoutGridSnapping,
    'docProps/core.xml': (xml) =>
      xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_m, open: string, _n: string, close: string) => `${open}${stamp}${close}`),
  };
  const out = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    const patch = patches[name];
    const content = patch ? patch(await entry.async('string')) : await entry.async('uint8array');
    out.file(name, content, { date: ZIP_ENTRY_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
