/**
 * A folder picked in the page arrives file by file, each with its path in the folder
 * (`stage(…, { relativePath })`), and `assembleFolder` puts it back together for an import. Hostile
 * paths are refused before a byte is written; any refusal or cancel leaves nothing staged; only
 * uploads can be assembled or discarded — never a result, never a file the user picked by path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, type StagedFile } from '../../shared/api/envelope';
import { tempDir } from '../testing/temp-core';
import { FileRefs, REF_LIFETIME_MS } from './file-refs';

let dir: string;
let refs: FileRefs;
beforeEach(() => {
  dir = tempDir('desk-folder-');
  refs = new FileRefs(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const incoming = () => path.join(dir, 'tmp', 'incoming');
/** Everything under the staging folder, as `/`-separated paths (folders end in `/`). */
function staged(root = incoming(), prefix = ''): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? [`${prefix}${d.name}/`, ...staged(path.join(root, d.name), `${prefix}${d.name}/`)] : [`${prefix}${d.name}`]))
    .sort();
}
const put = (relativePath: string, content = relativePath) => refs.stage(Readable.from([Buffer.from(content)]), relativePath.split('/').pop()!, { relativePath });
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).message;
};

describe('a folder uploaded file by file', () => {
  it('is put back together under its own name, files moved (not copied), and read like a picked folder', async () => {
    const paths = ['U盘/甲校_001/自评表.xlsx', 'U盘/甲校_001/佐证材料/1.1 章程/照片.jpg', 'U盘/乙校_002/自评表.xlsx', 'U盘/说明.txt'];
    const ups: StagedFile[] = [];
    for (const p of paths) ups.push(await put(p));
    const folder = await refs.assembleFolder(ups.map((u) => u.ref));
    expect(folder).toMatchObject({ fileName: 'U盘', bytes: paths.reduce((n, p) => n + Buffer.byteLength(p), 0) });
    const local = refs.resolveFolder(folder.ref);
    for (const p of paths) expect(fs.readFileSync(path.join(local.path, ...p.split('/').slice(1)), 'utf8')).toBe(p);
    // Only the assembled folder is left in the staging folder: the uploads were moved into it.
    expect(staged().filter((s) => s.endsWith('.part'))).toEqual([]);
    // The uploads' own references are gone with them.
    for (const u of ups) expect(() => refs.resolve(u.ref)).toThrow(/已失效/);
    // Discarding the folder removes all of it.
    expect(await refs.discard(folder.ref)).toBe(true);
    expect(staged()).toEqual([]);
  });

  it('refuses a hostile path at the upload, before a byte is written', async () => {
    for (const p of ['U盘/../../evil.txt', 'C:\\Windows\\evil.dll', '/etc/passwd', 'U盘//a.txt', 'U盘/CON.txt', '\\\\server\\share\\a.txt']) { // check-test-paths: ignore (hostile paths a request may carry; never opened)
      const message = await refusal(put(p));
      expect(message).toMatch(/^文件“.*”：/);
    }
    expect(staged()).toEqual([]);
  });

  it('refuses a folder whose paths cannot stand together, and removes every upload given', async () => {
    const cases: [string[], string][] = [
      [['U盘/a.txt', '桌面/b.txt'], '一次只能上传一个文件夹'],
      [['U盘/Report.pdf', 'U盘/REPORT.pdf'], '同一个文件名'],
      [['U盘/甲校', 'U盘/甲校/自评表.xlsx'], '既是文件又是文件夹'],
    ];
    for (const [paths, reason] of cases) {
      const ups = await Promise.all(paths.map((p) => put(p)));
      expect(await refusal(refs.assembleFolder(ups.map((u) => u.ref)))).toContain(reason);
      expect(staged()).toEqual([]);
      for (const u of ups) expect(() => refs.resolve(u.ref)).toThrow(/已失效/);
    }
  });

  it('takes only uploads of folder files: a plain upload, a result or a file picked by path is refused and left alone', async () => {
    const own = path.join(dir, '用户的文件.xlsx');
    fs.writeFileSync(own, 'mine');
    const picked = await refs.registerPath(own);
    const result = await refs.writeResult('结果.xlsx', 'application/x-test', Buffer.from('out'));
    const plain = await refs.stage(Readable.from([Buffer.from('zip')]), '填报包.zip');
    const good = await put('U盘/a.txt');
    for (const other of [picked, result, plain]) {
      const again = await put('U盘/b.txt');
      expect(await refusal(refs.assembleFolder([again.ref, other.ref]))).toContain('不是所选文件夹中的文件');
    }
    expect(fs.readFileSync(own, 'utf8')).toBe('mine');
    expect(fs.existsSync(refs.download(result.ref).path)).toBe(true);
    // The same reference twice is refused too.
    expect(await refusal(refs.assembleFolder([good.ref, good.ref]))).toContain('重复');
  });

  it('discards only staged uploads: never a result, never the user’s own file or folder', async () => {
    const own = path.join(dir, '用户的文件夹');
    fs.mkdirSync(own);
    fs.writeFileSync(path.join(own, 'a.txt'), 'a');
    const pickedFolder = await refs.registerFolder(own);
    const result = await refs.writeResult('结果.xlsx', 'application/x-test', Buffer.from('out'));
    expect(await refs.discard(pickedFolder.ref)).toBe(false);
    expect(await refs.discard(result.ref)).toBe(false);
    expect(await refs.discard('AAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
    expect(fs.existsSync(path.join(own, 'a.txt'))).toBe(true);
    expect(fs.existsSync(refs.download(result.ref).path)).toBe(true);
    const up = await refs.stage(Readable.from([Buffer.from('x')]), 'a.zip');
    const where = refs.resolve(up.ref).path;
    expect(await refs.discard(up.ref)).toBe(true);
    expect(fs.existsSync(where)).toBe(false);
  });

  it('goes when its reference expires, holder folder and all', async () => {
    const ups = await Promise.all(['U盘/甲校/自评表.xlsx', 'U盘/乙校/自评表.xlsx'].map((p) => put(p)));
    await refs.assembleFolder(ups.map((u) => u.ref));
    expect(staged().length).toBeGreaterThan(0);
    refs.expire(Date.now() + REF_LIFETIME_MS + 1000);
    await expect.poll(() => staged()).toEqual([]);
  });
});
