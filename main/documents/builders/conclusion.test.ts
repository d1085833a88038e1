/**
 * 督导意见书 and 结果摘要 builders on hand-written inputs: the wording an office uses (no internal
 * numbers, no author tag on the office's own opinions, a rating said as such, a forfeit's outcome
 * in plain words) and points printed with 2 decimals everywhere, tables, text and chart labels.
 */
import { describe, expect, it } from 'vitest';
import type { Block, ChartBlock, ParagraphBlock, TableBlock, TableCellInput } from '../model';
import { expectChartsAsWholeECharts } from '../testing/charts';
import { buildConclusion, buildConclusionSummary, conclusionWords, levelChart, type ConclusionInput } from './conclusion';

function input(over: Partial<ConclusionInput> = {}): ConclusionInput {
  return {
    roundName: '2026年度县域督导评估',
    year: 2026,
    evaluator: '城关县人民政府教育督导室',
    unitName: '景行小学',
    unitCode: '01-001',
    schoolType: '小学',
    systemName: '县域督导评估指标',
    systemVersion: 1,
    resultId: 9,
    lockedAt: '2026-11-30T02:15:00.000Z',
    lockedOn: '2026-11-30',
    forfeit: null,
    total: 84.2,
    maxTotal: 100,
    passed: true,
    grade: 'B',
    rank: { rank: 2, of: 5, tied: false },
    vetoes: [],
    profile: [{ label: '单位名称', value: '景行小学', source: '评估项目参评单位' }],
    resources: {
      kind: 'sections',
      basis: '《县域义务教育优质均衡发展督导评估办法》',
      year: 2026,
      sections: [
        {
          label: '小学',
          verdict: '达标',
          explanation: '6 项指标达到要求；生均教学仪器设备值 2460.10 元/生（要求 2500.00 元/生，为要求的 98.40%），不低于要求的 85%。',
          lines: [{ code: 'L6', name: '生均教学仪器设备值', unit: '元/生', value: '2460.10', threshold: '2500.00', mean: '2600.00', status: '未达标但不低于85%' }],
        },
      ],
    },
    levels: [
      { code: '1', title: '保障措施', earned: 16.8, maxPoints: 20, average: 14.8, averageOf: 4 },
      { code: '2', title: '差异程度', earned: 11, maxPoints: 30, average: 11, averageOf: 4 },
      { code: '3', title: '公众评价', earned: null, maxPoints: 20, average: 18.25, averageOf: 3 },
    ],
    values: [],
    strengths: [{ indicator: null, author: null, text: '校园文化建设有特色' }],
    problems: [{ indicator: '1.1.1 领导责任', author: '张明', text: '领导责任落实记录不全。' }],
    suggestions: [],
    below: [
      { code: '1.2.1', title: '教师配备', rating: '等级 D', earned: 0, points: 3 },
      { code: '1.1.1', title: '领导责任', rating: null, earned: 1.5, points: 3 },
    ],
    threshold: 0.6,
    date: '2026-12-31',
    deadline: '2027-03-31',
    ...over,
  };
}

const text = (c: TableCellInput): string => (typeof c === 'string' ? c : c.text);
const paragraphs = (body: readonly Block[]) => body.filter((b): b is ParagraphBlock => b.type === 'paragraph').map((b) => b.text ?? '');
const tables = (body: readonly Block[]) => body.filter((b): b is TableBlock => b.type === 'table');

