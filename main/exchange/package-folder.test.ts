import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findManifest, manifestSignatureValid, manifestText, openPackageArchive, readmeBytes, readPackageManifest, signManifest, writePackageFolder } from './package-folder';
import { receiptNote } from './package-receipt';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'package-folder-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const Fields = z.object({ format: z.literal('test/package'), formatVersion: z.literal(1), name: z.string() });
const Manifest = Fields.extend({ signature: z.string() });

describe('package folder', () => {
  it('writes files and empty folders, replacing an older folder, and leaves no temporary folder', async () => {
    const dir = path.join(tmp, '包');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'old.txt'), 'old');
    await writePackageFolder(dir, [{ path: 'a.txt', data: '甲' }, { path: 'b.bin', data: Buffer.from([1, 2]) }], [path.join('证据', '001')]);
    expect((await fs.readdir(dir)).sort()).toEqual(['a.txt', 'b.bin', '证据']);
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('甲');
    expect(await fs.readdir(path.join(dir, '证据', '001'))).toEqual([]);
    expect(await fs.readdir(tmp)).toEqual(['包']);
  });

  it('removes the temporary folder and keeps the old package when writing fails', async () => {
    const dir = path.join(tmp, '包');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'old.txt'), 'old');
    await expect(writePackageFolder(dir, [{ path: path.join('missing', 'a.txt'), data: 'x' }])).rejects.toThrow();
    expect(await fs.readdir(tmp)).toEqual(['包']);
    expect(await fs.readdir(dir)).toEqual(['old.txt']);
  });

  it('signs a manifest, finds it one folder down, and refuses an edited, broken or newer one', async () => {
    const secret = 'ab'.repeat(32); // secrets are hex (format.ts hmacHex)
    const manifest = signManifest({ format: 'test/package' as const, formatVersion: 1 as const, name: '学校' }, secret);
    expect(manifestSignatureValid(manifest, secret)).toBe(true);
    const edited: typeof manifest = { ...manifest, name: '别校' };
    expect(manifestSignatureValid(edited, secret)).toBe(false);
    expect(manifestSignatureValid(manifest, 'cd'.repeat(32))).toBe(false);

    const root = path.join(tmp, 'src');
    await writePackageFolder(path.join(root, 'pkg'), [
      { path: 'm.json', data: `\uFEFF${manifestText(manifest)}` },
      { path: 'broken.json', data: '{' },
      { path: 'newer.json', data: JSON.stringify({ format: 'test/package', formatVersion: 2 }) },
    ]);
    const archive = await openPackageArchive(root);
    try {
      const found = findManifest(archive, 'm.json');
      expect(found?.root).toBe('pkg/');
      expect(findManifest(archive, 'none.json')).toBeNull();
      const read = await readPackageManifest(archive, found!.entry, Manifest);
      expect(read).toEqual({ ok: true, manifest });
      const broken = await readPackageManifest(archive, findManifest(archive, 'broken.json')!.entry, Manifest);
      expect(broken).toEqual({ ok: false, message: '校验信息文件已损坏或被修改，无法导入' });
      const newerEntry = findManifest(archive, 'newer.json')!.entry;
      expect(await readPackageManifest(archive, newerEntry, Manifest)).toEqual({ ok: false, message: '校验信息文件已损坏或被修改，无法导入' });
      expect(await readPackageManifest(archive, newerEntry, Manifest, { format: 'test/package', version: 1, message: '请升级' })).toEqual({ ok: false, message: '请升级' });
    } finally {
      await archive.close();
    }
  });

  it('writes a read-me as UTF-8 with BOM and CRLF line ends', () => {
    const bytes = readmeBytes(['第一行', '第二行']);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('第一行\r\n第二行\r\n');
  });

  it('closes a receipt with the sender and the receiver signing on one line', () => {
    expect(receiptNote('评估专家').split('\n')[1]).toBe('评估专家（签字）：＿＿＿＿＿＿\u3000\u3000接收人（签字）：＿＿＿＿＿＿');
  });
});
