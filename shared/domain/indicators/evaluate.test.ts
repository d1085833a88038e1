import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATION_RULE, evaluateSystem } from './evaluate.js';
import { boolLeaf, branch, gradeLeaf, pointsLeaf, system } from './test-helpers.js';

describe('leaf methods', () => {
  const s = system([
    branch('g', [
      gradeLeaf('a', 10),
      pointsLeaf('p', 10, 0.5),
      boolLeaf('m', 5),
    ]),
  ]);

  it('grade earns its share of the points; D is not met', () => {
    const r = evaluateSystem(s, { items: { a: { grade: 'B' }, p: { points: 10 }, m: { met: true } } });
    expect(r.byId.a!.earned).toBe(8);
    expect(r.byId.a!.explanation).toContain('B 等');
    expect(evaluateSystem(s, { items: { a: { grade: 'd' } } }).byId.a!.met).toBe(false);
  });

  it('points accept 0..max in steps and reject the rest', () => {
    expect(evaluateSystem(s, { items: { p: { points: 7.5 } } }).byId.p!.earned).toBe(7.5);
    const bad = evaluateSystem(s, { items: { p: { points: 7.3 } } });
    expect(bad.byId.p!.status).toBe('error');
    expect(bad.byId.p!.explanation).toContain('不是 0.5 的整数倍');
    expect(evaluateSystem(s, { items: { p: { points: 10.5 } } }).byId.p!.explanation).toContain('超出范围');
    expect(evaluateSystem(s, { items: { p: { points: -1 } } }).byId.p!.earned).toBe(0);
  });

  it('missing input counts 0, is reported, and marks the result incomplete', () => {
    const r = evaluateSystem(s, { items: { a: { grade: 'A' } } });
    expect(r.complete).toBe(false);
    expect(r.issues.map((i) => i.nodeId).sort()).toEqual(['m', 'p']);
    expect(r.total).toBe(10);
  });

  it('unknown grade is an error naming the allowed grades', () => {
    const r = evaluateSystem(s, { items: { a: { grade: 'E' } } });
    expect(r.byId.a!.explanation).toContain('A、B、C、D');
  });

  it('items can be addressed by code', () => {
    const t = system([{ id: 'x1', code: '1.1', title: 't', points: 4, scoring: { method: 'boolean' } }]);
    expect(evaluateSystem(t, { items: { '1.1': { met: true } } }).total).toBe(4);
  });
});

