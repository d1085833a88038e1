import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type FileResult } from '../../shared/api/envelope';
import { timestampForFile } from '../db/connection';
import { vacuumInto } from '../db/maintenance/backup';
import { listAudit } from '../db/repositories/audit-repo';
import { reader, type ServiceContext } from './context';

export const APP_VERSION = '0.1.0';

export function appInfo(ctx: ServiceContext) {
  return { version: APP_VERSION, dataDir: ctx.dataDir, schemaVersion: ctx.schemaVersion, mode: ctx.mode };
}

/** Audit entries in stored form, newest first (`audit.list`); the page reads `audit.query`. */
export function auditList(ctx: ServiceContext, limit: number, entity?: string) {
  return listAudit(reader(ctx), limit, entity);
}

/**
 * A consistent copy of the live database (VACUUM INTO works while the WAL holds pending pages),
 * written to `outFile`; refuses an existing file.
 */
export async function backupTo(ctx: ServiceContext, outFile: string): Promise<string> {
  const target = path.resolve(outFile);
  if (fs.existsSync(target)) throw new AppError('conflict', `文件“${target}”已存在，不会覆盖；请换一个文件名`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await vacuumInto(reader(ctx), target);
  return target;
}

/**
 * `backup.create`: a consistent copy of the database, published by reference for the door to fetch.
 * The copy is written once, into a fresh folder under the data directory's outgoing files, and
 * published where it lies — a database may be large, so it is streamed (hashed, served, copied by
 * the CLI), never read whole. Like every outgoing file it is swept at a later start.
 */
export async function backupDownload(ctx: ServiceContext): Promise<FileResult> {
  // Beside the results FileRefs writes (tmp/outgoing/<folder>/<name>), so its start-up sweep removes it.
  const dir = path.join(ctx.dataDir, 'tmp', 'outgoing', `backup-${randomBytes(8).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileName = `督导评估工作台备份-${timestampForFile()}.sqlite`;
  try {
    const file = await backupTo(ctx, path.join(dir, fileName));
    return await ctx.files.publishFile(file, 'application/vnd.sqlite3', fileName, { owned: true });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
