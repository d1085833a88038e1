import { describe, expect, it } from 'vitest';
import { departureNeedsReason, reconcile, round2, ruleProblem, type ExpertMark } from './reconcile';

const marks = (...values: number[]): ExpertMark[] => values.map((value, i) => ({ expert: `专家${i + 1}`, value }));
const GRADES = ['A', 'B', 'C', 'D'];

describe('round2', () => {
  it('rounds halves away from zero on the decimal value, where x * 100 rounding goes wrong', () => {
    expect(round2(2.675)).toBe(2.68);
    expect(round2(7.125)).toBe(7.13);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(8.333333)).toBe(8.33);
    expect(round2(-2.675)).toBe(-2.68);
    expect(round2(0)).toBe(0);
    expect(() => round2(Number.NaN)).toThrow(RangeError);
  });
});

describe('reconcile: numeric items', () => {
  it('mean, median and trimmed mean, to 2 decimals, each saying how it was reached', () => {
    const item = { kind: 'numeric' as const, marks: marks(8, 7.5, 9, 6) };
    expect(reconcile(item, { kind: 'mean' })).toEqual({ state: 'agreed', value: 7.63, spread: 3, basis: '4 位专家评分（6、7.5、8、9）的平均分 7.63' });
    expect(reconcile(item, { kind: 'median' })).toMatchObject({ state: 'agreed', value: 7.75 });
    expect(reconcile(item, { kind: 'trimmed_mean', trim: 1 })).toMatchObject({ state: 'agreed', value: 7.75, basis: expect.stringContaining('去掉最高分和最低分各 1 个') });
    expect(reconcile({ kind: 'numeric', marks: marks(0.1, 0.2) }, { kind: 'mean' })).toMatchObject({ value: 0.15 });
    // Marks with more than 2 decimals (a points item without a step) are averaged exactly, then rounded once.
    expect(reconcile({ kind: 'numeric', marks: marks(7.125, 7.125) }, { kind: 'mean' })).toMatchObject({ value: 7.13 });
    expect(reconcile({ kind: 'numeric', marks: marks(7.124, 7.124) }, { kind: 'mean' })).toMatchObject({ value: 7.12 });
  });

  it('a trimmed mean with too few experts asks for a decision instead of inventing a score', () => {
    const r = reconcile({ kind: 'numeric', marks: marks(8, 6) }, { kind: 'trimmed_mean', trim: 1 });
    expect(r).toEqual({ state: 'needs_decision', spread: 2, message: '去掉最高分和最低分各 1 个需要至少 3 位专家评分，现有 2 位' });
    expect(ruleProblem({ kind: 'trimmed_mean', trim: 0 }, 5)).toContain('正整数');
  });

  it('consensus: within the tolerance the mean, beyond it a decision (the spread named)', () => {
    expect(reconcile({ kind: 'numeric', marks: marks(8, 7.5) }, { kind: 'consensus', tolerance: 1 })).toMatchObject({ state: 'agreed', value: 7.75 });
    expect(reconcile({ kind: 'numeric', marks: marks(8, 7) }, { kind: 'consensus', tolerance: 1 })).toMatchObject({ state: 'agreed', value: 7.5 });
    expect(reconcile({ kind: 'numeric', marks: marks(9, 6.5) }, { kind: 'consensus', tolerance: 1 })).toEqual({
      state: 'needs_decision',
      spread: 2.5,
      message: '专家评分最高与最低相差 2.5 分，超过允许的 1 分，须合议或增加评分人',
    });
  });

  it('no marks: nothing agreed', () => {
    expect(reconcile({ kind: 'numeric', marks: [] }, { kind: 'mean' })).toEqual({ state: 'none' });
  });
});

describe('reconcile: choices (grades, 达标, 存在)', () => {
  it('takes the median choice whatever the numeric rule, and the stricter middle one for an even count', () => {
    const odd = { kind: 'choice' as const, choices: GRADES, marks: marks(0, 1, 3) };
    for (const rule of [{ kind: 'mean' as const }, { kind: 'median' as const }, { kind: 'trimmed_mean' as const, trim: 1 }]) expect(reconcile(odd, rule)).toMatchObject({ state: 'agreed', value: 1 });
    const even = reconcile({ kind: 'choice', choices: GRADES, marks: marks(0, 1) }, { kind: 'mean' });
    expect(even).toEqual({ state: 'agreed', value: 1, spread: 1, basis: '2 位专家评定的中间值为“B”，居中的两个评定不同时从严取“B”' });
    // 达标 / 未达标 split evenly: 未达标.
    expect(reconcile({ kind: 'choice', choices: ['达标', '未达标'], marks: marks(0, 1) }, { kind: 'median' })).toMatchObject({ value: 1 });
  });

  it('consensus on choices means all the same', () => {
    expect(reconcile({ kind: 'choice', choices: GRADES, marks: marks(1, 1, 1) }, { kind: 'consensus', tolerance: 5 })).toEqual({ state: 'agreed', value: 1, spread: 0, basis: '3 位专家一致评为“B”' });
    expect(reconcile({ kind: 'choice', choices: GRADES, marks: marks(1, 2) }, { kind: 'consensus', tolerance: 5 })).toEqual({ state: 'needs_decision', spread: 1, message: '专家意见不一致（专家1：B，专家2：C），须合议或增加评分人' });
  });

  it('a choice outside the list is a caller’s bug, not a silent score', () => {
    expect(() => reconcile({ kind: 'choice', choices: GRADES, marks: marks(4) }, { kind: 'mean' })).toThrow(RangeError);
  });
});

describe('departureNeedsReason', () => {
  it('asks for a reason only beyond the threshold, and never without a self-evaluation', () => {
    expect(departureNeedsReason(7, 9, 1.5)).toBe(true);
    expect(departureNeedsReason(7.5, 9, 1.5)).toBe(false);
    expect(departureNeedsReason(7, null, 0)).toBe(false);
  });
});
