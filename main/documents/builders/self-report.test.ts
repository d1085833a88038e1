/** 学校自评报告（初稿） builder: the model's content against values written out by hand, and the DOCX it renders to. */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../docx/render-docx';
import type { Block, ParagraphBlock, TableBlock, TableCell } from '../model';
import { buildSelfReport, DATE_PLACEHOLDER, GUIDANCE_COLOR, NOT_REPORTED, sectionsText, TO_FILL, type SelfReportInput } from './self-report';

const HEADINGS = ['学校概况', '自评过程', '自评结论', '主要创新举措及成效', '主要问题及改进举措'] as const;

function input(over: Partial<SelfReportInput> = {}): SelfReportInput {
  return {
    unitName: '景行小学',
    year: 2025,
    roundName: '2025年城中区义务教育优质均衡发展督导评估',
    evaluator: '城中区教育局督导室',
    profile: [
      { label: '单位名称', value: '景行小学' },
      { label: '学校类型', value: '小学' },
      { label: '校址', value: '柳州市城中区景行路 1 号' },
    ],
    statistics: [
      { label: '小学在校生数（人）', value: 1234 },
      { label: '教学仪器设备资产值（元）', value: 2468013.57 },
      { label: '专任教师数（人）', value: null },
      { label: '小学班级数（个）', value: 0 },
      { label: '网络多媒体教室数（间）', value: 30, fromLastYear: true },
    ],
    resources: {
      kind: 'sections',
      basis: '《县域义务教育优质均衡发展督导评估办法》',
      year: 2025,
      sections: [
        {
          label: '小学',
          verdict: '达标',
          explanation: '七项指标中 6 项达到标准，1 项数据缺失。',
          lines: [
            { code: 'L6', name: '生均教学仪器设备值', unit: '元', value: '2000.01', threshold: '2000.00', mean: '2100.00', status: '达标' },
            { code: 'L7', name: '每百名学生拥有网络多媒体教室数', unit: '间', value: '—', threshold: '2.300', mean: '2.500', status: '数据缺失' },
          ],
        },
      ],
    },
    rows: [
      { code: '1', title: '资源配置', depth: 1, leaf: false, points: 30, method: '', answer: '' },
      { code: '1.1', title: '办学理念', depth: 2, leaf: true, points: 10, method: '自评等级（A/B/C/D）', answer: 'B' },
      { code: '1.2', title: '生均图书', depth: 2, leaf: true, points: 5, method: '—', answer: '', computed: true },
      { code: '1.3', title: '图书配备', depth: 2, leaf: true, points: 15, method: '是否达标（达标/未达标）', answer: '' },
    ],
    ...over,
  };
}

const texts = (blocks: Block[]) =>
  blocks.map((b) => (b.type === 'heading' ? `H${b.level}:${b.text}` : b.type === 'paragraph' ? (b.text ?? (b.runs ?? []).map((r) => r.text).join('')) : b.type === 'table' ? `T:${b.caption}` : b.type));
const cellText = (c: string | TableCell) => (typeof c === 'string' ? c : c.text);
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table');

