/**
 * A minimal zip writer for tests and benchmarks: it streams each part through zlib, so a part of a
 * gigabyte of zeros is never held whole, and it can state sizes that differ from the truth (the
 * hostile files the reader must refuse).
 */
import zlib from 'node:zlib';

export type PartData = Buffer | string | (() => Iterable<Buffer | string> | AsyncIterable<Buffer | string>);

/** A part already deflated (to reuse an expensive one in several files). */
export interface Deflated {
  compressed: Buffer[];
  compressedSize: number;
  crc: number;
  size: number;
}

export interface ZipPartSpec {
  name: string;
  data: PartData | Deflated;
  /** Stored instead of deflated. */
  store?: boolean;
  /** Uncompressed size written in the headers instead of the true one. */
  declaredSize?: number;
}

interface Written {
  name: Buffer;
  crc: number;
  compressed: Buffer[];
  compressedSize: number;
  size: number;
  method: number;
  offset: number;
}

async function* chunksOf(data: PartData): AsyncIterable<Buffer> {
  if (typeof data === 'string') yield Buffer.from(data, 'utf8');
  else if (Buffer.isBuffer(data)) yield data;
  else for await (const c of data()) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
}

function isDeflated(d: PartData | Deflated): d is Deflated {
  return typeof d === 'object' && !Buffer.isBuffer(d) && 'compressed' in d;
}

/** Deflates a part once, streaming (a gigabyte of zeros costs a megabyte). */
export async function deflatePart(data: PartData): Promise<Deflated> {
  const w = await writePart({ name: '', data });
  return { compressed: w.compressed, compressedSize: w.compressedSize, crc: w.crc, size: w.size };
}

async function writePart(spec: ZipPartSpec): Promise<Omit<Written, 'offset' | 'name'>> {
  if (isDeflated(spec.data)) return { ...spec.data, method: 8 };
  const data = spec.data;
  let crc = 0;
  let size = 0;
  const compressed: Buffer[] = [];
  if (spec.store) {
    for await (const c of chunksOf(data)) {
      crc = zlib.crc32(c, crc);
      size += c.length;
      compressed.push(c);
    }
  } else {
    const deflate = zlib.createDeflateRaw({ level: 6 });
    deflate.on('data', (c: Buffer) => compressed.push(c));
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    for await (const c of chunksOf(data)) {
      crc = zlib.crc32(c, crc);
      size += c.length;
      if (!deflate.write(c)) await new Promise((r) => deflate.once('drain', r));
    }
    deflate.end();
    await ended;
  }
  const compressedSize = compressed.reduce((n, b) => n + b.length, 0);
  return { crc, compressed, compressedSize, size, method: spec.store ? 0 : 8 };
}

export async function buildZip(parts: ZipPartSpec[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const spec of parts) {
    const w = await writePart(spec);
    const name = Buffer.from(spec.name, 'utf8');
    const size = spec.declaredSize ?? w.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(w.method, 8);
    local.writeUInt32LE(w.crc >>> 0, 14);
    local.writeUInt32LE(w.compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    out.push(local, name, ...w.compressed);
    written.push({ ...w, size, name, offset });
    offset += local.length + name.length + w.compressedSize;
  }
  const cdStart = offset;
  for (const w of written) {
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(w.method, 10);
    cd.writeUInt32LE(w.crc >>> 0, 16);
    cd.writeUInt32LE(w.compressedSize, 20);
    cd.writeUInt32LE(w.size, 24);
    cd.writeUInt16LE(w.name.length, 28);
    cd.writeUInt32LE(w.offset, 42);
    out.push(cd, w.name);
    offset += cd.length + w.name.length;
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(written.length, 8);
  eocd.writeUInt16LE(written.length, 10);
  eocd.writeUInt32LE(offset - cdStart, 12);
  eocd.writeUInt32LE(cdStart, 16);
  out.push(eocd);
  return Buffer.concat(out);
}
