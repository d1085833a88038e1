import { describe, expect, it } from 'vitest';
import type { GridLeaf, RoundGrid, ScoreRow } from '../../../../shared/api/contracts/scoring';
import { loadIndicatorSystem } from '../../../../shared/domain/indicators';
import {
  storedWords,
  applyMark,
  applyServerRow,
  buildGridModel,
  carryRefused,
  cellLines,
  cellText,
  ensureTotals,
  hasAllTotals,
  itemsOf,
  kindLabel,
  NO_FILTERS,
  readOnlyReason,
  readTyped,
  setPending,
  totalWords,
  visible,
  type GridModel,
} from './grid-model';

/**
 * A small system whose totals are worked out by hand below:
 *  1 办学条件 (sum of children, 20): 1.1 grade (10; A 1, B 0.8, C 0.6, D 0), 1.2 points (10, step 0.5)
 *  2 教育教学 (sum of children, 30): 2.1 达标 (10), 2.2 formula ratio ≥ 0.8 (10), 2.3 points (10, 初中 only)
 *  3 一票否决 (veto)
 * A 小学 has no 2.3: 教育教学 keeps its 30 and rescales 2.1 + 2.2 by 30 ÷ 20. Pass: total ≥ 30 and no
 * veto; grades by points 不合格 < 30 ≤ 合格 < 40 ≤ 良好 < 45 ≤ 优秀.
 */
const SYSTEM = loadIndicatorSystem({
  key: 'grid-test',
  name: '评分总表测试体系',
  level: 'school',
  version: 1,
  state: 'published',
  passRules: [{ kind: 'totalAtLeast', min: 30 }, { kind: 'noVeto' }],
  grading: {
    basis: 'points',
    bands: [
      { label: '不合格', min: 0, max: 30 },
      { label: '合格', min: 30, max: 40 },
      { label: '良好', min: 40, max: 45 },
      { label: '优秀', min: 45, max: null },
    ],
  },
  values: [{ name: 'ratio', label: '达标比例', scale: 'ratio' }],
  nodes: [
    {
      id: 'b1',
      code: '1',
      title: '办学条件',
      children: [
        { id: 'g1', code: '1.1', title: '校舍', points: 10, scoring: { method: 'grade', grades: [{ label: 'A', share: 1, met: true }, { label: 'B', share: 0.8, met: true }, { label: 'C', share: 0.6, met: true }, { label: 'D', share: 0, met: false }] } },
        { id: 'p1', code: '1.2', title: '设备', points: 10, scoring: { method: 'points', step: 0.5 } },
      ],
    },
    {
      id: 'b2',
      code: '2',
      title: '教育教学',
      children: [
        { id: 'm1', code: '2.1', title: '课程开齐', points: 10, scoring: { method: 'boolean' } },
        { id: 'f1', code: '2.2', title: '达标比例', points: 10, scoring: { method: 'formula', expression: 'ratio', threshold: { all: 0.8 } } },
        { id: 'j1', code: '2.3', title: '初中实验', points: 10, applicability: { schoolTypes: ['初中'] }, scoring: { method: 'points', step: 1 } },
      ],
    },
    { id: 'v1', code: '3', title: '安全事故', points: 0, scoring: { method: 'veto', reason: '发生重大安全责任事故' } },
  ],
});

const leaf = (nodeId: string, code: string, title: string, points: number, method: GridLeaf['method'], choices: string[] = [], step = 0): GridLeaf => ({ nodeId, code, title, points, method, methodText: '', step, choices });
const LEAVES: GridLeaf[] = [
  leaf('g1', '1.1', '校舍', 10, 'grade', ['A', 'B', 'C', 'D']),
  leaf('p1', '1.2', '设备', 10, 'points', [], 0.5),
  leaf('m1', '2.1', '课程开齐', 10, 'boolean', ['达标', '未达标']),
  leaf('f1', '2.2', '达标比例', 10, 'computed'),
  leaf('j1', '2.3', '初中实验', 10, 'points', [], 1),
  leaf('v1', '3', '安全事故', 0, 'veto', ['不存在', '存在']),
];
const PRIMARY = ['g1', 'p1', 'm1', 'f1', 'v1'];

