/**
 * One package's files, from a zip or from a folder, behind the same small interface: a listing made
 * without reading any content (so every name, link and size is judged before a byte is read), and
 * one stream per file whose bytes are counted against the caps while they flow.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { limitReasons, type PackageLimits } from './limits';

/** One entry of a package as listed. */
export interface ArchiveEntry {
  /** Path inside the zip or folder: `/`-separated, NFC, as checkEntryPath normalised it. */
  path: string;
  /** The name as written (decoded, `/`-separated, before NFC): tells an exact duplicate from a look-alike. */
  original: string;
  /**
   * file: a regular file; link: a symbolic link, junction or other reparse point (never followed);
   * special: a device, pipe or socket (never opened: reading a pipe would wait forever).
   */
  kind: 'file' | 'link' | 'special';
  /** Size in bytes as declared (zip) or listed (folder). */
  size: number;
  /** Why the entry cannot be received, found by the listing alone (Chinese sentence), or null. */
  problem: string | null;
}

/** A package's files. `open` streams a file's bytes; the stream fails with an ArchiveReadError. */
export interface Archive {
  readonly kind: 'zip' | 'folder';
  /** Files, links and special entries (folders are implied by the paths). */
  readonly entries: readonly ArchiveEntry[];
  /**
   * Streams an entry's bytes (a `file` entry without a problem). Rejects with ArchiveReadError when
   * it cannot be opened; the stream errors with ArchiveReadError when the bytes break a cap, are
   * damaged, or the file vanishes while read. Destroying the stream releases everything.
   */
  open(entry: ArchiveEntry): Promise<Readable>;
  /**
   * Folder packages only: the entry as a file the caller reads into its own buffer (no stream, no
   * buffer allocated per read — a 1 GB import through streams spent as long in their machinery as in
   * copying). The same checks as `open` (no link followed, the file listed is the file read) and the
   * same caps, counted on the bytes read. Rejects with ArchiveReadError when it cannot be opened.
   */
  openDirect?(entry: ArchiveEntry): Promise<DirectFile>;
  close(): Promise<void>;
}

/** A file read into the caller's buffers (Archive.openDirect). */
export interface DirectFile {
  /**
   * Reads up to `length` bytes at `position` into `buffer` at `offset`; 0 at the end. Bytes past
   * what was read before count against the file's and the package's caps. Rejects with
   * ArchiveReadError beyond a cap or when the file cannot be read.
   */
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  /** Releases the file (safe to call twice). */
  close(): Promise<void>;
}

/** The whole zip or folder cannot be read; `message` is the Chinese text for the user. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** One file cannot be read (or was stopped); `message` is the Chinese text for the user. */
export class ArchiveReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveReadError';
  }
}

/** Bytes read so far from one archive, shared by its streams (the total cap counts what really flowed). */
export interface ByteBudget {
  read: number;
}

/** What a ByteGuard counts against. Sizes in bytes. */
export interface GuardOptions {
  limits: PackageLimits;
  budget: ByteBudget;
  /** Most bytes this file may produce (its declared size for a zip entry, the per-file cap for a folder file). */
  cap: number;
  /** Zip entries: the declared size and CRC-32 the bytes must match at the end. */
  expect?: { size: number; crc32: number };
}

/**
 * Counts the bytes of one file as they flow: more than `cap` (or the package's total) stops the
 * stream; for a zip entry, fewer bytes than declared or a CRC mismatch at the end fail it. A second
 * guard that does not depend on the zip library's own checks.
 */
export class ByteGuard extends Transform {
  #count = 0;
  #crc = 0;
  constructor(private readonly opts: GuardOptions) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#count += chunk.length;
    this.opts.budget.read += chunk.length;
    if (this.#count > this.opts.cap) return done(new ArchiveReadError(limitReasons.grew(Math.min(this.opts.cap, this.opts.limits.maxFileBytes))));
    if (this.opts.budget.read > this.opts.limits.maxTotalBytes) return done(new ArchiveReadError(limitReasons.total(this.opts.budget.read, this.opts.limits.maxTotalBytes)));
    if (this.opts.expect) this.#crc = zlib.crc32(chunk, this.#crc);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const e = this.opts.expect;
    if (e && this.#count !== e.size) return done(new ArchiveReadError(`文件数据不完整（应有 ${e.size} 字节，只读到 ${this.#count} 字节），压缩包可能拷贝时中断或已损坏，未接收`));
    if (e && this.#crc >>> 0 !== e.crc32 >>> 0) return done(new ArchiveReadError('文件数据校验失败（CRC 不符），压缩包已损坏或被改动，未接收'));
    done();
  }
}
