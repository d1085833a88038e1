import { describe, expect, it } from 'vitest';
import { answerOfMark, gridMethodOf, markOf, markText } from './grid';

describe('grid marks', () => {
  it('turns an answer into one scalar and back by the leaf’s method', () => {
    expect(markOf({ grade: 'B' })).toBe('B');
    expect(markOf({ points: 7.5 })).toBe(7.5);
    expect(markOf({ points: 0 })).toBe(0);
    expect(markOf({ met: false })).toBe(false);
    expect(markOf({ triggered: true })).toBe(true);
    expect(markOf(null)).toBeUndefined();
    expect(markOf({})).toBeUndefined();
    expect(answerOfMark('grade', 'B')).toEqual({ grade: 'B' });
    expect(answerOfMark('bonus', 2)).toEqual({ points: 2 });
    // The same yes/no means 达标 on one leaf and 存在该情形 on another.
    expect(answerOfMark('boolean', true)).toEqual({ met: true });
    expect(answerOfMark('veto', true)).toEqual({ triggered: true });
  });

  it('never reads a mark that does not fit the method as something else', () => {
    expect(answerOfMark('grade', 3)).toBeNull();
    expect(answerOfMark('points', 'A')).toBeNull();
    expect(answerOfMark('points', Number.NaN)).toBeNull();
    expect(answerOfMark('boolean', 'A')).toBeNull();
    expect(answerOfMark('computed', 3)).toBeNull();
  });

  it('says a mark in the sheets’ words', () => {
    expect(markText('boolean', true)).toBe('达标');
    expect(markText('boolean', false)).toBe('未达标');
    expect(markText('veto', true)).toBe('存在');
    expect(markText('veto', false)).toBe('不存在');
    expect(markText('points', 7.125)).toBe('7.13');
    expect(markText('grade', 'A')).toBe('A');
    expect(markText('grade', undefined)).toBe('');
  });

  it('scores by hand only the methods an office or expert gives', () => {
    expect(gridMethodOf({ scoring: null })).toBe('computed');
    expect(gridMethodOf({ scoring: { method: 'count', itemIds: ['a'], minMet: 1, othersMinRatio: null } })).toBe('computed');
    expect(gridMethodOf({ scoring: { method: 'deduction', step: 0 } })).toBe('deduction');
  });
});
