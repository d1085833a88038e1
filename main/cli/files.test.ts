import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileRefs } from '../files/file-refs';
import { tempDir } from '../testing/temp-core';
import { CliError } from './cli-types';
import { BACKUP_LIMIT, copyResult, IMPORT_LIMIT, MAX_UPLOAD_BYTES, stageInput } from './files';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir('desk-cli-files-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('stageInput', () => {
  it('hands a file within the limit to the core by reference, in place and unread', async () => {
    const files = new FileRefs(fresh());
    const file = path.join(fresh(), '名册.csv');
    fs.writeFileSync(file, '学校名称\n一中\n');
    const ref = await stageInput(files, file);
    expect(Object.keys(ref)).toEqual(['ref']);
    expect(files.resolve(ref.ref)).toEqual({ path: file, fileName: '名册.csv', bytes: Buffer.byteLength('学校名称\n一中\n') });
  });

  it('refuses a file over the limit from its size alone, before reading a byte', async () => {
    const files = new FileRefs(fresh());
    const register = vi.spyOn(files, 'registerPath');
    const file = path.join(fresh(), '巨大.xlsx');
    // Sparse: 3 GB on paper, nothing on disk. Reading it whole would fail (or take minutes) in English.
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 3 * 1024 * 1024 * 1024);
    const reads = [vi.spyOn(fs, 'readSync'), vi.spyOn(fs, 'readFileSync'), vi.spyOn(fs, 'createReadStream'), vi.spyOn(fs, 'openSync')];
    const started = Date.now();
    await expect(stageInput(files, file)).rejects.toThrow(CliError);
    await expect(stageInput(files, file)).rejects.toThrow(/巨大\.xlsx”有 3072 MB，超过导入上限 50 MB，请拆分后再导入/);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    // Not even a reference: the core never learns of it.
    expect(register).not.toHaveBeenCalled();
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    const files = new FileRefs(fresh());
    const dir = fresh();
    const limit = { ...IMPORT_LIMIT, maxBytes: 1000 };
    fs.writeFileSync(path.join(dir, 'a.csv'), Buffer.alloc(limit.maxBytes, 0x41));
    fs.writeFileSync(path.join(dir, 'b.csv'), Buffer.alloc(limit.maxBytes + 1, 0x41));
    expect(files.resolve((await stageInput(files, path.join(dir, 'a.csv'), limit)).ref).bytes).toBe(1000);
    await expect(stageInput(files, path.join(dir, 'b.csv'), limit)).rejects.toThrow(/超过导入上限/);
    expect(MAX_UPLOAD_BYTES).toBe(50 * 1024 * 1024);
    // A backup to restore is copied as a stream, so only the upload ceiling applies.
    expect(BACKUP_LIMIT.maxBytes).toBeGreaterThan(MAX_UPLOAD_BYTES);
  });

  it('refuses a folder and a missing file in Chinese', async () => {
    const files = new FileRefs(fresh());
    const dir = fresh();
    await expect(stageInput(files, dir)).rejects.toThrow(/不是文件，而是文件夹/);
    await expect(stageInput(files, path.join(dir, 'nope.xlsx'))).rejects.toThrow(/找不到文件/);
    await expect(stageInput(files, path.join(dir, 'nope', 'x.xlsx'))).rejects.toThrow(/找不到文件/);
  });
});

describe('copyResult', () => {
  it('copies a result to --out, never overwriting without force, with the caller’s exit code', async () => {
    const files = new FileRefs(fresh());
    const result = await files.writeResult('名册.xlsx', 'application/octet-stream', Buffer.from('第一版'));
    const out = path.join(fresh(), '子目录', '名册.xlsx');
    expect(await copyResult(files, result, out, false)).toBe(out);
    expect(fs.readFileSync(out, 'utf8')).toBe('第一版');

    const second = await files.writeResult('名册.xlsx', 'application/octet-stream', Buffer.from('第二版'));
    const refused = await copyResult(files, second, out, false, 3).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CliError);
    expect(refused).toMatchObject({ exitCode: 3, message: expect.stringMatching(/已存在；如要覆盖请加 --force/) });
    expect(fs.readFileSync(out, 'utf8')).toBe('第一版');
    await copyResult(files, second, out, true);
    expect(fs.readFileSync(out, 'utf8')).toBe('第二版');
    // No temporary file is left beside it, and the core's copy is gone once copied.
    expect(fs.readdirSync(path.dirname(out))).toEqual(['名册.xlsx']);
    expect(() => files.download(second.ref)).toThrow(/已失效/);
  });

  it('refuses an unknown reference in Chinese', async () => {
    const files = new FileRefs(fresh());
    const stale = { ref: 'x'.repeat(22), fileName: 'a.xlsx', mimeType: 'application/octet-stream', bytes: 1, sha256: '0' };
    await expect(copyResult(files, stale, path.join(fresh(), 'a.xlsx'), false)).rejects.toThrow(/该文件已失效/);
  });
});
