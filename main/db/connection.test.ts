import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-core';
import { DB_FILE_NAME, openDatabase } from './connection';
import { MIGRATIONS } from './migrations/registry';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir('desk-db-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the latest schema with WAL and foreign keys on a new file', async () => {
    const dir = fresh();
    const opened = await openDatabase(dir);
    expect(opened.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    expect(opened.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.raw.pragma('user_version', { simple: true })).toBe(opened.schemaVersion);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(opened.db);
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['schools', 'campuses', 'school_stats', 'audit_log', 'settings']));
    expect(opened.backupFile).toBeNull();
    await opened.close();
  });

  it('reopens an up-to-date file without migrating or backing up', async () => {
    const dir = fresh();
    await (await openDatabase(dir)).close();
    const again = await openDatabase(dir);
    expect(again.backupFile).toBeNull();
    await again.close();
  });

  it('backs up an existing file before migrating it and keeps its data', async () => {
    const dir = fresh();
    const v1 = await openDatabase(dir, MIGRATIONS);
    await v1.db.insertInto('settings').values({ key: 'k', value: '"v"' }).execute();
    await v1.close();
    // Relative to the registry's latest version, so adding real migrations does not break this test.
    const latest = MIGRATIONS.at(-1)!.version;
    const v2 = [...MIGRATIONS, { version: latest + 1, name: 'add-note', up: async (db: any) => void (await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY) STRICT`.execute(db)) }];
    const opened = await openDatabase(dir, v2);
    expect(opened.backupFile).not.toBeNull();
    expect(fs.existsSync(opened.backupFile!)).toBe(true);
    const backup = new BetterSqlite3(opened.backupFile!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(latest);
    expect(backup.prepare('SELECT value FROM settings WHERE key = ?').get('k')).toEqual({ value: '"v"' });
    backup.close();
    expect(opened.raw.pragma('user_version', { simple: true })).toBe(latest + 1);
    await opened.close();
  });

  it('leaves the file at the old version when a migration fails', async () => {
    const dir = fresh();
    await (await openDatabase(dir)).close();
    const latest = MIGRATIONS.at(-1)!.version;
    const broken = [...MIGRATIONS, { version: latest + 1, name: 'broken', up: async (db: any) => {
      await sql`CREATE TABLE half (id INTEGER)`.execute(db);
      await sql`THIS IS NOT SQL`.execute(db);
    } }];
    await expect(openDatabase(dir, broken)).rejects.toThrow();
    const raw = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    expect(raw.pragma('user_version', { simple: true })).toBe(latest);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a database written by a newer version, in Chinese, without touching it', async () => {
    const dir = fresh();
    await (await openDatabase(dir)).close();
    const raw = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    raw.pragma('user_version = 99');
    raw.close();
    const before = fs.readFileSync(path.join(dir, DB_FILE_NAME));
    await expect(openDatabase(dir)).rejects.toThrow(/更新版本.*结构版本 99/);
    expect(fs.readFileSync(path.join(dir, DB_FILE_NAME)).equals(before)).toBe(true);
  });
});
