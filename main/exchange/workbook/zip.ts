/**
 * The zip layer of the workbook reader: yauzl reads the central directory, so every part's declared
 * sizes are known before a byte is inflated. Declared sizes are checked against the caps first;
 * while inflating, yauzl checks that no part produces more bytes than it declared, and we count
 * the bytes again against the caps (a second guard that does not depend on yauzl's check).
 */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { DEFAULT_LIMITS, limitMessages, WorkbookLimitError, type WorkbookLimits } from './limits';

/** The zip could not be read at all (truncated, not a zip, unsupported compression). */
export class CorruptZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptZipError';
  }
}

export interface ZipPartInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export class ZipArchive {
  private readonly byName = new Map<string, yauzl.Entry>();
  private readonly byLowerName = new Map<string, yauzl.Entry>();
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    entries: yauzl.Entry[],
    readonly limits: WorkbookLimits,
  ) {
    for (const e of entries) {
      this.byName.set(e.fileName, e);
      if (!this.byLowerName.has(e.fileName.toLowerCase())) this.byLowerName.set(e.fileName.toLowerCase(), e);
    }
  }

  /** Opens the zip and refuses it, before inflating anything, when its declared sizes exceed the caps. */
  static async open(buf: Buffer, limits: WorkbookLimits = DEFAULT_LIMITS): Promise<ZipArchive> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, z) => {
        if (err || !z) reject(new CorruptZipError(err?.message ?? 'unreadable zip'));
        else resolve(z);
      });
    });
    try {
      if (zip.entryCount > limits.maxEntries) throw new WorkbookLimitError(limitMessages.entries(zip.entryCount, limits.maxEntries));
      const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
        const list: yauzl.Entry[] = [];
        zip.on('entry', (e: yauzl.Entry) => {
          if (!e.fileName.endsWith('/')) list.push(e);
          zip.readEntry();
        });
        zip.on('end', () => resolve(list));
        zip.on('error', (err: Error) => reject(new CorruptZipError(err.message)));
        zip.readEntry();
      });
      checkDeclaredSizes(entries, limits);
      return new ZipArchive(zip, entries, limits);
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  /** The part's name as stored, matching case-insensitively when the exact name is absent (some writers vary case). */
  resolve(name: string): string | null {
    return (this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase()))?.fileName ?? null;
  }

  has(name: string): boolean {
    return this.resolve(name) !== null;
  }

  parts(): ZipPartInfo[] {
    return [...this.byName.values()].map((e) => ({ name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize }));
  }

  /**
   * Inflates one part, handing each chunk to `onChunk` as it arrives (nothing is buffered whole).
   * Rejects with WorkbookLimitError when the part produces more than it declared or the caps allow,
   * with CorruptZipError when it produces less or its checksum differs, and with whatever `onChunk`
   * throws (the stream is stopped first).
   *
   * yauzl hands over the raw deflated bytes and we inflate them here: yauzl 2's own inflating stream
   * replaces destroy(), which on current Node swallows its "too many bytes" and zlib errors, so a part
   * lying about its size would hang instead of failing.
   */
  async stream(name: string, onChunk: (chunk: Buffer) => void): Promise<void> {
    const stored = this.resolve(name);
    const entry = stored === null ? undefined : this.byName.get(stored);
    if (!entry) throw new CorruptZipError(`missing part ${name}`);
    if (entry.isEncrypted()) throw new CorruptZipError(`encrypted part ${name}`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new CorruptZipError(`${name}: compression method ${entry.compressionMethod}`);
    const raw = await new Promise<Readable>((resolve, reject) => {
      const done = (err: Error | null, s?: Readable) => (err || !s ? reject(new CorruptZipError(err?.message ?? `cannot open ${name}`)) : resolve(s));
      if (entry.isCompressed()) this.zip.openReadStream(entry, { decompress: false, decrypt: null, start: null, end: null }, done);
      else this.zip.openReadStream(entry, done);
    });
    const inflater = entry.isCompressed() ? zlib.createInflateRaw() : null;
    const out: Readable = inflater ?? raw;
    const cap = Math.min(entry.uncompressedSize, this.limits.maxPartBytes);
    let count = 0;
    let crc = 0;
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const fail = (e: unknown) => {
        if (done) return;
        done = true;
        if (inflater) raw.unpipe(inflater);
        raw.destroy();
        inflater?.destroy();
        reject(e);
      };
      out.on('data', (chunk: Buffer) => {
        if (done) return;
        count += chunk.length;
        this.inflated += chunk.length;
        if (count > cap) return fail(new WorkbookLimitError(limitMessages.actual(entry.fileName, entry.uncompressedSize)));
        if (this.inflated > this.limits.maxTotalBytes) return fail(new WorkbookLimitError(limitMessages.total(this.inflated, this.limits.maxTotalBytes)));
        crc = zlib.crc32(chunk, crc);
        try {
          onChunk(chunk);
        } catch (e) {
          fail(e);
        }
      });
      const broken = (err: Error) => fail(new CorruptZipError(`${entry.fileName}: ${err.message}`));
      raw.on('error', broken);
      inflater?.on('error', broken);
      out.on('end', () => {
        if (done) return;
        if (count !== entry.uncompressedSize) return fail(new CorruptZipError(`${entry.fileName}: ${count} bytes, ${entry.uncompressedSize} declared`));
        if (crc >>> 0 !== entry.crc32 >>> 0) return fail(new CorruptZipError(`${entry.fileName}: checksum mismatch`));
        done = true;
        resolve();
      });
      if (inflater) raw.pipe(inflater);
    });
  }

  /** A small part as text (workbook.xml, rels). */
  async text(name: string): Promise<string> {
    const chunks: Buffer[] = [];
    await this.stream(name, (c) => chunks.push(c));
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  }

  close(): void {
    this.zip.close();
  }
}

function checkDeclaredSizes(entries: yauzl.Entry[], limits: WorkbookLimits): void {
  let total = 0;
  for (const e of entries) {
    if (e.uncompressedSize > limits.maxPartBytes) throw new WorkbookLimitError(limitMessages.part(e.fileName, e.uncompressedSize, limits.maxPartBytes));
    if (e.uncompressedSize > limits.ratioCheckedAbove && e.uncompressedSize > Math.max(1, e.compressedSize) * limits.maxRatio) {
      throw new WorkbookLimitError(limitMessages.ratio(e.fileName, e.compressedSize, e.uncompressedSize, limits.maxRatio));
    }
    total += e.uncompressedSize;
  }
  if (total > limits.maxTotalBytes) throw new WorkbookLimitError(limitMessages.total(total, limits.maxTotalBytes));
}
