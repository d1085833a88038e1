import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbk } from '../testing/gbk';
import { writeRawZip, type RawZipEntry, type ZipWriteOptions } from '../testing/zip-writer';
import { ArchiveError, type Archive, type ArchiveEntry } from './archive';
import { packageLimits, type PackageLimits } from './limits';
import { openZipArchive } from './zip-source';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zip-source-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function zipOf(entries: RawZipEntry[], opts?: ZipWriteOptions): Promise<string> {
  const file = path.join(dir, `z${++n}.zip`);
  await writeRawZip(file, entries, opts);
  return file;
}

async function open(entries: RawZipEntry[], limits: Partial<PackageLimits> = {}, opts?: ZipWriteOptions): Promise<Archive> {
  return openZipArchive(await zipOf(entries, opts), packageLimits(limits));
}

async function openError(file: string, limits: Partial<PackageLimits> = {}): Promise<string> {
  try {
    const a = await openZipArchive(file, packageLimits(limits));
    await a.close();
  } catch (e) {
    expect(e).toBeInstanceOf(ArchiveError);
    return (e as Error).message;
  }
  throw new Error('opened');
}

/** The entry's bytes, or the Chinese message its stream failed with. */
async function read(archive: Archive, entry: ArchiveEntry): Promise<Buffer | string> {
  try {
    const s = await archive.open(entry);
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  } catch (e) {
    return (e as Error).message;
  }
}

const byPath = (a: Archive, p: string) => a.entries.find((e) => e.path === p)!;
const zeros = (bytes: number) => async function* () {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
};