function grid(): RoundGrid {
  return {
    roundId: 1,
    system: SYSTEM,
    departureThreshold: 1,
    leaves: LEAVES,
    types: [
      { schoolType: '小学', nodeIds: PRIMARY },
      { schoolType: '初中', nodeIds: ['g1', 'p1', 'm1', 'f1', 'j1', 'v1'] },
    ],
    experts: [
      { expertId: 7, name: '李明', unitIds: [1, 2], blockIds: [] },
      { expertId: 8, name: '王芳', unitIds: [1], blockIds: [20] },
    ],
    blocks: [
      { id: 20, name: '听课查阅组', nodeIds: ['g1', 'm1'] },
      { id: 21, name: '校园观察组', nodeIds: ['p1'] },
    ],
    units: [
      {
        unitId: 1,
        code: '0001',
        name: '景行小学',
        schoolType: '小学',
        state: 'open',
        lock: null,
        stored: null,
        expertIds: [7, 8],
        values: { ratio: 0.9 },
        valueProblems: [],
        cells: {
          g1: { self: 'A', office: 'B', experts: { '7': 'B', '8': 'D' }, final: 'A', reconciled: 'needs_decision', reconcileText: '两位专家的评定不一致，须合议' },
          p1: { self: 9, office: 8, final: 7.5, departure: 1.5 },
          m1: { final: true },
          v1: { self: false, final: false },
        },
      },
      { unitId: 2, code: '0002', name: '城关中学', schoolType: '初中', state: 'locked', lock: { locked: true, at: '2026-12-20T08:00:00.000Z', by: '张三', reason: '' }, stored: { total: 88.5, maxTotal: 100, grade: '良好', passed: true, conclusion: '通过，等级 良好（总分 88.5 / 100 分）' }, expertIds: [7], values: { ratio: 0.5 }, valueProblems: [], cells: { j1: { final: 6 } } },
      { unitId: 3, code: '0003', name: '河西小学', schoolType: '小学', state: 'forfeited', lock: null, stored: null, expertIds: [], values: {}, valueProblems: [], cells: {} },
      { unitId: 4, code: '0004', name: '桃源小学', schoolType: '小学', state: 'open', lock: null, stored: null, expertIds: [], values: {}, valueProblems: ['缺少达标比例：统计数据中没有对应的数据，项目数据中也未填写'], cells: { p1: { final: 10 } } },
    ],
  };
}

const unit = (m: GridModel, id: number) => m.units[m.unitIndex.get(id)!]!;