describe('formula leaves', () => {
  const f = (extra: object = {}) =>
    system([
      { id: 'L1', code: 'L1', title: '每百名学生拥有高于规定学历教师数', points: 10,
        scoring: { method: 'formula', expression: 't / pupils * 100', threshold: { primary: 4.2, junior: 5.3 }, ...extra } },
    ]);

  it('picks the threshold of the section', () => {
    const values = { t: 50, pupils: 1000 }; // 5.0 per 100
    expect(evaluateSystem(f(), { context: { section: 'primary' }, values }).byId.L1!.met).toBe(true);
    const j = evaluateSystem(f(), { context: { section: 'junior' }, values }).byId.L1!;
    expect(j.met).toBe(false);
    expect(j.threshold).toBe(5.3);
    expect(j.earned).toBe(0);
  });

  it('asks for a section when thresholds differ by section', () => {
    const r = evaluateSystem(f(), { values: { t: 50, pupils: 1000 } }).byId.L1!;
    expect(r.status).toBe('error');
    expect(r.explanation).toContain('请先选择学段');
  });

  it('counts a value exactly at the threshold as met despite binary rounding', () => {
    // 0.7 + 0.1 = 0.8 mathematically; in floating point 0.7999999999999999.
    expect(0.7 + 0.1).toBeLessThan(0.8);
    const s = system([{ id: 'x', code: 'x', title: 'x', points: 1, scoring: { method: 'formula', expression: 'a + b', threshold: { all: 0.8 } } }]);
    expect(evaluateSystem(s, { values: { a: 0.7, b: 0.1 } }).byId.x!.met).toBe(true);
    expect(evaluateSystem(s, { values: { a: 0.7, b: 0.0999 } }).byId.x!.met).toBe(false);
  });

  it('gives linear partial credit between the zero point and the threshold', () => {
    const s = f({ partialCredit: { zeroAtRatio: 0.5 } });
    // threshold 4.2, zero at 2.1; value 3.15 is halfway → 5 of 10 points
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: { t: 31.5, pupils: 1000 } }).byId.L1!;
    expect(r.earned).toBeCloseTo(5, 12);
    expect(r.met).toBe(false);
    expect(evaluateSystem(s, { context: { section: 'primary' }, values: { t: 20, pupils: 1000 } }).byId.L1!.earned).toBe(0);
  });

  it('gives partial credit for at-most rules too', () => {
    const s = system([{ id: 'cv', code: 'cv', title: '差异系数', points: 6, scoring: { method: 'formula', expression: 'cv', comparator: '<=', threshold: { all: 0.5 }, partialCredit: { zeroAtRatio: 1.5 } } }]);
    expect(evaluateSystem(s, { values: { cv: 0.5 } }).byId.cv!.earned).toBe(6);
    expect(evaluateSystem(s, { values: { cv: 0.625 } }).byId.cv!.earned).toBeCloseTo(3, 12);
    expect(evaluateSystem(s, { values: { cv: 0.8 } }).byId.cv!.earned).toBe(0);
  });

  it('score mode clamps the value to 0..points', () => {
    const s = system([{ id: 's', code: 's', title: 's', points: 20, scoring: { method: 'formula', expression: 'rate * 20', mode: 'score' } }]);
    expect(evaluateSystem(s, { values: { rate: 0.9 } }).total).toBeCloseTo(18, 12);
    expect(evaluateSystem(s, { values: { rate: 1.2 } }).total).toBe(20);
    expect(evaluateSystem(s, { values: { rate: -1 } }).total).toBe(0);
  });

  it('reports division by zero and missing values instead of throwing', () => {
    const zero = evaluateSystem(f(), { context: { section: 'primary' }, values: { t: 5, pupils: 0 } }).byId.L1!;
    expect(zero.status).toBe('error');
    expect(zero.explanation).toContain('除以 0');
    const miss = evaluateSystem(f(), { context: { section: 'primary' }, values: { t: 5 } }).byId.L1!;
    expect(miss.status).toBe('missing');
    expect(miss.explanation).toContain('缺少数据：pupils');
  });

  it('per-item values override the shared values', () => {
    const r = evaluateSystem(f(), { context: { section: 'primary' }, values: { t: 1, pupils: 1000 }, items: { L1: { values: { t: 50 } } } });
    expect(r.byId.L1!.met).toBe(true);
  });
});

