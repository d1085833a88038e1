/**
 * Content-addressed file store (issue 9, item 2): evidence and other binary files live under
 * `<dataDir>/blobs/aa/bb/<sha256>` (aa = the first two hex digits of the hash, bb = the next two, so
 * no folder ever holds more than a few hundred files), named by the hex sha256 of their content.
 *
 * - The same bytes are stored once, however many records refer to them (dedupe by name).
 * - A blob is written to `<dataDir>/blobs/tmp/` while it is hashed, flushed to disk, and only then
 *   given its final name, so a blob under its hash is always complete: a crash leaves at most a
 *   temporary file, which the sweep removes.
 * - Nothing here knows who refers to a blob. The database does; `sweepBlobs` is told which hashes are
 *   referenced and removes the others once they are older than a grace period, so a blob whose row
 *   is not yet committed is never swept. Re-using an existing blob refreshes its time for the same
 *   reason. Within one process the sweep also excludes concurrent puts (a lock), so a blob a put
 *   has just re-used cannot be removed between the put's check and the sweep's.
 * - Files are private to the user (0o600, folders 0o700), like the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/api/envelope';
import { processAlive } from '../system/process-alive';
import { hashFile, type LocalFile } from './file-refs';

/** The store's folder under the data directory. */
export const BLOBS_DIR = 'blobs';
/** How long an unreferenced blob (or a temporary file) is kept: longer than any put takes to be committed. */
export const DEFAULT_SWEEP_GRACE_MS = 3600_000;

const TMP_DIR = 'tmp';
const SHA256_HEX = /^[0-9a-f]{64}$/;
// `<pid>-<random>.part`: the pid tells a crashed writer's leftovers from a live writer's.
const TEMP_NAME = /^(\d+)-[0-9a-f]+\.part$/;

/** What a put stored: the content's hex sha256, its size in bytes, and whether this put created the blob (false = it was there already). */
export interface PutBlobResult {
  sha256: string;
  bytes: number;
  created: boolean;
}

export interface PutBlobOptions {
  /** Stop (and leave nothing behind) once more than this many bytes arrived; default unlimited. */
  maxBytes?: number;
  /** The error thrown when `maxBytes` is passed. */
  tooLarge?: () => Error;
}

/** Whether `sha` is a hex sha256 as the store names blobs (64 lower-case hex digits). */
export function isBlobSha(sha: string): boolean {
  return SHA256_HEX.test(sha);
}

/**
 * Absolute path of the blob `sha` under `dataDir`. The hash is checked first (64 lower-case hex
 * digits), so no value from a database row or a request can name a path outside the store.
 * @throws AppError('invalid_input') for anything that is not a sha256.
 */
export function blobPath(dataDir: string, sha: string): string {
  if (!isBlobSha(sha)) throw new AppError('invalid_input', `文件校验值格式不正确（应为 64 位十六进制 SHA-256）：${String(sha).slice(0, 80)}`);
  return path.join(dataDir, BLOBS_DIR, sha.slice(0, 2), sha.slice(2, 4), sha);
}

// ---------------------------------------------------------------- in-process lock

/**
 * A shared/exclusive lock per store: puts finish (re-use or rename) under the shared side, the
 * sweep deletes under the exclusive side. Only within this process; other processes are covered by
 * the grace period (a put refreshes the time of a blob it re-uses).
 */
class StoreLock {
  #shared = 0;
  #exclusive = false;
  #waiting: (() => void)[] = [];

  private wake() {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w();
  }

  async run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    while (this.#exclusive || (exclusive && this.#shared > 0)) await new Promise<void>((r) => this.#waiting.push(r));
    if (exclusive) this.#exclusive = true;
    else this.#shared++;
    try {
      return await fn();
    } finally {
      if (exclusive) this.#exclusive = false;
      else this.#shared--;
      this.wake();
    }
  }
}

const LOCKS = new Map<string, StoreLock>();
function lockOf(dataDir: string): StoreLock {
  const key = path.resolve(dataDir);
  let lock = LOCKS.get(key);
  if (!lock) LOCKS.set(key, (lock = new StoreLock()));
  return lock;
}

/** Temporary files being written by this process (never swept, whatever their age). */
const ACTIVE_TEMPS = new Set<string>();

// ---------------------------------------------------------------- put

async function privateDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
}