describe('buildSelfReport', () => {
  it('titles the draft with the unit, the year and （初稿）, the round beneath, and keeps the five headings of seed 000 in order', () => {
    const doc = buildSelfReport(input(), HEADINGS);
    expect(doc.title).toEqual(['景行小学', '2025年义务教育优质均衡发展', '自评报告（初稿）']);
    expect(texts(doc.body)[0]).toBe('（2025年城中区义务教育优质均衡发展督导评估）');
    expect(doc.body.filter((b) => b.type === 'heading' && b.level === 1).map((b) => (b as { text: string }).text)).toEqual([...HEADINGS]);
    // No letterhead, no office signature: it is the school's document.
    expect(doc.letterhead).toBeUndefined();
    expect(doc.signature).toBeUndefined();
  });

  it('prints the profile and the statistics exactly, a missing figure as 未填报 and a zero as 0, last year’s value flagged', () => {
    const [profile, stats] = tables(buildSelfReport(input(), HEADINGS).body);
    expect(profile!.rows.map((r) => r.map(cellText))).toEqual([
      ['单位名称', '景行小学'],
      ['学校类型', '小学'],
      ['校址', '柳州市城中区景行路 1 号'],
    ]);
    expect(stats!.header).toEqual([['数据项（单位）', '数值', '说明']]);
    expect(stats!.rows.map((r) => r.map(cellText))).toEqual([
      ['小学在校生数（人）', '1234', ''],
      ['教学仪器设备资产值（元）', '2468013.57', ''],
      ['专任教师数（人）', NOT_REPORTED, ''],
      ['小学班级数（个）', '0', ''],
      ['网络多媒体教室数（间）', '30', '2024年数值，待核实'],
    ]);
    expect(stats!.note).toContain('2025年尚无数据的项目预填2024年数值');
  });

  it('sets the resource indicators against their standards with units, a missing value as 未填报, and the verdict', () => {
    const doc = buildSelfReport(input(), HEADINGS);
    const res = tables(doc.body)[2]!;
    expect(res.caption).toBe('表3\u3000小学资源配置指标达成情况（2025年）');
    expect(res.header).toEqual([['指标（单位）', '本校数值', '标准值', '达成情况']]);
    expect(res.rows.map((r) => r.map(cellText))).toEqual([
      ['生均教学仪器设备值（元）', '2000.01', '2000.00', '达标'],
      ['每百名学生拥有网络多媒体教室数（间）', NOT_REPORTED, '2.300', '数据缺失'],
    ]);
    expect(texts(doc.body)).toContain('小学：达标。七项指标中 6 项达到标准，1 项数据缺失。');
  });

  it('says why there are no resource figures, or asks the school when the package has none', () => {
    const none = buildSelfReport(input({ resources: { kind: 'none', reason: '2025年尚无统计数据，未进行差异系数测算。' } }), HEADINGS);
    expect(texts(none.body)).toContain('2025年尚无统计数据，未进行差异系数测算。');
    expect(tables(none.body).map((t) => t.caption)).toEqual(['表1\u3000景行小学基本情况', '表2\u3000景行小学2025年基本数据', '表3\u3000景行小学各项指标自评情况']);
    const absent = buildSelfReport(input({ resources: null }), HEADINGS);
    const i = texts(absent.body).indexOf('H2:资源配置七项指标达成情况');
    expect(texts(absent.body)[i + 1]).toMatch(/^【待学校填写】请按本校统计数据计算资源配置七项指标/);
  });

  it('lists the indicators with points and the answers already entered; computed items say so; branches are bold', () => {
    const ev = tables(buildSelfReport(input(), HEADINGS).body).at(-1)!;
    expect(ev.caption).toBe('表4\u3000景行小学各项指标自评情况');
    expect(ev.header).toEqual([['指标编码', '指标名称', '分值', '自评方式', '自评结果']]);
    expect(ev.rows.map((r) => r.map(cellText))).toEqual([
      ['1', '资源配置', '30', '', ''],
      ['1.1', '办学理念', '10', '自评等级（A/B/C/D）', 'B'],
      ['1.2', '生均图书', '5', '—', '由评估主体按统计数据计算'],
      ['1.3', '图书配备', '15', '是否达标（达标/未达标）', ''],
    ]);
    expect((ev.rows[0]![0] as TableCell).bold).toBe(true);
    expect(ev.note).toBe('注：共 3 项末级指标，其中 1 项由评估主体按统计数据计算；其余各项的自评结果以自评表“自评”工作表为准。');
    // None computed: no “其中 0 项” clause.
    const none = input();
    none.rows = none.rows.map((r) => ({ ...r, computed: false }));
    expect(tables(buildSelfReport(none, HEADINGS).body).at(-1)!.note).toBe('注：共 3 项末级指标，各项的自评结果以自评表“自评”工作表为准。');
  });

  it('marks every paragraph for the school in grey with 【待学校填写】, names the two years of 主要创新举措, and ends with the seal and an open date', () => {
    const doc = buildSelfReport(input(), HEADINGS);
    const toFill = doc.body.filter((b): b is ParagraphBlock => b.type === 'paragraph' && !!b.runs?.[0]?.text.startsWith(TO_FILL));
    // 学校概况 ×2, 自评过程, 资源配置, 自评表, 主要创新举措, 主要问题.
    expect(toFill).toHaveLength(7);
    for (const p of toFill) expect(p.runs!.every((r) => r.color === GUIDANCE_COLOR)).toBe(true);
    expect(texts(doc.body).some((t) => t.includes('写2024—2025年两年来'))).toBe(true);
    const last = texts(doc.body).slice(-2);
    expect(last).toEqual(['学校（盖章）\u3000\u3000\u3000\u3000', `${DATE_PLACEHOLDER}\u3000\u3000`]);
    expect(DATE_PLACEHOLDER).toBe('____年__月__日');
  });

  it('names the sections of a school type in words', () => {
    expect(sectionsText('九年一贯制')).toBe('小学、初中');
    expect(sectionsText('完全中学')).toBe('初中、高中');
    expect(sectionsText('小学')).toBe('小学');
  });

  it('renders to a DOCX through the engine: numbered headings, grey guidance, the figures in the text', async () => {
    const { buffer } = await renderDocx(buildSelfReport(input(), HEADINGS));
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    let at = -1;
    for (const [i, h] of HEADINGS.entries()) {
      const k = plain.indexOf(`${'一二三四五'[i]}、${h}`, at + 1);
      expect(k, h).toBeGreaterThan(at);
      at = k;
    }
    expect(plain).toContain('（一）基本情况');
    expect(plain).toContain('2468013.57');
    expect(xml).toContain(`w:val="${GUIDANCE_COLOR}"`);
  });
});
