import { describe, expect, it } from 'vitest';
import { deadlineTag, filterFromFields, filterText, hasFilter, measureText, ownerFromValue, ownerValue, worstLevel } from './ledger-view';

describe('filterFromFields', () => {
  it('reads every field of the address', () => {
    expect(filterFromFields({ state: 'in_progress,closed', owner: ' 县财政局 ', source: 'manual', overdue: '1', soon: '1', level: 'red', q: ' 厕所 ' })).toEqual({
      states: ['in_progress', 'closed'],
      owner: '县财政局',
      sourceKinds: ['manual'],
      overdue: true,
      dueSoon: true,
      level: 'red',
      search: '厕所',
    });
  });
  it('drops unknown values and empty fields', () => {
    expect(filterFromFields({ state: 'open,closed,closed', source: 'nothing', level: 'green', overdue: '0', q: '  ' })).toEqual({ states: ['closed'] });
    expect(hasFilter(filterFromFields({}))).toBe(false);
  });
  it('puts the filter in words', () => {
    const words = filterText(filterFromFields({ state: 'closed', level: 'yellow', q: '围墙' }), { state: (s) => (s === 'closed' ? '已销号' : s), source: (s) => s });
    expect(words).toBe('状态：已销号；黄色督办；含“围墙”');
  });
});

describe('deadline and colour', () => {
  const item = (over: object) => ({ state: 'in_progress' as const, supervision: { daysLeft: 5, overdue: false, dueSoon: false, level: null, text: '' }, ...over });
  it('tags overdue items with their colour, due-soon ones in orange, others not', () => {
    expect(deadlineTag(item({ supervision: { daysLeft: -20, overdue: true, dueSoon: false, level: 'yellow', text: '' } }))).toEqual({ text: '逾期·黄色督办', color: 'gold' });
    expect(deadlineTag(item({ supervision: { daysLeft: 2, overdue: false, dueSoon: true, level: null, text: '' } }))).toEqual({ text: '即将到期', color: 'orange' });
    expect(deadlineTag(item({}))).toBeNull();
    expect(deadlineTag(item({ state: 'closed', supervision: { daysLeft: -3, overdue: true, dueSoon: false, level: 'blue', text: '' } }))).toBeNull();
  });
  it('finds the worst level', () => {
    expect(worstLevel([null, 'blue', 'red', 'yellow'])).toBe('red');
    expect(worstLevel(['blue', null])).toBe('blue');
    expect(worstLevel([])).toBeNull();
  });
});

describe('owner chooser', () => {
  const names: Record<number, string> = { 7: '城关小学' };
  it('round-trips schools and departments', () => {
    expect(ownerFromValue(ownerValue({ kind: 'school', schoolId: 7, name: '城关小学' }), (id) => names[id])).toEqual({ kind: 'school', schoolId: 7, name: '城关小学' });
    expect(ownerFromValue(ownerValue({ kind: 'department', name: '县财政局' }), () => undefined)).toEqual({ kind: 'department', name: '县财政局' });
  });
  it('refuses an unknown school or an empty name', () => {
    expect(ownerFromValue('school:9', (id) => names[id])).toBeNull();
    expect(ownerFromValue('dept:  ', () => undefined)).toBeNull();
    expect(ownerFromValue('', () => undefined)).toBeNull();
  });
});

it('prints a measure with its standard and unit', () => {
  expect(measureText({ value: 3.2, standard: 4.5, unit: '平方米/生', decimals: 2, direction: 'higher' })).toBe('3.20 平方米/生（标准不低于 4.50 平方米/生）');
  expect(measureText({ value: 0.52, standard: 0.5, unit: '', decimals: 3, direction: 'lower' })).toBe('0.520（标准不高于 0.500）');
});
