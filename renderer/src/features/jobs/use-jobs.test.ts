import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../shared/api/contracts/jobs';
import { mergeJob } from './use-jobs';

const job = (id: string, createdAt: string, over: Partial<Job> = {}): Job => ({
  id, kind: 'documents.batch', title: '批量导出文书（2 份）', parameters: {}, state: '运行中', done: 0, total: 2, message: null, errors: [], outputs: [], folder: null, operator: '张三', createdAt, startedAt: createdAt, finishedAt: null, result: null, ...over,
});

describe('mergeJob', () => {
  it('replaces a known job with a later view, never with an earlier one', () => {
    const list = [job('a', '2026-01-02', { done: 1 })];
    expect(mergeJob(list, job('a', '2026-01-02', { done: 2, state: '已完成' }), 10)[0]).toMatchObject({ state: '已完成', done: 2 });
    // The start answer (排队) arriving after the first progress event does not undo it.
    expect(mergeJob(list, job('a', '2026-01-02', { state: '排队' }), 10)[0]).toMatchObject({ state: '运行中', done: 1 });
  });

  it('puts a new job on top, and an older one never pushes a newer one out of a short list', () => {
    const list = [job('b', '2026-01-02')];
    expect(mergeJob(list, job('c', '2026-01-03'), 1).map((j) => j.id)).toEqual(['c']);
    expect(mergeJob(list, job('a', '2026-01-01'), 1).map((j) => j.id)).toEqual(['b']);
    expect(mergeJob(list, job('a', '2026-01-01'), 5).map((j) => j.id)).toEqual(['b', 'a']);
  });
});