describe('grid totals', () => {
  it('computes each kind with the shared engine, as worked out by hand', () => {
    const m = ensureTotals(ensureTotals(buildGridModel(grid()), 'final'), 'office');
    // Final: 1 = 10 (A) + 7.5 = 17.5; 2 = (10 + 10 by 0.9 ≥ 0.8) × 30 ÷ 20 = 30; total 47.5 of 50, 优秀.
    expect(unit(m, 1).totals.final).toMatchObject({ total: 47.5, maxTotal: 50, grade: '优秀', passed: true, unscored: 0, complete: true, computed: { f1: 10 } });
    // 初评: 8 (B) + 8; 2.1 and the veto not scored (0); 2 = (0 + 10) × 1.5 = 15; total 31, incomplete: no grade.
    expect(unit(m, 1).totals.office).toMatchObject({ total: 31, grade: null, passed: null, unscored: 2, complete: false });
    // A 初中 keeps 2.3: 2 = 0 + 0 (0.5 < 0.8) + 6 = 6 of 30 — not rescaled.
    expect(unit(m, 2).totals.final).toMatchObject({ total: 6, maxTotal: 50, unscored: 4 });
    // No ratio: the formula is missing, named as a problem, not as an unscored item.
    expect(unit(m, 4).totals.final!.unscored).toBe(3);
    expect(unit(m, 4).totals.final!.problems.join()).toContain('达标比例');
  });

  it('reads the marks of the kind shown only', () => {
    const m = buildGridModel(grid());
    expect(itemsOf(m, unit(m, 1), 'expert:8')).toEqual({ g1: { grade: 'D' } });
    expect(itemsOf(m, unit(m, 1), 'final')).toEqual({ g1: { grade: 'A' }, p1: { points: 7.5 }, m1: { met: true }, v1: { triggered: false } });
  });

  it('an edit recomputes the edited unit and kind only; the other units keep their objects', () => {
    const m = ensureTotals(ensureTotals(buildGridModel(grid()), 'final'), 'office');
    const next = applyMark(m, 1, 'g1', 'final', 'C');
    // 1.1 from 10 to 6: 43.5, 良好.
    expect(unit(next, 1).totals.final).toMatchObject({ total: 43.5, grade: '良好' });
    expect(unit(next, 1).totals.office).toBe(unit(m, 1).totals.office);
    expect(unit(next, 1).cells.g1).toMatchObject({ final: 'C', office: 'B', self: 'A' });
    for (const id of [2, 3, 4]) expect(unit(next, id)).toBe(unit(m, id));
    expect(unit(m, 1).totals.final!.total).toBe(47.5);

    // A triggered veto fails the unit whatever its points: 不合格 (the failing grade).
    const vetoed = applyMark(next, 1, 'v1', 'final', true);
    expect(unit(vetoed, 1).totals.final).toMatchObject({ total: 43.5, passed: false, grade: '不合格' });
    // A withdrawal: the item is unscored again, the total incomplete.
    const withdrawn = applyMark(next, 1, 'm1', 'final', null);
    expect(unit(withdrawn, 1).cells.m1).toEqual({});
    expect(unit(withdrawn, 1).totals.final).toMatchObject({ total: 28.5, unscored: 1, grade: null });
    // An expert's score changes only that expert's marks.
    const expert = applyMark(m, 1, 'g1', 'expert:8', 'A');
    expect(unit(expert, 1).cells.g1!.experts).toEqual({ '7': 'B', '8': 'A' });
    // 王芳 scores 1.1 and 2.1 only (听课查阅组): 10 + 2.2's 10 × 1.5; 2.1 is her one item missing, and
    // her total is a partial one — never graded, even once her items are all scored.
    expect(unit(expert, 1).totals['expert:8']).toMatchObject({ total: 25, unscored: 1, grade: null, complete: false });
    const done = applyMark(expert, 1, 'm1', 'expert:8', true);
    expect(unit(done, 1).totals['expert:8']).toMatchObject({ total: 40, unscored: 0, grade: null, passed: null });
    expect(totalWords(unit(done, 1).totals['expert:8'])).toEqual({ total: '40 / 50 分', note: '所负责评估组已评完', tone: 'muted' });
    expect(unit(expert, 1).totals.final).toBe(unit(m, 1).totals.final);
  });

  it('computes a kind’s totals a few units at a time when asked to', () => {
    let m = buildGridModel(grid());
    m = ensureTotals(m, 'final', 3);
    expect(m.units.filter((u) => u.totals.final).length).toBe(3);
    expect(hasAllTotals(m, 'final')).toBe(false);
    m = ensureTotals(m, 'final', 3);
    expect(hasAllTotals(m, 'final')).toBe(true);
    expect(ensureTotals(m, 'final')).toBe(m);
  });

  it('takes the service’s answer as the cell and recomputes the totals whose marks it changes', () => {
    const m = ensureTotals(ensureTotals(buildGridModel(grid()), 'final'), 'office');
    const entry = (answer: ScoreRow['office'] extends infer E ? (E extends { answer: infer A } ? A : never) : never) => ({ answer, text: '', note: '', evidenceViewed: [], at: '', by: '' });
    const row: ScoreRow = {
      nodeId: 'g1',
      code: '1.1',
      title: '校舍',
      points: 10,
      method: '等级（A/B/C/D）',
      computed: false,
      answerKind: 'grade',
      choices: ['A', 'B', 'C', 'D'],
      evidence: [],
      self: { answer: { grade: 'A' }, text: '等级 A', explanation: '' },
      office: entry({ grade: 'B' }),
      experts: [
        { expertId: 7, name: '李明', score: entry({ grade: 'B' }), inGroup: true },
        { expertId: 8, name: '王芳', score: entry({ grade: 'C' }), inGroup: true },
      ],
      reconciled: { state: 'agreed', answer: { grade: 'C' }, text: '等级 C', basis: '两位专家评定的中位数（从严）', spread: 1 },
      final: entry({ grade: 'B' }),
      departure: null,
    };
    const next = applyServerRow(m, 1, row);
    expect(unit(next, 1).cells.g1).toEqual({ self: 'A', office: 'B', experts: { '7': 'B', '8': 'C' }, final: 'B', reconciled: 'agreed', suggested: 'C' });
    // Final changed (A → B: 45.5, 优秀); 初评 did not, and keeps its object.
    expect(unit(next, 1).totals.final).toMatchObject({ total: 45.5, grade: '优秀' });
    expect(unit(next, 1).totals.office).toBe(unit(m, 1).totals.office);
  });
});

