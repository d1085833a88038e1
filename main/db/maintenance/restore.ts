import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { AppError } from '../../../shared/api/envelope';
import { DB_FILE_NAME, openDatabase } from '../connection';
import { LATEST_SCHEMA_VERSION } from '../migrations/registry';
import { readSqliteHeader, writeBackup } from './backup-files';
import { closeCompletely, type LiveDatabase } from './live-database';

/**
 * Tables every database of this product has had since its first schema version: the test that a file
 * is ours and not some other program's SQLite file.
 */
export const PRODUCT_TABLES = ['schools', 'campuses', 'school_stats', 'settings', 'audit_log'] as const;

/** What inspectBackupFile found in a file that can be restored. */
export interface BackupInspection {
  schemaVersion: number;
}

/**
 * Checks, before anything is replaced, that `file` is a database of this product that this version
 * can open: an SQLite file, intact, with the product's tables and a schema version no newer than this
 * program's. `displayName` is how the user knows the file (a backup's name or the uploaded file's).
 * Refusals are AppErrors with Chinese messages. The file must be a private copy: it is opened read-write.
 */
export function inspectBackupFile(file: string, displayName: string, latest = LATEST_SCHEMA_VERSION): BackupInspection {
  const notOurs = (why: string) => new AppError('invalid_input', `“${displayName}”不是督导评估工作台的数据备份（${why}），未做任何更改。`);
  const header = readSqliteHeader(file);
  if (!header.isSqlite) throw notOurs('不是 SQLite 数据库文件');
  if (header.userVersion !== null && header.userVersion > latest) throw newerVersion(displayName, header.userVersion, latest);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('invalid_input', `“${displayName}”已损坏（完整性检查未通过：${String(check)}），不能用于恢复，未做任何更改。`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = PRODUCT_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw notOurs(`缺少数据表 ${missing.join('、')}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) throw notOurs('没有数据库结构版本');
    if (version > latest) throw newerVersion(displayName, version, latest);
    return { schemaVersion: version };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_input', `“${displayName}”无法作为数据库读取（${(error as Error).message}），不能用于恢复，未做任何更改。`);
  } finally {
    db?.close();
  }
}

function newerVersion(displayName: string, version: number, latest: number): AppError {
  return new AppError(
    'unsupported',
    `“${displayName}”由更新版本的督导评估工作台创建（数据库结构版本 ${version}），当前程序只支持到版本 ${latest}，不能恢复。请先升级程序，未做任何更改。`,
  );
}

/** Where the restored data comes from: a file the caller has put in place (a copy it may consume). */
export interface RestoreSource {
  /** Writes the candidate database to `target` (a fresh path next to the live database). */
  writeTo(target: string): void | Promise<void>;
  /** How the user knows it: a backup's name or the uploaded file's name. */
  displayName: string;
}

/**
 * Checks a restore source without touching the live database: a private copy in a staging folder
 * (inspectBackupFile opens read-write, and a picked file is the user's own), inspected, removed.
 * Refuses with the same Chinese messages as restoreDatabase.
 */
export async function checkRestoreSource(dataDir: string, source: RestoreSource): Promise<BackupInspection> {
  const staging = fs.mkdtempSync(path.join(dataDir, STAGING_PREFIX));
  try {
    const candidate = path.join(staging, DB_FILE_NAME);
    await source.writeTo(candidate);
    return inspectBackupFile(candidate, source.displayName);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** What restoreDatabase did. */
export interface RestoreResult {
  /** Path of the backup of the state just before the restore. */
  safetyBackup: string;
  schemaVersion: number;
  /** The candidate's schema version when it was older and was brought up to date, else null. */
  upgradedFrom: number | null;
}

const STAGING_PREFIX = '.restore-';

/** Removes staging folders a crashed restore left in the data directory. */
export function sweepRestoreStaging(dataDir: string): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(dataDir, n), { recursive: true, force: true });
}

const sideFiles = (file: string) => [`${file}-wal`, `${file}-shm`, `${file}-journal`];

/**
 * Replaces the live database with a backup, safely:
 * 1. the candidate is copied next to the database (same disk, so the final rename is atomic), checked
 *    by inspectBackupFile, then opened once with openDatabase — the same version check as every start,
 *    which also brings an older backup up to the current schema — and closed again;
 * 2. the current state is backed up (`before-restore-…`), so the restore can itself be undone;
 * 3. the live database is closed; if its WAL is still there another process (the CLI, a second
 *    window) has it open, and the restore stops with the current database reopened untouched;
 * 4. the candidate is renamed over the database file and the database reopened; if that fails the
 *    safety backup is put back.
 */
export async function restoreDatabase(live: LiveDatabase, backupsDir: string, source: RestoreSource, log: Logger): Promise<RestoreResult> {
  const staging = fs.mkdtempSync(path.join(live.dataDir, STAGING_PREFIX));
  try {
    const candidate = path.join(staging, DB_FILE_NAME);
    await source.writeTo(candidate);
    const { schemaVersion: found } = inspectBackupFile(candidate, source.displayName);
    try {
      await closeCompletely(await openDatabase(staging));
    } catch (error) {
      throw new AppError('invalid_input', `“${source.displayName}”无法打开或升级（${(error as Error).message}），不能用于恢复，未做任何更改。`);
    }
    for (const f of sideFiles(candidate)) fs.rmSync(f, { force: true });

    const safetyBackup = await writeBackup(live.current.raw, backupsDir, 'before-restore');
    log.info({ safetyBackup: path.basename(safetyBackup), source: source.displayName }, '恢复前已备份当前数据');

    await live.close();
    if (fs.existsSync(`${live.file}-wal`)) {
      await live.reopen();
      throw new AppError('conflict', '数据库正被另一处使用（例如另一个窗口、命令行或浏览器模式），不能恢复。请关闭其他使用同一数据目录的程序后重试；数据未改变。');
    }
    try {
      for (const f of sideFiles(live.file)) fs.rmSync(f, { force: true });
      fs.renameSync(candidate, live.file);
    } catch (error) {
      log.error({ err: error }, '替换数据库文件失败');
      await live.reopen();
      throw new AppError('conflict', `数据库文件被其他程序占用（如杀毒软件），无法替换（${(error as Error).message}）；数据未改变，请稍后重试。`);
    }
    try {
      await live.reopen();
    } catch (error) {
      log.error({ err: error }, '恢复后无法打开数据库，正在放回恢复前的数据');
      const back = path.join(staging, `back-${DB_FILE_NAME}`);
      fs.copyFileSync(safetyBackup, back);
      for (const f of sideFiles(live.file)) fs.rmSync(f, { force: true });
      fs.renameSync(back, live.file);
      await live.reopen();
      throw new AppError('internal', `恢复后无法打开数据库（${(error as Error).message}），已放回恢复前的数据。`);
    }
    return { safetyBackup, schemaVersion: live.current.schemaVersion, upgradedFrom: found < LATEST_SCHEMA_VERSION ? found : null };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!live.isOpen) await live.reopen().catch((e: unknown) => log.error({ err: e }, '恢复失败后重新打开数据库也失败'));
  }
}
