import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../app/create-app';
import { tempDir } from '../../testing/temp-core';
import { DB_FILE_NAME, openDatabase } from '../connection';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../migrations/registry';
import { listBackups } from './backup-files';
import { backupServiceOf } from './backup-service';
import { inspectBackupFile } from './restore';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fresh(): string {
  const d = tempDir('desk-restore-');
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

async function core(): Promise<AppCore> {
  const c = await createAppCore(path.join(fresh(), 'data'), 'test');
  cleanups.push(() => c.close());
  return c;
}

/** Writes a school straight into the database (independent of the services under test elsewhere). */
function addSchool(raw: BetterSqlite3.Database, name: string) {
  const now = new Date().toISOString();
  raw
    .prepare("INSERT INTO schools (name, type, ownership, locality, status, created_at, updated_at) VALUES (?, '小学', '公办', '城区', '在办', ?, ?)")
    .run(name, now, now);
}

const schoolNames = (raw: BetterSqlite3.Database) => (raw.prepare('SELECT name FROM schools ORDER BY id').all() as { name: string }[]).map((r) => r.name);

/** Every table's rows (and the schema version) of a database file, read through a connection that is closed again. */
function dump(file: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const out: Record<string, unknown[]> = { user_version: [db.pragma('user_version', { simple: true })] };
    for (const t of tables) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
    return out;
  } finally {
    db.close();
  }
}

/** A file picked by path (Electron's dialog, the CLI): registered with core `c`, passed by reference. */
const picked = async (c: AppCore, file: string, fileName = path.basename(file)) => ({ ref: (await c.ctx.files.registerPath(file, fileName)).ref });

