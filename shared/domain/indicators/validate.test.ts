import { describe, expect, it } from 'vitest';
import { parseIndicatorSystem } from './parse.js';
import { validateIndicatorSystem } from './validate.js';
import { boolLeaf, branch, gradeLeaf, pointsLeaf, system } from './test-helpers.js';

const messages = (s: Parameters<typeof validateIndicatorSystem>[0]) => validateIndicatorSystem(s).filter((m) => m.severity === 'error');

describe('validateIndicatorSystem', () => {
  it('accepts a sound system', () => {
    expect(messages(system([branch('g', [gradeLeaf('a', 5), boolLeaf('b', 5)])]))).toEqual([]);
  });

  it('ties each message to the node id and code', () => {
    const s = system([branch('g', [{ id: 'x', code: '1.1', title: '无评分方式', points: 3 }, gradeLeaf('y', 2, { code: '1.1' })])]);
    const m = messages(s);
    expect(m.find((e) => e.nodeId === 'x')?.message).toBe('指标 1.1 无评分方式：末级指标未设置评分方式');
    expect(m.find((e) => e.nodeId === 'y')?.message).toContain('编码“1.1”与“1.1 无评分方式”重复');
  });

  it('finds duplicate ids, missing points, scoring on branches and bad steps', () => {
    const s = system([
      branch('g', [gradeLeaf('a', 5), gradeLeaf('a', 5, { code: 'a2' })], { scoring: { method: 'boolean' } }),
      { id: 'p', code: 'p', title: 'p', scoring: { method: 'boolean' } },
      pointsLeaf('q', 5, 2),
    ]);
    const text = messages(s).map((m) => m.message).join('\n');
    expect(text).toContain('节点标识“a”重复');
    expect(text).toContain('不能设置评分方式');
    expect(text).toContain('未设置分值');
    expect(text).toContain('不是步长 2 的整数倍');
  });

  it('checks formulas, thresholds and count rules', () => {
    const s = system([
      { id: 'f1', code: 'f1', title: 'f1', points: 1, scoring: { method: 'formula', expression: 'x = 1', threshold: { all: 1 } } },
      { id: 'f2', code: 'f2', title: 'f2', points: 1, scoring: { method: 'formula', expression: 'x' } },
      { id: 'f3', code: 'f3', title: 'f3', points: 1, scoring: { method: 'formula', expression: 'x', threshold: { all: 1 }, partialCredit: { zeroAtRatio: 1.2 } } },
      { id: 'c', code: 'c', title: 'c', points: 1, scoring: { method: 'count', itemIds: ['f2', 'nope'], minMet: 3 } },
    ]);
    const byNode = (id: string) => messages(s).filter((m) => m.nodeId === id).map((m) => m.message).join('\n');
    expect(byNode('f1')).toContain('赋值');
    expect(byNode('f2')).toContain('未设置标准值');
    expect(byNode('f3')).toContain('应低于标准值');
    expect(byNode('c')).toContain('“nope”不存在');
    expect(byNode('c')).toContain('要求 3 项达标，但只引用了 2 项');
  });

  it('checks pass rules and grade bands', () => {
    const s = system([branch('g', [boolLeaf('a', 50), boolLeaf('b', 50)])], {
      passRules: [{ kind: 'nodeAtLeast', nodeId: 'missing', min: 1 }, { kind: 'atLeastNMet', nodeId: 'g', n: 3 }],
      grading: { bands: [{ label: 'D', min: 0, max: 59 }, { label: 'A', min: 60, max: null }], vetoLabel: 'E' },
    });
    const text = messages(s).map((m) => m.message).join('\n');
    expect(text).toContain('引用的指标“missing”不存在');
    expect(text).toContain('要求 3 项达标，但该指标下只有 2 项');
    expect(text).toContain('空档');
    expect(text).toContain('“E”不在等级划分中');
  });

  it('bands must reach the maximum including bonus', () => {
    const s = system(
      [branch('g', [boolLeaf('a', 100)]), branch('plus', [{ id: 'b', code: 'b', title: '加分', points: 5, scoring: { method: 'bonus' } }])],
      { bonusCap: 5, grading: { bands: [{ label: '合格', min: 0, max: 100, maxInclusive: true }] } },
    );
    expect(messages(s)[0]!.message).toContain('最高可得 105');
  });
});

describe('parseIndicatorSystem', () => {
  it('names the node of a schema error', () => {
    const r = parseIndicatorSystem({ key: 'k', name: 'n', level: 'school', version: 1, nodes: [{ id: 'a', code: '1', title: '资源', children: [{ id: 'b', code: '1.1', title: '校舍', points: -1, scoring: { method: 'boolean' } }] }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('指标 1.1 校舍的“分值”：不能为负数');
  });

  it('fills defaults so the canonical form is complete', () => {
    const r = parseIndicatorSystem({ key: 'k', name: 'n', level: 'county', version: 2, nodes: [{ id: 'a', code: '1', title: 't', points: 1, scoring: { method: 'points' } }] });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.system.state).toBe('draft');
      expect(r.system.nodes[0]).toMatchObject({ evidence: [], explanationRequired: false, scorer: 'office', children: [], scoring: { method: 'points', step: 0, metShare: 1 } });
    }
  });

  it('refuses a system that fails validation', () => {
    const r = parseIndicatorSystem({ key: 'k', name: 'n', level: 'county', version: 1, nodes: [] });
    expect(r.ok).toBe(false);
  });
});
