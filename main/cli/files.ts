import fs from 'node:fs';
import path from 'node:path';
import type { FileDownload, FilePayload } from '../../shared/api/envelope';
import { CliError } from './cli-types';

export function readUpload(file: string): FilePayload {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliError(`找不到文件“${full}”`);
  return { fileName: path.basename(full), contentBase64: fs.readFileSync(full).toString('base64') };
}

/** Writes atomically (temp file, then rename) and never overwrites without --force. */
export function writeDownload(download: FileDownload, out: string, force: boolean): string {
  const full = path.resolve(out);
  if (fs.existsSync(full) && !force) throw new CliError(`文件“${full}”已存在；如要覆盖请加 --force`);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const tmp = `${full}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(download.contentBase64, 'base64'));
  fs.renameSync(tmp, full);
  return full;
}
