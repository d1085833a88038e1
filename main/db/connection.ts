import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { AppError } from '../../shared/api/envelope';
import { MIGRATIONS, type Migration } from './migrations/registry';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  raw: BetterSqlite3.Database;
  file: string;
  schemaVersion: number;
  /** Path of the pre-migration backup, when one was made. */
  backupFile: string | null;
  close(): Promise<void>;
}

export const DB_FILE_NAME = 'supervision-desk.sqlite';

/**
 * Opens (creating if needed) the database in a data directory and brings it to the latest schema.
 * An existing file is backed up with SQLite's online backup before any migration touches it, and a
 * file written by a newer release is refused rather than risked.
 */
export async function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Promise<OpenedDatabase> {
  const latest = migrations[migrations.length - 1].version;
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE_NAME);
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const raw = new BetterSqlite3(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('synchronous = NORMAL');
    const current = raw.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new AppError(
        'unsupported',
        `数据库文件“${file}”由更新版本的督导评估工作台创建（结构版本 ${current}），当前程序只支持到版本 ${latest}。为保护数据，程序不会打开它，请先升级程序。`,
      );
    }
    let backupFile: string | null = null;
    const pending = migrations.filter((m) => m.version > current);
    if (existed && current > 0 && pending.length > 0) {
      const dir = path.join(dataDir, 'backups');
      fs.mkdirSync(dir, { recursive: true });
      backupFile = path.join(dir, `before-migration-v${current}-${timestampForFile()}.sqlite`);
      await raw.backup(backupFile);
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    for (const migration of pending) {
      // One transaction per migration: a failed step leaves the file at the previous version.
      await db.transaction().execute(async (trx) => {
        await migration.up(trx);
        await sql.raw(`PRAGMA user_version = ${migration.version}`).execute(trx);
      });
    }
    return {
      db,
      raw,
      file,
      schemaVersion: latest,
      backupFile,
      close: async () => {
        await db.destroy();
      },
    };
  } catch (error) {
    if (raw.open) raw.close();
    throw error;
  }
}

export function timestampForFile(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}
