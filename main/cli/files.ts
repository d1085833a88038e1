import fs from 'node:fs';
import path from 'node:path';
import type { FileRef, FileResult } from '../../shared/api/envelope';
import { copyFileAtomic, FileExistsError } from '../documents/write-file';
import { MAX_STAGED_BYTES, type FileRefs } from '../files/file-refs';
import { CliError } from './cli-types';

/** Largest file the CLI hands to an import: the same 50 MB the import services accept. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** How large an input file may be, and what to tell the user (Chinese, after “文件“…”有 N MB，”) when it is larger. */
export interface InputLimit {
  maxBytes: number;
  tooLarge: (max: string) => string;
}

/** Imports (workbooks, CSV): the services read these whole, so the CLI refuses more up front. */
export const IMPORT_LIMIT: InputLimit = { maxBytes: MAX_UPLOAD_BYTES, tooLarge: (max) => `超过导入上限 ${max}，请拆分后再导入` };

/**
 * A backup to restore: copied as a stream, never read whole, so only the same ceiling as an upload
 * in the window applies (the 50 MB of imports was a limit of carrying contents in the request).
 */
export const BACKUP_LIMIT: InputLimit = { maxBytes: MAX_STAGED_BYTES, tooLarge: (max) => `超过可恢复的上限 ${max}` };

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/**
 * Hands a file named on the command line to the core by reference: its type and size are checked
 * (stat) first, so a folder, a device or a file over the limit is refused at once in Chinese and no
 * byte of it is read here; the core then reads it in place (stopping, too, once past its own limit,
 * so a file growing meanwhile cannot slip past).
 */
export async function stageInput(files: FileRefs, file: string, limit: InputLimit = IMPORT_LIMIT): Promise<FileRef> {
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
  if (st.size > limit.maxBytes) throw new CliError(`文件“${full}”有 ${megabytes(st.size)}，${limit.tooLarge(megabytes(limit.maxBytes))}`);
  const staged = await files.registerPath(full);
  return { ref: staged.ref };
}

/**
 * Copies a file the core wrote (`result`, by reference) to `out` as a stream through the documents'
 * atomic writer (temp file, then an exclusive link/rename), so the CLI never leaves a half-written
 * file and never overwrites without `force`; `existsExitCode` lets each command keep its documented
 * exit code for "file exists".
 */
export async function copyResult(files: FileRefs, result: FileResult, out: string, force: boolean, existsExitCode = 1): Promise<string> {
  const source = files.download(result.ref).path;
  const full = path.resolve(out);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  try {
    await copyFileAtomic(source, full, { overwrite: force });
  } catch (e) {
    if (e instanceof FileExistsError) throw new CliError(`文件“${full}”已存在；如要覆盖请加 --force`, existsExitCode);
    throw e;
  }
  // Copied: what the core wrote only for this command goes now, not at a later start.
  await files.release(result.ref);
  return full;
}
