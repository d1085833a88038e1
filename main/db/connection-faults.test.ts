import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/envelope';
import { tempDir } from '../testing/temp-core';
import { BUSY_MESSAGE, DB_FILE_NAME, DatabaseOpenError, latestGoodBackup, openDatabase, sweepUnfinishedBackups, translateSqliteError } from './connection';
import { MIGRATIONS } from './migrations/registry';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONNECTION_URL = pathToFileURL(path.join(ROOT, 'main/db/connection.ts')).href;
const POSIX = process.platform !== 'win32';
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir('desk-db-faults-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A data directory with a real database holding some rows, closed again. */
async function populated(rows = 50): Promise<string> {
  const dir = fresh();
  const opened = await openDatabase(dir);
  const insert = opened.raw.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  opened.raw.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`k${i}`, JSON.stringify('x'.repeat(500)));
  })();
  await opened.close();
  return dir;
}

/** Copies the data directory's database into backups/ as a finished backup with the given mtime. */
function addBackup(dir: string, name: string, mtime: Date, content?: Buffer): string {
  const backups = path.join(dir, 'backups');
  fs.mkdirSync(backups, { recursive: true });
  const file = path.join(backups, name);
  fs.writeFileSync(file, content ?? fs.readFileSync(path.join(dir, DB_FILE_NAME)));
  fs.utimesSync(file, mtime, mtime);
  return file;
}

async function refusal(dir: string): Promise<DatabaseOpenError> {
  const error = await openDatabase(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseOpenError);
  return error as DatabaseOpenError;
}

/** Runs an ES module script with the TypeScript loader (a second real process on the same files). */
function childScript(dir: string, body: string): string {
  const file = path.join(dir, `child-${Math.random().toString(36).slice(2)}.mts`);
  fs.writeFileSync(file, `import * as connection from ${JSON.stringify(CONNECTION_URL)};\n${body}\n`);
  return file;
}

function runChild(script: string, args: string[] = [], options: { uid?: number; gid?: number } = {}): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe('write transactions across processes', () => {
  it('begins every db.transaction() IMMEDIATE: the write lock is held before the first write', async () => {
    const dir = fresh();
    const opened = await openDatabase(dir);
    const other = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    other.pragma('busy_timeout = 0');
    try {
      await opened.db.transaction().execute(async (trx) => {
        await trx.selectFrom('settings').selectAll().execute();
        expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      });
      // Released after commit.
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
    } finally {
      other.close();
      await opened.close();
    }
  });

  it('keeps the busy timeout and reports a lock still held after it in Chinese, by error code', async () => {
    const dir = fresh();
    const opened = await openDatabase(dir);
    expect(opened.raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    const other = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    other.exec('BEGIN IMMEDIATE');
    opened.raw.pragma('busy_timeout = 50');
    try {
      const inTransaction = await opened.db
        .transaction()
        .execute((trx) => trx.insertInto('settings').values({ key: 'a', value: '1' }).execute())
        .catch((e: unknown) => e);
      expect(inTransaction).toBeInstanceOf(AppError);
      expect(inTransaction).toMatchObject({ code: 'conflict', message: BUSY_MESSAGE, details: { sqliteCode: 'SQLITE_BUSY' } });
      const single = await opened.db.insertInto('settings').values({ key: 'b', value: '1' }).execute().catch((e: unknown) => e);
      expect(single).toMatchObject({ code: 'conflict', message: BUSY_MESSAGE });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The connection is usable again once the other writer is done.
    await opened.db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'c', value: '1' }).execute());
    await opened.close();
  });

  it('two processes each running 20 read-then-write transactions on one data directory: none fails', async () => {
    const dir = await populated(1);
    const script = childScript(
      dir,
      `
const [dataDir, name, startAt] = process.argv.slice(2);
const opened = await connection.openDatabase(dataDir);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const failures = [];
for (let i = 0; i < 20; i++) {
  try {
    await opened.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('settings').select('value').where('key', '=', 'counter').executeTakeFirst();
      await new Promise((r) => setTimeout(r, 1 + Math.floor(Math.random() * 4)));
      const next = Number(row ? JSON.parse(row.value) : 0) + 1;
      await trx.insertInto('settings').values({ key: 'counter', value: JSON.stringify(next) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next) })).execute();
      await trx.insertInto('settings').values({ key: name + '-' + i, value: '1' }).execute();
    });
  } catch (e) {
    failures.push(String(e && e.message));
  }
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3)));
}
await opened.close();
console.log(JSON.stringify({ failures }));
`,
    );
    const startAt = String(Date.now() + 2500);
    const [a, b] = await Promise.all([runChild(script, [dir, 'a', startAt]), runChild(script, [dir, 'b', startAt])]);
    for (const r of [a, b]) {
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out.trim().split('\n').pop()!)).toEqual({ failures: [] });
    }
    const check = new BetterSqlite3(path.join(dir, DB_FILE_NAME), { readonly: true });
    // No lost update: every increment of both processes is there.
    expect(check.prepare("SELECT value FROM settings WHERE key = 'counter'").get()).toEqual({ value: '40' });
    expect((check.prepare("SELECT count(*) AS n FROM settings WHERE key GLOB '[ab]-*'").get() as { n: number }).n).toBe(40);
    check.close();
  }, 120_000);
});

