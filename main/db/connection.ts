import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { AppError } from '../../shared/api/envelope';
import { MIGRATIONS, type Migration } from './migrations/registry';
import type { Database } from './schema';
import { processAlive } from '../system/process-alive';
import { backupToFile } from './maintenance/backup-files';

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
const BACKUP_DIR_NAME = 'backups';

/** How long a write waits for another process (the app, browser mode, the CLI) to finish its own. */
export const BUSY_TIMEOUT_MS = 5000;

/** What the user sees when another process still holds the write lock after the busy timeout. */
export const BUSY_MESSAGE = '数据正在被另一处使用，请稍后重试';

const POSIX = process.platform !== 'win32';
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

// ---------------------------------------------------------------------------------------------
// SQLite errors by result code (better-sqlite3 puts the extended code on `error.code`).
// ---------------------------------------------------------------------------------------------

function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

const hasCode = (code: string | null, base: string) => code !== null && (code === base || code.startsWith(`${base}_`));

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
}

/**
 * Turns the SQLite failures a user can act on into Chinese AppErrors, by result code (never by
 * message text): the lock still held after the busy timeout, a damaged file, a read-only file, a full
 * disk. Anything else is returned unchanged.
 */
export function translateSqliteError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = sqliteCode(error);
  if (code === null) return error;
  if (hasCode(code, 'SQLITE_BUSY')) return withCause(new AppError('conflict', BUSY_MESSAGE, { sqliteCode: code }), error);
  if (hasCode(code, 'SQLITE_CORRUPT') || hasCode(code, 'SQLITE_NOTADB')) {
    return withCause(new AppError('internal', '数据库文件已损坏，本次操作未能完成。请关闭程序后重新打开，程序会检查数据库并给出最近一份完好备份的位置。', { sqliteCode: code }), error);
  }
  if (hasCode(code, 'SQLITE_READONLY')) {
    return withCause(new AppError('forbidden', '数据库文件当前是只读的（或没有写入权限），修改未能保存。请检查数据目录及其中文件的权限后重试。', { sqliteCode: code }), error);
  }
  if (hasCode(code, 'SQLITE_FULL')) return withCause(new AppError('internal', '磁盘空间已满，修改未能保存。请清理磁盘后重试。', { sqliteCode: code }), error);
  return error;
}

// ---------------------------------------------------------------------------------------------
// Kysely driver: write transactions begin IMMEDIATE; SQLite errors are translated.
// ---------------------------------------------------------------------------------------------

/** Kysely's connection with every SQLite error passed through {@link translateSqliteError}. */
class TranslatingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(compiledQuery, chunkSize);
    } catch (error) {
      throw translateSqliteError(error);
    }
  }
}

/**
 * Wraps Kysely's SqliteDriver. Its `beginTransaction` issues a plain (deferred) BEGIN: under WAL a
 * deferred transaction that read first cannot upgrade to a write while another process writes, and
 * fails at once with SQLITE_BUSY — the busy timeout never gets a chance. BEGIN IMMEDIATE takes the
 * write lock up front, waiting up to the busy timeout for it. A rollback after SQLite has already
 * rolled back on its own is skipped, so it cannot mask the original error.
 */
class ImmediateTransactionDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, TranslatingConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly raw: BetterSqlite3.Database,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = new TranslatingConnection(connection);
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // A declared read-only transaction needs no write lock; everything else may write.
    await connection.executeQuery(CompiledQuery.raw(settings.accessMode === 'read only' ? 'begin deferred' : 'begin immediate'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.raw.open || !this.raw.inTransaction) return;
    await this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint!(connection, name, compileQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compileQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection instanceof TranslatingConnection ? connection.inner : connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Kysely's SqliteDialect whose every `db.transaction()` begins IMMEDIATE and whose SQLite errors are translated. */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: BetterSqlite3.Database) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(super.createDriver(), this.raw);
  }
}

/** A Kysely handle on an open better-sqlite3 database, with IMMEDIATE write transactions and Chinese lock errors. */
export function createKysely(raw: BetterSqlite3.Database): Db {
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(raw) });
}

// ---------------------------------------------------------------------------------------------
// Damaged, empty, truncated or read-only files: refused with a Chinese message.
// ---------------------------------------------------------------------------------------------

/** Why a database file was refused at start. */
export type DatabaseProblem = 'empty' | 'garbage' | 'truncated' | 'corrupt' | 'readonly' | 'newer';

/** A whole backup file in `backups/`, as named in a refusal message. */
export interface BackupCandidate {
  file: string;
  modified: Date;
  schemaVersion: number;
}

