/**
 * The 整改台账 builders (issue 14 item 7), pure: the ledger table's cells and sizing (dates never
 * wrap), the filter in words, the report's figures counted from the items, and the notice listing
 * exactly the items given with their requirements.
 */
import { LANDSCAPE_TEXT_WIDTH_PT } from '../layout';
import { describe, expect, it } from 'vitest';
import type { RectificationItem } from '../../../shared/api/contracts/rectification';
import { supervisionOf, RECTIFICATION_STATE_LABELS, type RectificationState } from '../../../shared/domain/rectification';
import type { TableBlock } from '../model';
import { buildLedgerDoc, filterWords, ledgerRows } from './rectification-ledger';
import { buildRectificationNotice, requirementText } from './rectification-notice';
import { buildRectificationReport, rectificationFigures } from './rectification-report';
import { fitWidth } from './round-report';
import { expectChartsAsWholeECharts } from '../testing/charts';

const TODAY = '2026-12-01';
let seq = 0;
function item(p: Partial<RectificationItem> & { state: RectificationState; owner: RectificationItem['owner']; deadline: string | null }): RectificationItem {
  const n = ++seq;
  const ownerName = p.owner.kind === 'school' ? p.owner.name : p.owner.name;
  return {
    id: n,
    number: `2026-${String(n).padStart(3, '0')}`,
    source: { kind: 'manual', text: '责任督学日常督导', roundId: null, roundName: null, unitId: null, indicator: null, indicatorTitle: null, year: null, section: null, opinionId: null, measure: null },
    problem: `问题${n}`,
    target: '',
    ownerName,
    cooperating: '',
    person: '',
    measures: '',
    severity: 'minor',
    stateLabel: RECTIFICATION_STATE_LABELS[p.state],
    supervision: supervisionOf({ state: p.state, deadline: p.deadline }, TODAY),
    recheck: null,
    reportedBy: null,
    verification: null,
    closedOn: null,
    remarks: '',
    progressCount: 0,
    latestProgress: '',
    createdAt: '',
    createdBy: '张明',
    updatedAt: '',
    version: 1,
    ...p,
  };
}
const school = (name: string): RectificationItem['owner'] => ({ kind: 'school', schoolId: 1, name });
const dept = (name: string): RectificationItem['owner'] => ({ kind: 'department', name });

describe('整改台账 table', () => {
  it('writes each item\'s cells, dates in words, and sizes the date columns to their dates', () => {
    const items = [
      item({ state: 'in_progress', owner: school('第一小学'), deadline: '2026-11-01', latestProgress: '2026-11-20 已制定方案。', source: { ...item({ state: 'closed', owner: school('x'), deadline: null }).source, kind: 'round_indicator', text: '2026年评估·B2.3', indicator: 'B2.3', indicatorTitle: '课程实施' } }),
      item({ state: 'closed', owner: dept('县财政局'), deadline: '2026-12-31', cooperating: '县教育局', closedOn: '2026-11-25', verification: { by: '李华', at: '', date: '2026-11-25', passed: true, result: '' }, severity: 'major' }),
    ];
    const rows = ledgerRows(items);
    expect(rows[0]).toEqual([items[0]!.number, '2026年评估·B2.3 课程实施', items[0]!.problem, '', '第一小学', '', '2026年11月1日', '2026年11月20日 已制定方案。', '整改中，已逾期 30 天（红色督办）', '', '']);
    expect(rows[1]!.slice(4)).toEqual(['县财政局／配合：县教育局', '', '2026年12月31日', '', '已销号；较重问题', '2026年11月25日 核验人：李华', '']);
    const doc = buildLedgerDoc({ region: '城关县', office: '城关县人民政府教育督导室', date: TODAY, filterText: '全部事项', items });
    expect(doc).toMatchObject({ orientation: 'landscape', title: '城关县义务教育督导评估问题整改台账' });
    const table = doc.body.find((b): b is TableBlock => b.type === 'table')!;
    expect(table.header[0]).toEqual(['编号', '问题来源', '问题描述', '整改目标及措施', '责任单位／配合单位', '责任人', '整改时限', '整改进展', '状态', '销号', '备注']);
    expect(table.rows).toHaveLength(2);
    const pt = (table.fontSize ?? 12);
    // 整改时限 and 销号 hold a whole date on one line; 整改进展 opens with one.
    for (const k of [6, 7, 9]) expect(table.columns[k]!.width).toBeGreaterThanOrEqual(fitWidth('2026年12月31日') * pt);
    // The columns fill the landscape text block exactly: the engine never scales the fitted ones down.
    expect(table.columns.reduce((n, c) => n + c.width, 0)).toBeCloseTo(LANDSCAPE_TEXT_WIDTH_PT, 0);
    expect(table.note).toBe('注：共 2 项（全部事项）。状态、逾期天数和督办等级按填报日期计算；整改进展为最近一次进展记录。');
    expect(() => buildLedgerDoc({ region: '', office: '', date: TODAY, filterText: '', items: [] })).toThrow('整改台账没有可列出的事项');
  });

  it('states the filter in words', () => {
    expect(filterWords({})).toBe('全部事项');
    expect(filterWords({ states: ['not_started', 'awaiting_verification'], owner: '县财政局', overdue: true, level: 'red', roundId: 3 }, '2026年度评估')).toBe('状态：未启动、已完成待核验；责任单位：县财政局；评估项目：2026年度评估；仅逾期事项；督办等级：红色督办');
  });
});

