/**
 * Atomic file writes for exports: the data goes to a temporary file in the same folder, then takes
 * the final name in one step, so a crash never leaves a half-written document under its real name.
 * Existing files are never overwritten unless the caller says so.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface WriteFileOptions {
  /** Replace an existing file. Without it an existing file is an error. */
  overwrite?: boolean;
}

export class FileExistsError extends Error {
  readonly code = 'EEXIST';
  constructor(readonly file: string) {
    super(`文件已存在：${file}。为避免覆盖，未写入；如需替换，请确认覆盖后重试。`);
    this.name = 'FileExistsError';
  }
}

const exists = async (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

export async function writeFileAtomic(file: string, data: Uint8Array, options: WriteFileOptions = {}): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  if (!options.overwrite && (await exists(target))) throw new FileExistsError(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await fs.rename(tmp, target);
    } else {
      // link() refuses an existing name, closing the gap between the check above and the rename.
      try {
        await fs.link(tmp, target);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new FileExistsError(target);
        // File systems without hard links (FAT/exFAT USB drives): fall back to check-then-rename.
        if (await exists(target)) throw new FileExistsError(target);
        await fs.rename(tmp, target);
      }
    }
  } catch (err) {
    if (err instanceof FileExistsError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`写入文件失败：${target}（${reason}）`, { cause: err });
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** A file name from a document title: characters Windows forbids are replaced, length capped. */
export function safeFileName(name: string, maxLength = 80): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what Windows file names forbid
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  return [...(cleaned || '未命名文档')].slice(0, maxLength).join('');
}
