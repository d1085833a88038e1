import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './testing/tools.js';
import { copyFileAtomic, FileExistsError, MAX_FILE_NAME_BYTES, safeFileName, sweepTempFiles, sweepTempFilesUnder, writeFileAtomic } from './write-file.js';

describe('writeFileAtomic', () => {
  it('writes, refuses to overwrite with a Chinese message, and overwrites when asked', async () => {
    const dir = await tempDir('write');
    const file = path.join(dir, '通知.pdf');
    await writeFileAtomic(file, Buffer.from('一'));
    expect(fs.readFileSync(file, 'utf8')).toBe('一');
    await expect(writeFileAtomic(file, Buffer.from('二'))).rejects.toThrow(FileExistsError);
    await expect(writeFileAtomic(file, Buffer.from('二'))).rejects.toThrow(/文件已存在/);
    expect(fs.readFileSync(file, 'utf8')).toBe('一');
    await writeFileAtomic(file, Buffer.from('三'), { overwrite: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('三');
    // No temporary files are left behind.
    expect(fs.readdirSync(dir)).toEqual(['通知.pdf']);
  });

  it('copies a file of many chunks exactly (copyFileAtomic), with the same no-overwrite rule', async () => {
    const dir = await tempDir('write');
    const source = path.join(dir, 'source.bin');
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251));
    fs.writeFileSync(source, data);
    const out = path.join(dir, 'out', '备份.sqlite');
    fs.mkdirSync(path.dirname(out));
    await copyFileAtomic(source, out);
    expect(fs.readFileSync(out).equals(data)).toBe(true);
    await expect(copyFileAtomic(source, out)).rejects.toThrow(FileExistsError);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['备份.sqlite']);
  });

  it('reports a missing folder in Chinese and leaves nothing behind', async () => {
    const dir = await tempDir('write');
    await expect(writeFileAtomic(path.join(dir, 'no', 'x.docx'), Buffer.from('x'))).rejects.toThrow(/写入文件失败/);
  });

  it('makes safe file names from titles', () => {
    expect(safeFileName('关于开展"督导"评估的通知/2026?')).toBe('关于开展_督导_评估的通知_2026_');
    expect(safeFileName('  ')).toBe('未命名文档');
  });
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('safeFileName: names every system accepts', () => {
  it.each([
    ['CON', '_CON'],
    ['con', '_con'],
    ['PRN', '_PRN'],
    ['aux', '_aux'],
    ['NUL', '_NUL'],
    ['COM1', '_COM1'],
    ['com9', '_com9'],
    ['LPT1', '_LPT1'],
    ['LPT9', '_LPT9'],
    ['COM¹', '_COM¹'],
    ['CON.备份', '_CON.备份'],
    ['nul .通知', '_nul .通知'],
    ['COM10', 'COM10'],
    ['CONSOLE', 'CONSOLE'],
    ['通知 CON', '通知 CON'],
  ])('Windows device name %s → %s', (title, expected) => {
    expect(safeFileName(title)).toBe(expected);
  });

  it('drops bidirectional overrides, isolates and zero-width characters; control characters become _', () => {
    // U+202E would show “报告xcod.exe” as “报告exe.docx”.
    expect(safeFileName('报告\u202excod.exe')).toBe('报告xcod.exe');
    expect(safeFileName('\u2067通知\u2069\u200b\ufeff（第\u200d一批）\u200e\u200f\u061c')).toBe('通知（第一批）');
    expect(safeFileName('a\u0000b\u0007c\u001fd\u007fe\u0085f\u009fg')).toBe('a_b_c_d_e_f_g');
    expect(safeFileName('行一\n行二\t')).toBe('行一_行二_');
  });

  it('removes trailing dots and spaces, also after cutting', () => {
    expect(safeFileName('通知. . ')).toBe('通知');
    expect(safeFileName('...')).toBe('未命名文档');
    // 66 characters are 198 bytes; with the dot 199; the next character would pass 200, so the cut ends on the dot.
    expect(safeFileName(`${'甲'.repeat(66)}.乙`)).toBe('甲'.repeat(66));
  });

  it('caps a long Chinese title at 200 bytes without splitting a character', () => {
    const name = safeFileName('关于开展2026年度县域义务教育优质均衡发展督导评估工作的通知'.repeat(10));
    expect(bytes(name)).toBeLessThanOrEqual(200);
    expect(bytes(name)).toBeGreaterThan(196);
    expect(name).not.toContain('\ufffd');
    expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
    expect(safeFileName('督'.repeat(100))).toBe('督'.repeat(66));
    expect(bytes(safeFileName('a'.repeat(500)))).toBe(80);
    expect(bytes(safeFileName('😀'.repeat(100)))).toBe(200);
  });
});

describe('writeFileAtomic: names, errors and left-overs', () => {
  it('writes a long Chinese title with a numbered suffix: the temporary name never makes it too long', async () => {
    const dir = await tempDir('write-long');
    const name = `${safeFileName('督导评估报告'.repeat(40))}（12）.docx`;
    expect(bytes(name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    await writeFileAtomic(path.join(dir, name), Buffer.from('x'));
    expect(fs.readdirSync(dir)).toEqual([name]);
    // 84 Chinese characters (252 bytes) plus “.pdf” would also be fine on disk; the old temporary name was not.
    const edge = `${'长'.repeat(83)}.pdf`;
    expect(bytes(edge)).toBe(253);
    await writeFileAtomic(path.join(dir, edge), Buffer.from('y'));
    expect(fs.readFileSync(path.join(dir, edge), 'utf8')).toBe('y');
  });

  it('refuses a name over 255 bytes in Chinese before creating anything', async () => {
    const dir = await tempDir('write-too-long');
    const name = `${'长'.repeat(90)}.docx`;
    await expect(writeFileAtomic(path.join(dir, name), Buffer.from('x'))).rejects.toThrow(/文件名过长（275 字节，最多 255 字节）/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports the original failure, not the clean-up’s own', async () => {
    const dir = await tempDir('write-mask');
    fs.writeFileSync(path.join(dir, 'a-file'), 'x');
    // The folder is a file: creating the temporary file fails with ENOTDIR, and so would removing it.
    const error = (await writeFileAtomic(path.join(dir, 'a-file', '通知.pdf'), Buffer.from('x')).then(
      () => null,
      (e: unknown) => e,
    )) as Error & { cause?: NodeJS.ErrnoException };
    expect(error.message).toMatch(/^写入文件失败：.*通知\.pdf（/);
    expect(error.cause?.code).toBe('ENOTDIR');
  });

  it('sweeps temporary files a crashed process left, before writing into the folder', async () => {
    const dir = await tempDir('write-sweep');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const old = new Date(Date.now() - 5 * 60_000);
    const orphan = path.join(dir, `.~desk-${dead}-0123abcd.tmp`);
    const legacy = path.join(dir, `.通知.pdf.${dead}.89abcdef.tmp`);
    const fresh = path.join(dir, `.~desk-${dead}-fedcba98.tmp`); // might still be in use by a process on another machine
    const mine = path.join(dir, `.~desk-${process.pid}-00000000.tmp`);
    const unrelated = path.join(dir, '.hidden.tmp');
    for (const f of [orphan, legacy, fresh, mine, unrelated]) fs.writeFileSync(f, 'partial');
    for (const f of [orphan, legacy, mine]) fs.utimesSync(f, old, old);
    await writeFileAtomic(path.join(dir, '报告.docx'), Buffer.from('x'));
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(fresh), path.basename(mine), '.hidden.tmp', '报告.docx'].sort());
    // A day later nothing of the kind is left, whoever wrote it.
    expect((await sweepTempFiles(dir, Date.now() + 25 * 3600_000)).sort()).toEqual([fresh, mine].sort());
  });

  it('sweeps the exports folders on start', async () => {
    const root = await tempDir('write-sweep-tree');
    const nested = path.join(root, '文书', '20260101-080000');
    fs.mkdirSync(nested, { recursive: true });
    const orphan = path.join(nested, '.~desk-999999999-0123abcd.tmp');
    fs.writeFileSync(orphan, 'partial');
    fs.writeFileSync(path.join(nested, '通知.pdf'), 'done');
    const old = new Date(Date.now() - 5 * 60_000);
    fs.utimesSync(orphan, old, old);
    expect(await sweepTempFilesUnder(root)).toEqual([orphan]);
    expect(fs.readdirSync(nested)).toEqual(['通知.pdf']);
    expect(await sweepTempFilesUnder(path.join(root, 'missing'))).toEqual([]);
  });
});