/** The data directory's database cannot be used as it is; the message says why and where the latest good backup is. */
export class DatabaseOpenError extends AppError {
  constructor(
    readonly problem: DatabaseProblem,
    readonly file: string,
    readonly latestBackup: BackupCandidate | null,
    message: string,
  ) {
    super('unsupported', message, { problem, file, latestBackup: latestBackup?.file ?? null });
    this.name = 'DatabaseOpenError';
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

interface HeaderCheck {
  ok: boolean;
  problem?: 'garbage' | 'truncated';
  /** Bytes the header says the file has (when it says so reliably). */
  expectedBytes?: number;
  userVersion?: number;
}

/** Reads the 100-byte SQLite header: magic string, page size, and (when valid) the page count against the file size. */
function checkHeader(file: string, size: number, allowShortFile: boolean): HeaderCheck {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  const magicBytes = Math.min(read, SQLITE_MAGIC.length);
  if (!header.subarray(0, magicBytes).equals(SQLITE_MAGIC.subarray(0, magicBytes))) return { ok: false, problem: 'garbage' };
  if (read < HEADER_BYTES) return { ok: false, problem: 'truncated', expectedBytes: undefined };
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { ok: false, problem: 'garbage' };
  const userVersion = header.readInt32BE(60);
  const changeCounter = header.readUInt32BE(24);
  const validFor = header.readUInt32BE(92);
  const pageCount = header.readUInt32BE(28);
  // The in-header size is reliable only when written by SQLite 3.7+ in the same transaction.
  if (validFor === changeCounter && pageCount > 0) {
    const expectedBytes = pageCount * pageSize;
    if (size < expectedBytes && !allowShortFile) return { ok: false, problem: 'truncated', expectedBytes, userVersion };
    return { ok: true, expectedBytes, userVersion };
  }
  if (size % pageSize !== 0 && !allowShortFile) return { ok: false, problem: 'truncated', userVersion };
  return { ok: true, userVersion };
}

const fileSize = (file: string): number | null => {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
};

function formatTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The newest backup in `<dataDir>/backups` that is whole: a SQLite header, the size the header
 * promises, a schema version this program can open. Checked from the header only, so looking never
 * creates -wal/-shm files beside a backup. Temporary files of an unfinished backup are ignored.
 */
export function latestGoodBackup(dataDir: string, latestVersion = MIGRATIONS[MIGRATIONS.length - 1].version): BackupCandidate | null {
  const dir = path.join(dataDir, BACKUP_DIR_NAME);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const candidates = names
    .filter((n) => /\.(sqlite|sqlite3|db)$/i.test(n))
    .map((n) => {
      try {
        const st = fs.statSync(path.join(dir, n));
        return st.isFile() && st.size > 0 ? { file: path.join(dir, n), modified: st.mtime, size: st.size } : null;
      } catch {
        return null;
      }
    })
    .filter((c): c is { file: string; modified: Date; size: number } => c !== null)
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
  for (const c of candidates.slice(0, 50)) {
    try {
      const h = checkHeader(c.file, c.size, false);
      if (h.ok && (h.userVersion ?? 0) <= latestVersion) return { file: c.file, modified: c.modified, schemaVersion: h.userVersion ?? 0 };
    } catch {
      // unreadable: not a candidate
    }
  }
  return null;
}

function backupAdvice(dataDir: string, file: string, latestVersion: number): { text: string; backup: BackupCandidate | null } {
  const backup = latestGoodBackup(dataDir, latestVersion);
  const name = path.basename(file);
  if (!backup) {
    return {
      backup,
      text: `备份文件夹“${path.join(dataDir, BACKUP_DIR_NAME)}”中没有可用的备份。请不要删除这个文件，把它交给技术支持人员尝试修复；如确定不再需要其中的数据，可把它移走，程序下次启动时会新建一个空数据库。`,
    };
  }
  return {
    backup,
    text:
      `最近一份完好的备份是“${backup.file}”（${formatTime(backup.modified)}）。恢复方法：关闭本程序，把“${name}”以及同名的“${name}-wal”“${name}-shm”文件（如有）移到别处保留，` +
      `再把这份备份复制到数据目录“${dataDir}”并改名为“${name}”；备份之后的修改需要重新录入。`,
  };
}

function damaged(problem: Exclude<DatabaseProblem, 'readonly' | 'newer'>, dataDir: string, file: string, latestVersion: number, detail = ''): DatabaseOpenError {
  const what: Record<typeof problem, string> = {
    empty: `数据库文件“${file}”是空的（0 字节），里面没有任何数据，可能是写入时断电、磁盘已满或被其他程序清空。为了不用一个空数据库掩盖问题，程序没有打开它。`,
    garbage: `数据库文件“${file}”不是有效的数据库文件（文件开头已损坏或被其他内容覆盖）。程序没有打开它。`,
    truncated: `数据库文件“${file}”不完整${detail}，可能在复制、同步或写入时被截断。程序没有打开它。`,
    corrupt: `数据库文件“${file}”已损坏（完整性检查未通过${detail}）。为避免损坏扩大，程序没有打开它。`,
  };
  const advice = backupAdvice(dataDir, file, latestVersion);
  return new DatabaseOpenError(problem, file, advice.backup, `${what[problem]}${advice.text}`);
}

function readOnly(file: string, target: 'file' | 'dir'): DatabaseOpenError {
  const where = target === 'file' ? `数据库文件“${file}”是只读的（或当前用户没有写入权限）` : `数据目录“${path.dirname(file)}”不可写（当前用户没有写入权限）`;
  return new DatabaseOpenError(
    'readonly',
    file,
    null,
    `${where}，程序无法保存任何修改，因此没有打开它。文件中的数据没有问题：请在文件属性中取消“只读”，或请管理员恢复该文件和文件夹的写入权限后重试。`,
  );
}

/** Writable for this process? fs.access honours the read-only attribute on Windows and the mode bits elsewhere. */
const writable = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Looks at an existing database file before SQLite does, so that a 0-byte, foreign, truncated or
 * read-only file is refused instead of being turned into a new empty database or failing later.
 * Returns whether a database file already exists.
 */
function inspectExisting(dataDir: string, file: string, latestVersion: number): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      if (!writable(dataDir)) throw readOnly(file, 'dir');
      return false;
    }
    throw e;
  }
  if (!st.isFile()) throw damaged('garbage', dataDir, file, latestVersion);
  if (st.size === 0) throw damaged('empty', dataDir, file, latestVersion);
  // Pages not yet checkpointed live in the -wal file; the main file may then be shorter than its header says.
  const walBytes = fileSize(`${file}-wal`) ?? 0;
  const header = checkHeader(file, st.size, walBytes > 0);
  if (!header.ok) {
    const detail = header.expectedBytes ? `（按文件头应有 ${header.expectedBytes} 字节，实际只有 ${st.size} 字节）` : `（只有 ${st.size} 字节）`;
    throw damaged(header.problem!, dataDir, file, latestVersion, header.problem === 'truncated' ? detail : '');
  }
  if (!writable(file)) throw readOnly(file, 'file');
  if (!writable(dataDir)) throw readOnly(file, 'dir');
  return true;
}