describe('整改情况报告 figures', () => {
  it('counts by state, school, department, source and colour from the items', async () => {
    const items = [
      item({ state: 'not_started', owner: school('第一小学'), deadline: '2026-10-01' }),
      item({ state: 'in_progress', owner: school('第一小学'), deadline: '2026-11-25' }),
      item({ state: 'closed', owner: school('第二小学'), deadline: '2026-10-01' }),
      item({ state: 'awaiting_verification', owner: dept('县财政局'), deadline: '2026-01-01' }),
      item({ state: 'in_progress', owner: dept('县财政局'), deadline: '2026-12-02' }),
    ];
    const f = rectificationFigures(items, TODAY);
    expect(f).toMatchObject({ total: 5, byState: { not_started: 1, in_progress: 2, awaiting_verification: 1, closed: 1 }, closureRate: '20.0%', overdue: 2, dueSoon: 1, byLevel: { red: 1, yellow: 0, blue: 1, none: 0 } });
    expect(f.schools.map((g) => [g.name, g.total, g.overdue])).toEqual([['第一小学', 2, 2], ['第二小学', 1, 0]]);
    expect(f.departments.map((g) => [g.name, g.total, g.byState.awaiting_verification])).toEqual([['县财政局', 2, 1]]);
    expect(f.sources.map((g) => [g.name, g.total])).toEqual([['手工登记', 5]]);
    // Longest overdue first.
    expect(f.overdueItems.map((i) => i.number)).toEqual([items[0]!.number, items[1]!.number]);
    const doc = buildRectificationReport({ region: '城关县', signature: '城关县人民政府教育督导室', date: TODAY, figures: f });
    expect(await expectChartsAsWholeECharts(doc)).toBe(4);
    const captions = doc.body.flatMap((b) => (b.type === 'table' || b.type === 'chart' ? [b.caption] : []));
    expect(captions).toEqual(['表1 各状态事项数', '图1 各状态事项数（项）', '表2 各学校整改情况', '图2 各学校整改情况（项）', '表3 各部门整改情况', '图3 各部门整改情况（项）', '表4 各来源问题整改情况', '图4 各来源问题数（项）', '表5 逾期问题督办等级', '表6 逾期问题清单']);
    const byState = doc.body.find((b): b is TableBlock => b.type === 'table')!;
    expect(byState.rows).toEqual([['未启动', '1', '20.0%'], ['整改中', '2', '40.0%'], ['已完成待核验', '1', '20.0%'], ['已销号', '1', '20.0%'], ['合计', '5', '100.0%']]);
  });
});

describe('督导整改通知书', () => {
  it('lists exactly the given items with their requirement and deadline under the number', () => {
    const items = [item({ state: 'in_progress', owner: school('第一小学'), deadline: '2027-03-31', target: '补足音乐教室', measures: '改造闲置教室 1 间。' }), item({ state: 'not_started', owner: school('第一小学'), deadline: null })];
    expect(requirementText(items[0]!)).toBe('整改目标：补足音乐教室；整改措施：改造闲置教室 1 间。');
    expect(requirementText(items[1]!)).toBe('按问题描述整改到位。');
    const doc = buildRectificationNotice({ issuer: '城关县人民政府教育督导室文件', docNumber: '城教督〔2026〕7号', owner: '第一小学', items, reportBy: '2027-03-31', signature: '城关县人民政府教育督导室', date: TODAY, printer: '城关县人民政府教育督导室' });
    expect(doc).toMatchObject({ letterhead: { docNumber: '城教督〔2026〕7号' }, addressee: '第一小学', title: ['关于第一小学督导评估问题限期整改的通知'] });
    const perItem = doc.body.filter((b) => b.type === 'heading' && b.level === 2 && /号问题。$/.test(b.text));
    expect(perItem.map((b) => (b.type === 'heading' ? b.text : ''))).toEqual(items.map((i) => `${i.number}号问题。`));
    expect(perItem[0]!.type === 'heading' && perItem[0]!.runIn).toContain('整改时限：2027年3月31日前完成。');
    expect(perItem[1]!.type === 'heading' && perItem[1]!.runIn).toContain('整改时限：未规定，请在书面整改报告中写明计划完成时间。');
    expect(doc.attachments![0]!.blocks[0]).toMatchObject({ type: 'table', rows: [['1', items[0]!.number, items[0]!.problem, '2027年3月31日'], ['2', items[1]!.number, items[1]!.problem, '未规定']] });
    expect(() => buildRectificationNotice({ issuer: '', docNumber: '', owner: '第二小学', items: [], reportBy: TODAY, signature: '', date: TODAY, printer: '' })).toThrow('第二小学没有需要整改的事项');
  });
});

describe('督导整改通知书 title', () => {
  it('breaks a long title between words into balanced lines, never leaving 通知 alone', () => {
    const items = [item({ state: 'in_progress', owner: school('云溪外国语学校'), deadline: '2027-03-31' })];
    const doc = buildRectificationNotice({ issuer: '云溪区人民政府教育督导室文件', docNumber: '云教督〔2026〕10号', owner: '云溪外国语学校', items, reportBy: '2027-03-31', signature: '云溪区人民政府教育督导室', date: TODAY, printer: '云溪区人民政府教育督导室' });
    const lines = doc.title as string[];
    expect(lines.join('')).toBe('关于云溪外国语学校督导评估问题限期整改的通知');
    expect(lines.length).toBe(2);
    expect(lines[1]).not.toBe('通知');
  });
});