describe('督导意见书', () => {
  it('draws its chart with the parts of ECharts the engine loads, as the whole of ECharts would', async () => {
    expect(await expectChartsAsWholeECharts(buildConclusion(input()))).toBe(1);
  });

  it('prints points with 2 decimals in the text, the level table and the chart labels', () => {
    const doc = buildConclusion(input());
    const all = paragraphs(doc.body).join('\n');
    expect(all).toContain('你校总分 84.20 分（满分 100.00 分），等级为“B”，在本项目已排名的 5 个单位中列第 2 名。评估结论：通过。');
    const levels = tables(doc.body).find((t) => t.caption === '一级指标得分与全项目平均分')!;
    expect(levels.rows.map((r) => r.map(text))).toEqual([
      ['1', '保障措施', '20.00', '16.80', '84.0%', '14.80', '+2.00'],
      ['2', '差异程度', '30.00', '11.00', '36.7%', '11.00', '0.00'],
      ['3', '公众评价', '20.00', '不适用', '—', '18.25', '—'],
    ]);
    const chart = doc.body.find((b): b is ChartBlock => b.type === 'chart')!;
    const series = (chart.option.series as { data: { value: number; label: { formatter: string } }[] }[]).map((s) => s.data.map((d) => [d.value, d.label.formatter]));
    expect(series).toEqual([
      [
        [16.8, '16.80'],
        [11, '11.00'],
      ],
      [
        [14.8, '14.80'],
        [11, '11.00'],
      ],
    ]);
  });

  it('says where the figures come from once, by the day the result was locked, without internal numbers or the software', () => {
    const all = paragraphs(buildConclusion(input()).body).join('\n');
    expect(all.split('评分结果（2026年11月30日锁定）').length - 1).toBe(1);
    for (const s of ['第 9 号', '评分系统', '本系统', '2026-11-30', 'L6']) expect(all, s).not.toContain(s);
  });

  it('names resource indicators in words, the verdict once, and the same figures in text and table', () => {
    const doc = buildConclusion(input());
    const res = tables(doc.body).find((t) => t.caption === '小学资源配置指标')!;
    expect(res.header).toEqual([['指标', '本单位', '标准', '全县平均', '达标情况']]);
    expect(res.rows.map((r) => r.map(text))).toEqual([['生均教学仪器设备值（元/生）', '2460.10', '2500.00', '2600.00', '未达标但不低于85%']]);
    const all = paragraphs(doc.body);
    expect(all).toContain('小学：达标。6 项指标达到要求；生均教学仪器设备值 2460.10 元/生（要求 2500.00 元/生，为要求的 98.40%），不低于要求的 85%。');
    expect(all).toContain('依据《县域义务教育优质均衡发展督导评估办法》，按2026年统计数据测算：');
  });

  it('does not tag the issuing office’s own opinions, keeps the expert’s name, and says a rating as such', () => {
    const all = paragraphs(buildConclusion(input()).body);
    expect(all).toContain('校园文化建设有特色。');
    expect(all).toContain('（1.1.1 领导责任）领导责任落实记录不全。（张明）');
    expect(all).toContain('1. 指标 1.2.1 教师配备：评定为等级 D，得分 0.00 分（满分 3.00 分），得分率 0.0%，低于 60.0%。');
    expect(all).toContain('2. 指标 1.1.1 领导责任：得分 1.50 分（满分 3.00 分），得分率 50.0%，低于 60.0%。');
    expect(all.join('\n')).not.toContain('折合');
    expect(all.join('\n')).not.toContain('（督导室）');
  });

  it('states a forfeit’s outcome in plain words, with the reason, and no scores or opinions', () => {
    const failed = paragraphs(buildConclusion(input({ forfeit: { reason: '未按期提交材料', failed: true }, total: null, maxTotal: null, passed: false, grade: 'D', rank: null })).body);
    expect(failed).toContain('你校在本次督导评估中弃权（弃权原因：未按期提交材料）。按本项目对弃权单位的处理，评估结论为未通过，等级为“D”，不参加排名。');
    expect(failed.join('\n')).not.toContain('整改');
    const unrated = paragraphs(buildConclusion(input({ forfeit: { reason: null, failed: false }, total: null, maxTotal: null, passed: null, grade: null, rank: null })).body);
    expect(unrated).toContain('你校在本次督导评估中弃权。按本项目对弃权单位的处理，不评定结果，不参加排名。');
  });
});

describe('结果摘要 and the conclusion in words', () => {
  it('prints totals and level scores with 2 decimals', () => {
    const t = tables(buildConclusionSummary(input()).body)[0]!;
    const rows = Object.fromEntries(t.rows.map((r) => [text(r[0]!), text(r[1]!)]));
    expect(rows['评估结论']).toBe('通过，等级 B');
    expect(rows['总分']).toBe('84.20 / 100.00 分，等级 B');
    expect(rows['1 保障措施']).toBe('16.80 / 20.00 分（全项目平均 14.80 分）');
    expect(rows['得分率低于 60.0% 的指标']).toBe('1.2.1 教师配备（0.00 / 3.00 分）；1.1.1 领导责任（1.50 / 3.00 分）');
    expect(t.note).toBe('注：分数单位为分，取自2026年11月30日锁定的评分结果；详见《关于景行小学的督导意见书》。');
  });

  it('words a result without verdict or grade by its total, and names the vetoes', () => {
    expect(conclusionWords(input({ passed: null, grade: null }))).toBe('总分 84.20 分（满分 100.00 分）');
    expect(conclusionWords(input({ passed: false, grade: null, vetoes: [{ code: '5.1', title: '安全事故', reason: '发生重大安全责任事故' }] }))).toBe('未通过；触发一票否决：5.1 安全事故');
    expect(conclusionWords(input({ forfeit: { reason: null, failed: true }, grade: 'D' }))).toBe('弃权，未通过，等级 D');
    expect(conclusionWords(input({ forfeit: { reason: null, failed: false }, grade: null }))).toBe('弃权，不评定结果');
  });

  it('leaves bonus and veto branches (no maximum) out of the chart', () => {
    const chart = levelChart({ unitName: '景行小学', levels: [...input().levels, { code: '4', title: '奖励加分', earned: 1, maxPoints: 0, average: 0.5, averageOf: 4 }] });
    expect((chart.option.xAxis as { data: string[] }).data).toEqual(['1', '2']);
  });
});
