import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveError, type Archive, type ArchiveEntry } from './archive';
import { fileErrorMessage, openFolderArchive } from './folder-source';
import { zipErrorMessage } from './zip-source';
import { packageLimits, type PackageLimits } from './limits';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'folder-source-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function put(rel: string, data: string | Buffer): Promise<string> {
  const full = path.join(dir, 'pkg', ...rel.split('/'));
  await fs.mkdir(path.dirname(full), { recursive: true });
  await fs.writeFile(full, data);
  return full;
}

const open = (limits: Partial<PackageLimits> = {}) => openFolderArchive(path.join(dir, 'pkg'), packageLimits(limits));
const byPath = (a: Archive, p: string) => a.entries.find((e) => e.path === p)!;

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

const posix = process.platform !== 'win32';

describe('folder listing', () => {
  it('lists files with their sizes, in name order, below nested folders', async () => {
    await put('佐证材料/1.1 校舍场地/照片.jpg', 'abc');
    await put('自评表.xlsx', 'xlsx');
    await fs.mkdir(path.join(dir, 'pkg', '佐证材料', '空文件夹'));
    const a = await open();
    expect(a.entries.map((e) => [e.path, e.kind, e.size, e.problem])).toEqual([
      ['佐证材料/1.1 校舍场地/照片.jpg', 'file', 3, null],
      ['自评表.xlsx', 'file', 4, null],
    ]);
    expect((await read(a, a.entries[0])).toString()).toBe('abc');
  });

  it.skipIf(!posix)('lists symbolic links to files and folders as links and never follows them', async () => {
    const outside = path.join(dir, 'outside');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    await put('a.jpg', 'x');
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(dir, 'pkg', 'link.jpg'));
    await fs.symlink(outside, path.join(dir, 'pkg', '佐证材料'));
    const a = await open();
    expect(a.entries.map((e) => [e.path, e.kind])).toEqual([
      ['a.jpg', 'file'],
      ['link.jpg', 'link'],
      ['佐证材料', 'link'],
    ]);
    expect(a.entries.some((e) => e.path.includes('secret'))).toBe(false);
    expect(byPath(a, 'link.jpg').problem).toContain('符号链接或目录联接');
    await expect(a.open(byPath(a, 'link.jpg'))).rejects.toThrow('符号链接');
  });

  it.skipIf(!posix)('lists a pipe as special and never opens it (reading would wait forever)', async () => {
    await put('a.jpg', 'x');
    execFileSync('mkfifo', [path.join(dir, 'pkg', 'pipe.jpg')]);
    const a = await open();
    expect(byPath(a, 'pipe.jpg')).toMatchObject({ kind: 'special', problem: expect.stringContaining('设备或管道') });
  });

  it('refuses files larger than the cap at listing, and a folder holding more entries than allowed', async () => {
    await put('big.pdf', Buffer.alloc(2000));
    await put('small.pdf', Buffer.alloc(10));
    const a = await open({ maxFileBytes: 1000 });
    expect(byPath(a, 'big.pdf').problem).toContain('超过单个文件上限');
    expect(byPath(a, 'small.pdf').problem).toBeNull();
    await expect(open({ maxEntries: 1 })).rejects.toThrow(ArchiveError);
    await expect(open({ maxTotalBytes: 1000, maxFileBytes: 5000 })).rejects.toThrow('超过一个填报包的上限');
  });

  it('refuses Windows-reserved names and names ending with a dot or space found in a folder', async () => {
    await put('CON.txt', 'x');
    await put('照片.jpg ', 'x');
    await put('文件夹./a.jpg', 'x');
    const a = await open();
    expect(byPath(a, 'CON.txt').problem).toContain('保留设备名');
    expect(a.entries.find((e) => e.path.startsWith('照片'))!.problem).toContain('以点或空格结尾');
    expect(a.entries.find((e) => e.path.startsWith('文件夹'))!.problem).toContain('该文件夹中的文件均未读取');
  });

  it('says a missing package folder is missing', async () => {
    await expect(openFolderArchive(path.join(dir, 'nothing'), packageLimits())).rejects.toThrow('已不存在');
  });
});

describe('files changing between listing and reading', () => {
  it('reports a file deleted after the listing as vanished', async () => {
    const full = await put('a.jpg', 'x');
    const a = await open();
    await fs.rm(full);
    expect(await read(a, a.entries[0])).toContain('读取时文件已不存在');
  });

  it.skipIf(!posix)('refuses a file replaced by a symbolic link after the listing', async () => {
    const full = await put('a.jpg', 'x');
    await fs.writeFile(path.join(dir, 'secret'), 'secret');
    const a = await open();
    await fs.rm(full);
    await fs.symlink(path.join(dir, 'secret'), full);
    expect(await read(a, a.entries[0])).toContain('符号链接');
  });

  it.skipIf(!posix)('refuses a file replaced by another file after the listing', async () => {
    const full = await put('a.jpg', 'x');
    const a = await open();
    // Written while the listed file still exists, so it cannot get the same inode back.
    await fs.writeFile(path.join(dir, 'other'), 'other content');
    await fs.rename(path.join(dir, 'other'), full);
    expect(await read(a, a.entries[0])).toContain('被替换');
  });

  it.skipIf(!posix)('refuses a file replaced by a pipe after the listing without waiting on it', async () => {
    const full = await put('a.jpg', 'x');
    const a = await open();
    await fs.rm(full);
    execFileSync('mkfifo', [full]);
    expect(await read(a, a.entries[0])).toContain('不是普通文件');
  });

  it('stops a file that grew beyond the cap after the listing', async () => {
    const full = await put('a.pdf', 'x');
    const a = await open({ maxFileBytes: 1000 });
    await fs.writeFile(full, Buffer.alloc(5000));
    expect(await read(a, a.entries[0])).toContain('实际大小超过');
  });
});

describe('locked files (Windows: another program holds the file)', () => {
  it.each(['EBUSY', 'EPERM', 'EACCES'])('%s is said in Chinese, naming the cause and the remedy', (code) => {
    const err = Object.assign(new Error(`${code}: resource busy or locked`), { code });
    expect(fileErrorMessage(err)).toContain('被其他程序占用或没有读取权限');
    expect(fileErrorMessage(err)).toContain('关闭正在使用该文件的程序');
    expect(zipErrorMessage(err)).toContain('被其他程序占用');
  });

  it('says a pulled USB stick (EIO) and unknown failures in Chinese', () => {
    expect(fileErrorMessage(Object.assign(new Error('i/o'), { code: 'EIO' }))).toContain('移动盘可能已损坏或被拔出');
    expect(zipErrorMessage(Object.assign(new Error('i/o'), { code: 'EIO' }))).toContain('移动盘可能已损坏或被拔出');
    expect(fileErrorMessage(new Error('x'))).toMatch(/^无法读取该文件/);
  });
});