describe('listing', () => {
  it('decodes GBK and UTF-8 names, turns backslashes into separators and leaves folders out', async () => {
    const a = await open([
      { name: gbk('佐证材料/'), utf8Flag: false },
      { name: gbk('佐证材料/1.1 校舍场地/照片.jpg'), utf8Flag: false, data: 'x' },
      { name: '佐证材料\\1.2 设施设备\\清单.pdf', data: 'y' },
      { name: '学校自评报告.docx', data: 'z' },
    ]);
    expect(a.entries.map((e) => [e.path, e.kind, e.problem])).toEqual([
      ['佐证材料/1.1 校舍场地/照片.jpg', 'file', null],
      ['佐证材料/1.2 设施设备/清单.pdf', 'file', null],
      ['学校自评报告.docx', 'file', null],
    ]);
    expect((await read(a, a.entries[0])).toString()).toBe('x');
    await a.close();
  });

  it('lists symlink entries (Unix mode), reparse points (DOS attribute) and devices as never read', async () => {
    const a = await open([
      { name: 'link.jpg', data: '/etc/passwd', unixMode: 0o120777 }, // check-test-paths: ignore
      { name: 'dir-link', data: '/', unixMode: 0o120755 },
      { name: 'junction', data: 'C:\\Windows', dosAttributes: 0x400 }, // check-test-paths: ignore
      { name: 'fifo', unixMode: 0o010644 },
      { name: 'ok.jpg', data: 'x', unixMode: 0o100644 },
    ]);
    expect(byPath(a, 'link.jpg')).toMatchObject({ kind: 'link', problem: expect.stringContaining('符号链接') });
    expect(byPath(a, 'dir-link')).toMatchObject({ kind: 'link' });
    expect(byPath(a, 'junction')).toMatchObject({ kind: 'link' });
    expect(byPath(a, 'fifo')).toMatchObject({ kind: 'special', problem: expect.stringContaining('不是普通文件') });
    expect(byPath(a, 'ok.jpg')).toMatchObject({ kind: 'file', problem: null });
    await expect(a.open(byPath(a, 'link.jpg'))).rejects.toThrow('符号链接');
    await a.close();
  });

  it('refuses encrypted entries, unsupported methods and stored entries whose sizes disagree', async () => {
    const a = await open([
      { name: 'secret.pdf', data: 'x'.repeat(50), encrypted: true },
      { name: 'bzip2.pdf', data: 'x'.repeat(50), method: 12 },
      { name: 'deflate64.pdf', data: 'x'.repeat(50), method: 9 },
      { name: 'lying-stored.pdf', data: 'abc', method: 0, declaredSize: 10 },
    ]);
    expect(byPath(a, 'secret.pdf').problem).toContain('已加密');
    expect(byPath(a, 'bzip2.pdf').problem).toContain('编号 12');
    expect(byPath(a, 'deflate64.pdf').problem).toContain('编号 9');
    expect(byPath(a, 'lying-stored.pdf').problem).toContain('前后不一致');
    await a.close();
  });

  it('refuses entries that declare more than the per-file cap or expand beyond the ratio', async () => {
    const a = await open(
      [
        { name: 'big.pdf', data: zeros(3 * 1024 * 1024) },
        { name: 'small-zeros.pdf', data: zeros(512 * 1024) },
        { name: 'declared-huge.pdf', data: 'x', declaredSize: 0xfffffff0 },
      ],
      { maxFileBytes: 300 * 1024 * 1024, ratioCheckedAbove: 1024 * 1024 },
    );
    expect(byPath(a, 'big.pdf').problem).toContain('倍');
    // Below the threshold the ratio is not judged: short blank files compress very well.
    expect(byPath(a, 'small-zeros.pdf').problem).toBeNull();
    expect(byPath(a, 'declared-huge.pdf').problem).toContain('超过单个文件上限');
    await a.close();
  });

  it('refuses the whole zip when it declares more in total than a package may hold, or too many entries', async () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.pdf`, data: 'x'.repeat(1000) }));
    expect(await openError(await zipOf(entries), { maxTotalBytes: 4000 })).toContain('超过一个填报包的上限');
    expect(await openError(await zipOf(entries), { maxEntries: 4 })).toContain('5 个文件和文件夹');
  });

  it('refuses a zip whose entries share their data (an overlap bomb)', async () => {
    const file = await zipOf([{ name: 'a.pdf', data: 'x'.repeat(100) }, { name: 'b.pdf', data: 'y', sharesDataWith: 0 }, { name: 'c.pdf', data: 'z', sharesDataWith: 0 }]);
    expect(await openError(file)).toContain('同一段数据');
  });
});

describe('damaged zips', () => {
  it('says a truncated zip is incomplete', async () => {
    const file = await zipOf([{ name: 'a.pdf', data: 'x'.repeat(5000) }], { truncateTo: 2000 });
    expect(await openError(file)).toMatch(/不完整|已损坏/);
  });

  it('says a file that is no zip at all is not one', async () => {
    const file = path.join(dir, 'not.zip');
    await fs.writeFile(file, Buffer.from('这不是压缩包'.repeat(10)));
    expect(await openError(file)).toContain('不是有效的 zip');
    const empty = path.join(dir, 'empty.zip');
    await fs.writeFile(empty, Buffer.alloc(0));
    expect(await openError(empty)).toMatch(/不是有效的 zip|已损坏/);
  });

  it('says a split archive cannot be read', async () => {
    expect(await openError(await zipOf([{ name: 'a.pdf', data: 'x' }], { diskNumber: 1 }))).toContain('分卷');
  });

  it('says a missing zip is missing', async () => {
    expect(await openError(path.join(dir, 'gone.zip'))).toContain('找不到');
  });

  it('reads ZIP64 archives and entries, and names broken ZIP64 records', async () => {
    const file = await zipOf([{ name: '照片.jpg', data: 'zip64 content', zip64: true }, { name: 'b.pdf', data: 'plain' }], { zip64: true });
    const a = await openZipArchive(file, packageLimits());
    expect(a.entries.map((e) => [e.path, e.size])).toEqual([['照片.jpg', 13], ['b.pdf', 5]]);
    expect((await read(a, a.entries[0])).toString()).toBe('zip64 content');
    await a.close();
    const broken = await fs.readFile(file);
    const at = broken.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    broken.writeUInt32LE(0xdeadbeef, at);
    const brokenFile = path.join(dir, 'broken64.zip');
    await fs.writeFile(brokenFile, broken);
    expect(await openError(brokenFile)).toContain('ZIP64');
  });

  it('fails the stream of an entry producing more bytes than it declared, fewer, or other bytes (CRC)', async () => {
    const a = await open([
      { name: 'more.pdf', data: 'x'.repeat(10_000), declaredSize: 100 },
      { name: 'less.pdf', data: 'x'.repeat(100), declaredSize: 10_000 },
      { name: 'crc.pdf', data: 'x'.repeat(100), crc32: 1234 },
      { name: 'good.pdf', data: 'x'.repeat(100) },
    ]);
    expect(await read(a, byPath(a, 'more.pdf'))).toContain('实际大小超过');
    expect(await read(a, byPath(a, 'less.pdf'))).toContain('不完整');
    expect(await read(a, byPath(a, 'crc.pdf'))).toContain('CRC');
    expect((await read(a, byPath(a, 'good.pdf'))).length).toBe(100);
    await a.close();
  });

  it('fails the stream of an entry whose deflated data is garbage', async () => {
    const file = await zipOf([{ name: 'a.pdf', data: 'hello '.repeat(2000) }]);
    const buf = await fs.readFile(file);
    // Overwrite the deflated data (after the 30-byte header and the 5-byte name).
    buf.fill(0xff, 35, 60);
    await fs.writeFile(file, buf);
    const a = await openZipArchive(file, packageLimits());
    expect(await read(a, a.entries[0])).toMatch(/已损坏|不完整|CRC/);
    await a.close();
  });

  it('counts every byte read against the package total, so reading again cannot exceed it', async () => {
    const mb = 1024 * 1024;
    const a = await open([{ name: 'a.pdf', data: zeros(1.5 * mb) }, { name: 'b.pdf', data: zeros(1.5 * mb) }], { maxTotalBytes: 4 * mb, ratioCheckedAbove: 64 * mb });
    expect(await read(a, a.entries[0])).toHaveLength(1.5 * mb);
    expect(await read(a, a.entries[1])).toHaveLength(1.5 * mb);
    expect(await read(a, a.entries[0])).toContain('超过一个填报包的上限');
    await a.close();
  });
});
