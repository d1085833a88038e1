/**
 * The batch job's parallel path (issue 13): documents are typeset several at a time on the pool,
 * yet written, reported and committed in the order of the request, never more at once than the
 * window, and a notice (which takes a number from the 发文登记) is built only after everything
 * before it is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import { tempCore } from '../../testing/temp-core';
import type { RunOptions, TaskRunner } from '../../workers/task-runner';
import type { TaskInput, TaskName, TaskOutput } from '../../workers/tasks';
import { loadDemo } from '../demo/demo-service';
import { startJob, waitForJob } from '../jobs-service';
import { NOTICE } from './test-fixtures';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeAll(async () => {
  core = await tempCore();
  await loadDemo(core.ctx, false);
});
afterAll(async () => core.dispose());

/** The real tasks inline, each render held back so later documents finish first; records how many ran at once. */
function slowPool(inner: TaskRunner, concurrency: number) {
  const seen = { running: 0, most: 0, startedWith: [] as number[] };
  let n = 0;
  const runner: TaskRunner = {
    kind: 'threads',
    concurrency,
    async run<K extends TaskName>(name: K, input: TaskInput<K>, options?: RunOptions): Promise<TaskOutput<K>> {
      seen.startedWith.push(seen.running);
      seen.running++;
      seen.most = Math.max(seen.most, seen.running);
      try {
        const out = await inner.run(name, input, options);
        // Earlier documents wait longer, so they finish after the ones started behind them.
        await new Promise((r) => setTimeout(r, 120 - 30 * (n++ % 4)));
        return out;
      } finally {
        seen.running--;
      }
    },
    close: async () => undefined,
  };
  return { runner, seen };
}

describe('documents.batch in parallel', () => {
  it('keeps up to one more document than the pool has threads in flight and writes the files in the order asked', async () => {
    const inline = core.ctx.tasks;
    const { runner, seen } = slowPool(inline, 2);
    core.ctx.tasks = runner;
    try {
      const documents = Array.from({ length: 7 }, () => ({ kind: 'register' as const, includeClosed: false }));
      const started = await startJob(core.ctx, { kind: 'documents.batch', parameters: { documents, formats: ['docx'] } });
      const done: Job = await waitForJob(started.id);
      expect(done).toMatchObject({ state: '已完成', done: 7, errors: [] });
      // Written in order: the n-th document gets the n-th free name.
      expect(done.outputs.map((o) => path.basename(o.name))).toEqual(
        documents.map((_, i) => `云溪区义务教育学校名册${i === 0 ? '' : `（${i + 1}）`}.docx`),
      );
      for (const o of done.outputs) expect(fs.readFileSync(path.join(core.ctx.dataDir, o.name)).subarray(0, 2).toString()).toBe('PK');
      expect(seen.most).toBe(3);
    } finally {
      core.ctx.tasks = inline;
    }
  });

  it('builds a notice only when every document before it is written, so numbers are taken in order', async () => {
    const inline = core.ctx.tasks;
    const { runner, seen } = slowPool(inline, 2);
    core.ctx.tasks = runner;
    try {
      const register = { kind: 'register' as const, includeClosed: false };
      const documents = [register, register, { kind: 'notice' as const, notice: NOTICE }, register];
      const started = await startJob(core.ctx, { kind: 'documents.batch', parameters: { documents, formats: ['docx'] } });
      const done = await waitForJob(started.id);
      expect(done).toMatchObject({ state: '已完成', done: 4, errors: [] });
      // The third render (the notice) started with nothing else on the pool; the others overlapped.
      expect(seen.startedWith).toEqual([0, 1, 0, 1]);
      expect(done.outputs.map((o) => path.basename(o.name))[2]).toMatch(/关于开展2026年义务教育优质均衡发展督导评估工作的通知\.docx$/);
    } finally {
      core.ctx.tasks = inline;
    }
  });
});