describe('count rule (6 of 7, the remaining one ≥ 85 %)', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({
    id: `L${i + 1}`, code: `L${i + 1}`, title: `L${i + 1}`, points: 0,
    scoring: { method: 'formula' as const, expression: `v${i + 1}`, threshold: { all: 10 } },
  }));
  const s = system([branch('res', [...items, { id: 'rule', code: 'rule', title: '学校达标', points: 1, scoring: { method: 'count', itemIds: items.map((i) => i.id), minMet: 6, othersMinRatio: 0.85 } }])]);
  const values = (overrides: Record<string, number>) => ({ v1: 10, v2: 10, v3: 10, v4: 10, v5: 10, v6: 10, v7: 10, ...overrides });

  it('passes with all 7 met', () => {
    expect(evaluateSystem(s, { values: values({}) }).byId.rule!.met).toBe(true);
  });
  it('passes with 6 met and the seventh exactly at 85 %', () => {
    const r = evaluateSystem(s, { values: values({ v4: 8.5 }) }).byId.rule!;
    expect(r.met).toBe(true);
    expect(r.earned).toBe(1);
    expect(r.explanation).toContain('L4 为标准的 85%');
  });
  it('fails with 6 met and the seventh just below 85 %', () => {
    const r = evaluateSystem(s, { values: values({ v4: 8.4999 }) }).byId.rule!;
    expect(r.met).toBe(false);
    expect(r.earned).toBe(0);
    expect(r.explanation).toContain('低于 85%');
  });
  it('fails with 5 met even when both others are above 85 %', () => {
    expect(evaluateSystem(s, { values: values({ v1: 9.9, v2: 9.9 }) }).byId.rule!.met).toBe(false);
  });
  it('counts among applicable items only', () => {
    const r = evaluateSystem(s, { values: values({ v4: 8.6 }), items: { L7: { na: true } } }).byId.rule!;
    // 6 applicable, 5 met → below 6 → with fewer than 6 applicable all must be met
    expect(r.met).toBe(false);
    expect(evaluateSystem(s, { values: values({}), items: { L7: { na: true } } }).byId.rule!.met).toBe(true);
  });
});

describe('not-applicable rescaling', () => {
  it('keeps the parent maximum and rescales the applicable children', () => {
    const s = system([branch('g', [pointsLeaf('a', 10), pointsLeaf('b', 10), pointsLeaf('c', 20, 0, { applicability: { sections: ['junior'] } })])]);
    const r = evaluateSystem(s, { context: { section: 'primary' }, items: { a: { points: 10 }, b: { points: 5 }, c: { points: 20 } } });
    expect(r.byId.c!.applicable).toBe(false);
    expect(r.byId.g!.maxPoints).toBe(40);
    expect(r.byId.g!.earned).toBeCloseTo((15 / 20) * 40, 12);
    expect(r.byId.g!.explanation).toContain('1 项不适用');
    expect(r.maxTotal).toBe(40);
  });

  it('a branch whose children are all N/A is N/A and the system rescales over the rest', () => {
    const s = system([
      branch('g1', [pointsLeaf('a', 10, 0, { applicability: { categories: ['紧密型'] } })]),
      branch('g2', [pointsLeaf('b', 30)]),
    ]);
    const r = evaluateSystem(s, { context: { categories: ['松散型'] }, items: { a: { points: 10 }, b: { points: 15 } } });
    expect(r.byId.g1!.applicable).toBe(false);
    expect(r.byId.a!.explanation).toContain('不适用');
    expect(r.total).toBeCloseTo((15 / 30) * 40, 12);
  });

  it('N/A marked in the input applies to the whole subtree', () => {
    const s = system([branch('g1', [pointsLeaf('a', 10)]), branch('g2', [pointsLeaf('b', 10)])]);
    const r = evaluateSystem(s, { items: { g1: { na: true }, a: { points: 0 }, b: { points: 10 } } });
    expect(r.byId.a!.applicable).toBe(false);
    expect(r.total).toBe(20);
  });

  it('a branch with its own points treats children points as weights', () => {
    const s = system([branch('g', [pointsLeaf('a', 3), pointsLeaf('b', 1)], { points: 20 })]);
    const r = evaluateSystem(s, { items: { a: { points: 3 }, b: { points: 0 } } });
    expect(r.total).toBeCloseTo(15, 12);
  });

  it('an unknown context never excludes a node', () => {
    const s = system([pointsLeaf('a', 10, 0, { applicability: { schoolTypes: ['初中'] } })]);
    expect(evaluateSystem(s, { items: { a: { points: 10 } } }).byId.a!.applicable).toBe(true);
    expect(evaluateSystem(s, { context: { schoolType: '小学' }, items: { a: { points: 10 } } }).byId.a!.applicable).toBe(false);
  });

  it('states the rule in Chinese', () => {
    expect(AGGREGATION_RULE).toContain('不适用');
    expect(AGGREGATION_RULE).toContain('折算');
  });

  it('full marks on every applicable leaf always give the full maximum (property)', () => {
    const leaves = [3, 7, 10, 2.5, 12];
    const s = system([branch('g', leaves.map((p, i) => pointsLeaf(`x${i}`, p)), { points: 50 }), pointsLeaf('y', 50)]);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (na) => {
        const items: Record<string, { points: number; na?: boolean }> = { y: { points: 50 } };
        leaves.forEach((p, i) => (items[`x${i}`] = { points: p, na: na[i] }));
        const r = evaluateSystem(s, { items });
        return Math.abs(r.total - 100) < 1e-9 && r.maxTotal === 100;
      }),
    );
  });

  it('a subtotal never exceeds its maximum without bonus (property)', () => {
    const s = system([branch('g', [pointsLeaf('a', 10), pointsLeaf('b', 5), pointsLeaf('c', 5)], { points: 40 })]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), (a, b, c, naB) => {
        const r = evaluateSystem(s, { items: { a: { points: a }, b: { points: b, na: naB }, c: { points: c } } });
        return r.total >= 0 && r.total <= 40 + 1e-9;
      }),
    );
  });
});