describe('restore', () => {
  it('backs up the current state first; afterwards the data equals the backup', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const earlier = await c.backups.automatic('manual');
    addSchool(c.database.raw, '乙小学');
    const expected = dump(earlier);
    const current = dump(c.database.file);

    const r = await c.dispatch('backup.restore', { name: path.basename(earlier) });
    expect(r.ok).toBe(true);
    const outcome = (r as any).value;
    expect(outcome.message).toContain(`已从“${path.basename(earlier)}”`);
    expect(outcome.message).toContain('恢复前的数据已另存为备份');
    expect(outcome.upgradedFrom).toBeNull();

    // The restored database equals the backup plus one audit entry: the restore itself (who, from what).
    const restored = dump(c.database.file);
    const { audit_log: restoredLog, audit_chain_head: _h1, ...restoredRest } = restored;
    const { audit_log: expectedLog, audit_chain_head: _h2, ...expectedRest } = expected;
    expect(restoredRest).toEqual(expectedRest);
    expect(restoredLog.slice(0, expectedLog.length)).toEqual(expectedLog);
    expect(restoredLog.slice(expectedLog.length)).toHaveLength(1);
    expect(restoredLog.at(-1)).toMatchObject({ entity_type: 'database', action: 'restore' });
    expect((await c.dispatch('audit.verify', {})) as any).toMatchObject({ ok: true, value: { ok: true } });
    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);
    const info = await c.dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { schemaVersion: LATEST_SCHEMA_VERSION } });

    // The state before the restore was saved first and equals what the database held.
    const safety = listBackups(c.backups.dir).find((b) => b.kind === 'before-restore')!;
    expect(safety.name).toBe(outcome.safetyBackup);
    expect(dump(path.join(c.backups.dir, safety.name))).toEqual(current);
    // A per-call copy of the context still finds the backup service after the database was reopened.
    expect(backupServiceOf({ ...c.ctx, operatorId: 1 })).toBe(c.backups);
    // No staging folder or side file is left behind.
    expect(fs.readdirSync(path.dirname(c.database.file)).filter((n) => n.startsWith('.restore-'))).toEqual([]);
  });

  it('restores an uploaded backup file, and one picked by path', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const saved = path.join(fresh(), '我的备份.sqlite');
    fs.copyFileSync(await c.backups.automatic('manual'), saved);
    addSchool(c.database.raw, '乙小学');
    // Streamed in as browser mode's upload does.
    const staged = await c.ctx.files.stage(fs.createReadStream(saved), '我的备份.sqlite');
    const r = await c.dispatch('backup.restore', { file: { ref: staged.ref } });
    expect(r).toMatchObject({ ok: true, value: { restoredFrom: '我的备份.sqlite' } });
    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);

    addSchool(c.database.raw, '丙小学');
    const again = await c.dispatch('backup.restore', { file: await picked(c, saved) });
    expect(again).toMatchObject({ ok: true, value: { restoredFrom: '我的备份.sqlite' } });
    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);
    // The user's own file is read, never moved or changed.
    expect(fs.existsSync(saved)).toBe(true);
  });

  it('refuses an unknown reference and a picked file that has gone, in Chinese, and changes nothing', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const unknown = await c.dispatch('backup.restore', { file: { ref: 'A'.repeat(22) } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('请重新选择文件') } });
    const gone = path.join(fresh(), '移动盘备份.sqlite');
    fs.copyFileSync(await c.backups.automatic('manual'), gone);
    const ref = await picked(c, gone);
    fs.rmSync(gone);
    const r = await c.dispatch('backup.restore', { file: ref });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/^找不到文件“移动盘备份\.sqlite”.*请重新选择$/) } });
    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);
    expect(listBackups(c.backups.dir).map((b) => b.kind)).toEqual(['auto']);
  });

  it('refuses a file that is not a database of this product, in Chinese, and changes nothing', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const dir = fresh();
    const text = path.join(dir, '名册.xlsx');
    fs.writeFileSync(text, 'PK\u0003\u0004 这不是数据库'.repeat(20));
    const other = path.join(dir, '别的软件.sqlite');
    const foreign = new BetterSqlite3(other);
    foreign.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    foreign.pragma('user_version = 3');
    foreign.close();

    const r1 = await c.dispatch('backup.restore', { file: await picked(c, text) });
    expect(r1).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!r1.ok && r1.error.message).toBe('“名册.xlsx”不是督导评估工作台的数据备份（不是 SQLite 数据库文件），未做任何更改。');
    const r2 = await c.dispatch('backup.restore', { file: await picked(c, other) });
    expect(!r2.ok && r2.error.message).toMatch(/^“别的软件\.sqlite”不是督导评估工作台的数据备份（缺少数据表 schools、campuses、school_stats、settings、audit_log）/);

    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);
    expect(listBackups(c.backups.dir)).toEqual([]);
  });

  it('refuses a backup written by a newer version, in Chinese, and changes nothing', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const newer = path.join(fresh(), '新版本备份.sqlite');
    fs.copyFileSync(await c.backups.automatic('manual'), newer);
    const raw = new BetterSqlite3(newer);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    addSchool(c.database.raw, '乙小学');
    const r = await c.dispatch('backup.restore', { file: await picked(c, newer) });
    expect(r).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(!r.ok && r.error.message).toBe(
      `“新版本备份.sqlite”由更新版本的督导评估工作台创建（数据库结构版本 ${LATEST_SCHEMA_VERSION + 5}），当前程序只支持到版本 ${LATEST_SCHEMA_VERSION}，不能恢复。请先升级程序，未做任何更改。`,
    );
    expect(!r.ok && r.error.errorId).toMatch(/^E-\d{8}-[0-9A-F]{6}$/);
    expect(schoolNames(c.database.raw)).toEqual(['甲小学', '乙小学']);
    expect(listBackups(c.backups.dir).map((b) => b.kind)).toEqual(['auto']);
  });

  it('brings a backup of an older schema version up to date', async () => {
    const old = fresh();
    const previous = MIGRATIONS.slice(0, -1);
    const opened = await openDatabase(old, previous);
    addSchool(opened.raw, '旧版小学');
    await opened.close();
    const c = await core();
    const r = await c.dispatch('backup.restore', { file: await picked(c, path.join(old, DB_FILE_NAME), '旧版备份.sqlite') });
    expect(r).toMatchObject({ ok: true, value: { upgradedFrom: previous.at(-1)!.version, schemaVersion: LATEST_SCHEMA_VERSION } });
    expect((r as any).value.message).toContain(`备份的数据库结构版本 ${previous.at(-1)!.version} 已升级到 ${LATEST_SCHEMA_VERSION}`);
    expect(c.database.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(schoolNames(c.database.raw)).toEqual(['旧版小学']);
  });

  it('refuses while another connection has the database open, and keeps working on the current data', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const earlier = await c.backups.automatic('manual');
    addSchool(c.database.raw, '乙小学');
    const other = new BetterSqlite3(c.database.file);
    other.prepare('SELECT count(*) FROM schools').get();
    try {
      const r = await c.dispatch('backup.restore', { name: path.basename(earlier) });
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(!r.ok && r.error.message).toContain('数据库正被另一处使用');
    } finally {
      other.close();
    }
    expect(schoolNames(c.database.raw)).toEqual(['甲小学', '乙小学']);
    expect(await c.dispatch('app.info', {})).toMatchObject({ ok: true });
  });

  it('refuses a name that is not in the backup list', async () => {
    const c = await core();
    const r = await c.dispatch('backup.restore', { name: 'auto-20990101-000000-000.sqlite' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const r2 = await c.dispatch('backup.restore', { name: '../supervision-desk.sqlite' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a damaged database file', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const file = path.join(fresh(), '损坏.sqlite');
    const bytes = fs.readFileSync(await c.backups.automatic('manual'));
    fs.writeFileSync(file, bytes.subarray(0, Math.min(bytes.length, 4096 + 100)));
    const r = await c.dispatch('backup.restore', { file: await picked(c, file) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/^“损坏\.sqlite”(已损坏|无法作为数据库读取|不是督导评估工作台的数据备份)/);
    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);
  });
});

describe('backup.check', () => {
  it('accepts a good backup and refuses a damaged or foreign file with the restore\'s reason, changing nothing and leaving no staging behind', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const good = await c.backups.automatic('manual');
    expect(await c.dispatch('backup.check', { name: path.basename(good) })).toMatchObject({ ok: true, value: { name: path.basename(good), schemaVersion: LATEST_SCHEMA_VERSION, needsUpgrade: false } });
    const staged = await c.ctx.files.stage(fs.createReadStream(good), '我的备份.sqlite');
    expect(await c.dispatch('backup.check', { file: { ref: staged.ref } })).toMatchObject({ ok: true, value: { name: '我的备份.sqlite' } });

    const damaged = path.join(fresh(), '损坏.sqlite');
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(damaged, bytes.subarray(0, Math.min(bytes.length, 4096 + 100)));
    const r = await c.dispatch('backup.check', { file: await picked(c, damaged) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/^“损坏\.sqlite”(已损坏|无法作为数据库读取|不是督导评估工作台的数据备份)/);
    const text = path.join(fresh(), '名册.xlsx');
    fs.writeFileSync(text, 'PK\u0003\u0004 这不是数据库'.repeat(20));
    const r2 = await c.dispatch('backup.check', { file: await picked(c, text) });
    expect(!r2.ok && r2.error.message).toBe('“名册.xlsx”不是督导评估工作台的数据备份（不是 SQLite 数据库文件），未做任何更改。');

    // The staged upload is still usable for the restore that follows a good check.
    expect(await c.dispatch('backup.restore', { file: { ref: staged.ref } })).toMatchObject({ ok: true });
    expect(schoolNames(c.database.raw)).toEqual(['甲小学']);
    expect(fs.readdirSync(c.ctx.dataDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);
    // The user's file is read, never changed.
    expect(fs.readFileSync(text, 'utf8')).toBe('PK\u0003\u0004 这不是数据库'.repeat(20));
  });
});

describe('inspectBackupFile', () => {
  it('accepts a database of this product and reports its version', async () => {
    const dir = fresh();
    await (await openDatabase(dir)).close();
    expect(inspectBackupFile(path.join(dir, DB_FILE_NAME), 'x')).toEqual({ schemaVersion: LATEST_SCHEMA_VERSION });
  });
});

describe('backup.create', () => {
  it('publishes a consistent copy by reference, its size and sha256 those of the file served', async () => {
    const c = await core();
    addSchool(c.database.raw, '甲小学');
    const r = await c.dispatch('backup.create', {});
    expect(r.ok).toBe(true);
    const result = (r as any).value;
    expect(result).toMatchObject({ mimeType: 'application/vnd.sqlite3', fileName: expect.stringMatching(/^督导评估工作台备份-\d{8}-\d{6}\.sqlite$/) });
    expect(Object.keys(result).sort()).toEqual(['bytes', 'fileName', 'mimeType', 'ref', 'sha256']);
    const served = c.ctx.files.download(result.ref);
    // Written once under the data directory's outgoing files (swept at a later start), never into the backup list.
    expect(path.relative(c.ctx.dataDir, served.path).split(path.sep).slice(0, 2)).toEqual(['tmp', 'outgoing']);
    expect(listBackups(c.backups.dir)).toEqual([]);
    const bytes = fs.readFileSync(served.path);
    expect(bytes.length).toBe(result.bytes);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(result.sha256);
    const copy = new BetterSqlite3(served.path, { readonly: true });
    try {
      expect(schoolNames(copy)).toEqual(['甲小学']);
    } finally {
      copy.close();
    }
  });
});

describe('backup settings and list', () => {
  it('lists backups and applies a smaller number to keep at once', async () => {
    const c = await core();
    for (let i = 0; i < 4; i++) await c.backups.automatic('manual');
    const list = await c.dispatch('backup.list', {});
    expect(list).toMatchObject({ ok: true, value: { settings: { keep: 10 } } });
    expect((list as any).value.backups).toHaveLength(4);
    expect(await c.dispatch('backup.setSettings', { keep: 2 })).toEqual({ ok: true, value: { keep: 2 } });
    expect(listBackups(c.backups.dir)).toHaveLength(2);
    expect(await c.dispatch('backup.getSettings', {})).toEqual({ ok: true, value: { keep: 2 } });
    const bad = await c.dispatch('backup.setSettings', { keep: 0 });
    expect(!bad.ok && bad.error.message).toContain('至少保留 1 份自动备份');
  });

  it('takes a backup on start in the long-running doors, not in the CLI', async () => {
    const web = await createAppCore(path.join(fresh(), 'data'), 'web');
    cleanups.push(() => web.close());
    await web.startupBackup;
    expect(listBackups(web.backups.dir).map((b) => b.kind)).toEqual(['auto']);
    const cli = await createAppCore(path.join(fresh(), 'data'), 'cli');
    cleanups.push(() => cli.close());
    await cli.startupBackup;
    expect(listBackups(cli.backups.dir)).toEqual([]);
  });
});
