/**
 * Receiving one file of a package in one pass: open, judge the first bytes, then stream the rest to
 * the caller's store, which hashes it (without a store, through a sha256 here). A file refused by
 * its name, its listing or its first bytes is never handed to the store; a file whose bytes break a
 * cap or fail the zip's CRC half-way makes the store's stream fail, so a store that keeps only what
 * ended cleanly (putBlob does) keeps nothing of it. Memory stays flat whatever the size: nothing is
 * buffered but the head.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ArchiveReadError, type Archive, type ArchiveEntry, type DirectFile } from './archive';
import { refusedByName, SNIFF_BYTES, sniffFile } from './file-type';
import { readAhead } from '../../../files/read-ahead';
import { limitReasons } from './limits';

/**
 * Where received files go: the caller's content-addressed store. It must consume the stream to its
 * end and keep the content only when the stream ends without error; it returns what it stored: the
 * content's hex sha256 (which receiveEntry reports as the file's hash without hashing the bytes a
 * second time — the store names its blobs by it, so it computes it anyway) and its size in bytes
 * (checked against the bytes that flowed). Errors it throws for its own reasons (disk full)
 * propagate out of readPackage.
 */
export type StoreFile = (stream: Readable, meta: { path: string; mimeType: string | null }) => Promise<{ sha256: string; bytes: number }>;

/** A file the store reads itself, into its own buffer (see StoreDirect). */
export interface DirectSource {
  /** Reads up to `buffer.length` bytes at `position`; 0 at the end. Rejects with ArchiveReadError (caps, unreadable) or the abort reason. */
  read(buffer: Buffer, position: number): Promise<number>;
}

/**
 * The store's way for files it can read itself (folder packages): it reads `source` from position 0
 * to its end into its own buffer and keeps the content only when that ends without error, like
 * StoreFile (an ArchiveReadError from `read` must propagate unchanged: the file is then refused).
 * Returns the content's hex sha256 and size.
 */
export type StoreDirect = (source: DirectSource, meta: { path: string; mimeType: string | null }) => Promise<{ sha256: string; bytes: number }>;

/** The store broke its contract (returned before the end of the stream, or reported other bytes): a bug of the caller. */
export class StoreContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreContractError';
  }
}

/** The outcome of receiving one file: its hash, size and type, or the Chinese reason it was refused. */
export type Received =
  | {
      ok: true;
      sha256: string;
      bytes: number;
      mimeType: string | null;
      /** The extension names another type than the content (a warning, Chinese). */
      mismatch: string | null;
      /** The bytes, when asked for (`collect`). */
      data: Buffer | null;
    }
  | { ok: false; reason: string };

/** How receiveEntry reads one file. */
export interface ReceiveOptions {
  /** How the file is named to the store: its path inside the package (below the package's root). */
  path: string;
  store?: StoreFile;
  /** Used instead of `store` where the archive can hand the file over (Archive.openDirect) and nothing is collected. */
  storeDirect?: StoreDirect;
  signal?: AbortSignal;
  /** Judge the content (refuse programs, shortcuts, archives, empty files); off for the manifest. */
  sniff: boolean;
  /** Keep the bytes in memory too (the workbook, the manifest), at most this many: a file that grew since its listing is stopped. */
  collect?: number;
  /** Hand the file to the store (off for the manifest, which is not received content). */
  keep: boolean;
  /** Called with each chunk's size as it passes (progress). */
  onBytes?: (n: number) => void;
}

/**
 * Reads one entry. Refusals (unsafe entry, program, shortcut, archive, empty, unreadable, damaged,
 * too large) come back as `{ ok: false, reason }` in Chinese; only an abort (the signal's reason)
 * and the store's own errors are thrown.
 */
