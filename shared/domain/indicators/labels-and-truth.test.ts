/**
 * Issue 10, items 5 and 9: every value is named by its declared Chinese label and unit (never its
 * key), and what the trial and the presets say is true — the partial-credit rule and share, the
 * bonus against its cap, 满分 moving only with a notice, 待核实 items explained for users, and the
 * categories a system offers taken from its own definition. Expected texts are written by hand
 * from the presets' numbers (the arithmetic is in the comments).
 */
import { describe, expect, it } from 'vitest';
import county from '../../../resources/presets/county-balance-100-points.json';
import national from '../../../resources/presets/national-2017-quality-balance.json';
import partnership from '../../../resources/presets/partnership-schooling-assessment.json';
import school from '../../../resources/presets/school-self-evaluation-five-sections.json';
import { categoryGroupsFor, resolveCategoryGroups } from './categories.js';
import { describeIndicatorValue } from './describe-value.js';
import { evaluateSystem } from './evaluate.js';
import { maxTotalChange } from './max-change.js';
import { parseIndicatorSystem } from './parse.js';
import type { IndicatorSystem } from './schema.js';
import { branch, pointsLeaf, system } from './test-helpers.js';
import { flattenNodes, isLeaf } from './tree.js';
import { validateIndicatorSystem } from './validate.js';
import { valueCaption } from './values.js';

function load(json: unknown): IndicatorSystem {
  const r = parseIndicatorSystem(json);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.system;
}

const errorsOf = (s: IndicatorSystem) => validateIndicatorSystem(s).filter((m) => m.severity === 'error');

describe('values are named by their Chinese label and unit', () => {
  it('captions: unit for numbers, 比例 / % for shares', () => {
    expect(valueCaption({ label: '在校生数', scale: 'number', unit: '人' })).toBe('在校生数（人）');
    expect(valueCaption({ label: '社会认可度', scale: 'ratio', unit: '' })).toBe('社会认可度（比例）');
    expect(valueCaption({ label: '满意度', scale: 'percent', unit: '' })).toBe('满意度（%）');
    expect(valueCaption({ label: '综合差异系数', scale: 'number', unit: '' })).toBe('综合差异系数');
  });

  const s = load(national);
  const stats = { pupils: 1000, teachersAboveDegree: 42 };

  it('a missing value is named by label and unit, not by key', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: { teachersAboveDegree: 42 } });
    expect(r.byId['a-res-L1']!.explanation).toBe('缺少数据：在校生数（人），暂计 0 分');
    expect(JSON.stringify(r.issues)).not.toMatch(/pupils|teachersAboveDegree/);
  });

  it('a computed value is explained with the formula in words', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: stats });
    // 42 ÷ 1000 × 100 = 4.2 teachers per 100 pupils, the primary line is 4.2.
    expect(r.byId['a-res-L1']!.explanation).toBe('高于规定学历的专任教师数 ÷ 在校生数 × 100 = 4.2人，达到标准（≥ 4.2人），得 0 分');
  });

  it('a value rule on a declared value uses its label and unit', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' } });
    expect(r.rules.find((x) => x.rule.kind === 'valueAtLeast')!.explanation).toBe('缺少数据：社会认可度（比例）');
  });

  it('an undeclared formula value is an error at the indicator, on its formula field', () => {
    const t = system([{ id: 'g', code: '1.4', title: '生均教学及辅助用房面积', points: 1, scoring: { method: 'formula', expression: 'area / pupils', threshold: { all: 4.5 } } }], {
      values: [{ name: 'pupils', label: '在校生数', unit: '人' }],
    });
    expect(errorsOf(t)).toEqual([
      {
        severity: 'error', nodeId: 'g', code: '1.4', field: 'expression',
        message: '指标 1.4 生均教学及辅助用房面积：公式中的数据 area 还没有中文名称和单位，请在“规则与等级”页的“数据项”中添加（试算、说明和导出都用这个名称）',
      },
    ]);
  });

  it('a value rule on an undeclared value is an error at the rule', () => {
    const t = system([pointsLeaf('a', 1)], { passRules: [{ kind: 'valueAtLeast', name: 'sr', label: '社会认可度', min: 0.85 }] });
    expect(errorsOf(t)).toEqual([
      { severity: 'error', ruleIndex: 0, message: '通过规则第 1 条读取的数据“社会认可度”还没有在“数据项”中定义中文名称和口径，请先添加该数据项' },
    ]);
  });

  it('a 数据项 row without formula name or label is an error on that field', () => {
    const t = system([pointsLeaf('a', 1)], { values: [{ name: 'sr', label: '社会认可度' }, { name: '2x', label: '在校生数' }] });
    t.values.push({ name: 'pupils', label: ' ', scale: 'number', unit: '人' });
    expect(errorsOf(t)).toEqual([
      { severity: 'error', valueIndex: 1, field: 'name', message: '第 2 个数据项（在校生数）的“公式中的名称”只能使用英文字母、数字和下划线，且不能以数字开头' },
      { severity: 'error', valueIndex: 2, field: 'label', message: '第 3 个数据项的“中文名称”不能为空' },
    ]);
  });

  it('the version diff and the 操作日志 read a formula with the labels', () => {
    const node = flattenNodes(s.nodes).find((e) => e.node.id === 'a-res-L1')!.node;
    expect(describeIndicatorValue('scoring', node.scoring, s)).toBe('公式：高于规定学历的专任教师数 ÷ 在校生数 × 100 ≥ 标准（小学 4.2，初中 5.3）');
  });

  it('every shipped preset validates with every value declared', () => {
    for (const json of [national, county, partnership, school]) expect(errorsOf(load(json))).toEqual([]);
  });
});

