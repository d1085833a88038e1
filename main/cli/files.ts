import fs from 'node:fs';
import path from 'node:path';
import type { FileDownload, FilePayload } from '../../shared/api/envelope';
import { FileExistsError, writeFileAtomic } from '../documents/write-file';
import { CliError } from './cli-types';

/** Largest file the CLI hands to an import: the same 50 MB the import services accept. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/**
 * Reads a file for an import. Its type and size are checked (stat) before a byte is read, so a
 * folder, a device or a file over the limit is refused at once in Chinese instead of being read and
 * encoded whole; the read itself stops as soon as the limit is passed, so a file growing meanwhile cannot slip past.
 */
export function readUpload(file: string, maxBytes = MAX_UPLOAD_BYTES): FilePayload {
  const full = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`找不到文件“${full}”`);
    throw new CliError(`无法读取文件“${full}”（${code ?? (e as Error).message}）`);
  }
  if (!st.isFile()) throw new CliError(`“${full}”不是文件${st.isDirectory() ? '，而是文件夹' : ''}，请给出要导入的文件`);
  const tooLarge = (size: number) => new CliError(`文件“${full}”有 ${megabytes(size)}，超过导入上限 ${megabytes(maxBytes)}，请拆分后再导入`);
  if (st.size > maxBytes) throw tooLarge(st.size);
  let fd: number;
  try {
    fd = fs.openSync(full, 'r');
  } catch (e) {
    throw new CliError(`无法读取文件“${full}”（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
  }
  try {
    // Read to the end in chunks, stopping as soon as the limit is passed (the file may grow meanwhile).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(total);
    }
    return { fileName: path.basename(full), contentBase64: Buffer.concat(chunks, total).toString('base64') };
  } finally {
    fs.closeSync(fd);
  }
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