/** Full structural check of an existing file (PRAGMA quick_check: every page and index entry, without comparing index contents). */
function checkIntegrity(raw: BetterSqlite3.Database, dataDir: string, file: string, latestVersion: number): void {
  const rows = raw.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
  if (problems.length > 0) throw damaged('corrupt', dataDir, file, latestVersion, `：${problems.slice(0, 3).join('；')}`);
}

/** A SQLite failure while opening, as the matching Chinese refusal (by result code). */
function openFailure(error: unknown, dataDir: string, file: string, latestVersion: number): unknown {
  if (error instanceof AppError) return error;
  const code = sqliteCode(error);
  if (hasCode(code, 'SQLITE_NOTADB')) return withCause(damaged('garbage', dataDir, file, latestVersion), error);
  if (hasCode(code, 'SQLITE_CORRUPT')) return withCause(damaged('corrupt', dataDir, file, latestVersion), error);
  if (hasCode(code, 'SQLITE_READONLY') || hasCode(code, 'SQLITE_CANTOPEN')) return withCause(readOnly(file, writable(file) ? 'dir' : 'file'), error);
  return translateSqliteError(error);
}

// ---------------------------------------------------------------------------------------------
// Private files on Linux and macOS.
// ---------------------------------------------------------------------------------------------

const ownedByMe = (st: fs.Stats) => typeof process.getuid !== 'function' || st.uid === process.getuid();

/**
 * Creates `dir` (and missing parents) readable by its owner only (0700) on Linux and macOS, and
 * tightens an existing one that this user owns. Windows keeps the ACLs of the user's profile.
 */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!POSIX) return;
  try {
    const st = fs.statSync(dir);
    if (ownedByMe(st) && (st.mode & 0o077) !== 0) fs.chmodSync(dir, PRIVATE_DIR_MODE);
  } catch {
    // not ours to change: the data stays where the user put it
  }
}