describe('typing into a cell', () => {
  const [g1, p1, m1, f1, , v1] = LEAVES as [GridLeaf, GridLeaf, GridLeaf, GridLeaf, GridLeaf, GridLeaf];

  it('reads grades, points and yes/no as the service checks them', () => {
    expect(readTyped(g1, 'b', 'final')).toEqual({ ok: true, mark: 'B' });
    expect(readTyped(g1, ' Ｃ ', 'office')).toEqual({ ok: true, mark: 'C' });
    expect(readTyped(g1, 'E', 'final')).toEqual({ ok: false, message: '“1.1 校舍”应评为 A、B、C、D 之一（填写的是“E”）' });
    expect(readTyped(p1, '7.5', 'office')).toEqual({ ok: true, mark: 7.5 });
    expect(readTyped(p1, '８分', 'office')).toEqual({ ok: true, mark: 8 });
    expect(readTyped(p1, '7.3', 'office')).toEqual({ ok: false, message: '“1.2 设备”的分数应为 0.5 分的整数倍（填写的是 7.3）' });
    // A final score may be an average (2 decimals), not a step.
    expect(readTyped(p1, '7.25', 'final')).toEqual({ ok: true, mark: 7.25 });
    expect(readTyped(p1, '7.255', 'final')).toEqual({ ok: false, message: '“1.2 设备”的最终得分最多保留两位小数（填写的是 7.255）' });
    expect(readTyped(p1, '11', 'final')).toEqual({ ok: false, message: '“1.2 设备”的分数应在 0 至 10 分之间（填写的是 11）' });
    expect(readTyped(p1, '-1', 'final')).toEqual({ ok: false, message: '“1.2 设备”的分数应在 0 至 10 分之间（填写的是 -1）' });
    expect(readTyped(p1, '八', 'final')).toEqual({ ok: false, message: '“1.2 设备”请填写分数（填写的是“八”）' });
    expect(readTyped(m1, '达标', 'final')).toEqual({ ok: true, mark: true });
    expect(readTyped(m1, 'n', 'final')).toEqual({ ok: true, mark: false });
    expect(readTyped(v1, '存在', 'final')).toEqual({ ok: true, mark: true });
    expect(readTyped(v1, '不存在', 'final')).toEqual({ ok: true, mark: false });
    expect(readTyped(v1, 'Y', 'office')).toEqual({ ok: true, mark: true });
    expect(readTyped(v1, '可能', 'office')).toEqual({ ok: false, message: '“3 安全事故”请填写“存在”或“不存在”（也可输入“是”或“否”；填写的是“可能”）' });
    expect(readTyped(f1, '3', 'final').ok).toBe(false);
    // Emptied: withdraw.
    expect(readTyped(p1, '  ', 'final')).toEqual({ ok: true, mark: null });
  });

  it('says why a cell cannot be edited', () => {
    const m = buildGridModel(grid());
    expect(readOnlyReason(m, unit(m, 1), 'g1', 'final')).toBeNull();
    expect(readOnlyReason(m, unit(m, 1), 'f1', 'final')).toBe('由统计数据计算得出，不需要评分');
    expect(readOnlyReason(m, unit(m, 1), 'j1', 'final')).toBe('该项不适用于小学');
    expect(readOnlyReason(m, unit(m, 2), 'g1', 'final')).toBe('评分已锁定；如需修改，请先在单位评分表中解锁并写明原因');
    expect(readOnlyReason(m, unit(m, 3), 'g1', 'office')).toBe('本单位已弃权，不评分');
    expect(readOnlyReason(m, unit(m, 4), 'g1', 'expert:7')).toBe('专家“李明”没有被分配评估本单位');
    expect(readOnlyReason(m, unit(m, 1), 'g1', 'expert:8')).toBeNull();
    // 王芳 works in 听课查阅组 (1.1 and 2.1) only: the service refuses her score on 1.2.
    expect(readOnlyReason(m, unit(m, 1), 'p1', 'expert:8')).toBe('该项不在专家“王芳”负责的评估组中');
    expect(readOnlyReason(m, unit(m, 1), 'p1', 'expert:7')).toBeNull();
  });

  it('shows what was typed while it is saved or refused, and keeps refused cells over a reload', () => {
    const m = buildGridModel(grid());
    expect(cellText(unit(m, 1), g1, 'final')).toBe('A');
    expect(cellText(unit(m, 1), m1, 'final')).toBe('达标');
    expect(cellText(unit(m, 1), v1, 'final')).toBe('不存在');
    const refused = setPending(m, 1, 'p1', 'final', { text: '12', status: 'refused', message: '超出满分', seq: 1 });
    expect(cellText(unit(refused, 1), p1, 'final')).toBe('12');
    expect(cellText(unit(refused, 1), p1, 'office')).toBe('8');
    expect(cellLines(refused, unit(refused, 1), p1, 'final')).toContain('未保存：超出满分');
    const reloaded = carryRefused(refused, buildGridModel(grid()));
    expect(unit(reloaded, 1).pending).toEqual(unit(refused, 1).pending);
    expect(setPending(refused, 1, 'p1', 'final', null).units[0]!.pending).toEqual({});
  });

  it('lists every score of a cell in words', () => {
    const m = ensureTotals(buildGridModel(grid()), 'final');
    expect(cellLines(m, unit(m, 1), g1, 'final')).toEqual([
      '景行小学 · 1.1 校舍（，满分 10 分）',
      '学校自评：A',
      '初评：B',
      '专家 李明：B',
      '专家 王芳：D',
      '建议得分：需合议（两位专家的评定不一致，须合议）',
      '最终得分：A',
    ]);
    expect(cellLines(m, unit(m, 1), p1, 'final').at(-1)).toBe('最终得分：7.5（与学校自评相差 1.5 分，超过 1 分）');
    expect(cellLines(m, unit(m, 1), f1, 'final').at(-1)).toBe('按统计数据计算：10 分');
    expect(kindLabel('expert:8', m.experts)).toBe('专家“王芳”');
  });
});

