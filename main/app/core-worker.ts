/**
 * The core on a thread of its own (see core-host.ts): opens the data directory with createAppCore,
 * answers the door's calls, file requests and log lines, and forwards the core's events. Heavy work
 * still goes from here to the worker pool (main/workers), so this thread keeps answering too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JOB_EVENT } from '../../shared/api/contracts/jobs';
import { recoverStaleJobs, subscribeJobEvents } from '../services/jobs-service';
import { errorToWire } from '../workers/wire';
import { createAppCore, type AppCore, type AppCoreOptions } from './create-app';
import type { HostRequest, HostMessage } from './core-protocol';

const port = parentPort!;
const { dataDir, mode, options } = workerData as { dataDir: string; mode: string; options: AppCoreOptions };
const post = (m: HostMessage) => port.postMessage(m);

async function main(): Promise<void> {
  let core: AppCore;
  try {
    core = await createAppCore(dataDir, mode, options);
  } catch (e) {
    // The door shows the core's own Chinese message; the thread then ends (nothing keeps it alive).
    post({ t: 'failed', error: errorToWire(e) });
    return;
  }

  subscribeJobEvents(core.ctx, (e) => post({ t: 'event', name: JOB_EVENT, data: e }));
  // Jobs left 运行中 by a run of the app that died are marked 失败（程序已退出）.
  void recoverStaleJobs(core.ctx).catch(() => undefined);
  const doorLog = core.log.child({ module: mode });

  const answer = async (m: HostRequest): Promise<unknown> => {
    switch (m.t) {
      case 'call':
        return core.dispatch(m.op, m.input, m.call);
      case 'registerPath':
        return core.ctx.files.registerPath(m.path, m.fileName);
      case 'registerFolder':
        return core.ctx.files.registerFolder(m.path);
      case 'adopt':
        return core.ctx.files.adopt(m.file);
      case 'download':
        return core.ctx.files.download(m.ref);
      case 'discard':
        return core.ctx.files.discard(m.ref);
      case 'startupBackup':
        return core.startupBackup;
      case 'close':
        await core.close();
        return null;
    }
  };

  port.on('message', (m: HostRequest | { t: 'log'; level: 'error' | 'warn' | 'info'; msg: string; err?: unknown }) => {
    if (m.t === 'log') {
      doorLog[m.level]({ err: m.err }, m.msg);
      return;
    }
    answer(m).then(
      (value) => post({ t: 'reply', id: m.id, ok: true, value }),
      (e: unknown) => post({ t: 'reply', id: m.id, ok: false, error: errorToWire(e) }),
    );
  });

  post({ t: 'ready', dataDir: core.ctx.dataDir, schemaVersion: core.database.schemaVersion });
}

void main();
