/**
 * The round report's figures and documents from hand-made results: participation counts, bands,
 * grades, first-level and per-type means (round2 of the stored subtotals), the indicators most
 * often below standard, the attachment (landscape when wide), and the 公示 (rows, dates, title).
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ResultLine, UnitResult } from '../../../shared/api/contracts/scoring';
import { renderDocx } from '../docx/render-docx';
import { renderPdf } from '../pdf/render-pdf';
import { pdfPageCount, pdfPageText, pdfText, tempDir } from '../testing/tools';
import { expectChartsAsWholeECharts } from '../testing/charts';
import type { Block, DocModel, TableBlock } from '../model';
import { basisOf, buildPublication, buildRoundReport, captionOf, compareTypes, publicationDays, publicationRows, publicationTitle, publicationTitleLines, reportFigures, reportTitle, signedPoints, type RoundReportSource } from './round-report';

const LEVELS = [
  { nodeId: 'n1', code: '1', title: '保障措施', depth: 1, maxPoints: 40 },
  { nodeId: 'n2', code: '2', title: '教育质量', depth: 1, maxPoints: 60 },
];

function line(id: number, name: string, type: string, r: { total: number; earned: [number, number | null]; grade: string; rank: number; tied?: boolean } | 'forfeited' | null, previous: ResultLine['previous'] = null): ResultLine {
  const base = { unitId: id, unitName: name, unitCode: `C${id}`, schoolType: type, finalCount: null, scorableCount: null, previous };
  if (r === null) return { ...base, state: 'open', result: null, rank: null };
  const result: UnitResult = {
    id: 100 + id,
    unitId: id,
    unitName: name,
    unitCode: `C${id}`,
    schoolType: type,
    system: { name: '县域督导评估指标', version: 2, hash: 'h' },
    forfeited: r === 'forfeited',
    total: r === 'forfeited' ? null : r.total,
    maxTotal: r === 'forfeited' ? null : 100,
    passed: null,
    grade: r === 'forfeited' ? '不合格' : r.grade,
    conclusion: '',
    levels: r === 'forfeited' ? [] : [...LEVELS.map((l, i) => ({ ...l, earned: r.earned[i]! })), { nodeId: 'n11', code: '1.1', title: '领导责任', depth: 2, earned: 3, maxPoints: 5 }],
    vetoes: [],
    explanation: '',
    values: [],
    at: '2026-12-20T10:00:00Z',
    by: '督导室',
    current: true,
  };
  if (r === 'forfeited') return { ...base, state: 'forfeited', result, rank: null };
  return { ...base, state: 'locked', result, rank: { rank: r.rank, of: 3, tied: r.tied ?? false, category: null } };
}

function source(): RoundReportSource {
  return {
    roundName: '云溪区2026年度县域督导评估',
    year: 2026,
    evaluator: '云溪区人民政府教育督导室',
    systemName: '县域督导评估指标',
    systemVersion: 2,
    tieRule: '总分相同者名次并列',
    byCategory: false,
    previousRound: '云溪区2025年度县域督导评估',
    lines: [
      line(1, '景行小学', '小学', { total: 92.5, earned: [38, 54.5], grade: '优秀', rank: 1 }, { roundName: '上一轮', total: 90, grade: '优秀', change: 2.5, note: '' }),
      line(2, '河西小学', '小学', { total: 81.25, earned: [35.25, 46], grade: '良好', rank: 2 }),
      line(3, '城东中学', '初级中学', { total: 58, earned: [20, 38], grade: '不合格', rank: 3 }, { roundName: '上一轮', total: 61, grade: '合格', change: -3, note: '' }),
      line(4, '南山小学', '小学', 'forfeited'),
      line(5, '北岭小学', '小学', null),
    ],
    participation: [
      { unitId: 1, revision: 1, late: false, forfeited: false },
      { unitId: 2, revision: 2, late: true, forfeited: false },
      { unitId: 3, revision: 1, late: false, forfeited: false },
      { unitId: 4, revision: 0, late: false, forfeited: true },
      { unitId: 5, revision: 0, late: false, forfeited: false },
    ],
    below: new Map([
      [1, []],
      [2, [{ code: '1.1.1', title: '领导责任' }]],
      [3, [{ code: '2.1.1', title: '课程开设' }, { code: '1.1.1', title: '领导责任' }]],
    ]),
    threshold: 0.6,
    date: '2026-12-31',
  };
}

const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table');
/** The table captioned `name` (its number 表N stripped). */
const table = (blocks: Block[], name: string) => tables(blocks).find((x) => captionOf(x) === name)!;
const text = (b: Block[]) => b.map((x) => (x.type === 'paragraph' ? (x.text ?? '') : x.type === 'heading' ? x.text : '')).join('\n');
async function docxText(doc: DocModel): Promise<string> {
  const { buffer } = await renderDocx(doc);
  return (await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

describe('reportFigures', () => {
  it('counts participation from the round and everything else from the stored results only', () => {
    const f = reportFigures(source());
    expect(f.units).toBe(5);
    expect(Object.fromEntries(Object.entries(f.participation).map(([k, v]) => [k, v.map((n) => n.name)]))).toEqual({ submitted: ['景行小学', '城东中学'], late: ['河西小学'], forfeited: ['南山小学'], notSubmitted: ['北岭小学'] });
    expect(f.included.map((n) => n.name)).toEqual(['景行小学', '河西小学', '城东中学', '南山小学']);
    expect(f.notIncluded.map((n) => n.name)).toEqual(['北岭小学']);
    expect(f.scored.map((l) => l.unitName)).toEqual(['景行小学', '河西小学', '城东中学']);
    expect(f.maxTotal).toBe(100);
    // (92.5 + 81.25 + 58) / 3 = 77.25
    expect(f.totals).toEqual({ mean: 77.25, max: 92.5, min: 58 });
    expect(f.bands.map((b) => [b.label, b.axis, b.count])).toEqual([
      ['90.00 分及以上', '90及以上', 1],
      ['80.00 分至90.00 分以下', '80–90', 1],
      ['70.00 分至80.00 分以下', '70–80', 0],
      ['60.00 分至70.00 分以下', '60–70', 0],
      ['60.00 分以下', '60以下', 1],
    ]);
    // The forfeited unit's failing grade counts with the grades.
    expect(f.grades).toEqual([
      { grade: '优秀', count: 1 },
      { grade: '良好', count: 1 },
      { grade: '不合格', count: 2 },
    ]);
    // Only first-level subtotals; (38 + 35.25 + 20) / 3 = 31.083… → 31.08.
    expect(f.levels).toEqual([
      { code: '1', title: '保障措施', maxPoints: 40, average: 31.08, of: 3 },
      { code: '2', title: '教育质量', maxPoints: 60, average: 46.17, of: 3 },
    ]);
    expect(f.byType).toEqual([
      { schoolType: '小学', count: 2, meanTotal: 86.88, levels: [36.63, 50.25] },
      { schoolType: '初级中学', count: 1, meanTotal: 58, levels: [20, 38] },
    ]);
    expect(f.below).toEqual([
      { code: '1.1.1', title: '领导责任', units: ['河西小学', '城东中学'] },
      { code: '2.1.1', title: '课程开设', units: ['城东中学'] },
    ]);
  });

  it('bands by score rate when the full scores differ; a level not applicable is left out of its mean', () => {
    const src = source();
    src.lines[1]!.result!.maxTotal = 90;
    src.lines[2]!.result!.levels[1]!.earned = null;
    const f = reportFigures(src);
    expect(f.maxTotal).toBeNull();
    expect(f.bands[0]!.label).toBe('得分率 90%及以上');
    // 81.25 / 90 = 90.3%: in the top band now.
    expect(f.bands[0]!.count).toBe(2);
    expect(f.levels[1]).toMatchObject({ average: 50.25, of: 2 });
  });
});

describe('buildRoundReport', () => {
  it('draws its charts with the parts of ECharts the engine loads, as the whole of ECharts would', async () => {
    expect(await expectChartsAsWholeECharts(buildRoundReport(source()))).toBeGreaterThanOrEqual(2);
  });

  it('writes the figures with 2 decimals for points and 1 for shares, names units not included, charts and a landscape attachment when wide', async () => {
    const src = source();
    const doc = buildRoundReport(src);
    const body = text(doc.body);
    expect(body).toContain('本次评估共有参评单位 5 个，其中按时提交自评材料 2 个，逾期提交 1 个，弃权 1 个，未提交自评材料 1 个。');
    expect(body).toContain('评分尚未锁定的单位 1 个（北岭小学），没有确定的结果，未纳入本报告统计');
    expect(body).toContain('平均总分 77.25 分，最高 92.50 分，最低 58.00 分');
    expect(body).toContain('其中涉及单位最多的是指标 1.1.1 领导责任（2 个单位，占 66.7%）');
    const t = tables(doc.body);
    // Every table numbered in order, so the engine's 续表 carries the number.
    expect(t.map((x) => x.caption)).toEqual(['表1 参评单位提交情况', '表2 总分分布', '表3 等级分布', '表4 排名情况', '表5 一级指标平均分', '表6 各类学校平均分', '表7 低于标准较多的指标']);
    expect(body).toContain('依据《县域督导评估指标》（第 2 版）对 5 个单位进行了督导评估');
    expect(table(doc.body, '排名情况').rows).toEqual([
      ['1', '景行小学', '小学', '92.50', '优秀', '90.00', '+2.50'],
      ['2', '河西小学', '小学', '81.25', '良好', '—', '未参评'],
      ['3', '城东中学', '初级中学', '58.00', '不合格', '61.00', '−3.00'],
    ]);
    expect(table(doc.body, '一级指标平均分').rows[0]).toEqual(['1', '保障措施', '40.00', '31.08', '77.7%', '3']);
    const perType = table(doc.body, '各类学校平均分');
    expect(perType.header[0]).toEqual(['编码', '指标', '满分', '小学', '初级中学']);
    expect(perType.rows).toEqual([
      ['1', '保障措施', '40.00', '36.63', '20.00'],
      ['2', '教育质量', '60.00', '50.25', '38.00'],
      ['', '总分', '100.00', '86.88', '58.00'],
      ['', '单位数', '', '2', '1'],
    ]);
    expect(reportTitle('2026年学校办学水平督导')).toBe('2026年学校办学水平督导督导评估报告');
    expect(doc.body.filter((b) => b.type === 'chart')).toHaveLength(2);
    const attachment = doc.attachments![0]!;
    expect(attachment.landscape).toBe(false);
    expect(tables(attachment.blocks)[0]!.note).toContain('各一级指标的满分见正文表5；');
    const rows = tables(attachment.blocks)[0]!.rows;
    expect(rows.map((r) => r.at(-1))).toEqual(['第 101 号', '第 102 号', '第 103 号', '弃权', '未锁定，未纳入']);
    expect(rows[0]).toEqual(['C1', '景行小学', '小学', '38.00', '54.50', '92.50', '优秀', '1', '第 101 号']);

    // Six first-level indicators make the table too wide for a portrait page.
    const wide = source();
    for (const l of wide.lines) if (l.result && !l.result.forfeited) for (let i = 3; i <= 6; i++) l.result.levels.push({ nodeId: `n${i}`, code: String(i), title: `指标${i}`, depth: 1, earned: 1, maxPoints: 2 });
    expect(buildRoundReport(wide).attachments![0]!.landscape).toBe(true);

    const xml = (await docxText(doc)).replace(/\s+/g, '');
    for (const s of ['云溪区2026年度县域督导评估报告', '附件', '附件：云溪区2026年度县域督导评估各单位结果', '77.25', '2026年12月31日']) expect(xml, s).toContain(s);
  });

  it('signs changes with a true minus and keeps 2 decimals', () => {
    expect([signedPoints(1.5), signedPoints(-0.5), signedPoints(0.001)]).toEqual(['+1.50', '−0.50', '0.00']);
  });
});

describe('buildPublication', () => {
  it('lists the locked units by rank, the forfeited last; counts the open ones; prints the 公示 inputs as typed', async () => {
    const src = source();
    const f = reportFigures(src);
    expect(publicationRows(f, src.lines).map((r) => [r.name, r.total, r.grade, r.rank, r.note])).toEqual([
      ['景行小学', '92.50', '优秀', '1', ''],
      ['河西小学', '81.25', '良好', '2', ''],
      ['城东中学', '58.00', '不合格', '3', ''],
      ['南山小学', '—', '不合格', '—', '弃权'],
    ]);
    expect(publicationDays({ start: '2027-01-04', end: '2027-01-10' })).toBe(7);
    expect(publicationTitle('云溪区2026年度县域督导评估')).toBe('关于云溪区2026年度县域督导评估结果的公示');
    expect(publicationTitle('2026年学校办学水平督导')).toBe('关于2026年学校办学水平督导评估结果的公示');
    // A long title breaks after the round's name, never inside 公示.
    expect(publicationTitleLines('云溪区2026年度县域督导评估')).toEqual(['关于云溪区2026年度县域督导评估', '结果的公示']);
    expect(publicationTitleLines('城关县学校督导')).toBe('关于城关县学校督导评估结果的公示');
    const doc = buildPublication(src, f, { start: '2027-01-04', end: '2027-01-10', phone: '0771-1234567', supervision: '书面意见寄云溪区教育局督导室（云溪路 1 号）' });
    const body = text(doc.body);
    expect(body).toContain('依据《县域督导评估指标》组织开展了“云溪区2026年度县域督导评估”。');
    expect(body).toContain('现将 4 个单位的评估结果公示如下（另有 1 个单位的评分尚未完成，其结果另行公示）');
    // The list before the explanations, and 特此公示。 last: the engine binds it with the signature.
    expect(doc.body.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(doc.body.at(-1)).toEqual({ type: 'paragraph', text: '特此公示。' });
    expect(body).toContain('公示期：2027年1月4日至2027年1月10日（共 7 天）。');
    expect(body).toContain('联系电话：0771-1234567');
    expect(body).toContain('监督方式：书面意见寄云溪区教育局督导室（云溪路 1 号）');
    expect(doc.signature).toEqual({ issuer: '云溪区人民政府教育督导室', date: '2026-12-31' });
    const xml = (await docxText(doc)).replace(/\s+/g, '');
    for (const s of ['关于云溪区2026年度县域督导评估结果的公示', '景行小学', '92.50', '0771-1234567']) expect(xml, s).toContain(s);
  });
});

describe('grouping by school type, the basis', () => {
  it('puts school types in the register order, then other names', () => {
    expect(['初级中学', '九年一贯制', '小学', '十二年一贯制', '初中'].sort(compareTypes)).toEqual(['小学', '初中', '九年一贯制', '十二年一贯制', '初级中学']);
  });

  it('with ranks within school types, lists one block per type under its sub-heading in the ranking and the 公示', () => {
    const src = source();
    src.byCategory = true;
    src.lines.push(line(6, '东湖学校', '九年一贯制', { total: 70, earned: [30, 40], grade: '合格', rank: 1 }), line(7, '西湖学校', '九年一贯制', { total: 60, earned: [25, 35], grade: '合格', rank: 2 }));
    src.lines[2]!.rank = { rank: 1, of: 1, tied: false, category: '初级中学' };
    src.lines[6]!.rank = { rank: 2, of: 2, tied: false, category: '九年一贯制' };
    const f = reportFigures(src);
    const ranking = table(buildRoundReport(src, f).body, '排名情况');
    expect(ranking.header[0]).toEqual(['名次', '单位', '总分', '等级', '上一轮总分', '较上一轮']);
    expect(ranking.rows.map((r) => (typeof r[0] === 'string' ? `${r[0]} ${r[1] as string}` : r[0]!.text))).toEqual([
      '小学（2 个单位）',
      '1 景行小学',
      '2 河西小学',
      '九年一贯制（2 个单位）',
      '1 东湖学校',
      '2 西湖学校',
      '初级中学（1 个单位）',
      '1 城东中学',
    ]);
    expect(publicationRows(f, src.lines, true).map((r) => `${r.schoolType} ${r.rank} ${r.name}`)).toEqual(['小学 1 景行小学', '小学 2 河西小学', '小学 — 南山小学', '九年一贯制 1 东湖学校', '九年一贯制 2 西湖学校', '初级中学 1 城东中学']);
    const pub = table(buildPublication(src, f, { start: '2027-01-04', end: '2027-01-10', phone: '1', supervision: '信' }).body, `${src.roundName}结果`);
    expect(pub.rows.map((r) => (typeof r[0] === 'string' ? `${r[0]} ${r[1] as string}` : r[0]!.text))).toEqual([
      '小学（3 个单位）',
      '1 景行小学',
      '2 河西小学',
      '3 南山小学',
      '九年一贯制（2 个单位）',
      '4 东湖学校',
      '5 西湖学校',
      '初级中学（1 个单位）',
      '6 城东中学',
    ]);
    expect(pub.note).toContain('按学校类型分列，名次为在同一学校类型中的名次');
  });

  it('names the basis by the system name and version, without doubled 《》 or a missing name', () => {
    expect(basisOf({ systemName: '县域督导评估指标', systemVersion: 3 }, true)).toBe('依据《县域督导评估指标》（第 3 版）');
    expect(basisOf({ systemName: '《县域督导评估指标》', systemVersion: 3 }, false)).toBe('依据《县域督导评估指标》');
    expect(basisOf({ systemName: '县域督导评估指标', systemVersion: 0 }, true)).toBe('依据《县域督导评估指标》');
    expect(basisOf({ systemName: ' ', systemVersion: 1 }, true)).toBe('依据评估指标体系');
  });
});

/** Long school types: a register type of 6 字 and a statistics name of 7 字. */
const LONG_TYPES = ['十二年一贯制', '特殊教育学校', '九年一贯制学校'];
const TYPES = ['小学', '初中', '完全中学', ...LONG_TYPES];
/** A round of `n` units spread over six school types, all locked, ranked by total. */
function bigSource(n: number): RoundReportSource {
  const src = source();
  src.previousRound = null;
  src.lines = Array.from({ length: n }, (_, i) => line(i + 1, `第${i + 1}号单位`, TYPES[i % TYPES.length]!, { total: 100 - i * 0.75, earned: [40 - i * 0.25, 60 - i * 0.5], grade: i < 10 ? '优秀' : '良好', rank: i + 1 }));
  // One unit at full marks: its 100.00 and the full score are the widest numbers.
  src.lines[0]!.result!.levels[0]!.earned = 40;
  src.participation = src.lines.map((l) => ({ unitId: l.unitId, revision: 1, late: false, forfeited: false }));
  src.below = new Map();
  return src;
}
const count = (text: string, s: string) => text.split(s).length - 1;

describe('the PDFs as typeset', () => {
  it('never leaves the 公示 signature alone on a page, and keeps long type names and 100.00 on one line', { timeout: 180_000 }, async () => {
    const dir = await tempDir('round-report');
    for (const n of [30, 34, 38, 42, 46]) {
      const src = bigSource(n);
      const doc = buildPublication(src, reportFigures(src), { start: '2027-01-04', end: '2027-01-10', phone: '0771-1234567', supervision: '书面意见寄云溪区教育局督导室' });
      const file = path.join(dir, `publication-${n}.pdf`);
      fs.writeFileSync(file, (await renderPdf(doc)).buffer);
      const pages = await pdfPageCount(file);
      const last = (await pdfPageText(file, pages)).replace(/\s+/g, '');
      expect(last, `${n} 个单位`).toContain('特此公示。');
      expect(last).toContain('2026年12月31日');
      const layout = await pdfText(file, true);
      for (const t of LONG_TYPES) expect(count(layout, t), `${n} 个单位：${t}`).toBe(src.lines.filter((l) => l.schoolType === t).length);
    }
  });

  it('sizes the report and its attachment so type names and 100.00 never wrap', { timeout: 180_000 }, async () => {
    const dir = await tempDir('round-report');
    const src = bigSource(24);
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, (await renderPdf(buildRoundReport(src))).buffer);
    const layout = await pdfText(file, true);
    // Each long type: its column head in 各类学校平均分, its units in 排名情况 and in the attachment.
    for (const t of LONG_TYPES) expect(count(layout, t), t).toBe(1 + 2 * src.lines.filter((l) => l.schoolType === t).length);
    expect(layout).toContain('100.00');
    // “100.0%” is a share; a wrapped 100.00 would leave “100.0” before a line end.
    expect(layout).not.toMatch(/100\.0(?![0%])/);
  });
});
