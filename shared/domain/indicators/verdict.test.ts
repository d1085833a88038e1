/**
 * Verdicts that agree (issue 8, item 8): a result that does not pass never carries a passing
 * grade; 通过 / 未通过 only where there is something to pass; 得分率 never above 100 %.
 * Expected values are derived by hand from the points and rules in each test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import county from '../../../resources/presets/county-balance-100-points.json';
import partnership from '../../../resources/presets/partnership-schooling-assessment.json';
import { evaluateSystem } from './evaluate.js';
import { parseIndicatorSystem } from './parse.js';
import { GradingSchema, type IndicatorNodeInput, type IndicatorSystem } from './schema.js';
import { branch, pointsLeaf, system } from './test-helpers.js';
import { flattenNodes, isLeaf } from './tree.js';
import { validateIndicatorSystem } from './validate.js';
import { conclusionText, judgesPass } from './verdict.js';

function load(json: unknown): IndicatorSystem {
  const r = parseIndicatorSystem(json);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.system;
}

const errors = (s: IndicatorSystem) => validateIndicatorSystem(s).filter((m) => m.severity === 'error').map((m) => m.message);
const warnings = (s: IndicatorSystem) => validateIndicatorSystem(s).filter((m) => m.severity === 'warning').map((m) => m.message);

const veto: IndicatorNodeInput = { id: 'v', code: 'v', title: '挪用经费', scoring: { method: 'veto', reason: '挪用教育经费' } };

describe('county preset: the grade agrees with the pass rules', () => {
  const s = load(county);
  const fullPoints = () => {
    const items: Record<string, { points: number }> = {};
    for (const { node } of flattenNodes(s.nodes)) if (isLeaf(node) && node.scoring?.method === 'points') items[node.id] = { points: node.points! };
    return items;
  };
  const values = { cvPrimary: 0.4, cvJunior: 0.35, satisfaction: 0.9 };

  it('total 94.5 but 差异程度 24.5 < 26: 未通过 and 不合格 — before, the band said 合格', () => {
    const items = fullPoints();
    items['d-2-2-1'] = { points: 2.5 }; // 差异程度 30 − 1.5 − 4 = 24.5
    items['d-2-3-1'] = { points: 0 };
    const r = evaluateSystem(s, { values, items });
    expect(r.total).toBe(94.5); // in the 合格 band (≥ 85)
    expect(r.passed).toBe(false);
    expect(r.grade?.label).toBe('不合格');
    expect(r.explanation).toBe('未通过：差异程度得分 24.5，低于 26；未通过，等级定为 不合格（未通过的结果一律评为 不合格）');
    // 合格 appears nowhere except inside 不合格.
    expect(JSON.stringify({ e: r.explanation, g: r.grade }).replaceAll('不合格', '')).not.toContain('合格');
    expect(conclusionText(r)).toBe('未通过，等级 不合格');
  });

  it('a passing result gets its band', () => {
    const r = evaluateSystem(s, { values, items: fullPoints() });
    expect(r.passed).toBe(true);
    expect(r.grade).toEqual({ label: '合格', explanation: '等级 合格：得分 100（85 ≤ 得分）' });
    expect(conclusionText(r)).toBe('通过，等级 合格');
  });

  it('the preset states its failed grade and validates', () => {
    expect(s.grading?.gradeWhenFailed).toBe('不合格');
    expect(errors(s)).toEqual([]);
  });
});

describe('a system with grading only shows the grade, no 通过 / 未通过', () => {
  const s = load(partnership);

  it('passed is null and the explanation gives no verdict', () => {
    expect(judgesPass(s)).toBe(false);
    const items: Record<string, { grade: string }> = {};
    for (const { node } of flattenNodes(s.nodes)) if (isLeaf(node)) items[node.id] = { grade: 'B' };
    const r = evaluateSystem(s, { context: { partnershipType: '学区化', categories: ['紧密型'] }, items });
    expect(r.passed).toBeNull();
    expect(r.grade?.label).toBe('B');
    expect(r.explanation).not.toMatch(/^(通过|未通过)/);
    expect(r.explanation).toBe('总分 80（满分 100）；等级 B：得分 80（80 ≤ 得分 < 90）（本体系只评定等级）');
    // Issue 10: 通过 appears nowhere a user reads about this result, the stated rules included.
    const shown = [r.explanation, r.grade?.explanation, r.verdictRule, r.aggregationRule, r.roundingRule, conclusionText(r), ...r.nodes.map((n) => n.explanation), ...r.notices.map((n) => n.message)];
    for (const text of shown) expect(text).not.toContain('通过');
    expect(r.verdictRule).toBe('本体系只评定等级：D：0 ≤ 得分 < 60；C：60 ≤ 得分 < 80；B：80 ≤ 得分 < 90；A：90 ≤ 得分。');
    expect(conclusionText(r)).toBe('等级 B');
  });

  it('a veto in a grading-only system gives the veto grade, still no verdict', () => {
    const t = system([branch('g', [pointsLeaf('a', 100)]), branch('x', [veto])], {
      grading: { bands: [{ label: 'D', min: 0, max: 60 }, { label: 'A', min: 60, max: null }], vetoLabel: 'D' },
    });
    const r = evaluateSystem(t, { items: { a: { points: 100 }, v: { triggered: true } } });
    expect(r.passed).toBeNull();
    expect(r.grade?.label).toBe('D');
    expect(r.explanation).toMatch(/^触发一票否决：挪用教育经费；总分 100（满分 100）；触发一票否决，等级定为 D/);
  });
});

describe('verdict without grading', () => {
  it('no rules and no veto items: no verdict at all', () => {
    const r = evaluateSystem(system([pointsLeaf('a', 10)]), { items: { a: { points: 7 } } });
    expect(r.passed).toBeNull();
    expect(r.grade).toBeNull();
    expect(r.explanation).toBe('总分 7（满分 10）（本体系未设通过规则，也不评定等级，不判定是否通过）');
    expect(conclusionText(r)).toBe('不判定是否通过');
  });

  it('no rules but veto items: judged by the vetoes', () => {
    const t = system([branch('g', [pointsLeaf('a', 10)]), branch('x', [veto])]);
    expect(evaluateSystem(t, { items: { a: { points: 7 } } })).toMatchObject({ passed: true, explanation: '通过：总分 7（满分 10），未触发一票否决' });
    expect(evaluateSystem(t, { items: { a: { points: 7 }, v: { triggered: true } } }).passed).toBe(false);
  });
});

describe('gradeWhenFailed', () => {
  const bands = [
    { label: '不合格', min: 0, max: 60 },
    { label: '合格', min: 60, max: 90 },
    { label: '优秀', min: 90, max: null },
  ];
  const two = (grading: object, rules: object[] = [{ kind: 'nodeAtLeast', nodeId: 'b', min: 20 }]) =>
    system([branch('a', [pointsLeaf('a1', 70)], { title: '甲' }), branch('b', [pointsLeaf('b1', 30)], { title: '乙' })], { passRules: rules as never, grading: grading as never });

  it('defaults to vetoLabel, else the lowest band (the grade a vetoed result already got)', () => {
    expect(GradingSchema.parse({ bands, vetoLabel: '合格' }).gradeWhenFailed).toBe('合格');
    expect(GradingSchema.parse({ bands: [...bands].reverse() }).gradeWhenFailed).toBe('不合格');
    expect(GradingSchema.parse({ bands, gradeWhenFailed: null }).gradeWhenFailed).toBeNull();
  });

  it('null: grades only among passing results; a failed result has no grade', () => {
    const t = two({ bands, gradeWhenFailed: null });
    const r = evaluateSystem(t, { items: { a1: { points: 70 }, b1: { points: 19 } } }); // total 89, 乙 19 < 20
    expect(r.passed).toBe(false);
    expect(r.grade).toEqual({ label: '', explanation: '未通过，不评定等级（本体系只在通过的结果中评定等级）' });
    expect(r.explanation).toBe('未通过：乙得分 19，低于 20');
    const ok = evaluateSystem(t, { items: { a1: { points: 70 }, b1: { points: 20 } } }); // 90
    expect(ok.grade?.label).toBe('优秀');
  });

  it('a label outside the bands is given to failed results only', () => {
    const t = two({ bands: bands.slice(1).map((b, i) => (i === 0 ? { ...b, min: 0 } : b)), gradeWhenFailed: '不达标' });
    expect(evaluateSystem(t, { items: { a1: { points: 70 }, b1: { points: 10 } } }).grade?.label).toBe('不达标');
    expect(errors(t)).toEqual([]);
  });

  it('a passing score in the failed band is a contradiction: no grade, and the definition is refused', () => {
    // Pass line 50, but 不合格 (the failed grade) covers up to 60.
    const t = two({ bands, gradeWhenFailed: '不合格' }, [{ kind: 'totalAtLeast', min: 50 }]);
    const r = evaluateSystem(t, { items: { a1: { points: 40 }, b1: { points: 15 } } }); // 55
    expect(r.passed).toBe(true);
    expect(r.grade?.label).toBe('');
    expect(r.grade?.explanation).toContain('等级划分与通过规则矛盾');
    expect(errors(t)).toContain('等级“不合格”（0 ≤ 得分 < 60）是未通过时的等级，却包含通过线 50 分及以上的得分：通过的结果会落入其中。请把它的上限设为 50（不含），或调整通过规则');
  });

  it('validation: vetoLabel must agree, bands wholly below the line are flagged, no total rule is a warning', () => {
    const t = two({ bands, vetoLabel: '合格', gradeWhenFailed: '不合格' }, [{ kind: 'totalAtLeast', min: 90 }]);
    expect(errors(t).join('\n')).toContain('“一票否决时的等级”应留空或与之相同（现为“合格”）');
    expect(warnings(t)).toContain('等级“合格”（60 ≤ 得分 < 90）整段低于通过线 90 分：落在其中的结果都未通过，一律评为“不合格”');
    expect(warnings(two({ bands, gradeWhenFailed: '不合格' })).join('\n')).toContain('通过规则没有限定总分');
  });
});

describe('得分率 (basis percent) never above 100 %', () => {
  it('a total above the maximum (bonus) counts as 100 %', () => {
    const t = system(
      [branch('g', [pointsLeaf('a', 40)]), branch('p', [{ id: 'b', code: 'b', title: '加分', points: 5, scoring: { method: 'bonus' } }])],
      { grading: { basis: 'percent', bands: [{ label: '合格', min: 0, max: 90 }, { label: '优秀', min: 90, max: 100, maxInclusive: true }] } },
    );
    const r = evaluateSystem(t, { items: { a: { points: 40 }, b: { points: 2 } } });
    expect(r.total).toBe(42);
    expect(r.grade).toEqual({ label: '优秀', explanation: '等级 优秀：得分率 100%（含加分超过满分，按 100% 计）（90 ≤ 得分率(%) ≤ 100）' });
    expect(r.explanation).not.toMatch(/10[1-9](\.\d+)?%/);
  });

  it('percent-basis bounds typed as ratios are refused with both readings', () => {
    const t = system([pointsLeaf('a', 40)], { grading: { basis: 'percent', bands: [{ label: '不合格', min: 0, max: 0.6 }, { label: '合格', min: 0.6, max: null }] } });
    expect(errors(t)).toContain('等级“不合格”上限填写为 0.6：得分率按百分数（0～100）填写；若指 60%，请填写 60');
    const big = system([pointsLeaf('a', 40)], { grading: { basis: 'percent', bands: [{ label: '不合格', min: 0, max: 600 }, { label: '合格', min: 600, max: null }] } });
    expect(errors(big)).toContain('等级“不合格”上限填写为 600：得分率按百分数应在 0～100 之间');
  });
});

describe('not passed ⇒ never a passing grade (property)', () => {
  const LABELS = ['P1', 'P2', 'P3', 'P4'];
  it('holds for random bands, rules, failed-grade choices and inputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }),
        fc.constantFrom<'lowest' | 'band' | 'outside' | 'none'>('lowest', 'band', 'outside', 'none'),
        fc.record({ total: fc.option(fc.integer({ min: 0, max: 100 })), node: fc.option(fc.integer({ min: 0, max: 20 })), noVeto: fc.boolean() }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (points, cutsRaw, failedMode, ruleSpec, shares, vetoed) => {
          const leaves = points.map((p, i) => pointsLeaf(`l${i}`, p));
          const max = points.reduce((a, b) => a + b, 0);
          const cuts = [...cutsRaw].sort((a, b) => a - b).map((c) => (c / 100) * max);
          const bands = [0, ...cuts].map((min, i) => ({ label: LABELS[i]!, min, max: i < cuts.length ? cuts[i]! : null }));
          const gradeWhenFailed = failedMode === 'lowest' ? 'P1' : failedMode === 'band' ? LABELS[cuts.length]! : failedMode === 'outside' ? '不合格' : null;
          const rules: object[] = [];
          if (ruleSpec.total !== null) rules.push({ kind: 'totalAtLeast', min: (ruleSpec.total / 100) * max });
          if (ruleSpec.node !== null) rules.push({ kind: 'nodeAtLeast', nodeId: 'l0', min: Math.min(ruleSpec.node, points[0]!) });
          if (ruleSpec.noVeto) rules.push({ kind: 'noVeto' });
          const s = system([branch('g', leaves), branch('x', [veto])], { passRules: rules as never, grading: { bands, gradeWhenFailed } });
          const items: Record<string, object> = { v: { triggered: vetoed } };
          points.forEach((p, i) => (items[`l${i}`] = { points: p * shares[i]! }));
          const r = evaluateSystem(s, { items });
          const passing = LABELS.filter((l) => l !== gradeWhenFailed);
          if (r.passed === false) {
            expect(r.grade!.label).toBe(gradeWhenFailed ?? '');
            for (const l of passing) expect(r.explanation).not.toContain(`等级 ${l}`);
          }
          if (r.passed === true) expect(r.grade!.label).not.toBe(gradeWhenFailed);
          // With rules there is a verdict (a veto fails it); with grading and no rule there is none.
          if (rules.length && vetoed) expect(r.passed).toBe(false);
          expect(r.passed === null).toBe(rules.length === 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
