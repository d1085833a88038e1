/**
 * The core on a thread of its own, for the long-running doors (Electron, browser mode): the door's
 * thread — Electron's main process, browser mode's HTTP server — only relays. It passes calls,
 * picked files, uploads and downloads to the core's thread and the core's events back; the core
 * thread runs the dispatcher and the database and hands heavy work on to the worker pool. The CLI
 * and tests use createAppCore in-process: nothing waits on them.
 *
 * Uploads are streamed to the staging folder on the door's thread (hashing on the way) and then
 * adopted by the core's file references; downloads are looked up on the core's thread and streamed
 * by the door. If the core's thread stops, every call answers with a Chinese error.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type Envelope, type StagedFile } from '../../shared/api/envelope';
import type { CallInfo, Dispatch } from '../api/dispatcher';
import { stageToFile, tmpRootOf, type FileAccess, type PublishedFile, type StageOptions } from '../files/file-refs';
import { THREAD_RESOURCE_LIMITS } from '../workers/thread-memory';
import { errorToWire, wireToError } from '../workers/wire';
import type { AppCoreOptions } from './create-app';
import type { HostAsk, HostMessage, HostRequest } from './core-protocol';

/** What a door holds of a core on its own thread. */
export interface CoreClient {
  dataDir: string;
  schemaVersion: number;
  dispatch: Dispatch;
  /** Calls `listener(name, data)` with every event of the core (job progress); returns the unsubscribe. */
  subscribe(listener: (name: string, data: unknown) => void): () => void;
  files: FileAccess;
  /** Writes an error of the door's own (a failed request) to the core's log. */
  logError(err: unknown, msg: string): void;
  /** Settles when the core's start-up backup is written. */
  startupBackup(): Promise<void>;
  close(): Promise<void>;
}

const STOPPED = '本机服务已停止，请关闭并重新启动督导评估工作台';

/** The core thread's entry next to this module: the TypeScript source through tsx, or the built file. */
function entry(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) return { filename: path.join(dir, 'core-worker.ts'), execArgv: ['--import', 'tsx'] };
  return { filename: path.join(dir, 'core-worker.js'), execArgv: [] };
}

/**
 * Starts the core on its own thread and resolves once it has opened the data directory; a start-up
 * failure (damaged database, newer version, …) rejects with the core's own Chinese message.
 */
export function startCoreHost(dataDir: string, mode: string, options: AppCoreOptions = {}): Promise<CoreClient> {
  const { filename, execArgv } = entry();
  // From source, a plain entry requires the .ts module through tsx's hooks (see ts-worker-entry.cjs);
  // the built entry is started directly.
  const worker = execArgv.length
    ? new Worker(path.join(path.dirname(filename), 'ts-worker-entry.cjs'), { execArgv, workerData: { dataDir, mode, options, tsEntry: filename }, resourceLimits: THREAD_RESOURCE_LIMITS })
    : new Worker(filename, { workerData: { dataDir, mode, options }, resourceLimits: THREAD_RESOURCE_LIMITS });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(name: string, data: unknown) => void>();
  let nextId = 1;
  let stopped: Error | null = null;

  const request = <T>(m: HostAsk): Promise<T> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...m, id } satisfies HostRequest);
    });
  };

  const stop = (error: Error) => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
  };

  return new Promise<CoreClient>((resolveStart, rejectStart) => {
    let started = false;
    worker.on('message', (m: HostMessage) => {
      switch (m.t) {
        case 'reply': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.ok) p?.resolve(m.value);
          else p?.reject(wireToError(m.error));
          return;
        }
        case 'event':
          for (const l of [...listeners]) {
            try {
              l(m.name, m.data);
            } catch {
              // a window that went away must not stop the others
            }
          }
          return;
        case 'failed':
          rejectStart(wireToError(m.error));
          return;
        case 'ready':
          started = true;
          resolveStart(client(m.dataDir, m.schemaVersion));
      }
    });
    worker.on('error', (e) => {
      if (!started) rejectStart(e);
      stop(new AppError('internal', `${STOPPED}（${e.message}）`));
    });
    worker.on('exit', () => {
      if (!started) rejectStart(new Error('核心线程启动失败'));
      stop(new AppError('internal', STOPPED));
    });
  });

  function client(realDataDir: string, schemaVersion: number): CoreClient {
    const dispatch: Dispatch = async (op: string, input: unknown, call?: CallInfo) => {
      try {
        return await request<Envelope<unknown>>({ t: 'call', op, input, call });
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : STOPPED } };
      }
    };
    const files: FileAccess = {
      async stage(source: Readable | AsyncIterable<Uint8Array>, fileName: string, options?: Omit<StageOptions, 'maxBytes'>): Promise<StagedFile> {
        const file = await stageToFile(tmpRootOf(realDataDir), source, fileName, options);
        return request<StagedFile>({ t: 'adopt', file });
      },
      registerPath: (file: string, fileName?: string) => request<StagedFile>({ t: 'registerPath', path: file, fileName }),
      registerFolder: (dir: string) => request<StagedFile>({ t: 'registerFolder', path: dir }),
      download: (ref: string) => request<PublishedFile>({ t: 'download', ref }),
      discard: (ref: string) => request<boolean>({ t: 'discard', ref }),
    };
    return {
      dataDir: realDataDir,
      schemaVersion,
      dispatch,
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      files,
      logError(err, msg) {
        if (!stopped) worker.postMessage({ t: 'log', level: 'error', msg, err: errorToWire(err) });
      },
      startupBackup: () => request<void>({ t: 'startupBackup' }),
      async close() {
        if (!stopped) await request({ t: 'close' }).catch(() => undefined);
        stop(new AppError('internal', STOPPED));
        await worker.terminate();
      },
    };
  }
}