/** Makes existing files readable and writable by their owner only (0600) on Linux and macOS. */
export function makePrivateFiles(...files: string[]): void {
  if (!POSIX) return;
  for (const f of files) {
    try {
      const st = fs.statSync(f);
      if (ownedByMe(st) && (st.mode & 0o077) !== 0) fs.chmodSync(f, PRIVATE_FILE_MODE);
    } catch {
      // absent (no -wal yet) or not ours
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pre-migration backup: a temporary name first, the final name only when complete.
// ---------------------------------------------------------------------------------------------

// `<final name>.<pid>.partial` (+ SQLite's side files): the same suffix the automatic backups use.
const TEMP_BACKUP = /^(.+)\.(\d+)\.partial(-journal|-wal|-shm)?$/;


/** Removes unfinished backups left by a process that crashed (its pid is gone, or the file is a day old). */
export function sweepUnfinishedBackups(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_BACKUP.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    try {
      const age = now - fs.statSync(full).mtimeMs;
      if (!processAlive(Number(m[2])) || age > 24 * 3600_000) {
        fs.rmSync(full, { force: true });
        removed.push(full);
      }
    } catch {
      // gone already, or locked: try again next time
    }
  }
  return removed;
}

function fsyncDir(dir: string): void {
  if (!POSIX) return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort: the rename itself is atomic
  }
}

/**
 * Copies the database with SQLite's online backup into `backups/` under a temporary name and gives
 * it its final name only once complete, so a crash part-way never leaves a file that looks like a
 * valid backup.
 */
async function backupBeforeMigration(raw: BetterSqlite3.Database, dataDir: string, version: number): Promise<string> {
  const dir = path.join(dataDir, BACKUP_DIR_NAME);
  makePrivateDir(dir);
  const finalFile = path.join(dir, `before-migration-v${version}-${timestampForFile()}.sqlite`);
  await backupToFile(raw, finalFile);
  fsyncDir(dir);
  return finalFile;
}

// ---------------------------------------------------------------------------------------------
// Opening.
// ---------------------------------------------------------------------------------------------

/**
 * Opens (creating if needed) the database in a data directory and brings it to the latest schema.
 * An existing file is checked first (0 bytes, not a database, truncated, damaged, read-only: refused
 * with a Chinese message naming the latest good backup) and backed up with SQLite's online backup
 * before any migration touches it; a file written by a newer release is refused rather than risked.
 * The directory is created private to the user (0700, files 0600) on Linux and macOS.
 */
export async function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Promise<OpenedDatabase> {
  const latest = migrations[migrations.length - 1].version;
  makePrivateDir(dataDir);
  const file = path.join(dataDir, DB_FILE_NAME);
  const existed = inspectExisting(dataDir, file, latest);
  sweepUnfinishedBackups(path.join(dataDir, BACKUP_DIR_NAME));
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file);
  } catch (error) {
    throw openFailure(error, dataDir, file, latest);
  }
  try {
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (existed) checkIntegrity(raw, dataDir, file, latest);
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
    makePrivateFiles(file, `${file}-wal`, `${file}-shm`);
    const current = raw.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new DatabaseOpenError(
        'newer',
        file,
        null,
        `数据库文件“${file}”由更新版本的督导评估工作台创建（结构版本 ${current}），当前程序只支持到版本 ${latest}。为保护数据，程序不会打开它，请先升级程序。`,
      );
    }
    let backupFile: string | null = null;
    const pending = migrations.filter((m) => m.version > current);
    if (existed && current > 0 && pending.length > 0) backupFile = await backupBeforeMigration(raw, dataDir, current);
    const db = createKysely(raw);
    for (const migration of pending) {
      // One transaction per migration: a failed step leaves the file at the previous version. Another
      // process opening the same directory at the same moment may have applied it already.
      await db.transaction().execute(async (trx) => {
        const now = (await sql<{ user_version: number }>`PRAGMA user_version`.execute(trx)).rows[0].user_version;
        if (now >= migration.version) return;
        await migration.up(trx);
        await sql.raw(`PRAGMA user_version = ${migration.version}`).execute(trx);
      });
    }
    makePrivateFiles(`${file}-wal`, `${file}-shm`);
    return {
      db,
      raw,
      file,
      schemaVersion: latest,
      backupFile,
      close: async () => {
        await db.destroy();
        // Kysely closes the connection only if it ever opened it (a query ran); close the file either way.
        if (raw.open) raw.close();
      },
    };
  } catch (error) {
    if (raw.open) raw.close();
    throw openFailure(error, dataDir, file, latest);
  }
}

/** Local date and time as `YYYYMMDD-HHMMSS`, for file and folder names. */
export function timestampForFile(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}
