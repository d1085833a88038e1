/**
 * A `store` for tests that records every call: what was offered, whether the stream ended cleanly
 * (a real store keeps only those), and the bytes' hash. Not used by production code.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { StoreDirect, StoreFile } from '../archive/receive';

export interface StoreCall {
  path: string;
  mimeType: string | null;
  /** The stream ended without error: a real store would have kept it. */
  kept: boolean;
  sha256: string | null;
  bytes: number;
}

export interface RecordingStore {
  store: StoreFile;
  /** The same, for files the store reads itself (folder packages: Archive.openDirect), as the product's BlobBatch.putDirect does. */
  storeDirect?: StoreDirect;
  calls: StoreCall[];
  /** Paths of the calls a real store would have kept. */
  kept(): string[];
}

/** A store that reads each stream to its end (or its error) and records the call. */
export function recordingStore(opts: { failOn?: (path: string) => Error | null } = {}): RecordingStore {
  const calls: StoreCall[] = [];
  const store: StoreFile = async (stream: Readable, meta) => {
    const call: StoreCall = { path: meta.path, mimeType: meta.mimeType, kept: false, sha256: null, bytes: 0 };
    calls.push(call);
    const failure = opts.failOn?.(meta.path);
    if (failure) {
      stream.destroy();
      throw failure;
    }
    const hash = createHash('sha256');
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      call.bytes += (chunk as Buffer).length;
    }
    call.kept = true;
    call.sha256 = hash.digest('hex');
    return { sha256: call.sha256, bytes: call.bytes };
  };
  const storeDirect: StoreDirect = async (source, meta) => {
    const call: StoreCall = { path: meta.path, mimeType: meta.mimeType, kept: false, sha256: null, bytes: 0 };
    calls.push(call);
    const failure = opts.failOn?.(meta.path);
    if (failure) throw failure;
    const hash = createHash('sha256');
    // A small buffer, so even the corpus's small files take several reads.
    const buffer = Buffer.alloc(4096);
    for (;;) {
      const n = await source.read(buffer, call.bytes);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      call.bytes += n;
    }
    call.kept = true;
    call.sha256 = hash.digest('hex');
    return { sha256: call.sha256, bytes: call.bytes };
  };
  return { store, storeDirect, calls, kept: () => calls.filter((c) => c.kept).map((c) => c.path) };
}