const errnoOf = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await fsp.stat(file)).size;
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Gives the complete temporary file its name under the store. An existing blob of the same size is
 * the same content (its name is its hash): it is kept, its time refreshed (see the module comment),
 * and the temporary file dropped. An existing blob of another size is damaged and is replaced by the
 * fresh copy. Returns whether this call created the blob.
 */
async function place(temp: string, target: string, bytes: number): Promise<boolean> {
  await privateDir(path.dirname(target));
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await sizeOf(target);
    if (existing === bytes) {
      const now = new Date();
      try {
        await fsp.utimes(target, now, now);
        return false;
      } catch (e) {
        // Swept by another process in between: write it again.
        if (errnoOf(e) === 'ENOENT') continue;
        throw e;
      }
    }
    if (existing !== null) {
      // Damaged (wrong size): the fresh copy, whose hash was just computed, replaces it.
      await fsp.rename(temp, target);
      return true;
    }
    try {
      // link() refuses an existing name, so a concurrent put of the same content never replaces a
      // blob another process may already be reading.
      await fsp.link(temp, target);
      return true;
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') {
        await privateDir(path.dirname(target));
        continue;
      }
      // File systems without hard links (FAT/exFAT): check-then-rename.
      if ((await sizeOf(target)) !== null) continue;
      await fsp.rename(temp, target);
      return true;
    }
  }
  throw new Error(`无法保存文件到 ${target}`);
}

/**
 * Stores the content of `source` (a local file by reference, or a stream) in the store under
 * `dataDir`: streamed to a temporary file while it is hashed and counted (never held in memory
 * whole), flushed to disk, then named `blobs/aa/bb/<sha256>`; if that blob exists already, the
 * temporary file is dropped (dedupe). Sizes are in bytes.
 * @throws options.tooLarge() beyond options.maxBytes; AppError('not_found') when a local file is gone.
 *   Nothing is left behind on failure.
 */
export async function putBlob(dataDir: string, source: LocalFile | Readable, options: PutBlobOptions = {}): Promise<PutBlobResult> {
  const local = isLocalFile(source) ? source : null;
  // A staged upload was hashed on its way in: an existing blob with that hash needs no second copy.
  if (local?.sha256 && isBlobSha(local.sha256)) {
    const sha = local.sha256;
    const reused = await lockOf(dataDir).run(false, async () => {
      const existing = await sizeOf(blobPath(dataDir, sha));
      if (existing === null || existing !== local.bytes) return false;
      const now = new Date();
      try {
        await fsp.utimes(blobPath(dataDir, sha), now, now);
        return true;
      } catch {
        return false;
      }
    });
    if (reused) return { sha256: sha, bytes: local.bytes, created: false };
  }

  const tmpDir = path.join(dataDir, BLOBS_DIR, TMP_DIR);
  await privateDir(tmpDir);
  const temp = path.join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const tooLarge = options.tooLarge ?? (() => new Error('文件过大'));
  ACTIVE_TEMPS.add(temp);
  try {
    let sha256: string;
    let bytes: number;
    if (local) ({ sha256, bytes } = await copyHashing(local, temp, maxBytes, tooLarge));
    else {
      const written = await streamHashing(source as Readable, temp, maxBytes, tooLarge);
      ({ sha256, bytes } = written);
      await syncAndClose(written.handle);
    }
    const created = await lockOf(dataDir).run(false, () => place(temp, blobPath(dataDir, sha256), bytes));
    return { sha256, bytes, created };
  } finally {
    ACTIVE_TEMPS.delete(temp);
    await fsp.rm(temp, { force: true }).catch(() => undefined);
  }
}

/**
 * Puts for one unit of work (the files of one package): `put` streams a file's content into a
 * temporary file, hashing it, and returns its hash and size at once; flushing it to disk and giving
 * it its name run in the background while the next files are read, so a package's flushes overlap
 * its reading instead of each waiting for the disk in turn (bench/rounds.bench.ts). The store's
 * rule holds: a blob gets its name only once flushed. `settle()` must be awaited before a database
 * row names any of the hashes; it resolves when every blob is complete under its name and rejects
 * with the first failure (disk full), which later puts also throw. At most `maxPending` files wait
 * for their flush at once (each holds an open file handle).
 */
