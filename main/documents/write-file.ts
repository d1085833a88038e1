/**
 * Atomic file writes for exports: the data goes to a temporary file in the same folder, then takes
 * the final name in one step, so a crash never leaves a half-written document under its real name.
 * Existing files are never overwritten unless the caller says so. Temporary files left by a process
 * that crashed are swept the first time this process writes into a folder (and on start, under the
 * data directory's exports).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../system/process-alive';

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

/** Longest file name (one path component) that NTFS, ext4 and APFS all accept, in UTF-8 bytes. */
export const MAX_FILE_NAME_BYTES = 255;

// `.~desk-<pid>-<8 hex>.tmp`: short whatever the target's name, so a long title can never make the
// temporary name too long; the prefix is what the sweep recognises.
const TEMP_PATTERN = /^\.~desk-(\d+)-[0-9a-f]{8}\.tmp$/;
// The form earlier versions used: `.<target name>.<pid>.<8 hex>.tmp`.
const LEGACY_TEMP_PATTERN = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** A temporary file of a live process is left alone unless it is this old. */
const STALE_TEMP_MS = 24 * 3600_000;
/** …and one of a process that is gone, once it is this old (another machine may share the folder). */
const ORPHAN_TEMP_MS = 60_000;

const exists = async (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );


/**
 * Removes temporary files that an interrupted write left in `dir` (not recursive): those of a process
 * that no longer runs once a minute old, and any older than a day. Returns the removed paths; a file
 * that cannot be removed now is left for next time.
 */
export async function sweepTempFiles(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name) ?? LEGACY_TEMP_PATTERN.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    try {
      const st = await fs.lstat(full);
      if (!st.isFile()) continue;
      const age = now - st.mtimeMs;
      const pid = Number(m[1]);
      if (age > STALE_TEMP_MS || (age > ORPHAN_TEMP_MS && !processAlive(pid))) {
        await fs.rm(full, { force: true });
        removed.push(full);
      }
    } catch {
      // gone meanwhile, or locked: next time
    }
  }
  return removed;
}

/** Sweeps `dir` and the folders below it, `depth` levels deep (start-up clean-up of the exports folder). */
export async function sweepTempFilesUnder(dir: string, depth = 3, now = Date.now()): Promise<string[]> {
  const removed = await sweepTempFiles(dir, now);
  if (depth <= 0) return removed;
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (e.isDirectory()) removed.push(...(await sweepTempFilesUnder(path.join(dir, e.name), depth - 1, now)));
  }
  return removed;
}

const sweptDirs = new Set<string>();

/** Sweeps a folder the first time this process writes into it. */
async function sweepOnce(dir: string): Promise<void> {
  if (sweptDirs.has(dir)) return;
  sweptDirs.add(dir);
  await sweepTempFiles(dir).catch(() => undefined);
}

/** Removes a temporary file without ever replacing the error the caller is already reporting. */
async function removeQuietly(file: string): Promise<void> {
  try {
    await fs.rm(file, { force: true });
  } catch {
    // the sweep removes it later
  }
}

/**
 * Writes `data` to `file` atomically (temporary file, fsync, then an exclusive link or a rename).
 * Refuses a name longer than 255 UTF-8 bytes before creating anything, and an existing file unless
 * `overwrite` is set. A failure is reported with the target's name and the original reason.
 */
export async function writeFileAtomic(file: string, data: Uint8Array, options: WriteFileOptions = {}): Promise<void> {
  await placeAtomic(file, options, (handle) => handle.writeFile(data));
}

/**
 * Copies the file `source` to `file` atomically, like writeFileAtomic, reading it as a stream so a
 * large file (a database backup) is never held in memory whole.
 */
export async function copyFileAtomic(source: string, file: string, options: WriteFileOptions = {}): Promise<void> {
  await placeAtomic(file, options, async (handle) => {
    for await (const chunk of createReadStream(source) as AsyncIterable<Buffer>) {
      // write() may take less than the whole chunk; carry on from where it stopped.
      for (let at = 0; at < chunk.length; ) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
    }
  });
}

/** The temporary file, fsync and exclusive link/rename shared by writeFileAtomic and copyFileAtomic; `fill` writes the content. */
async function placeAtomic(file: string, options: WriteFileOptions, fill: (handle: fs.FileHandle) => Promise<unknown>): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const nameBytes = Buffer.byteLength(path.basename(target), 'utf8');
  if (nameBytes > MAX_FILE_NAME_BYTES) {
    throw new Error(`写入文件失败：文件名过长（${nameBytes} 字节，最多 ${MAX_FILE_NAME_BYTES} 字节）：${path.basename(target)}`);
  }
  if (!options.overwrite && (await exists(target))) throw new FileExistsError(target);
  await sweepOnce(dir);
  const tmp = path.join(dir, `.~desk-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await fill(handle);
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
    await removeQuietly(tmp);
  }
}

// Windows device names, reserved with any extension and any case (CON, con.txt, LPT1.备份.docx);
// the superscript digits are reserved too.
const RESERVED_DEVICE = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
// C0 and C1 control characters: never valid in a Windows name, and they confuse every listing.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and isolates (which can make “报告‮xcod.exe” look like “报告exe.docx”),
// zero-width characters and the byte-order mark: invisible, so dropped.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/**
 * A file name (without extension) from a document title, valid on Windows, Linux and macOS:
 * characters Windows forbids and control characters become “_”, bidirectional and other invisible
 * characters are dropped, trailing dots and spaces removed, a Windows device name (CON, NUL, COM1 …,
 * also before a dot) gets a leading “_”, and the result is capped at `maxLength` characters and
 * `maxBytes` UTF-8 bytes — room left within the 255-byte limit for “（2）” and an extension.
 */
export function safeFileName(name: string, maxLength = 80, maxBytes = 200): string {
  const clean = (s: string) =>
    s
      .replace(INVISIBLE, '')
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(CONTROL, '_')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[. ]+$/, '');
  let result = cutToBytes([...clean(name)].slice(0, maxLength).join(''), maxBytes);
  // Cutting may leave a trailing dot or space again.
  result = result.replace(/[. ]+$/, '');
  if (!result) return '未命名文档';
  const stem = result.split('.')[0].trimEnd();
  if (RESERVED_DEVICE.test(stem)) result = cutToBytes(`_${result}`, maxBytes).replace(/[. ]+$/, '');
  return result;
}
