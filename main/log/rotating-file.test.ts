import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-core';
import { listLogFiles, RotatingFileStream } from './rotating-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = tempDir('desk-log-');
  dirs.push(d);
  return path.join(d, 'logs');
};

describe('RotatingFileStream', () => {
  it('writes one file per local day, named desk-YYYY-MM-DD.log', () => {
    const dir = fresh();
    let now = new Date(2026, 10, 29, 23, 59, 0);
    const s = new RotatingFileStream({ dir, now: () => now });
    s.write('a\n');
    now = new Date(2026, 10, 30, 0, 0, 1);
    s.write('b\n');
    s.close();
    expect(listLogFiles(dir)).toEqual(['desk-2026-11-29.log', 'desk-2026-11-30.log']);
    expect(fs.readFileSync(path.join(dir, 'desk-2026-11-29.log'), 'utf8')).toBe('a\n');
    expect(fs.readFileSync(path.join(dir, 'desk-2026-11-30.log'), 'utf8')).toBe('b\n');
  });

  it('starts the next index of the day when a file is full, and continues it after a restart', () => {
    const dir = fresh();
    const now = () => new Date(2026, 10, 29, 12);
    const s = new RotatingFileStream({ dir, now, maxBytes: 10 });
    for (const line of ['12345\n', '67890\n', 'abcde\n']) s.write(line);
    s.close();
    expect(listLogFiles(dir)).toEqual(['desk-2026-11-29.log', 'desk-2026-11-29.1.log', 'desk-2026-11-29.2.log']);
    const again = new RotatingFileStream({ dir, now, maxBytes: 10 });
    again.write('x\n');
    again.close();
    expect(fs.readFileSync(path.join(dir, 'desk-2026-11-29.2.log'), 'utf8')).toBe('abcde\nx\n');
  });

  it('keeps only the newest maxFiles files', () => {
    const dir = fresh();
    let day = 1;
    const s = new RotatingFileStream({ dir, now: () => new Date(2026, 0, day, 9), maxFiles: 3 });
    for (; day <= 6; day++) s.write(`day ${day}\n`);
    s.close();
    expect(listLogFiles(dir)).toEqual(['desk-2026-01-04.log', 'desk-2026-01-05.log', 'desk-2026-01-06.log']);
  });

  it('never throws when the disk refuses, and stops writing', () => {
    const base = fresh();
    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.writeFileSync(base, 'a file where the folder should be');
    const s = new RotatingFileStream({ dir: base });
    expect(() => s.write('x\n')).not.toThrow();
    expect(() => s.write('y\n')).not.toThrow();
  });
});