export class BlobBatch {
  readonly #pending = new Set<Promise<void>>();
  #failure: { error: unknown } | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly maxPending = 8,
  ) {}

  /** Stores `source` (see putBlob; no size cap here: the caller's stream enforces its own). */
  async put(source: Readable): Promise<{ sha256: string; bytes: number }> {
    return this.#store((temp) => streamHashing(source, temp, Number.MAX_SAFE_INTEGER, () => new Error('文件过大')), () => source.destroy());
  }

  /**
   * Stores a file the caller lets the store read (`read(buffer, position)`, 0 at the end). Each
   * chunk is read into a buffer of the batch's pool, hashed, and queued to be written; the put
   * returns once the file is read and hashed, and its writes finish in the background with its
   * flush — so the next file is read while this one is still being written (bench/rounds.bench.ts:
   * reading and writing 1 GB in turn took twice as long as a plain copy). At most POOL_BUFFERS
   * chunks (1 MB each) wait to be written at any time. Errors of `read` propagate unchanged and
   * leave nothing behind.
   */
  async putDirect(source: { read(buffer: Buffer, position: number): Promise<number> }): Promise<{ sha256: string; bytes: number }> {
    return this.#store(async (temp) => {
      const output = await fsp.open(temp, 'wx', 0o600);
      // The file's writes, in order; each chunk's buffer goes back to the pool once written (or once the chain has failed).
      let writes: Promise<void> = Promise.resolve();
      try {
        const hash = createHash('sha256');
        let bytes = 0;
        for (;;) {
          const buffer = await this.#acquire();
          let n: number;
          try {
            n = await source.read(buffer, bytes);
          } catch (e) {
            this.#release(buffer);
            throw e;
          }
          if (n === 0) {
            this.#release(buffer);
            break;
          }
          const chunk = buffer.subarray(0, n);
          hash.update(chunk);
          bytes += n;
          writes = writes.then(() => writeAll(output, [chunk])).finally(() => this.#release(buffer));
          writes.catch(() => undefined); // awaited by the background task; handled here so a failure never goes unobserved
        }
        return { sha256: hash.digest('hex'), bytes, handle: output, writes };
      } catch (e) {
        await writes.catch(() => undefined);
        await output.close();
        throw e;
      }
    });
  }

  readonly #pool: Buffer[] = [];
  #allocated = 0;
  readonly #waiting: (() => void)[] = [];

  /** A 1 MB buffer from the pool, waiting for one to be written when all POOL_BUFFERS are queued. */
  async #acquire(): Promise<Buffer> {
    for (;;) {
      const free = this.#pool.pop();
      if (free) return free;
      if (this.#allocated < POOL_BUFFERS) {
        this.#allocated++;
        return Buffer.allocUnsafe(COPY_CHUNK);
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #release(buffer: Buffer): void {
    this.#pool.push(buffer);
    this.#waiting.shift()?.();
  }

  /** Writes a temporary file with `write`, then flushes and names it in the background (see the class comment). */
  async #store(write: (temp: string) => Promise<{ sha256: string; bytes: number; handle: fsp.FileHandle; writes?: Promise<void> }>, abandon: () => void = () => undefined): Promise<{ sha256: string; bytes: number }> {
    if (this.#failure) {
      abandon();
      throw this.#failure.error;
    }
    while (this.#pending.size >= this.maxPending) await Promise.race(this.#pending);
    const dataDir = this.dataDir;
    const tmpDir = path.join(dataDir, BLOBS_DIR, TMP_DIR);
    await privateDir(tmpDir);
    const temp = path.join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
    ACTIVE_TEMPS.add(temp);
    const dropTemp = async () => {
      ACTIVE_TEMPS.delete(temp);
      await fsp.rm(temp, { force: true }).catch(() => undefined);
    };
    let written: { sha256: string; bytes: number; handle: fsp.FileHandle; writes?: Promise<void> };
    try {
      written = await write(temp);
    } catch (e) {
      await dropTemp();
      throw e;
    }
    const { sha256, bytes, handle, writes } = written;
    const task: Promise<void> = (async () => {
      try {
        try {
          await writes;
        } catch (e) {
          await handle.close().catch(() => undefined);
          throw e;
        }
        await syncAndClose(handle);
        await lockOf(dataDir).run(false, () => place(temp, blobPath(dataDir, sha256), bytes));
      } finally {
        await dropTemp();
      }
    })()
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => this.#pending.delete(task));
    this.#pending.add(task);
    return { sha256, bytes };
  }

  /**
   * A promise for the puts made so far only (later puts are not waited for): resolves when they are
   * flushed and named, rejects with the batch's first failure. Lets one package's revision be stored
   * while the next package's files are still being written.
   */
  checkpoint(): Promise<void> {
    const tasks = [...this.#pending];
    const done = Promise.all(tasks).then(() => {
      if (this.#failure) throw this.#failure.error;
    });
    // Handled here too: a checkpoint nobody awaits (an import cancelled in between) must not crash the process.
    done.catch(() => undefined);
    return done;
  }

  /** Waits until every put so far is flushed and named; rejects with the first failure. */
  async settle(): Promise<void> {
    while (this.#pending.size) await Promise.all(this.#pending);
    if (this.#failure) throw this.#failure.error;
  }
}

const COPY_CHUNK = 1024 * 1024;
/** Chunks of putDirect waiting to be written, at most (8 MB). */
const POOL_BUFFERS = 8;

/**
 * Copies a local file to `temp` through one reused 1 MB buffer, hashing on the way, then flushes it
 * to disk (the blob must be on disk before a database row can name it). Reusing the buffer keeps
 * memory flat however large the file: a stream would allocate a new buffer per chunk and leave
 * gigabytes of garbage behind for the collector.
 */
async function copyHashing(local: LocalFile, temp: string, maxBytes: number, tooLarge: () => Error): Promise<{ sha256: string; bytes: number }> {
  let input: fsp.FileHandle;
  try {
    input = await fsp.open(local.path, 'r');
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('not_found', `找不到文件“${local.fileName}”（可能已被移动、删除或移动盘已拔出），请重新选择`);
    throw new AppError('invalid_input', `无法读取文件“${local.fileName}”（${code ?? (e as Error).message}）`);
  }
  try {
    const output = await fsp.open(temp, 'wx', 0o600);
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(COPY_CHUNK);
      let bytes = 0;
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, COPY_CHUNK, null);
        if (bytesRead === 0) break;
        bytes += bytesRead;
        if (bytes > maxBytes) throw tooLarge();
        hash.update(buffer.subarray(0, bytesRead));
        for (let written = 0; written < bytesRead; ) written += (await output.write(buffer, written, bytesRead - written)).bytesWritten;
      }
      await output.sync();
      return { sha256: hash.digest('hex'), bytes };
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/**
 * Streams `source` to `temp`, hashing and counting on the way. Chunks are gathered into writes of
 * about 1 MB, and each write runs while the next chunks are read and hashed: a pipeline through a
 * Transform and a WriteStream, one 64 KB write awaited at a time, made a 1 GB import twice as slow
 * as copying the files (bench/rounds.bench.ts). The file is not yet flushed: the caller flushes
 * (`handle.sync()`) and closes the returned handle; on failure it is closed here.
 */
async function streamHashing(source: Readable, temp: string, maxBytes: number, tooLarge: () => Error): Promise<{ sha256: string; bytes: number; handle: fsp.FileHandle }> {
  const output = await fsp.open(temp, 'wx', 0o600);
  let writing: Promise<void> = Promise.resolve();
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const write = async () => {
      await writing;
      const chunks = batch;
      batch = [];
      batchBytes = 0;
      writing = writeAll(output, chunks);
    };
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw tooLarge();
      hash.update(chunk);
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= WRITE_BATCH) await write();
    }
    await write();
    await writing;
    return { sha256: hash.digest('hex'), bytes, handle: output };
  } catch (e) {
    source.destroy();
    await writing.catch(() => undefined);
    await output.close();
    throw e;
  }
}

const WRITE_BATCH = 1024 * 1024;

/** Writes every byte of `chunks` at the file's position (one writev may write less than asked). */
async function writeAll(output: fsp.FileHandle, chunks: Buffer[]): Promise<void> {
  let rest = chunks;
  while (rest.length) {
    let { bytesWritten } = await output.writev(rest);
    while (rest.length && bytesWritten >= rest[0]!.length) {
      bytesWritten -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (rest.length && bytesWritten > 0) rest = [rest[0]!.subarray(bytesWritten), ...rest.slice(1)];
  }
}

/** Flushes a written temporary file to disk and closes it (closed even when the flush fails). */
async function syncAndClose(handle: fsp.FileHandle): Promise<void> {
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isLocalFile(source: LocalFile | Readable): source is LocalFile {
  return typeof (source as LocalFile).path === 'string' && typeof (source as Readable).pipe !== 'function';
}

// ---------------------------------------------------------------- sweep

/** Which hashes are in use: a set, or a test per hash. */
export type BlobReferences = ReadonlySet<string> | ((sha: string) => boolean);

export interface SweepOptions {
  /** Keep unreferenced blobs and temporary files younger than this (by modification time), in ms; default 1 hour. */
  graceMs?: number;
  /** The current time (tests). */
  now?: number;
}

/** What a sweep found and did. Sizes in bytes. */
export interface SweepResult {
  /** Blobs in the store before the sweep. */
  scanned: number;
  /** Unreferenced blobs removed, and their bytes. */
  removed: number;
  freedBytes: number;
  /** Unreferenced blobs kept because they are younger than the grace period. */
  keptRecent: number;
  /** Temporary files left by interrupted puts, removed, and their bytes. */
  removedTemps: number;
  freedTempBytes: number;
  /** Files under the store that are neither blobs nor temporary files (left alone). */
  foreign: number;
}

async function listDir(dir: string): Promise<fs.Dirent[]> {
  try {
    return await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return [];
    throw e;
  }
}

/**
 * Removes every blob under `dataDir` that `referenced` does not name and that is older than the
 * grace period, and temporary files of interrupted puts (their writer gone, or older than the grace
 * period). A referenced blob is never removed, whatever its age; files that are not blobs are left
 * alone. Runs exclusive of this process's puts. A file that cannot be removed (locked) is left for
 * the next sweep.
 */
export async function sweepBlobs(dataDir: string, referenced: BlobReferences, options: SweepOptions = {}): Promise<SweepResult> {
  const isReferenced = typeof referenced === 'function' ? referenced : (sha: string) => referenced.has(sha);
  const graceMs = options.graceMs ?? DEFAULT_SWEEP_GRACE_MS;
  const root = path.join(dataDir, BLOBS_DIR);
  const result: SweepResult = { scanned: 0, removed: 0, freedBytes: 0, keptRecent: 0, removedTemps: 0, freedTempBytes: 0, foreign: 0 };
  await lockOf(dataDir).run(true, async () => {
    const now = options.now ?? Date.now();
    const old = (st: fs.Stats) => now - st.mtimeMs >= graceMs;
    for (const a of await listDir(root)) {
      if (a.name === TMP_DIR || !a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
      for (const b of await listDir(path.join(root, a.name))) {
        if (!b.isDirectory() || !/^[0-9a-f]{2}$/.test(b.name)) continue;
        const dir = path.join(root, a.name, b.name);
        for (const f of await listDir(dir)) {
          const sha = f.name;
          if (!f.isFile() || !isBlobSha(sha) || !sha.startsWith(a.name + b.name)) {
            result.foreign++;
            continue;
          }
          result.scanned++;
          if (isReferenced(sha)) continue;
          const file = path.join(dir, sha);
          try {
            const st = await fsp.stat(file);
            if (!old(st)) {
              result.keptRecent++;
              continue;
            }
            await fsp.unlink(file);
            result.removed++;
            result.freedBytes += st.size;
          } catch {
            // Locked (a download in progress on Windows) or gone: the next sweep.
          }
        }
      }
    }
    for (const f of await listDir(path.join(root, TMP_DIR))) {
      const file = path.join(root, TMP_DIR, f.name);
      if (!f.isFile() || ACTIVE_TEMPS.has(file)) continue;
      try {
        const st = await fsp.stat(file);
        const m = TEMP_NAME.exec(f.name);
        const writerGone = m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]));
        if (!writerGone && !old(st)) continue;
        await fsp.unlink(file);
        result.removedTemps++;
        result.freedTempBytes += st.size;
      } catch {
        // the next sweep
      }
    }
  });
  return result;
}

// ---------------------------------------------------------------- verify

/** A blob's state: present with the content its name promises, missing, or damaged (content differs). */
export type BlobState = { state: 'ok'; bytes: number } | { state: 'missing' } | { state: 'corrupt'; bytes: number; actualSha256: string };

/**
 * Re-reads the blob `sha` and hashes it (streamed), to find damage (disk errors, a file edited or
 * truncated behind the product's back). Reads the whole file: about as long as copying it.
 * @throws AppError('invalid_input') when `sha` is not a sha256.
 */
export async function verifyBlob(dataDir: string, sha: string): Promise<BlobState> {
  const file = blobPath(dataDir, sha);
  let hashed: { sha256: string; bytes: number };
  try {
    hashed = await hashFile(file);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'EISDIR') return { state: 'missing' };
    throw e;
  }
  return hashed.sha256 === sha ? { state: 'ok', bytes: hashed.bytes } : { state: 'corrupt', bytes: hashed.bytes, actualSha256: hashed.sha256 };
}
