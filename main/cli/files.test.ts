import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../testing/temp-core';
import { CliError } from './cli-types';
import { MAX_UPLOAD_BYTES, readUpload } from './files';

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

describe('readUpload', () => {
  it('reads a file within the limit', () => {
    const file = path.join(fresh(), '名册.csv');
    fs.writeFileSync(file, '学校名称\n一中\n');
    const readSync = vi.spyOn(fs, 'readSync');
    expect(readUpload(file)).toEqual({ fileName: '名册.csv', contentBase64: Buffer.from('学校名称\n一中\n').toString('base64') });
    // (so the spy below really sees reads)
    expect(readSync).toHaveBeenCalled();
  });

  it('refuses a file over the limit from its size alone, before reading a byte', () => {
    const file = path.join(fresh(), '巨大.xlsx');
    // Sparse: 3 GB on paper, nothing on disk. Reading it whole would fail (or take minutes) in English.
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 3 * 1024 * 1024 * 1024);
    const readSync = vi.spyOn(fs, 'readSync');
    const readFileSync = vi.spyOn(fs, 'readFileSync');
    const started = Date.now();
    expect(() => readUpload(file)).toThrow(CliError);
    expect(() => readUpload(file)).toThrow(/巨大\.xlsx”有 3072 MB，超过导入上限 50 MB，请拆分后再导入/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readSync).not.toHaveBeenCalled();
    expect(readFileSync).not.toHaveBeenCalled();
  });

  it('accepts exactly the limit and refuses one byte more', () => {
    const dir = fresh();
    const limit = 1000;
    fs.writeFileSync(path.join(dir, 'a.csv'), Buffer.alloc(limit, 0x41));
    fs.writeFileSync(path.join(dir, 'b.csv'), Buffer.alloc(limit + 1, 0x41));
    expect(Buffer.from(readUpload(path.join(dir, 'a.csv'), limit).contentBase64, 'base64').length).toBe(limit);
    expect(() => readUpload(path.join(dir, 'b.csv'), limit)).toThrow(/超过导入上限/);
    expect(MAX_UPLOAD_BYTES).toBe(50 * 1024 * 1024);
  });

  it('refuses a folder and a missing file in Chinese', () => {
    const dir = fresh();
    expect(() => readUpload(dir)).toThrow(/不是文件，而是文件夹/);
    expect(() => readUpload(path.join(dir, 'nope.xlsx'))).toThrow(/找不到文件/);
    expect(() => readUpload(path.join(dir, 'nope', 'x.xlsx'))).toThrow(/找不到文件/);
  });
});