describe('bonus, deduction, veto', () => {
  const s = system(
    [
      branch('main', [pointsLeaf('a', 100)]),
      branch('plus', [
        { id: 'b1', code: 'b1', title: '加分一', points: 3, scoring: { method: 'bonus', step: 0.5 } },
        { id: 'b2', code: 'b2', title: '加分二', points: 3, scoring: { method: 'bonus', step: 0.5 } },
      ]),
      branch('minus', [
        pointsLeaf('m', 4),
        { id: 'd1', code: 'd1', title: '扣分', points: 10, scoring: { method: 'deduction' } },
      ]),
      branch('veto', [{ id: 'v', code: 'v', title: '挪用教育经费', scoring: { method: 'veto', reason: '挤占、挪用教育经费' } }]),
    ],
    { bonusCap: 5, passRules: [{ kind: 'totalAtLeast', min: 85 }] },
  );

  it('counts a bonus claimed above its item cap as the cap, with a visible notice (the README rule)', () => {
    const r = evaluateSystem(s, { items: { a: { points: 80 }, m: { points: 4 }, b1: { points: 3.5 } } });
    expect(r.byId.b1!.status).toBe('scored');
    expect(r.byId.b1!.earned).toBe(3);
    expect(r.bonusTotal).toBe(3);
    expect(r.total).toBe(87); // 80 + 3 + 4
    expect(r.byId.b1!.explanation).toBe('加分 3.5 超过本项上限 3，按 3 计；加 3 分（本项上限 3）');
    expect(r.notices).toEqual([{ nodeId: 'b1', code: 'b1', message: 'b1 加分一：加分 3.5 超过本项上限 3，按 3 计' }]);
    expect(r.complete).toBe(true);
  });

  it('still refuses a negative or off-step bonus claim (an input error, 0 points)', () => {
    const neg = evaluateSystem(s, { items: { b1: { points: -1 } } });
    expect(neg.byId.b1!.status).toBe('error');
    expect(neg.byId.b1!.explanation).toContain('不能为负数');
    const off = evaluateSystem(s, { items: { b1: { points: 3.3 } } });
    expect(off.byId.b1!.status).toBe('error');
    expect(off.byId.b1!.explanation).toContain('不是 0.5 的整数倍');
    expect(off.bonusTotal).toBe(0);
  });

  it('counts a deduction above its item cap as the cap, with a notice', () => {
    const r = evaluateSystem(s, { items: { a: { points: 100 }, m: { points: 4 }, d1: { points: 12 } } });
    expect(r.byId.d1!.earned).toBe(10);
    expect(r.byId.minus!.earned).toBe(0); // 4 − 10, floored at 0
    expect(r.notices.map((n) => n.message)).toEqual(['d1 扣分：扣分 12 超过本项最多扣 10，按 10 计']);
  });

  it('a bonus beyond the system cap is a notice too', () => {
    const r = evaluateSystem(s, { items: { a: { points: 80 }, m: { points: 4 }, b1: { points: 3 }, b2: { points: 3 } } });
    expect(r.notices.map((n) => n.nodeId)).toEqual(['b2']);
    expect(r.notices[0]!.message).toContain('体系加分上限 5 分已用，本项计 2 分');
  });

  it('caps the bonus for the whole system in document order', () => {
    const r = evaluateSystem(s, { items: { a: { points: 80 }, m: { points: 4 }, b1: { points: 3 }, b2: { points: 3 } } });
    expect(r.byId.b1!.earned).toBe(3);
    expect(r.byId.b2!.earned).toBe(2);
    expect(r.byId.b2!.explanation).toContain('体系加分上限');
    expect(r.bonusTotal).toBe(5);
    expect(r.total).toBe(89);
    expect(r.maxTotal).toBe(104);
  });

  it('floors a deduction at zero within its branch', () => {
    const r = evaluateSystem(s, { items: { a: { points: 100 }, m: { points: 4 }, d1: { points: 10 } } });
    expect(r.byId.minus!.earned).toBe(0);
    expect(r.byId.minus!.explanation).toContain('得分最低为 0');
    expect(r.total).toBe(100);
  });

  it('a veto fails the result over full points and forces the lowest grade', () => {
    const g = system(s.nodes, { ...s, grading: { bands: [{ label: '不合格', min: 0, max: 85 }, { label: '合格', min: 85, max: null }] } });
    const r = evaluateSystem(g, { items: { a: { points: 100 }, m: { points: 4 }, b1: { points: 3 }, v: { triggered: true } } });
    expect(r.total).toBe(107 - 0);
    expect(r.passed).toBe(false);
    expect(r.vetoes).toEqual([{ nodeId: 'v', code: 'v', title: '挪用教育经费', reason: '挤占、挪用教育经费' }]);
    expect(r.explanation).toMatch(/^未通过：触发一票否决：挤占、挪用教育经费/);
    expect(r.grade?.label).toBe('不合格');
  });

  it('names a veto once even when a noVeto rule also fails', () => {
    const g = system(s.nodes, { ...s, passRules: [{ kind: 'noVeto' }] });
    const r = evaluateSystem(g, { items: { a: { points: 100 }, m: { points: 4 }, v: { triggered: true } } });
    expect(r.rules[0]!.passed).toBe(false);
    expect(r.explanation).toBe('未通过：触发一票否决：挤占、挪用教育经费');
  });

  it('an untriggered veto changes nothing', () => {
    const r = evaluateSystem(s, { items: { a: { points: 90 }, m: { points: 4 }, v: { triggered: false } } });
    expect(r.passed).toBe(true);
    expect(r.vetoes).toEqual([]);
  });
});