describe('filters', () => {
  it('discrepancies only: the units and leaves with a decision needed or a departing final score', () => {
    const m = buildGridModel(grid());
    expect(visible(m, NO_FILTERS)).toEqual({ unitIds: [1, 2, 3, 4], nodeIds: ['g1', 'p1', 'm1', 'f1', 'j1', 'v1'] });
    expect(visible(m, { ...NO_FILTERS, discrepancies: true })).toEqual({ unitIds: [1], nodeIds: ['g1', 'p1'] });
  });

  it('unlocked only, by expert (their units and 评估组), by 评估组', () => {
    const m = buildGridModel(grid());
    expect(visible(m, { ...NO_FILTERS, unlockedOnly: true }).unitIds).toEqual([1, 4]);
    // 李明 works in all groups (none assigned): his units, every leaf they have.
    expect(visible(m, { ...NO_FILTERS, expertId: 7 })).toEqual({ unitIds: [1, 2], nodeIds: ['g1', 'p1', 'm1', 'f1', 'j1', 'v1'] });
    // 王芳 works in 听课查阅组 only.
    expect(visible(m, { ...NO_FILTERS, expertId: 8 })).toEqual({ unitIds: [1], nodeIds: ['g1', 'm1'] });
    expect(visible(m, { ...NO_FILTERS, blockId: 21 })).toEqual({ unitIds: [1, 2, 3, 4], nodeIds: ['p1'] });
    expect(visible(m, { ...NO_FILTERS, expertId: 8, blockId: 21 }).nodeIds).toEqual([]);
    // Only 初中 have 2.3: with only 小学 shown, the column goes.
    expect(visible(m, { ...NO_FILTERS, unlockedOnly: true }).nodeIds).not.toContain('j1');
  });
});

describe('total words', () => {
  it('says the grade only when complete, and what is missing otherwise', () => {
    const m = ensureTotals(ensureTotals(buildGridModel(grid()), 'final'), 'office');
    expect(totalWords(unit(m, 1).totals.final)).toEqual({ total: '47.5 / 50 分', note: '通过 · 优秀', tone: 'ok' });
    expect(totalWords(unit(m, 1).totals.office)).toEqual({ total: '31 / 50 分', note: '未评 2 项', tone: 'warn' });
    expect(totalWords(undefined)).toEqual({ total: '—', note: '', tone: 'muted' });
  });

  it('a locked unit’s final total is its stored result, a forfeited unit’s is 弃权 — never a recomputation', () => {
    expect(storedWords({ state: 'locked', stored: { total: 88.5, maxTotal: 100, grade: '良好', passed: true, conclusion: '通过，等级 良好（总分 88.5 / 100 分）' } })).toEqual({
      total: '88.5 / 100 分',
      note: '已锁定 · 通过 · 良好',
      tone: 'ok',
      title: '已锁定的结果：通过，等级 良好（总分 88.5 / 100 分）',
    });
    expect(storedWords({ state: 'forfeited', stored: null })?.note).toBe('弃权');
    expect(storedWords({ state: 'forfeited', stored: { total: null, maxTotal: null, grade: '不合格', passed: false, conclusion: '弃权，按未通过处理，等级 不合格' } })?.total).toBe('—');
    expect(storedWords({ state: 'open', stored: null })).toBeNull();
  });
});
