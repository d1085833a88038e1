import fs from 'node:fs';
import path from 'node:path';
import type { FileDownload, FilePayload } from '../../shared/api/envelope';
import { FileExistsError, writeFileAtomic } from '../documents/write-file';
import { CliError } from './cli-types';

export function readUpload(file: string): FilePayload {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliError(`找不到文件“${full}”`);
  return { fileName: path.basename(full), contentBase64: fs.readFileSync(full).toString('base64') };
}

/**
 * Writes bytes through the documents' atomic writer (temp file, then an exclusive link/rename), so
 * the CLI never leaves a half-written file and never overwrites without --force; `existsExitCode`
 * lets each command keep its documented exit code for "file exists".
 */
export async function writeOutputFile(file: string, data: Uint8Array, force: boolean, existsExitCode = 1): Promise<string> {
  const full = path.resolve(file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  try {
    await writeFileAtomic(full, data, { overwrite: force });
  } catch (e) {
    if (e instanceof FileExistsError) throw new CliError(`文件“${full}”已存在；如要覆盖请加 --force`, existsExitCode);
    throw e;
  }
  return full;
}

export function writeDownload(download: FileDownload, out: string, force: boolean): Promise<string> {
  return writeOutputFile(out, Buffer.from(download.contentBase64, 'base64'), force);
}
