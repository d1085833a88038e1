/** Messages between a door's thread and the core's thread (core-host.ts ⇄ core-worker.ts). */
import type { CallInfo } from '../api/dispatcher';
import type { LocalFile } from '../files/file-refs';
import type { WireError } from '../workers/wire';

/** What a door asks (without the id its reply repeats). */
export type HostAsk =
  | { t: 'call'; op: string; input: unknown; call?: CallInfo }
  | { t: 'registerPath'; path: string; fileName?: string }
  | { t: 'registerFolder'; path: string }
  | { t: 'adopt'; file: LocalFile & { sha256: string } }
  | { t: 'download'; ref: string }
  | { t: 'discard'; ref: string }
  | { t: 'startupBackup' }
  | { t: 'close' };

/** A request as it crosses: the ask and its id. */
export type HostRequest = HostAsk & { id: number };

/** What the core's thread says: started or not, replies, and the core's events. */
export type HostMessage =
  | { t: 'ready'; dataDir: string; schemaVersion: number }
  | { t: 'failed'; error: WireError }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: WireError }
  | { t: 'event'; name: string; data: unknown };