describe('pass rules and grades', () => {
  const s = system(
    [
      branch('bz', [pointsLeaf('a', 70, 0.5)], { title: '保障措施' }),
      branch('cy', [pointsLeaf('b', 30, 0.5)], { title: '差异程度' }),
    ],
    {
      passRules: [{ kind: 'totalAtLeast', min: 85 }, { kind: 'nodeAtLeast', nodeId: 'cy', min: 26 }, { kind: 'noVeto' }],
      grading: { bands: [{ label: 'D', min: 0, max: 60 }, { label: 'C', min: 60, max: 80 }, { label: 'B', min: 80, max: 90 }, { label: 'A', min: 90, max: null }] },
    },
  );

  it('explains a failing node rule in Chinese', () => {
    const r = evaluateSystem(s, { items: { a: { points: 70 }, b: { points: 24.5 } } });
    expect(r.total).toBe(94.5);
    expect(r.passed).toBe(false);
    expect(r.explanation).toMatch(/^未通过：差异程度得分 24.5，低于 26/);
    // 94.5 lies in band A, but a result that does not pass never carries a passing grade:
    // gradeWhenFailed defaults to the lowest band (D), the grade such a system gave a vetoed result.
    expect(r.grade?.label).toBe('D');
    expect(r.explanation).toContain('未通过，等级定为 D');
    expect(r.explanation).not.toContain('等级 A');
  });

  it('passes exactly at the lines (bounds inclusive)', () => {
    const r = evaluateSystem(s, { items: { a: { points: 59 }, b: { points: 26 } } });
    expect(r.total).toBe(85);
    expect(r.passed).toBe(true);
    expect(r.explanation).toContain('总分 85，达到 85');
    expect(r.grade?.label).toBe('B');
  });

  it('fails just below the total line and shows enough decimals to see why', () => {
    const t = system([pointsLeaf('a', 100)], { passRules: [{ kind: 'totalAtLeast', min: 85 }] });
    const r = evaluateSystem(t, { items: { a: { points: 84.999 } } });
    expect(r.passed).toBe(false);
    expect(r.explanation).toContain('总分 84.999，低于 85');
  });

  it('judges allMet, atLeastNMet and a named value', () => {
    const t = system([branch('g', [boolLeaf('a', 1), boolLeaf('b', 1), boolLeaf('c', 1)], { title: '政府保障' })], {
      passRules: [
        { kind: 'atLeastNMet', nodeId: 'g', n: 2 },
        { kind: 'allMet', nodeId: 'g' },
        { kind: 'valueAtLeast', name: 'socialRecognition', label: '社会认可度', min: 0.85, display: 'percent' },
      ],
    });
    const r = evaluateSystem(t, { values: { socialRecognition: 0.849 }, items: { a: { met: true }, b: { met: true }, c: { met: false } } });
    expect(r.rules.map((x) => x.passed)).toEqual([true, false, false]);
    expect(r.rules[1]!.explanation).toContain('有 1 项未达标：c 指标c');
    expect(r.rules[2]!.explanation).toBe('社会认可度 84.9%，低于 85%');
    expect(r.metItems).toEqual(['a', 'b']);
    expect(r.unmetItems).toEqual(['c']);
    const ok = evaluateSystem(t, { values: { socialRecognition: 0.85 }, items: { a: { met: true }, b: { met: true }, c: { met: true } } });
    expect(ok.passed).toBe(true);
  });

  it('grades by percent of the maximum when asked', () => {
    const t = system([pointsLeaf('a', 40)], { grading: { basis: 'percent', bands: [{ label: '不合格', min: 0, max: 60 }, { label: '优秀', min: 60, max: null }] } });
    expect(evaluateSystem(t, { items: { a: { points: 24 } } }).grade?.label).toBe('优秀');
    expect(evaluateSystem(t, { items: { a: { points: 23.5 } } }).grade?.label).toBe('不合格');
  });
});

describe('precision', () => {
  it('keeps full precision inside and rounds only for display', () => {
    const s = system(Array.from({ length: 3 }, (_, i) => pointsLeaf(`x${i}`, 1)));
    const r = evaluateSystem(s, { items: { x0: { points: 0.1 }, x1: { points: 0.2 }, x2: { points: 0.3 } } });
    expect(r.total).toBe(0.1 + 0.2 + 0.3);
    expect(r.explanation).toContain('总分 0.6');
  });

  it('does not touch exact sums when nothing is rescaled', () => {
    const s = system([branch('g', [pointsLeaf('a', 30), pointsLeaf('b', 30), pointsLeaf('c', 40)])]);
    const r = evaluateSystem(s, { items: { a: { points: 26.3 }, b: { points: 27.1 }, c: { points: 33.7 } } });
    expect(r.total).toBe(26.3 + 27.1 + 33.7);
  });
});
