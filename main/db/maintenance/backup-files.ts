import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { BackupFile, BackupKind } from '../../../shared/api/contracts/system';

/** Folder under the data directory that holds every backup the app makes (automatic, before restore, before migration). */
export const BACKUP_DIR_NAME = 'backups';
/**
 * A backup being written is `<final name>.<pid>.partial`: never listed, and removed on the next open
 * of the database once its process is gone (sweepUnfinishedBackups in ../connection.ts, which uses the
 * same convention for the pre-migration backup).
 */
export const partialName = (final: string) => `${final}.${process.pid}.partial`;

/** The kinds the app writes itself (pre-migration backups are written by main/db/connection.ts). */
export type WrittenKind = Extract<BackupKind, 'auto' | 'manual' | 'before-restore'>;

const SQLITE_MAGIC = 'SQLite format 3\0';
const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

/** `auto-20261129-101530-123.sqlite`: kind, local date and time to the millisecond, so names sort by time. */
export function backupFileName(kind: WrittenKind, at: Date): string {
  const day = `${at.getFullYear()}${p2(at.getMonth() + 1)}${p2(at.getDate())}`;
  const time = `${p2(at.getHours())}${p2(at.getMinutes())}${p2(at.getSeconds())}-${p3(at.getMilliseconds())}`;
  return `${kind}-${day}-${time}.sqlite`;
}

const NAME_PATTERNS: { kind: BackupKind; re: RegExp }[] = [
  { kind: 'auto', re: /^auto-(\d{8})-(\d{6})(?:-(\d{3}))?(?:-\d+)?\.sqlite$/ },
  { kind: 'manual', re: /^manual-(\d{8})-(\d{6})(?:-(\d{3}))?(?:-\d+)?\.sqlite$/ },
  { kind: 'before-restore', re: /^before-restore-(\d{8})-(\d{6})(?:-(\d{3}))?(?:-\d+)?\.sqlite$/ },
  { kind: 'before-migration', re: /^before-migration-v\d+-(\d{8})-(\d{6})(?:-(\d{3}))?\.sqlite$/ },
];

/** The kind and local time a backup's name states, or null for a name the app did not make. */
export function parseBackupName(name: string): { kind: BackupKind; at: Date } | null {
  for (const { kind, re } of NAME_PATTERNS) {
    const m = re.exec(name);
    if (!m) continue;
    const [d, t, ms] = [m[1], m[2], m[3] ?? '0'];
    const at = new Date(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6), +ms);
    if (!Number.isNaN(at.getTime())) return { kind, at };
  }
  return null;
}

/**
 * The first 100 bytes of a file as SQLite reads them: whether it is an SQLite database at all and the
 * schema version (`PRAGMA user_version`, bytes 60–63) — without opening it, so listing never locks a file.
 */
export function readSqliteHeader(file: string): { isSqlite: boolean; userVersion: number | null } {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return { isSqlite: false, userVersion: null };
    return { isSqlite: true, userVersion: header.readUInt32BE(60) };
  } catch {
    return { isSqlite: false, userVersion: null };
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Every `.sqlite` file in the backups folder, newest first, with its kind, time, size and schema version. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: (BackupFile & { time: number })[] = [];
  for (const name of names) {
    if (!name.endsWith('.sqlite')) continue;
    const full = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const parsed = parseBackupName(name);
    const at = parsed?.at ?? stat.mtime;
    out.push({
      name,
      kind: parsed?.kind ?? 'other',
      createdAt: at.toISOString(),
      size: stat.size,
      schemaVersion: readSqliteHeader(full).userVersion,
      time: at.getTime(),
    });
  }
  return out.sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : -1)).map(({ time: _t, ...b }) => b);
}

/**
 * Writes a backup of the open database with SQLite's online backup API (consistent while the app
 * keeps working) under a temporary name, flushes it to disk and only then gives it its final name:
 * a crash never leaves a half-written file that looks like a backup. Returns the final path.
 */
export async function writeBackup(raw: BetterSqlite3.Database, dir: string, kind: WrittenKind, at = new Date(), onProgress?: BackupProgress, finish?: FinishCopy): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let name = backupFileName(kind, at);
  for (let n = 2; fs.existsSync(path.join(dir, name)); n++) name = backupFileName(kind, at).replace(/\.sqlite$/, `-${n}.sqlite`);
  const final = path.join(dir, name);
  await backupToFile(raw, final, onProgress, finish);
  return final;
}

/** Last changes to a finished copy before it is flushed and named (given the copy and its final path). */
export type FinishCopy = (copy: string, final: string) => void;

/**
 * Told after each step of a backup (pages of the database file); throwing stops the backup, and the
 * partial file is removed (a cancelled job).
 */
export type BackupProgress = (p: { totalPages: number; remainingPages: number }) => void;

/**
 * The one way a backup file is written (automatic, before a migration, before a restore): SQLite's
 * online backup into `<final>.<pid>.partial`, private to the user, flushed to disk, then renamed to
 * `final`. A crash part-way leaves only the .partial file, which the next start sweeps.
 */
export async function backupToFile(raw: BetterSqlite3.Database, final: string, onProgress?: BackupProgress, finish?: FinishCopy): Promise<void> {
  const partial = partialName(final);
  try {
    // The backup API copies in steps between turns of the event loop; the callback sees each step.
    // 256 pages (1 MB at 4 KB pages) per step: short enough that the window's calls get their turn.
    await raw.backup(
      partial,
      onProgress
        ? {
            progress: (p) => {
              onProgress(p);
              return 256;
            },
          }
        : undefined,
    );
    finish?.(partial, final);
    if (process.platform !== 'win32') fs.chmodSync(partial, 0o600);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, final);
  } catch (error) {
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // the next start sweeps it
    }
    throw error;
  }
}

/** Deletes all but the newest `keep` backups of one kind; returns the names deleted. Other kinds are never touched. */
export function pruneBackups(dir: string, kind: WrittenKind, keep: number): string[] {
  const ofKind = listBackups(dir).filter((b) => b.kind === kind);
  const removed: string[] = [];
  for (const b of ofKind.slice(Math.max(1, keep))) {
    try {
      fs.rmSync(path.join(dir, b.name), { force: true });
      removed.push(b.name);
    } catch {
      // locked (e.g. being copied by the user); it goes next time
    }
  }
  return removed;
}