describe('the partial-credit explanation states the rule and the share actually applied', () => {
  const s = load(county);
  const items = Object.fromEntries(flattenNodes(s.nodes).filter((e) => isLeaf(e.node) && e.node.scoring?.method === 'points').map((e) => [e.node.id, { points: e.node.points! }]));

  it('≤ rule: 小学综合差异系数 0.7 against 0.65, zero at 0.975', () => {
    const r = evaluateSystem(s, { values: { cvPrimary: 0.7, cvJunior: 0.35, satisfaction: 0.9 }, items });
    // (0.975 − 0.7) ÷ (0.975 − 0.65) = 0.275 ÷ 0.325 = 84.6 %; 6 × 0.846… = 5.08.
    expect(r.byId['d-2-1-1']!.earned).toBeCloseTo((6 * 0.275) / 0.325, 12);
    expect(r.byId['d-2-1-1']!.explanation).toBe(
      '小学综合差异系数 0.7，未达到标准（≤ 0.65）；按比例计分：不超过 0.65 得满分 6 分，0.975 及以上得 0 分，其间按线性折算；得分比例 (0.975 − 0.7) ÷ (0.975 − 0.65) = 84.6%，得 5.08 分（满分 6）',
    );
  });

  it('≥ rule: 问卷满意度 80 % against 85 %, zero at 60 %', () => {
    const r = evaluateSystem(s, { values: { cvPrimary: 0.4, cvJunior: 0.35, satisfaction: 0.8 }, items });
    // (80 % − 60 %) ÷ (85 % − 60 %) = 80 %; 8 × 0.8 = 6.4 — not “为标准的 94.1%”, which is 0.8 ÷ 0.85.
    expect(r.byId['d-3-1-1']!.earned).toBeCloseTo(6.4, 12);
    expect(r.byId['d-3-1-1']!.explanation).toBe(
      '问卷满意度 80%，未达到标准（≥ 85%）；按比例计分：达到 85% 得满分 8 分，60% 及以下得 0 分，其间按线性折算；得分比例 (80% − 60%) ÷ (85% − 60%) = 80%，得 6.4 分（满分 8）',
    );
  });

  it('at or past the zero point the explanation says so', () => {
    const r = evaluateSystem(s, { values: { cvPrimary: 1.2, cvJunior: 0.35, satisfaction: 0.9 }, items });
    expect(r.byId['d-2-1-1']!.earned).toBe(0);
    expect(r.byId['d-2-1-1']!.explanation).toBe('小学综合差异系数 1.2，未达到标准（≤ 0.65）；按比例计分：不超过 0.65 得满分 6 分，0.975 及以上得 0 分，其间按线性折算；1.2 已高于或等于零分点 0.975，得 0 分');
  });
});

