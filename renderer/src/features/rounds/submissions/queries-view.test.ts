import { describe, expect, it } from 'vitest';
import { ALL_EVIDENCE, indicatorChoices, queryBlocked, queryState, returnBlocked, sortQueries, targetInput } from './queries-view';

describe('queries view', () => {
  it('names a query’s state: open, answered by a revision, withdrawn', () => {
    expect(queryState({ closedAt: null, answeredRevision: null })).toEqual({ kind: 'open', label: '待答复' });
    expect(queryState({ closedAt: '2026-12-20T08:00:00.000Z', answeredRevision: 2 })).toEqual({ kind: 'answered', label: '已答复（第 2 版）' });
    expect(queryState({ closedAt: '2026-12-20T08:00:00.000Z', answeredRevision: null })).toEqual({ kind: 'withdrawn', label: '已撤回' });
  });

  it('turns the dialog’s choice into the contract’s target, and nothing while the choice is incomplete', () => {
    expect(targetInput({ kind: 'indicator', key: 'n1' })).toEqual({ kind: 'indicator', key: 'n1' });
    expect(targetInput({ kind: 'indicator', key: null })).toBeNull();
    expect(targetInput({ kind: 'statistic', key: 'pupils' })).toEqual({ kind: 'statistic', key: 'pupils' });
    expect(targetInput({ kind: 'statistic', key: '' })).toBeNull();
    expect(targetInput({ kind: 'report', key: 'ignored' })).toEqual({ kind: 'report', key: null });
    expect(targetInput({ kind: 'evidence', key: ALL_EVIDENCE })).toEqual({ kind: 'evidence', key: null });
    expect(targetInput({ kind: 'evidence', key: 'n2' })).toEqual({ kind: 'evidence', key: 'n2' });
    expect(targetInput({ kind: 'evidence', key: null })).toBeNull();
  });

  it('lists open queries first, newest first within open and closed', () => {
    const q = (id: number, askedAt: string, closed: boolean) => ({ id, askedAt, closedAt: closed ? '2026-12-30T00:00:00.000Z' : null });
    const sorted = sortQueries([q(1, '2026-12-01T00:00:00.000Z', true), q(2, '2026-12-02T00:00:00.000Z', false), q(3, '2026-12-03T00:00:00.000Z', true), q(4, '2026-12-01T00:00:00.000Z', false)]);
    expect(sorted.map((x) => x.id)).toEqual([2, 4, 3, 1]);
  });

  it('offers 提出意见 only on a submission that is not confirmed or forfeited', () => {
    expect(queryBlocked({ state: 'issued', revision: 0, openQueries: 0 })).toBe('该单位还没有提交材料');
    expect(queryBlocked({ state: 'forfeited', revision: 0, openQueries: 0 })).toBe('该单位已弃权');
    expect(queryBlocked({ state: 'confirmed', revision: 1, openQueries: 0 })).toContain('请先撤销确认');
    expect(queryBlocked({ state: 'submitted', revision: 1, openQueries: 0 })).toBeNull();
    expect(queryBlocked({ state: 'returned', revision: 1, openQueries: 1 })).toBeNull();
  });

  it('offers 退回修改 with a submission and an open query, not for 已确认 or 弃权 (the service’s rules)', () => {
    expect(returnBlocked({ state: 'submitted', revision: 1, openQueries: 0 })).toBe('请先提出至少一条退回意见');
    expect(returnBlocked({ state: 'submitted', revision: 1, openQueries: 2 })).toBeNull();
    // Returned already: a further return (with a new query) is a new package version.
    expect(returnBlocked({ state: 'returned', revision: 1, openQueries: 1 })).toBeNull();
    expect(returnBlocked({ state: 'confirmed', revision: 2, openQueries: 1 })).toContain('已确认');
    expect(returnBlocked({ state: 'issued', revision: 0, openQueries: 0 })).toBe('该单位还没有提交材料');
  });

  it('offers every leaf of the system for a query, marking those the school left blank; the answered ones while the system loads', () => {
    const leaves = [
      { id: 'a', code: '1.1', title: '校舍与用地' },
      { id: 'b', code: '1.2', title: '教学及辅助用房' },
      { id: 'c', code: '1.3', title: '音乐美术专用教室' },
    ];
    const answers = [
      { nodeId: 'a', code: '1.1', title: '校舍与用地', answer: '等级 B' },
      { nodeId: 'c', code: '1.3', title: '音乐美术专用教室', answer: '' },
    ];
    expect(indicatorChoices(leaves, answers)).toEqual([
      { value: 'a', label: '1.1 校舍与用地' },
      { value: 'b', label: '1.2 教学及辅助用房（未自评）' },
      { value: 'c', label: '1.3 音乐美术专用教室（未自评）' },
    ]);
    expect(indicatorChoices(null, answers).map((o) => o.value)).toEqual(['a', 'c']);
  });
});
