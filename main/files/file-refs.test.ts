import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/envelope';
import { tempDir } from '../testing/temp-core';
import { FileRefs, readLocalFile } from './file-refs';

let dir: string;
let refs: FileRefs;
beforeEach(() => {
  dir = tempDir('desk-refs-');
  refs = new FileRefs(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const chunks = (n: number, size: number) => Readable.from(Array.from({ length: n }, (_, i) => Buffer.alloc(size, i)));

describe('file references', () => {
  it('stages a stream under a random reference, hashed and counted on the way', async () => {
    const staged = await refs.stage(Readable.from([Buffer.from('abc'), Buffer.from('def')]), '名册.xlsx');
    expect(staged).toMatchObject({ fileName: '名册.xlsx', bytes: 6, sha256: sha('abcdef') });
    const local = refs.resolve(staged.ref);
    expect(fs.readFileSync(local.path, 'utf8')).toBe('abcdef');
    expect(local.path.startsWith(path.join(dir, 'tmp', 'incoming'))).toBe(true);
  });

  it('stops an upload past its limit with a Chinese error and leaves nothing behind', async () => {
    const err = await refs.stage(chunks(10, 1024), '视频.mp4', { maxBytes: 4096 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/“视频\.mp4”超过 /);
    expect(fs.readdirSync(path.join(dir, 'tmp', 'incoming'))).toEqual([]);
  });

  it('cleans what the user called the file: no folders, no control characters, the extension kept when cut', async () => {
    const a = await refs.stage(Readable.from([Buffer.from('x')]), 'C:\\Users\\张三\\桌面\\名册\u202e.xlsx'); // check-test-paths: ignore (a name as a Windows browser reports it)
    expect(a.fileName).toBe('名册.xlsx');
    const long = await refs.stage(Readable.from([Buffer.from('x')]), `${'很长的文件名'.repeat(40)}.XLSX`);
    expect(long.fileName.endsWith('.XLSX')).toBe(true);
    expect(Buffer.byteLength(long.fileName)).toBeLessThan(255);
  });

  it('refuses unknown references in Chinese, and a picked path is referenced where it lies', async () => {
    expect(() => refs.resolve('nope-nope-nope-nope')).toThrow(/请重新选择文件/);
    const own = path.join(dir, '用户的文件.csv');
    fs.writeFileSync(own, 'a,b\n');
    const r = await refs.registerPath(own);
    expect(refs.resolve(r.ref)).toMatchObject({ path: own, fileName: '用户的文件.csv', bytes: 4 });
    // A file the user picked is theirs: releasing its reference never deletes it.
    await refs.release(r.ref);
    expect(fs.existsSync(own)).toBe(true);
    await expect(refs.registerPath(path.join(dir, 'gone.csv'))).rejects.toThrow(/找不到文件/);
  });

  it('writes a result with its sha256, serves it by reference, and removes it when released', async () => {
    const result = await refs.writeResult('学校名册.xlsx', 'application/x-test', Buffer.from('PK-content'));
    expect(result).toMatchObject({ fileName: '学校名册.xlsx', mimeType: 'application/x-test', bytes: 10, sha256: sha('PK-content') });
    const served = refs.download(result.ref);
    expect(fs.readFileSync(served.path, 'utf8')).toBe('PK-content');
    // An upload is not a download.
    const up = await refs.stage(Readable.from([Buffer.from('x')]), 'a.csv');
    expect(() => refs.download(up.ref)).toThrow(/已失效/);
    await refs.release(result.ref);
    expect(fs.existsSync(served.path)).toBe(false);
    expect(fs.existsSync(path.dirname(served.path))).toBe(false);
    expect(() => refs.download(result.ref)).toThrow(/已失效/);
  });

  it('publishes a file in place; only an owned one goes with its reference', async () => {
    const job = path.join(dir, 'exports', 'a.docx');
    fs.mkdirSync(path.dirname(job), { recursive: true });
    fs.writeFileSync(job, 'docx');
    const kept = await refs.publishFile(job, 'application/x-test');
    expect(kept.sha256).toBe(sha('docx'));
    await refs.release(kept.ref);
    expect(fs.existsSync(job)).toBe(true);
    const tmpCopy = path.join(dir, 'tmp', 'outgoing', 'backup-1', 'b.sqlite');
    fs.mkdirSync(path.dirname(tmpCopy), { recursive: true });
    fs.writeFileSync(tmpCopy, 'db');
    const owned = await refs.publishFile(tmpCopy, 'application/x-test', 'b.sqlite', { owned: true });
    await refs.release(owned.ref);
    expect(fs.existsSync(path.dirname(tmpCopy))).toBe(false);
  });

  it('the start-up sweep removes what an earlier run left, never what a live reference uses', async () => {
    const live = await refs.writeResult('live.xlsx', 'x', Buffer.from('1'));
    const leftover = path.join(dir, 'tmp', 'incoming', 'old.part');
    fs.mkdirSync(path.dirname(leftover), { recursive: true });
    fs.writeFileSync(leftover, 'x');
    const old = new Date(Date.now() - 13 * 3600_000);
    fs.utimesSync(leftover, old, old);
    fs.utimesSync(path.dirname(refs.download(live.ref).path), old, old);
    expect(await refs.sweep()).toBe(1);
    expect(fs.existsSync(leftover)).toBe(false);
    expect(fs.existsSync(refs.download(live.ref).path)).toBe(true);
  });

  it('reads a whole file only after checking its size, hashing on the way', async () => {
    const file = path.join(dir, 'big.xlsx');
    fs.writeFileSync(file, Buffer.alloc(2048, 1));
    await expect(readLocalFile({ path: file, fileName: 'big.xlsx', bytes: 2048 }, 1024, '太大了')).rejects.toThrow('太大了');
    const r = await readLocalFile({ path: file, fileName: 'big.xlsx', bytes: 2048 }, 4096, '太大了');
    expect(r.sha256).toBe(sha(Buffer.alloc(2048, 1)));
    await expect(readLocalFile({ path: path.join(dir, 'none.xlsx'), fileName: 'none.xlsx', bytes: 1 }, 10, 'x')).rejects.toThrow(/找不到文件“none\.xlsx”/);
  });
});