describe('the bonus is shown against its cap', () => {
  const s = load(county);
  const values = { cvPrimary: 0.4, cvJunior: 0.35, satisfaction: 0.9 };

  it('加分 3 / 上限 5 (system cap 5, items 3 + 3 + 2)', () => {
    const r = evaluateSystem(s, { values, items: { 'd-4-1': { points: 3 } } });
    expect(r.bonusTotal).toBe(3);
    expect(r.bonusCap).toBe(5);
    expect(r.explanation).toContain('加分 3 / 上限 5');
  });

  it('claims of 8 are credited 5 of 5', () => {
    const r = evaluateSystem(s, { values, items: { 'd-4-1': { points: 3 }, 'd-4-2': { points: 3 }, 'd-4-3': { points: 2 } } });
    expect(r.bonusTotal).toBe(5);
    expect(r.explanation).toContain('加分 5 / 上限 5');
  });

  it('without a system cap the items’ caps add up; no bonus item, no cap', () => {
    const t = system([branch('g', [pointsLeaf('a', 10)]), branch('p', [{ id: 'b1', code: 'b1', title: '加分一', points: 2, scoring: { method: 'bonus' } }, { id: 'b2', code: 'b2', title: '加分二', points: 1, scoring: { method: 'bonus' } }])]);
    const r = evaluateSystem(t, { items: { a: { points: 10 }, b1: { points: 2 } } });
    expect(r.bonusCap).toBe(3);
    expect(r.explanation).toContain('总分 12（满分 10，加分 2 / 上限 3）');
    expect(evaluateSystem(system([pointsLeaf('a', 10)])).bonusCap).toBeNull();
  });
});

describe('满分 changes only with a notice', () => {
  const s = load(county);

  it('raising 1.1.1 from 3 to 5 points: 100 → 102, naming the cause', () => {
    const edited = structuredClone(s);
    flattenNodes(edited.nodes).find((e) => e.node.code === '1.1.1')!.node.points = 5;
    expect(maxTotalChange(s, edited)).toEqual({
      from: 100,
      to: 102,
      causes: [{ nodeId: 'd-1-1-1', text: '1.1.1 领导责任：分值 3 → 5' }],
      message: '满分将由 100 分变为 102 分（1.1.1 领导责任：分值 3 → 5）',
    });
  });

  it('no notice when 满分 stays (a bonus item, or weights under a branch with its own points)', () => {
    const bonus = structuredClone(s);
    flattenNodes(bonus.nodes).find((e) => e.node.code === '4.1')!.node.points = 4;
    expect(maxTotalChange(s, bonus)).toBeNull();
    const t = system([branch('g', [pointsLeaf('a', 10), pointsLeaf('b', 10)], { points: 50 })]);
    const w = structuredClone(t);
    w.nodes[0]!.children[0]!.points = 30;
    expect(maxTotalChange(t, w)).toBeNull();
  });

  it('removing a scored item says so', () => {
    const t = system([branch('g', [pointsLeaf('a', 10), pointsLeaf('b', 5)])]);
    const w = structuredClone(t);
    w.nodes[0]!.children.pop();
    expect(maxTotalChange(t, w)?.message).toBe('满分将由 15 分变为 10 分（删除 b 指标b（5 分））');
  });
});

