/**
 * One `documents.batch` measurement for documents.bench.ts, in a process of its own and as the
 * installed app runs it: this thread stands for Electron's main process (the door), the built core
 * (out/main/core-worker.js) runs on a thread of its own and hands rendering to its pool of built
 * heavy workers. Plain JavaScript, so no TypeScript loader sits in the measured process.
 * `node bench/documents-batch.mjs <count> <docx,pdf> <threads|default>` prints one line of JSON:
 * ms per document, the process's RSS when idle (demo data loaded, no thread rendering yet), after
 * a warm-up document per thread, and its peak during the batch (sampled every 20 ms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIMITS = JSON.parse(fs.readFileSync(path.join(ROOT, 'main', 'workers', 'thread-memory.json'), 'utf8'));
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

/** @param {number} count @param {('docx'|'pdf')[]} formats @param {number | undefined} threads */
export async function batchJob(count, formats, threads) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-batch-'));
  const core = new Worker(path.join(ROOT, 'out', 'main', 'core-worker.js'), {
    workerData: { dataDir, mode: 'bench', options: { workers: true, autoBackup: false, workerThreads: threads } },
    // As main/app/core-host.ts starts it (THREAD_RESOURCE_LIMITS).
    resourceLimits: { maxYoungGenerationSizeMb: LIMITS.youngGenerationMb },
  });
  const pending = new Map();
  let nextId = 1;
  let ready;
  const started = new Promise((resolve, reject) => (ready = { resolve, reject }));
  // The core's thread failing or ending settles everything waiting on it (else the process would hang).
  let gone = null;
  const stop = (error) => {
    gone ??= error;
    ready.reject(gone);
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  core.on('message', (m) => {
    if (m.t === 'ready') ready.resolve(m);
    else if (m.t === 'failed') stop(new Error(`core failed to start: ${m.error.message}`));
    else if (m.t === 'reply') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error.message));
    }
  });
  core.on('error', (e) => stop(e));
  core.on('exit', (code) => stop(new Error(`core thread exited (${code})`)));
  const call = (op, input) =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      core.postMessage({ t: 'call', op, input, id });
    }).then((envelope) => {
      if (!envelope.ok) throw new Error(`${op}: ${envelope.error.message}`);
      return envelope.value;
    });
  try {
    await started;
    const demo = await call('demo.load', { replace: false });
    const years = demo.years;
    const documents = Array.from({ length: count }, (_, i) => ({ kind: 'balance', year: years[i % years.length] }));
    const run = async (docs) => {
      const job = await call('jobs.start', { kind: 'documents.batch', parameters: { documents: docs, formats } });
      for (;;) {
        const now = await call('jobs.get', { id: job.id });
        if (now.state === '已完成') return now;
        if (now.state !== '运行中' && now.state !== '排队') throw new Error(`batch ${now.state}: ${JSON.stringify(now).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const idle = process.memoryUsage().rss;
    // A warm-up document per thread (the default pool has at most 4): threads start, fonts load, code compiles.
    await run(documents.slice(0, threads ?? 4));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const job = await run(documents);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      threads: threads ?? 'default',
      msPerDocument: Math.round((ms / count) * 10) / 10,
      // CPU time of the whole process (every thread): steadier than wall time on a shared machine.
      cpuMsPerDocument: Math.round(((cpu.user + cpu.system) / 1000 / count) * 10) / 10,
      outputs: job.outputs.length,
      rssIdleMb: mb(idle),
      rssBeforeMb: mb(baseline),
      peakRssMb: mb(peak),
    };
  } finally {
    if (!gone) {
      await new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, { resolve, reject: resolve });
        core.postMessage({ t: 'close', id });
      });
    }
    await core.terminate();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [count, formats, threads] = process.argv.slice(2);
  batchJob(Number(count), formats.split(','), threads === 'default' ? undefined : Number(threads)).then(
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
