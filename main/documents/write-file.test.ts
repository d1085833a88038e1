import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './testing/tools.js';
import { FileExistsError, safeFileName, writeFileAtomic } from './write-file.js';

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

  it('reports a missing folder in Chinese and leaves nothing behind', async () => {
    const dir = await tempDir('write');
    await expect(writeFileAtomic(path.join(dir, 'no', 'x.docx'), Buffer.from('x'))).rejects.toThrow(/写入文件失败/);
  });

  it('makes safe file names from titles', () => {
    expect(safeFileName('关于开展"督导"评估的通知/2026?')).toBe('关于开展_督导_评估的通知_2026_');
    expect(safeFileName('  ')).toBe('未命名文档');
  });
});
