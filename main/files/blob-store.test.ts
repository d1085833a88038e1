import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-core';
import { BLOBS_DIR, BlobBatch, blobPath, putBlob, sweepBlobs, verifyBlob } from './blob-store';
import type { LocalFile } from './file-refs';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-blobs-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const HOUR = 3600_000;

/** A file of the user's, referenced where it is (as registerPath does). */
function userFile(name: string, data: string | Buffer): LocalFile {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return { path: file, fileName: name, bytes: fs.statSync(file).size };
}

/** Sets a blob's modification time `ageMs` into the past. */
function age(file: string, ageMs: number) {
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(file, t, t);
}

const tempFiles = () => {
  const tmp = path.join(dir, BLOBS_DIR, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
};

describe('blob store', () => {
  it('stores content under blobs/aa/bb/<sha256>, private to the user, and leaves no temporary file', async () => {
    const data = '督导评估佐证材料';
    const r = await putBlob(dir, userFile('a.txt', data));
    expect(r).toEqual({ sha256: sha(data), bytes: Buffer.byteLength(data), created: true });
    const file = path.join(dir, 'blobs', r.sha256.slice(0, 2), r.sha256.slice(2, 4), r.sha256);
    expect(blobPath(dir, r.sha256)).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(data);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dir, 'blobs')).mode & 0o777).toBe(0o700);
    }
    expect(tempFiles()).toEqual([]);
  });

  it('stores the same bytes once: a second put (file, stream or staged upload) reports created: false', async () => {
    const data = Buffer.alloc(300_000, 7);
    const first = await putBlob(dir, userFile('one.bin', data));
    const second = await putBlob(dir, userFile('two.bin', data));
    const third = await putBlob(dir, Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    const staged = await putBlob(dir, { ...userFile('three.bin', data), sha256: first.sha256 });
    expect(first.created).toBe(true);
    for (const r of [second, third, staged]) expect(r).toEqual({ ...first, created: false });
    const files = fs.readdirSync(path.join(dir, 'blobs'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(files.map((f) => f.name)).toEqual([first.sha256]);
  });

  it('re-using a blob refreshes its time, so a sweep between the put and its commit keeps it', async () => {
    const r = await putBlob(dir, userFile('a.txt', 'x'));
    age(blobPath(dir, r.sha256), 5 * HOUR);
    await putBlob(dir, userFile('b.txt', 'x'));
    // Not yet referenced (the row is not committed), but just re-used: kept.
    expect(await sweepBlobs(dir, new Set())).toMatchObject({ removed: 0, keptRecent: 1 });
    expect(fs.existsSync(blobPath(dir, r.sha256))).toBe(true);
  });

  it('replaces a damaged blob (wrong size) with a fresh copy', async () => {
    const r = await putBlob(dir, userFile('a.txt', 'complete content'));
    fs.writeFileSync(blobPath(dir, r.sha256), 'trunc');
    expect(await putBlob(dir, userFile('b.txt', 'complete content'))).toMatchObject({ created: true });
    expect(fs.readFileSync(blobPath(dir, r.sha256), 'utf8')).toBe('complete content');
  });

  it('validates the hash: no path can be forged', () => {
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(62)}/x`, '', 'g'.repeat(64)]) {
      expect(() => blobPath(dir, bad)).toThrow('文件校验值格式不正确');
    }
  });

  it('stops beyond maxBytes and leaves nothing behind', async () => {
    const tooLarge = () => new Error('太大了');
    await expect(putBlob(dir, userFile('big.bin', Buffer.alloc(2000)), { maxBytes: 1000, tooLarge })).rejects.toThrow('太大了');
    expect(tempFiles()).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'blobs'))).toEqual(['tmp']);
  });

  it('refuses a local file that is gone, in Chinese, naming it', async () => {
    await expect(putBlob(dir, { path: path.join(dir, 'gone.pdf'), fileName: 'gone.pdf', bytes: 10 })).rejects.toThrow('找不到文件“gone.pdf”');
    expect(tempFiles()).toEqual([]);
  });

  it('sweep: never deletes a referenced blob, however old; deletes unreferenced ones past the grace period', async () => {
    const kept = await putBlob(dir, userFile('kept.txt', 'kept'));
    const orphan = await putBlob(dir, userFile('orphan.txt', 'orphan content'));
    const fresh = await putBlob(dir, userFile('fresh.txt', 'fresh'));
    age(blobPath(dir, kept.sha256), 1000 * HOUR);
    age(blobPath(dir, orphan.sha256), 2 * HOUR);
    const r = await sweepBlobs(dir, new Set([kept.sha256]));
    expect(r).toMatchObject({ scanned: 3, removed: 1, freedBytes: orphan.bytes, keptRecent: 1, removedTemps: 0, foreign: 0 });
    expect(fs.existsSync(blobPath(dir, kept.sha256))).toBe(true);
    expect(fs.existsSync(blobPath(dir, orphan.sha256))).toBe(false);
    expect(fs.existsSync(blobPath(dir, fresh.sha256))).toBe(true);
    // A test function works like a set; a zero grace period removes the fresh one too.
    expect(await sweepBlobs(dir, (s) => s === kept.sha256, { graceMs: 0 })).toMatchObject({ removed: 1, keptRecent: 0 });
    expect(fs.existsSync(blobPath(dir, kept.sha256))).toBe(true);
    expect(fs.existsSync(blobPath(dir, fresh.sha256))).toBe(false);
  });

  it('sweep: the grace period is measured from the blob’s time', async () => {
    const r = await putBlob(dir, userFile('a.txt', 'a'));
    age(blobPath(dir, r.sha256), 30 * 60_000);
    expect(await sweepBlobs(dir, new Set())).toMatchObject({ removed: 0, keptRecent: 1 });
    expect(await sweepBlobs(dir, new Set(), { graceMs: 20 * 60_000 })).toMatchObject({ removed: 1 });
    expect(await sweepBlobs(dir, new Set(), { now: Date.now() })).toMatchObject({ scanned: 0 });
  });

  it('sweep: removes temporary files of dead writers and old ones, keeps a live writer’s fresh one, leaves foreign files alone', async () => {
    const tmp = path.join(dir, BLOBS_DIR, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    // A process id above the kernel's limit cannot be alive.
    fs.writeFileSync(path.join(tmp, '4194999-00aa.part'), 'crashed');
    fs.writeFileSync(path.join(tmp, `${process.pid}-00bb.part`), 'being written');
    fs.writeFileSync(path.join(tmp, `${process.pid}-00cc.part`), 'stale');
    age(path.join(tmp, `${process.pid}-00cc.part`), 2 * HOUR);
    const foreign = path.join(dir, BLOBS_DIR, 'ab', 'cd', 'notes.txt');
    fs.mkdirSync(path.dirname(foreign), { recursive: true });
    fs.writeFileSync(foreign, 'someone put this here');
    age(foreign, 100 * HOUR);
    const r = await sweepBlobs(dir, new Set());
    expect(r).toMatchObject({ removedTemps: 2, freedTempBytes: 'crashed'.length + 'stale'.length, foreign: 1, removed: 0 });
    expect(fs.readdirSync(tmp)).toEqual([`${process.pid}-00bb.part`]);
    expect(fs.existsSync(foreign)).toBe(true);
  });

  it('sweep of a store that does not exist yet finds nothing', async () => {
    expect(await sweepBlobs(dir, new Set())).toEqual({ scanned: 0, removed: 0, freedBytes: 0, keptRecent: 0, removedTemps: 0, freedTempBytes: 0, foreign: 0 });
  });

  it('verify: re-hashes a blob and reports it ok, missing or corrupt', async () => {
    const r = await putBlob(dir, userFile('a.txt', 'original'));
    expect(await verifyBlob(dir, r.sha256)).toEqual({ state: 'ok', bytes: 8 });
    // Same size, other content: only re-hashing finds it.
    fs.writeFileSync(blobPath(dir, r.sha256), 'ORIGINAL');
    expect(await verifyBlob(dir, r.sha256)).toEqual({ state: 'corrupt', bytes: 8, actualSha256: sha('ORIGINAL') });
    fs.rmSync(blobPath(dir, r.sha256));
    expect(await verifyBlob(dir, r.sha256)).toEqual({ state: 'missing' });
  });

  it('concurrent puts of the same content store it once', async () => {
    const data = Buffer.alloc(1_000_000, 3);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => putBlob(dir, userFile(`c${i}.bin`, data))));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(results.filter((r) => r.created).length).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(blobPath(dir, results[0].sha256)).equals(data)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });
});

describe('blob batch (the files of one package, flushed in the background)', () => {
  /** A stream of `data` in chunks of `size` bytes, as a file is read. */
  const chunked = (data: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)));

  it('returns each hash at once; after settle every blob is complete under its name and no temporary file is left', async () => {
    const batch = new BlobBatch(dir, 2);
    const files = Array.from({ length: 5 }, (_, i) => Buffer.alloc(2_500_000 + i, i + 1)); // each larger than one 1 MB write
    const results = [];
    for (const f of files) results.push(await batch.put(chunked(f, 65_536)));
    await batch.settle();
    for (const [i, r] of results.entries()) {
      expect(r).toEqual({ sha256: sha(files[i]!), bytes: files[i]!.length });
      expect(fs.readFileSync(blobPath(dir, r.sha256)).equals(files[i]!)).toBe(true);
    }
    expect(tempFiles()).toEqual([]);
  });

  it('a stream that fails half-way is not stored, leaves nothing behind, and the batch goes on', async () => {
    const batch = new BlobBatch(dir);
    async function* broken() {
      yield Buffer.alloc(100_000, 1);
      throw new Error('拷贝中断');
    }
    await expect(batch.put(Readable.from(broken()))).rejects.toThrow('拷贝中断');
    const ok = await batch.put(chunked(Buffer.from('完整的文件'), 4));
    await batch.settle();
    expect(fs.existsSync(blobPath(dir, ok.sha256))).toBe(true);
    expect(tempFiles()).toEqual([]);
    expect(fs.readdirSync(path.join(dir, BLOBS_DIR)).filter((d) => d !== 'tmp')).toEqual([ok.sha256.slice(0, 2)]);
  });

  it('a blob that cannot be named makes settle (and every later put) fail, so no row can name a missing file', async () => {
    const data = Buffer.from('无法保存的佐证材料');
    // A file where the blob's folder should be: naming the blob fails after its flush.
    fs.mkdirSync(path.join(dir, BLOBS_DIR), { recursive: true });
    fs.writeFileSync(path.join(dir, BLOBS_DIR, sha(data).slice(0, 2)), 'not a folder');
    const batch = new BlobBatch(dir);
    await batch.put(chunked(data, 8));
    await expect(batch.settle()).rejects.toThrow();
    await expect(batch.put(chunked(Buffer.from('later'), 8))).rejects.toThrow();
    expect(tempFiles()).toEqual([]);
  });

  it('putDirect reads the file itself in 1 MB chunks and returns once it is read and hashed; its writes and flush finish by the checkpoint', async () => {
    const data = Buffer.from(Array.from({ length: 3_500_000 }, (_, i) => i % 251));
    const reads: number[] = [];
    const source = {
      read: async (buffer: Buffer, position: number) => {
        reads.push(position);
        const n = Math.max(0, Math.min(buffer.length, data.length - position));
        data.copy(buffer, 0, position, position + n);
        return n;
      },
    };
    const batch = new BlobBatch(dir);
    const r = await batch.putDirect(source);
    expect(r).toEqual({ sha256: sha(data), bytes: data.length });
    // 1 MB reads in order, ending with one at the end.
    expect(reads).toEqual([0, 1048576, 2097152, 3145728, 3500000]);
    await batch.checkpoint();
    expect(fs.readFileSync(blobPath(dir, r.sha256)).equals(data)).toBe(true);
    // A read that fails half-way leaves nothing behind and propagates unchanged.
    const failing = { read: async (buffer: Buffer, position: number) => (position === 0 ? buffer.fill(1).length : Promise.reject(new Error('读取中断'))) };
    await expect(batch.putDirect(failing)).rejects.toThrow('读取中断');
    await batch.settle();
    expect(tempFiles()).toEqual([]);
  });
});
