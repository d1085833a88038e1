import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp-core';
import { backupFileName, listBackups, parseBackupName, pruneBackups, readSqliteHeader, writeBackup } from './backup-files';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir('desk-backups-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function sourceDb(dir: string, version = 4): BetterSqlite3.Database {
  const raw = new BetterSqlite3(path.join(dir, 'src.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('甲')");
  raw.pragma(`user_version = ${version}`);
  return raw;
}

describe('backup files', () => {
  it('writes a consistent copy with the backup API under its final name only when complete', async () => {
    const dir = fresh();
    const raw = sourceDb(dir, 7);
    raw.exec("INSERT INTO t VALUES ('乙')"); // still in the WAL: the copy must include it
    const file = await writeBackup(raw, path.join(dir, 'backups'), 'auto', new Date(2026, 10, 29, 10, 15, 30, 5));
    raw.close();
    expect(path.basename(file)).toBe('auto-20261129-101530-005.sqlite');
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(['auto-20261129-101530-005.sqlite']);
    expect(readSqliteHeader(file)).toEqual({ isSqlite: true, userVersion: 7 });
    const copy = new BetterSqlite3(file, { readonly: true });
    expect(copy.prepare('SELECT x FROM t ORDER BY rowid').all()).toEqual([{ x: '甲' }, { x: '乙' }]);
    copy.close();
  });

  it('gives two backups in the same millisecond different names', async () => {
    const dir = fresh();
    const raw = sourceDb(dir);
    const at = new Date(2026, 0, 1, 8);
    const out = path.join(dir, 'backups');
    const a = await writeBackup(raw, out, 'auto', at);
    const b = await writeBackup(raw, out, 'auto', at);
    raw.close();
    expect(a).not.toBe(b);
    expect(listBackups(out).map((x) => x.kind)).toEqual(['auto', 'auto']);
  });

  it('lists backups newest first with kind, time and schema version', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, backupFileName('auto', new Date(2026, 0, 2, 9))), 'x');
    fs.writeFileSync(path.join(dir, backupFileName('before-restore', new Date(2026, 0, 3, 9))), 'x');
    fs.writeFileSync(path.join(dir, 'before-migration-v3-20260101-090000.sqlite'), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    fs.writeFileSync(path.join(dir, 'auto-20260104-090000-000.sqlite.4711.partial'), 'x');
    const list = listBackups(dir);
    expect(list.map((b) => b.kind)).toEqual(['before-restore', 'auto', 'before-migration']);
    expect(list[1]).toMatchObject({ name: 'auto-20260102-090000-000.sqlite', createdAt: new Date(2026, 0, 2, 9).toISOString(), size: 1, schemaVersion: null });
  });

  it('rotation keeps the newest N automatic backups and leaves other kinds alone', () => {
    const dir = fresh();
    for (let day = 1; day <= 12; day++) fs.writeFileSync(path.join(dir, backupFileName('auto', new Date(2026, 0, day, 9))), 'x');
    fs.writeFileSync(path.join(dir, backupFileName('before-restore', new Date(2025, 0, 1))), 'x');
    fs.writeFileSync(path.join(dir, 'before-migration-v3-20240101-090000.sqlite'), 'x');
    const removed = pruneBackups(dir, 'auto', 10);
    expect(removed).toEqual(['auto-20260102-090000-000.sqlite', 'auto-20260101-090000-000.sqlite']);
    const left = listBackups(dir);
    expect(left.filter((b) => b.kind === 'auto').map((b) => parseBackupName(b.name)!.at.getDate())).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(left.filter((b) => b.kind !== 'auto')).toHaveLength(2);
    expect(pruneBackups(dir, 'auto', 3)).toHaveLength(7);
    expect(listBackups(dir).filter((b) => b.kind === 'auto')).toHaveLength(3);
  });

  it('reads no version from a file that is not SQLite', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'a.sqlite'), 'PK\u0003\u0004 not a database'.repeat(10));
    expect(readSqliteHeader(path.join(dir, 'a.sqlite'))).toEqual({ isSqlite: false, userVersion: null });
    expect(readSqliteHeader(path.join(dir, 'missing.sqlite'))).toEqual({ isSqlite: false, userVersion: null });
  });
});
