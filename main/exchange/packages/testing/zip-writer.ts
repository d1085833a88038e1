/**
 * A zip writer for the package tests that can write everything a hostile or odd zip holds: raw name
 * bytes (GBK without the UTF-8 flag, as Windows' built-in zip writes on a Chinese system), Unix modes
 * (symlinks), DOS attributes, encryption flags, unsupported methods, lying sizes and CRCs, ZIP64
 * records, entries sharing data (overlap bombs), truncation. Entries stream to a file, so a
 * gigabyte-sized entry never sits in memory. Not used by production code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export type ZipData = Buffer | string | (() => AsyncIterable<Buffer>);

export interface RawZipEntry {
  /** A string is written as UTF-8 (with the UTF-8 flag unless `utf8Flag: false`); a Buffer as given. */
  name: string | Buffer;
  data?: ZipData;
  utf8Flag?: boolean;
  /** 0 stored, 8 deflated (default); another number labels stored data with that method. */
  method?: number;
  /** Sets the encryption flag (the data is left as is). */
  encrypted?: boolean;
  /** Unix st_mode (e.g. 0o120777 for a symlink): written with “made by Unix”. */
  unixMode?: number;
  /** DOS attributes in the low byte(s) of the external attributes (0x10 folder, 0x400 reparse point). */
  dosAttributes?: number;
  /** Uncompressed size written in the headers instead of the true one. */
  declaredSize?: number;
  /** CRC written instead of the true one. */
  crc32?: number;
  /** Sizes and offset as 0xFFFFFFFF with a ZIP64 extra field. */
  zip64?: boolean;
  /** Adds an Info-ZIP Unicode Path extra field (0x7075) with this UTF-8 name. */
  unicodePath?: string;
  /** The central record points at the local header of entry #n (an overlap bomb). */
  sharesDataWith?: number;
}

export interface ZipWriteOptions {
  /** ZIP64 end records (EOCD counts and offset set to their ZIP64 markers). */
  zip64?: boolean;
  /** Keep only the first n bytes of the finished file (a copy cut short). */
  truncateTo?: number;
  /** Number of this disk in the EOCD (non-zero: a split archive). */
  diskNumber?: number;
}

interface Written {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  madeBy: number;
  external: number;
  extra: Buffer;
}

async function* chunks(data: ZipData | undefined): AsyncIterable<Buffer> {
  if (data === undefined) return;
  if (typeof data === 'string') yield Buffer.from(data, 'utf8');
  else if (Buffer.isBuffer(data)) yield data;
  else for await (const c of data()) yield c;
}

function unicodePathExtra(raw: Buffer, name: string): Buffer {
  const utf8 = Buffer.from(name, 'utf8');
  const b = Buffer.alloc(4 + 5 + utf8.length);
  b.writeUInt16LE(0x7075, 0);
  b.writeUInt16LE(5 + utf8.length, 2);
  b.writeUInt8(1, 4);
  b.writeUInt32LE(zlib.crc32(raw) >>> 0, 5);
  utf8.copy(b, 9);
  return b;
}

function zip64Extra(size: number, compressed: number, offset: number | null): Buffer {
  const n = offset === null ? 16 : 24;
  const b = Buffer.alloc(4 + n);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(n, 2);
  b.writeBigUInt64LE(BigInt(size), 4);
  b.writeBigUInt64LE(BigInt(compressed), 12);
  if (offset !== null) b.writeBigUInt64LE(BigInt(offset), 20);
  return b;
}