describe('shipped presets carry no development notes; 待核实 is explained for users', () => {
  const presets = { national, county, partnership, school };
  // Notes to developers seen before issue 10: “待与官方文本核对”, “模板示例”, “定稿”, “调用时传入 section”.
  const DEV = /TODO|FIXME|XXX|待确认|定稿|调用|传入|模板示例|需选定|官方文本核对|[A-Za-z]{3,}/;

  it.each(Object.entries(presets))('%s: no note, description or content reads like a note to developers', (_name, json) => {
    const s = load(json);
    expect(s.description).not.toMatch(DEV);
    for (const { node } of flattenNodes(s.nodes)) {
      for (const text of [node.title, node.content, node.standard, node.note, node.unconfirmedReason]) expect(text, node.code).not.toMatch(DEV);
      if (node.unconfirmed) expect(node.unconfirmedReason, node.code).toMatch(/请/); // says what to do
    }
  });

  it('the national preset marks exactly its unconfirmed items, each with its own explanation', () => {
    const s = load(national);
    const marked = flattenNodes(s.nodes).filter((e) => e.node.unconfirmed);
    expect(marked.map((e) => e.node.code)).toEqual(['1.1.1', '2.2', '2.4', '2.7', '3.1', '3.9', '5.4', '5.5', '5.6']);
    expect(marked.find((e) => e.node.code === '2.7')!.node.unconfirmedReason).toContain('6000 元');
    expect(s.description).toContain('待核实');
  });
});

describe('categories come from the system’s definition', () => {
  const s = load(partnership);
  const groups = resolveCategoryGroups(s);

  it('the partnership preset declares 紧密程度 for 学区化 and 集团化', () => {
    expect(groups).toEqual([{ label: '紧密程度', options: ['紧密型', '松散型'], partnershipTypes: ['学区化', '集团化'], source: 'declared' }]);
    expect(categoryGroupsFor(groups, '学区化').map((g) => g.label)).toEqual(['紧密程度']);
    expect(categoryGroupsFor(groups, '结对帮扶')).toEqual([]);
    expect(categoryGroupsFor(groups, undefined)).toHaveLength(1);
  });

  it('categories used but not declared are offered as 其他类别, with a warning at the node', () => {
    const t = system([pointsLeaf('a', 5, 0, { applicability: { categories: ['牵头校'] } }), pointsLeaf('b', 5)]);
    expect(resolveCategoryGroups(t)).toEqual([{ label: '其他类别', options: ['牵头校'], partnershipTypes: [], source: 'inferred' }]);
    expect(validateIndicatorSystem(t).find((m) => m.nodeId === 'a')).toMatchObject({ severity: 'warning', field: 'categories' });
  });

  it('a category of another group, or none, leaves 紧密型 items applicable; 松散型 excludes them', () => {
    const ctx = (categories: string[]) => evaluateSystem(s, { context: { partnershipType: '学区化', categories } });
    expect(ctx([]).byId['c-1-2-1']!.applicable).toBe(true);
    expect(ctx(['成员校']).byId['c-1-2-1']!.applicable).toBe(true);
    expect(ctx(['松散型']).byId['c-1-2-1']!.applicable).toBe(false);
    expect(ctx(['松散型']).byId['c-1-2-1']!.explanation).toBe('不适用：仅适用于紧密型，本单位为松散型，不计分，不计入满分');
  });

  it('an undefined category and two options of one group are noticed', () => {
    const r = evaluateSystem(s, { context: { partnershipType: '学区化', categories: ['紧密型', '松散型', '成员校'] } });
    expect(r.notices.map((n) => n.message)).toEqual([
      '类别“成员校”不是本指标体系定义的类别，未参与判断',
      '“紧密程度”只能选一项，现选了 紧密型、松散型：两类指标都按适用计算',
    ]);
  });
});
