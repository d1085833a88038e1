import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackages } from './find-packages';
import { FILES } from './format';
import { readPackage } from './read-package';
import { buildTestPackage, writePackageFolder, writePackageZip, type PackageFile, type TestPackage } from './testing/build-package';
import { writeRawZip } from './testing/zip-writer';

let root: string;
let pkg: TestPackage;
const posix = process.platform !== 'win32';

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'find-packages-'));
  pkg = await buildTestPackage();
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function usb(name: string): Promise<string> {
  const d = path.join(root, name);
  await fs.mkdir(d, { recursive: true });
  return d;
}

const rel = (base: string, p: string) => path.relative(base, p).split(path.sep).join('/');

describe('findPackages', () => {
  it('finds package folders and zips a few levels deep, several packages in one zip, and skips what is not one', async () => {
    const u = await usb('usb1');
    await writePackageFolder(path.join(u, '桃源镇', 'A校_填报包'), pkg.files);
    await writePackageZip(path.join(u, 'B校.zip'), pkg.files, { top: 'B校_填报包', gbk: true });
    await writePackageZip(path.join(u, 'C校.ZIP'), pkg.files);
    // One zip holding two packages, one per top folder.
    const two = path.join(u, '两校.zip');
    await writeRawZip(two, [...pkg.files.map((f) => ({ name: `D校/${f.path}`, data: f.data })), ...pkg.files.map((f) => ({ name: `E校/${f.path}`, data: f.data }))]);
    // Deeper than the search goes.
    await writePackageFolder(path.join(u, 'a', 'b', 'c', 'd', '太深'), pkg.files);
    // System and hidden folders are never searched.
    await writePackageFolder(path.join(u, 'System Volume Information', 'X'), pkg.files);
    await writePackageFolder(path.join(u, '$RECYCLE.BIN', 'S-1-5-21', 'Y'), pkg.files);
    await writePackageFolder(path.join(u, '.Trashes', 'Z'), pkg.files);
    // A package inside a package's evidence is that package's evidence, not a package.
    await writePackageZip(path.join(u, '桃源镇', 'A校_填报包', FILES.evidenceDir, '内嵌.zip'), pkg.files);
    // Looks like a package but has no manifest.
    await writePackageFolder(path.join(u, '缺校验'), pkg.files.filter((f: PackageFile) => f.path !== FILES.manifest));
    // A broken zip, and an unrelated zip (ignored without a word).
    await fs.writeFile(path.join(u, '坏.zip'), Buffer.from('PK\x03\x04broken', 'latin1'));
    await writeRawZip(path.join(u, '照片集.zip'), [{ name: 'a.jpg', data: 'x' }]);
    if (posix) await fs.symlink(path.join(u, '桃源镇'), path.join(u, '链接'));

    const found = await findPackages(u);
    expect(found.packages.map((p) => [rel(u, p.path), p.kind, p.root, p.name])).toEqual([
      ['B校.zip', 'zip', 'B校_填报包/', 'B校.zip/B校_填报包'],
      ['C校.ZIP', 'zip', '', 'C校.ZIP'],
      ['两校.zip', 'zip', 'D校/', '两校.zip/D校'],
      ['两校.zip', 'zip', 'E校/', '两校.zip/E校'],
      ['桃源镇/A校_填报包', 'folder', '', 'A校_填报包'],
    ]);
    expect(found.skipped.map((s) => [rel(u, s.path), s.reason])).toEqual(
      expect.arrayContaining([
        ['坏.zip', expect.stringMatching(/损坏|不完整/)],
        ['缺校验', expect.stringContaining('没有填报包校验信息文件')],
      ]),
    );
    expect(found.skipped).toHaveLength(2);

    // Every candidate reads as a whole package.
    for (const c of found.packages) {
      const r = await readPackage(c, { resolve: () => pkg.context });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(r.answers).toHaveLength(6);
    }
    const deeper = await findPackages(u, { maxDepth: 5 });
    expect(deeper.packages.map((p) => p.name)).toContain('太深');
  });

  it('takes a zip, a package folder or a missing path as chosen', async () => {
    const u = await usb('usb2');
    const zip = await writePackageZip(path.join(u, 'p.zip'), pkg.files);
    const folder = await writePackageFolder(path.join(u, 'folder'), pkg.files);
    expect((await findPackages(zip)).packages).toEqual([{ kind: 'zip', path: zip, root: '', name: 'p.zip' }]);
    expect((await findPackages(folder)).packages).toEqual([{ kind: 'folder', path: folder, root: '', name: 'folder' }]);
    const missing = await findPackages(path.join(u, 'nothing'));
    expect(missing).toEqual({ packages: [], skipped: [{ path: path.join(u, 'nothing'), reason: expect.stringContaining('找不到所选') }] });
    const notZip = path.join(u, 'notes.txt');
    await fs.writeFile(notZip, '这不是填报包');
    expect((await findPackages(notZip)).skipped[0].reason).toContain('不是有效的 zip');
    const otherZip = path.join(u, 'photos.zip');
    await writeRawZip(otherZip, [{ name: 'a.jpg', data: 'x' }]);
    expect((await findPackages(otherZip)).skipped[0].reason).toContain('没有填报包');
  });

  it('stops after the folder budget and stops on abort', async () => {
    const u = await usb('usb3');
    for (let i = 0; i < 12; i++) await fs.mkdir(path.join(u, `d${i}`));
    const limited = await findPackages(u, { maxFolders: 5 });
    expect(limited.skipped).toEqual([{ path: expect.any(String), reason: expect.stringContaining('超过 5 个') }]);
    await expect(findPackages(u, { signal: AbortSignal.abort(new Error('取消')) })).rejects.toThrow('取消');
  });
});
