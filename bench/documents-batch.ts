/**
 * One `documents.batch` measurement for documents.bench.ts, run in a process of its own:
 * `node --import tsx bench/documents-batch.ts <count> <docx,pdf> <threads|default> <worker file>`
 * prints one line of JSON (ms per document, RSS before the batch and its peak).
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createAppCore } from '../main/app/create-app';
import { loadDemo } from '../main/services/demo/demo-service';
import { DEMO_YEARS } from '../main/services/demo/demo-district';
import { waitForJob } from '../main/services/jobs-service';
import { tempDir } from '../main/testing/temp-core';
import { workerTaskRunner } from '../main/workers/task-runner';
import { round } from './measure';

/** `documents.batch` of `count` reports in `formats` on a pool of `threads`, after a one-document warm-up (threads start, fonts load). */
export async function batchJob(count: number, formats: ('docx' | 'pdf')[], threads: number | undefined, builtWorker?: string) {
  const dir = tempDir('desk-bench-batch-');
  const core = await createAppCore(dir, 'bench', { workers: true, autoBackup: false });
  try {
    await core.ctx.tasks.close();
    core.ctx.tasks = workerTaskRunner({ maxThreads: threads, workerFile: builtWorker });
    await loadDemo(core.ctx, false);
    const documents = Array.from({ length: count }, (_, i) => ({ kind: 'balance' as const, year: DEMO_YEARS[i % DEMO_YEARS.length] }));
    const run = async (docs: typeof documents) => {
      const started = await core.dispatch('jobs.start', { kind: 'documents.batch', parameters: { documents: docs, formats } });
      if (!started.ok) throw new Error(started.error.message);
      const job = await waitForJob((started.value as { id: string }).id);
      if (job.state !== '已完成') throw new Error(`batch ${job.state}: ${JSON.stringify(job).slice(0, 500)}`);
      return job;
    };
    // The app's own memory (this harness under tsx, the core, the demo data) before any thread starts.
    const idle = process.memoryUsage().rss;
    await run(documents.slice(0, Math.max(1, core.ctx.tasks.concurrency)));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const job = await run(documents);
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      threads: core.ctx.tasks.concurrency,
      msPerDocument: round(ms / count),
      outputs: job.outputs.length,
      rssIdleMb: round(idle / 1024 / 1024, 0),
      rssBeforeMb: round(baseline / 1024 / 1024, 0),
      peakRssMb: round(peak / 1024 / 1024, 0),
    };
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [count, formats, threads, worker] = process.argv.slice(2);
  batchJob(Number(count), formats.split(',') as ('docx' | 'pdf')[], threads === 'default' ? undefined : Number(threads), worker).then(
    (r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
