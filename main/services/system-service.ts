import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError, type FileDownload } from '../../shared/api/envelope';
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
 * written to `outFile` or returned as a download.
 */
export async function backupTo(ctx: ServiceContext, outFile: string): Promise<string> {
  const target = path.resolve(outFile);
  if (fs.existsSync(target)) throw new AppError('conflict', `文件“${target}”已存在，不会覆盖；请换一个文件名`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await vacuumInto(reader(ctx), target);
  return target;
}

export async function backupDownload(ctx: ServiceContext): Promise<FileDownload> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-backup-'));
  const fileName = `督导评估工作台备份-${timestampForFile()}.sqlite`;
  try {
    const file = await backupTo(ctx, path.join(dir, fileName));
    return { fileName, mimeType: 'application/vnd.sqlite3', contentBase64: fs.readFileSync(file).toString('base64') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
