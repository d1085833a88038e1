/**
 * Where heavy tasks (tasks.ts) run. The long-running doors (Electron, browser mode) use a pool of
 * worker threads, so the thread that answers the window keeps answering — listing schools while a
 * batch of 100 reports renders stays fast (bench/ui-latency.bench.ts). The CLI and unit tests run
 * the same tasks inline: nothing waits on them there, and no thread start-up is paid.
 *
 * The pool is Piscina (a maintained worker pool: queueing, abort, idle shutdown); a task that is
 * aborted while it runs has its worker terminated, so a cancelled render stops at once.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import type { TaskMessage, TaskName, TaskInput, TaskOutput } from './tasks';
import { importOnUse } from '../app/import-on-use';
import { boundHeapGrowth, defaultPoolThreads, THREAD_RESOURCE_LIMITS } from './thread-memory';
import { wireToError, type TaskEnvelope } from './wire';

export interface RunOptions {
  /** Aborts the task: a queued task never starts, a running one stops (its worker is terminated). */
  signal?: AbortSignal;
}

/** Runs heavy tasks (see tasks.ts) inline or on worker threads; the answer is the same either way. */
export interface TaskRunner {
  /** 'inline' or 'threads'. */
  readonly kind: 'inline' | 'threads';
  /** How many tasks run at the same time: the pool's threads, 1 inline (a batch keeps that many busy). */
  readonly concurrency: number;
  /** Runs a task; rejects with the task's own error (an AppError keeps its code), or TaskAborted. */
  run<K extends TaskName>(name: K, input: TaskInput<K>, options?: RunOptions): Promise<TaskOutput<K>>;
  /** Stops the worker threads (waits for none of the queued tasks). */
  close(): Promise<void>;
}

/** Rejection of a task whose signal was aborted. */
export class TaskAborted extends Error {
  constructor() {
    super('已取消');
    this.name = 'TaskAborted';
  }
}

/** A Buffer over the same bytes (structured clone turns Buffers into plain Uint8Arrays). */
const toBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Buffers arrive from a worker as Uint8Arrays; the workbook and render outputs are revived as Buffers. */
function revive<K extends TaskName>(name: K, value: unknown): TaskOutput<K> {
  if (name === 'workbook') return { buffer: toBuffer((value as { buffer: Uint8Array }).buffer) } as TaskOutput<K>;
  if (name === 'render') {
    const r = value as TaskOutput<'render'>;
    return { ...r, files: r.files.map((f) => ({ ...f, buffer: toBuffer(f.buffer as Uint8Array) })) } as TaskOutput<K>;
  }
  return value as TaskOutput<K>;
}

/**
 * The task table, loaded on first use: a thread that hands its tasks to a pool (the core's, in
 * Electron and browser mode) then never loads the renderers' libraries (PDF, DOCX, fonts, charts:
 * ~50 MB, bench/documents-batch.mjs).
 */
const loadTasks = () => importOnUse(() => import('./tasks'), import.meta.url, './tasks');

/** The tasks run on the calling thread (CLI, tests). */
export function inlineTaskRunner(): TaskRunner {
  return {
    kind: 'inline',
    concurrency: 1,
    async run(name, input, options = {}) {
      if (options.signal?.aborted) throw new TaskAborted();
      const { TASKS } = await loadTasks();
      const value = (await (TASKS[name] as (i: unknown) => Promise<unknown>)(input)) as TaskOutput<typeof name>;
      if (options.signal?.aborted) throw new TaskAborted();
      return value;
    },
    close: async () => undefined,
  };
}

/**
 * The worker entry next to this module: the TypeScript source through tsx when running from source
 * (browser mode, tests, benchmarks), the built file next to the bundle in Electron.
 */
export function workerEntry(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) return { filename: path.join(dir, 'heavy-worker.ts'), execArgv: ['--import', 'tsx'] };
  return { filename: path.join(dir, 'heavy-worker.js'), execArgv: [] };
}

export interface PoolOptions {
  /** Most threads at once; default: defaultPoolThreads (by processors and memory). */
  maxThreads?: number;
  /** An idle thread is stopped after this long (it is started again on demand). */
  idleTimeoutMs?: number;
}

/** A pool of worker threads, started lazily on the first task. */
export function workerTaskRunner(options: PoolOptions = {}): TaskRunner {
  boundHeapGrowth();
  const entry = workerEntry();
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const maxThreads = options.maxThreads ?? defaultPoolThreads(cpus, os.totalmem());
  let pool: Promise<Piscina> | null = null;
  // Loaded on first use: the CLI, which runs tasks inline, never pays for the pool's code.
  const getPool = () =>
    (pool ??= import('piscina').then(({ Piscina: Pool }) => new Pool({
      filename: entry.filename,
      execArgv: entry.execArgv,
      minThreads: 0,
      maxThreads,
      idleTimeout: options.idleTimeoutMs ?? 120_000,
      // Never let a pile of queued tasks grow without bound: a batch waits its turn per document.
      maxQueue: 'auto',
      resourceLimits: THREAD_RESOURCE_LIMITS,
    })));
  return {
    kind: 'threads',
    concurrency: maxThreads,
    async run<K extends TaskName>(name: K, input: TaskInput<K>, opts: RunOptions = {}): Promise<TaskOutput<K>> {
      if (opts.signal?.aborted) throw new TaskAborted();
      let envelope: TaskEnvelope;
      try {
        envelope = (await (await getPool()).run({ name, input } satisfies TaskMessage, { signal: opts.signal ?? null })) as TaskEnvelope;
      } catch (e) {
        if (opts.signal?.aborted) throw new TaskAborted();
        throw e;
      }
      if (!envelope.ok) throw wireToError(envelope.error);
      return revive<K>(name, envelope.value);
    },
    close: async () => {
      const p = pool;
      pool = null;
      await (await p)?.destroy();
    },
  };
}