describe('damaged database files are refused in Chinese, naming the latest good backup', () => {
  it('a database whose writer was killed mid-work (pages only in the WAL) opens with all its data', async () => {
    const dir = await populated(1);
    const script = childScript(
      dir,
      `
const opened = await connection.openDatabase(process.argv[2]);
opened.raw.pragma('wal_autocheckpoint = 0');
const insert = opened.raw.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
opened.raw.transaction(() => { for (let i = 0; i < 3000; i++) insert.run('w' + i, JSON.stringify('y'.repeat(800))); })();
process.kill(process.pid, 'SIGKILL');
`,
    );
    const r = await runChild(script, [dir]);
    expect(r.signal).toBe('SIGKILL');
    const file = path.join(dir, DB_FILE_NAME);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(fs.statSync(file).size);
    const opened = await openDatabase(dir);
    expect((opened.raw.prepare("SELECT count(*) AS n FROM settings WHERE key GLOB 'w*'").get() as { n: number }).n).toBe(3000);
    await opened.close();
  });

  it('a 0-byte file is never silently replaced by an empty database', async () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, DB_FILE_NAME), '');
    const e = await refusal(dir);
    expect(e.problem).toBe('empty');
    expect(e.message).toMatch(/是空的（0 字节）/);
    expect(e.message).toContain('没有可用的备份');
    expect(fs.statSync(path.join(dir, DB_FILE_NAME)).size).toBe(0);
  });

  it('garbage bytes: not a database; the newest whole backup is named, a broken newer one skipped', async () => {
    const dir = await populated();
    const older = addBackup(dir, 'before-migration-v3-20260101-080000.sqlite', new Date('2026-01-01T08:00:00'));
    const good = addBackup(dir, 'before-migration-v4-20260301-080000.sqlite', new Date('2026-03-01T08:00:00'));
    const whole = fs.readFileSync(path.join(dir, DB_FILE_NAME));
    addBackup(dir, 'broken-20260401-080000.sqlite', new Date('2026-04-01T08:00:00'), whole.subarray(0, 4096));
    addBackup(dir, 'before-migration-v4-20260501-080000.sqlite.123.partial', new Date('2026-05-01T08:00:00'));
    fs.writeFileSync(path.join(dir, DB_FILE_NAME), Buffer.alloc(64 * 1024, 0x5a));
    const e = await refusal(dir);
    expect(e.problem).toBe('garbage');
    expect(e.message).toMatch(/不是有效的数据库文件/);
    expect(e.latestBackup?.file).toBe(good);
    expect(e.message).toContain(good);
    expect(e.message).toContain('2026-03-01 08:00');
    expect(e.message).not.toContain(older);
    expect(e.code).toBe('unsupported');
  });

  it('a truncated file: says how many bytes are missing', async () => {
    const dir = await populated(200);
    const file = path.join(dir, DB_FILE_NAME);
    const whole = fs.readFileSync(file);
    const backup = addBackup(dir, 'auto-20260102-090000.sqlite', new Date('2026-01-02T09:00:00'));
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const e = await refusal(dir);
    expect(e.problem).toBe('truncated');
    expect(e.message).toContain(`应有 ${whole.length} 字节`);
    expect(e.message).toContain(backup);
    // A header cut short is truncated too.
    fs.writeFileSync(file, whole.subarray(0, 40));
    expect((await refusal(dir)).problem).toBe('truncated');
  });

  it('damaged pages inside a whole-sized file: the integrity check refuses it', async () => {
    const dir = await populated(200);
    const file = path.join(dir, DB_FILE_NAME);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 4096 * 3, 4096 * 6);
    fs.writeFileSync(file, bytes);
    const e = await refusal(dir);
    expect(e.problem).toBe('corrupt');
    expect(e.message).toMatch(/已损坏/);
    expect(e.message).toContain('没有可用的备份');
  });

  it('a read-only database file: refused with what to do, the file left as it was', async () => {
    const dir = await populated();
    const file = path.join(dir, DB_FILE_NAME);
    const before = fs.readFileSync(file);
    fs.chmodSync(file, 0o444);
    if (!IS_ROOT || !POSIX) {
      const e = await refusal(dir);
      expect(e.problem).toBe('readonly');
      expect(e.message).toMatch(/只读/);
    } else {
      // root may write any file: check as an ordinary user in a second process.
      fs.chmodSync(dir, 0o777);
      const script = childScript(
        dir,
        `try { await connection.openDatabase(process.argv[2]); console.log(JSON.stringify({ opened: true })); }
         catch (e) { console.log(JSON.stringify({ problem: e.problem, message: e.message })); }`,
      );
      fs.chmodSync(script, 0o644);
      const r = await runChild(script, [dir], { uid: 65534, gid: 65534 });
      expect(r.code).toBe(0);
      const out = JSON.parse(r.out.trim().split('\n').pop()!);
      expect(out.problem).toBe('readonly');
      expect(out.message).toMatch(/只读/);
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it.skipIf(!POSIX)('a data directory the user cannot write to: refused before SQLite creates anything', async () => {
    const dir = fresh();
    const target = path.join(dir, 'data');
    fs.mkdirSync(target, { mode: 0o555 });
    fs.chmodSync(dir, 0o755);
    if (!IS_ROOT) {
      const e = await refusal(target);
      expect(e.problem).toBe('readonly');
      expect(e.message).toMatch(/不可写/);
    } else {
      const script = childScript(dir, `try { await connection.openDatabase(process.argv[2]); console.log('{"opened":true}'); } catch (e) { console.log(JSON.stringify({ problem: e.problem, message: e.message })); }`);
      fs.chmodSync(script, 0o644);
      const r = await runChild(script, [target], { uid: 65534, gid: 65534 });
      const out = JSON.parse(r.out.trim().split('\n').pop()!);
      expect(out.problem).toBe('readonly');
      expect(out.message).toMatch(/不可写/);
    }
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('translates SQLite failures at run time by code, not by message text', () => {
    const coded = (code: string, message = 'english text') => Object.assign(new Error(message), { code });
    expect(translateSqliteError(coded('SQLITE_CORRUPT'))).toMatchObject({ code: 'internal', message: expect.stringMatching(/数据库文件已损坏/) });
    expect(translateSqliteError(coded('SQLITE_BUSY_SNAPSHOT'))).toMatchObject({ code: 'conflict', message: BUSY_MESSAGE });
    expect(translateSqliteError(coded('SQLITE_READONLY_DBMOVED'))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/只读/) });
    // The English text alone decides nothing.
    const plain = new Error('database is locked');
    expect(translateSqliteError(plain)).toBe(plain);
    const constraint = coded('SQLITE_CONSTRAINT_UNIQUE');
    expect(translateSqliteError(constraint)).toBe(constraint);
  });

  it('reports no backup when the only files in backups/ are unfinished or empty', async () => {
    const dir = await populated();
    addBackup(dir, 'empty.sqlite', new Date(), Buffer.alloc(0));
    addBackup(dir, 'x.sqlite.1.partial', new Date());
    expect(latestGoodBackup(dir)).toBeNull();
  });
});

describe('pre-migration backup', () => {
  const withExtraMigration = () => {
    const latest = MIGRATIONS.at(-1)!.version;
    return [...MIGRATIONS, { version: latest + 1, name: 'add-note', up: async (db: any) => void (await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY) STRICT`.execute(db)) }];
  };

  it('a crash part-way leaves only a temporary file, which the next start sweeps before a whole backup is written', async () => {
    const dir = await populated(8000); // several MB: the online backup takes many steps
    fs.mkdirSync(path.join(dir, 'backups'));
    const script = childScript(
      dir,
      `
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'main/db/migrations/registry.ts')).href)};
const dataDir = process.argv[2];
// Dies like a power cut the moment the backup's first file appears.
fs.watch(path.join(dataDir, 'backups'), (_event, name) => {
  if (name && name.includes('.sqlite')) process.kill(process.pid, 'SIGKILL');
});
const latest = MIGRATIONS.at(-1).version;
await connection.openDatabase(dataDir, [...MIGRATIONS, { version: latest + 1, name: 'x', up: async (db) => void (await db.schema.createTable('notes').addColumn('id', 'integer').execute()) }]);
console.log('finished without dying');
`,
    );
    const r = await runChild(script, [dir]);
    expect({ signal: r.signal, out: r.out, err: r.err }).toEqual({ signal: 'SIGKILL', out: '', err: '' });
    const left = fs.readdirSync(path.join(dir, 'backups'));
    expect(left.some((n) => n.endsWith('.sqlite'))).toBe(false);
    expect(left.some((n) => /^before-migration-.*\.sqlite\.\d+\.partial$/.test(n))).toBe(true);
    expect(latestGoodBackup(dir)).toBeNull();

    const opened = await openDatabase(dir, withExtraMigration());
    const names = fs.readdirSync(path.join(dir, 'backups'));
    expect(names).toEqual([path.basename(opened.backupFile!)]);
    const backup = new BetterSqlite3(opened.backupFile!, { readonly: true });
    expect((backup.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n).toBeGreaterThanOrEqual(8000);
    backup.close();
    await opened.close();
  }, 60_000);

  it('sweeps unfinished backups of dead processes and keeps those of live ones', () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    const mine = path.join(dir, `a.sqlite.${process.pid}.partial`);
    const orphan = path.join(dir, `b.sqlite.${dead}.partial`);
    const orphanJournal = `${orphan}-journal`;
    const finished = path.join(dir, 'c.sqlite');
    for (const f of [mine, orphan, orphanJournal, finished]) fs.writeFileSync(f, 'x');
    expect(sweepUnfinishedBackups(dir).sort()).toEqual([orphan, orphanJournal].sort());
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(mine), 'c.sqlite'].sort());
    // A day-old one goes whoever wrote it.
    expect(sweepUnfinishedBackups(dir, Date.now() + 25 * 3600_000)).toEqual([mine]);
  });
});

describe.skipIf(!POSIX)('private data directory', () => {
  it('creates the directory 0700 and the database, its WAL and backups 0600', async () => {
    const parent = fresh();
    const dir = path.join(parent, 'nested', 'data');
    const opened = await openDatabase(dir);
    await opened.db.insertInto('settings').values({ key: 'k', value: '1' }).execute();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(parent, 'nested')).mode & 0o777).toBe(0o700);
    for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`]) {
      expect({ f, mode: fs.statSync(path.join(dir, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    }
    await opened.close();
    const latest = MIGRATIONS.at(-1)!.version;
    const migrated = await openDatabase(dir, [...MIGRATIONS, { version: latest + 1, name: 'n', up: async (db: any) => void (await sql`CREATE TABLE n (id INTEGER)`.execute(db)) }]);
    expect(fs.statSync(path.join(dir, 'backups')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(migrated.backupFile!).mode & 0o777).toBe(0o600);
    await migrated.close();
  });

  it('tightens a world-readable directory and database left by an earlier version', async () => {
    const dir = await populated(1);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, DB_FILE_NAME), 0o644);
    const opened = await openDatabase(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, DB_FILE_NAME)).mode & 0o777).toBe(0o600);
    await opened.close();
  });
});