export async function receiveEntry(archive: Archive, entry: ArchiveEntry, opts: ReceiveOptions): Promise<Received> {
  const { signal } = opts;
  signal?.throwIfAborted();
  if (entry.problem) return { ok: false, reason: entry.problem };
  if (entry.kind !== 'file') return { ok: false, reason: '不是普通文件，未接收' };
  if (opts.sniff) {
    const byName = refusedByName(entry.path);
    if (byName) return { ok: false, reason: byName };
  }
  if (archive.openDirect && opts.collect === undefined) {
    // Read by the store itself, or (nothing stored: a check) only hashed, through one buffer.
    if (opts.keep && opts.storeDirect) return receiveDirect(archive, entry, opts, opts.storeDirect);
    if (!(opts.keep && opts.store)) return receiveDirect(archive, entry, opts, hashOnly);
  }
  let source: Readable;
  try {
    source = await archive.open(entry);
  } catch (e) {
    signal?.throwIfAborted();
    return { ok: false, reason: e instanceof ArchiveReadError ? e.message : '无法读取该文件，未接收' };
  }
  const onAbort = () => source.destroy(new ArchiveReadError('已取消'));
  signal?.addEventListener('abort', onAbort, { once: true });
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let failure: unknown = null;
  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    try {
      while (headBytes < SNIFF_BYTES) {
        const r = await it.next();
        if (r.done) {
          ended = true;
          break;
        }
        head.push(r.value);
        headBytes += r.value.length;
      }
    } catch (e) {
      signal?.throwIfAborted();
      return { ok: false, reason: e instanceof ArchiveReadError ? e.message : '读取该文件时出错，未接收' };
    }
    const headBuf = Buffer.concat(head);
    let mimeType: string | null = null;
    let mismatch: string | null = null;
    if (opts.sniff) {
      const judged = sniffFile(entry.path, headBuf, ended ? headBuf.length : Math.max(entry.size, headBuf.length));
      if (!judged.ok) return judged;
      mimeType = judged.mimeType;
      mismatch = judged.mismatch;
    }

    // With a store, the store's hash is the file's (see StoreFile): hashing here as well would pass
    // every byte of 1 GB of evidence through sha256 twice (bench/rounds.bench.ts).
    const storing = Boolean(opts.keep && opts.store);
    const hash = storing ? null : createHash('sha256');
    const collected: Buffer[] = [];
    let bytes = 0;
    let completed = false;
    const take = (c: Buffer) => {
      hash?.update(c);
      bytes += c.length;
      if (opts.collect !== undefined && bytes > opts.collect) throw new ArchiveReadError(limitReasons.file(bytes, opts.collect));
      if (opts.collect !== undefined) collected.push(c);
      opts.onBytes?.(c.length);
    };
    async function* flow(): AsyncGenerator<Buffer> {
      try {
        for (const c of head) {
          take(c);
          yield c;
        }
        if (!ended) {
          for (;;) {
            const r = await it.next();
            if (r.done) break;
            take(r.value);
            yield r.value;
          }
        }
        completed = true;
      } catch (e) {
        failure = e;
        throw e;
      }
    }
    const out = Readable.from(flow(), { objectMode: false });
    let stored: { sha256: string; bytes: number } | null = null;
    try {
      if (opts.keep && opts.store) stored = await opts.store(out, { path: opts.path, mimeType });
      else for await (const _chunk of out) void _chunk;
    } catch (e) {
      signal?.throwIfAborted();
      if (failure === null) throw e;
    }
    signal?.throwIfAborted();
    if (failure !== null) return { ok: false, reason: failure instanceof ArchiveReadError ? failure.message : '读取该文件时出错，未接收' };
    if (!completed) {
      throw new StoreContractError(`store returned before reading ${opts.path} to its end`);
    }
    if (storing && (!stored || stored.bytes !== bytes || !/^[0-9a-f]{64}$/.test(stored.sha256))) {
      throw new StoreContractError(`store reported ${stored?.sha256}/${stored?.bytes} for ${opts.path}, read ${bytes} bytes`);
    }
    const sha256 = hash ? hash.digest('hex') : stored!.sha256;
    return { ok: true, sha256, bytes, mimeType, mismatch, data: opts.collect !== undefined ? Buffer.concat(collected, bytes) : null };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    source.destroy();
  }
}

/**
 * receiveEntry for a file the store reads itself: the head is read and judged first (as on the
 * stream path), then the store reads the whole file from its start (the head again: a few KB from
 * the cache). The same outcomes: refusals as `{ ok: false }`, the abort and the store's own errors thrown.
 */
async function receiveDirect(archive: Archive, entry: ArchiveEntry, opts: ReceiveOptions, storeDirect: StoreDirect): Promise<Received> {
  const { signal } = opts;
  let file: DirectFile;
  try {
    file = await archive.openDirect!(entry);
  } catch (e) {
    signal?.throwIfAborted();
    return { ok: false, reason: e instanceof ArchiveReadError ? e.message : '无法读取该文件，未接收' };
  }
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    let headBytes = 0;
    let ended = false;
    try {
      while (headBytes < SNIFF_BYTES) {
        signal?.throwIfAborted();
        const n = await file.read(head, headBytes, SNIFF_BYTES - headBytes, headBytes);
        if (n === 0) {
          ended = true;
          break;
        }
        headBytes += n;
      }
    } catch (e) {
      signal?.throwIfAborted();
      return { ok: false, reason: e instanceof ArchiveReadError ? e.message : '读取该文件时出错，未接收' };
    }
    let mimeType: string | null = null;
    let mismatch: string | null = null;
    if (opts.sniff) {
      const judged = sniffFile(entry.path, head.subarray(0, headBytes), ended ? headBytes : Math.max(entry.size, headBytes));
      if (!judged.ok) return judged;
      mimeType = judged.mimeType;
      mismatch = judged.mismatch;
    }
    let bytes = 0;
    let sawEnd = false;
    let failure: ArchiveReadError | null = null;
    const source: DirectSource = {
      read: async (buffer, position) => {
        signal?.throwIfAborted();
        try {
          const n = await file.read(buffer, 0, buffer.length, position);
          if (n === 0 && position >= bytes) sawEnd = true;
          if (position + n > bytes) {
            opts.onBytes?.(position + n - bytes);
            bytes = position + n;
          }
          return n;
        } catch (e) {
          failure = e instanceof ArchiveReadError ? e : new ArchiveReadError('读取该文件时出错，未接收');
          throw failure;
        }
      },
    };
    let stored: { sha256: string; bytes: number };
    try {
      stored = await storeDirect(source, { path: opts.path, mimeType });
    } catch (e) {
      signal?.throwIfAborted();
      if (failure !== null) return { ok: false, reason: (failure as ArchiveReadError).message };
      throw e;
    }
    signal?.throwIfAborted();
    if (!sawEnd) throw new StoreContractError(`store returned before reading ${opts.path} to its end`);
    if (stored.bytes !== bytes || !/^[0-9a-f]{64}$/.test(stored.sha256)) throw new StoreContractError(`store reported ${stored.sha256}/${stored.bytes} for ${opts.path}, read ${bytes} bytes`);
    return { ok: true, sha256: stored.sha256, bytes, mimeType, mismatch, data: null };
  } finally {
    await file.close();
  }
}

/** The StoreDirect of a check: reads the file through two reused 1 MB buffers (readAhead) and only hashes it. */
const hashOnly: StoreDirect = async (source) => {
  const hash = createHash('sha256');
  const bytes = await readAhead(source, 1024 * 1024, (chunk) => hash.update(chunk));
  return { sha256: hash.digest('hex'), bytes };
};