/** Writes `entries` as a zip to `file` (streaming each entry's data through zlib). */
export async function writeRawZip(file: string, entries: RawZipEntry[], opts: ZipWriteOptions = {}): Promise<void> {
  const out = fs.createWriteStream(file);
  let offset = 0;
  const write = async (b: Buffer) => {
    offset += b.length;
    if (!out.write(b)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const written: Written[] = [];
  for (const spec of entries) {
    const name = typeof spec.name === 'string' ? Buffer.from(spec.name, 'utf8') : spec.name;
    const utf8 = spec.utf8Flag ?? typeof spec.name === 'string';
    const method = spec.method ?? 8;
    const flags = (utf8 ? 0x800 : 0) | (spec.encrypted ? 0x1 : 0);
    // The local header precedes the data and needs its sizes: the data is compressed first and kept
    // compressed (a gigabyte of zeros is a megabyte; stored test data is small).
    let crc = 0;
    let size = 0;
    const compressed: Buffer[] = [];
    if (method === 8) {
      const deflate = zlib.createDeflateRaw({ level: 6 });
      deflate.on('data', (c: Buffer) => compressed.push(c));
      const ended = new Promise<void>((resolve, reject) => {
        deflate.on('end', resolve);
        deflate.on('error', reject);
      });
      for await (const c of chunks(spec.data)) {
        crc = zlib.crc32(c, crc);
        size += c.length;
        if (!deflate.write(c)) await new Promise((r) => deflate.once('drain', r));
      }
      deflate.end();
      await ended;
    } else {
      for await (const c of chunks(spec.data)) {
        crc = zlib.crc32(c, crc);
        size += c.length;
        compressed.push(c);
      }
    }
    const compressedSize = compressed.reduce((n, c) => n + c.length, 0);
    const declared = spec.declaredSize ?? size;
    const entryCrc = spec.crc32 ?? crc;
    const madeBy = spec.unixMode !== undefined ? (3 << 8) | 20 : 20;
    const external = spec.unixMode !== undefined ? ((spec.unixMode << 16) | (spec.dosAttributes ?? 0)) >>> 0 : (spec.dosAttributes ?? 0);
    let extra = Buffer.alloc(0);
    if (spec.unicodePath !== undefined) extra = Buffer.concat([extra, unicodePathExtra(name, spec.unicodePath)]);
    const localExtra = spec.zip64 ? Buffer.concat([extra, zip64Extra(declared, compressedSize, null)]) : extra;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(spec.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(entryCrc >>> 0, 14);
    local.writeUInt32LE(spec.zip64 ? 0xffffffff : compressedSize, 18);
    local.writeUInt32LE(spec.zip64 ? 0xffffffff : declared >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const here = offset;
    await write(local);
    await write(name);
    if (localExtra.length) await write(localExtra);
    for (const c of compressed) await write(c);
    written.push({ name, flags, method, crc: entryCrc, compressedSize, size: declared, offset: here, madeBy, external, extra });
  }
  const cdStart = offset;
  for (const [i, w] of written.entries()) {
    const spec = entries[i];
    const target = spec.sharesDataWith !== undefined ? written[spec.sharesDataWith] : w;
    const extra = spec.zip64 ? Buffer.concat([w.extra, zip64Extra(w.size, target.compressedSize, target.offset)]) : w.extra;
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(w.madeBy, 4);
    cd.writeUInt16LE(spec.zip64 ? 45 : 20, 6);
    cd.writeUInt16LE(w.flags, 8);
    cd.writeUInt16LE(target.method, 10);
    cd.writeUInt32LE(w.crc >>> 0, 16);
    cd.writeUInt32LE(spec.zip64 ? 0xffffffff : target.compressedSize, 20);
    cd.writeUInt32LE(spec.zip64 ? 0xffffffff : w.size >>> 0, 24);
    cd.writeUInt16LE(w.name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE(w.external >>> 0, 38);
    cd.writeUInt32LE(spec.zip64 ? 0xffffffff : target.offset, 42);
    await write(cd);
    await write(w.name);
    if (extra.length) await write(extra);
  }
  const cdSize = offset - cdStart;
  if (opts.zip64) {
    const eocd64At = offset;
    const eocd64 = Buffer.alloc(56);
    eocd64.writeUInt32LE(0x06064b50, 0);
    eocd64.writeBigUInt64LE(44n, 4);
    eocd64.writeUInt16LE(45, 12);
    eocd64.writeUInt16LE(45, 14);
    eocd64.writeBigUInt64LE(BigInt(written.length), 24);
    eocd64.writeBigUInt64LE(BigInt(written.length), 32);
    eocd64.writeBigUInt64LE(BigInt(cdSize), 40);
    eocd64.writeBigUInt64LE(BigInt(cdStart), 48);
    await write(eocd64);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(eocd64At), 8);
    locator.writeUInt32LE(1, 16);
    await write(locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(opts.diskNumber ?? 0, 4);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : written.length, 8);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : written.length, 10);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cdSize, 12);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cdStart, 16);
  await write(eocd);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (opts.truncateTo !== undefined) await fs.promises.truncate(file, opts.truncateTo);
}

/** The same zip in memory (small test files). */
export async function rawZipBuffer(entries: RawZipEntry[]): Promise<Buffer> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zipbuf-'));
  const file = path.join(dir, 'x.zip');
  try {
    await writeRawZip(file, entries);
    return await fs.promises.readFile(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
