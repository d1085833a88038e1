/**
 * Files by reference (issue 9, item 2). The contract never carries file contents: a door turns what
 * the user picked into a reference (`stage` for a streamed upload, `registerPath` for a path that
 * Electron's dialog or the CLI's command line gave), and the core resolves the reference to a local
 * file it reads as a stream. Files the core writes for the user are published the same way
 * (`publishFile`, `writeResult`) and fetched by their reference.
 *
 * References are random (128 bits), kept in memory per running core, and expire: an unknown or
 * expired one is refused in Chinese. Staged uploads and written results live under
 * `<dataDir>/tmp/{incoming,outgoing}` and are swept when their reference expires or (after a crash)
 * at the next start.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type FileResult, type StagedFile } from '../../shared/api/envelope';
import { formatBytes } from '../../shared/domain/text/bytes';
import { safeFileName } from '../documents/write-file';
import { checkFolderPaths, checkUploadPath } from './upload-paths';

export { formatBytes };

/** A file the core may read: where it is, what the user called it, its size in bytes. */
export interface LocalFile {
  path: string;
  fileName: string;
  bytes: number;
  /** Hex sha256 when it was computed on the way in (uploads); absent for a registered path. */
  sha256?: string;
  /** A folder the user picked (a USB stick of packages, a destination), not a file. */
  folder?: boolean;
  /**
   * An upload that is one file of a folder the user picked in the page: its path inside that folder
   * (checked by checkUploadPath, `/`-separated, starting with the folder's name). Such uploads are
   * put together by `assembleFolder`.
   */
  relativePath?: string;
}

/** How an upload is staged: its size cap in bytes, and (a file of a picked folder) its path in that folder. */
export interface StageOptions {
  maxBytes?: number;
  relativePath?: string;
}

/** A published result as the door serves it. */
export interface PublishedFile extends LocalFile {
  mimeType: string;
}

/** Upload limit per file: evidence may be a long video, but never more than this. */
export const MAX_STAGED_BYTES = 4 * 1024 ** 3;
/** How long a reference stays valid after it was handed out. */
export const REF_LIFETIME_MS = 12 * 3600_000;

const INCOMING = 'incoming';
const OUTGOING = 'outgoing';

const newRef = () => randomBytes(16).toString('base64url');

/** Counts and hashes the bytes passing through, and stops the stream beyond `maxBytes`. */
export class HashingCounter extends Transform {
  readonly #hash = createHash('sha256');
  bytes = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(this.tooLarge());
    this.#hash.update(chunk);
    done(null, chunk);
  }
  /** Hex sha256 of everything that passed (call once, after the stream ended). */
  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** The end of a pipeline: hands each chunk to `take`. */
const sink = (take: (chunk: Buffer) => void) =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      take(chunk);
      done();
    },
  });

/** Hex sha256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const counter = new HashingCounter(Number.MAX_SAFE_INTEGER, () => new Error('unreachable'));
  await pipeline(fs.createReadStream(file), counter, sink(() => undefined));
  return { sha256: counter.digest(), bytes: counter.bytes };
}

/**
 * Reads a whole local file into memory after checking its size — before reading, never after — and
 * hashes it on the way. For files that must be parsed in one piece (workbooks); anything else streams.
 */
export async function readLocalFile(file: LocalFile, maxBytes: number, tooLarge: string): Promise<{ buffer: Buffer; sha256: string }> {
  let size: number;
  try {
    size = (await fsp.stat(file.path)).size;
  } catch {
    throw new AppError('not_found', `找不到文件“${file.fileName}”（可能已被移动、删除或移动盘已拔出），请重新选择`);
  }
  if (size > maxBytes) throw new AppError('import_failed', tooLarge);
  const chunks: Buffer[] = [];
  const counter = new HashingCounter(maxBytes, () => new AppError('import_failed', tooLarge));
  await pipeline(fs.createReadStream(file.path), counter, sink((chunk) => chunks.push(chunk)));
  return { buffer: Buffer.concat(chunks, counter.bytes), sha256: counter.digest() };
}

interface Entry {
  file: LocalFile & { mimeType?: string };
  expires: number;
  /** Staged or written by us (removed when the reference expires); a registered path is the user's own file. */
  owned: boolean;
}

/**
 * Streams an upload into `<tmpRoot>/incoming/<random>.part`, hashing and counting on the way; more
 * than `options.maxBytes` (default MAX_STAGED_BYTES) stops it with a Chinese error and leaves
 * nothing behind, and so does a stream that fails or is aborted half-way (the user cancelled). With
 * `options.relativePath` (one file of a folder picked in the page), the path is checked first —
 * a hostile one is refused before a byte is written. Usable from any thread: the references are
 * then made by the core's FileRefs (`adopt`).
 */
export async function stageToFile(tmpRoot: string, source: Readable | AsyncIterable<Uint8Array>, fileName: string, options: StageOptions = {}): Promise<LocalFile & { sha256: string }> {
  const name = cleanName(fileName);
  const maxBytes = options.maxBytes ?? MAX_STAGED_BYTES;
  const relativePath = options.relativePath === undefined ? undefined : checkedRelativePath(options.relativePath);
  const dir = path.join(tmpRoot, INCOMING);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, `${newRef()}.part`);
  const counter = new HashingCounter(maxBytes, () => new AppError('invalid_input', `文件“${name}”超过 ${formatBytes(maxBytes)}，无法接收`));
  try {
    await pipeline(source, counter, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    await fsp.rm(target, { force: true });
    throw e;
  }
  return { path: target, fileName: name, bytes: counter.bytes, sha256: counter.digest(), ...(relativePath ? { relativePath } : {}) };
}

/** A folder file's relative path, normalised; a hostile one is refused in Chinese (invalid_input) naming it. */
function checkedRelativePath(relativePath: string): string {
  const c = checkUploadPath(relativePath);
  if (c.problem) throw new AppError('invalid_input', `文件“${c.path}”：${c.problem}`);
  return c.path;
}

/**
 * What a door needs of the core's file references: stage an upload, register a picked path, find a
 * result to serve. FileRefs itself in-process; the core host's client when the core runs on its own thread.
 */
export interface FileAccess {
  stage(source: Readable | AsyncIterable<Uint8Array>, fileName: string, options?: Omit<StageOptions, 'maxBytes'>): Promise<StagedFile>;
  registerPath(file: string, fileName?: string): Promise<StagedFile>;
  registerFolder(dir: string): Promise<StagedFile>;
  download(ref: string): PublishedFile | Promise<PublishedFile>;
  /** Removes a staged upload the user cancelled (see FileRefs.discard). */
  discard(ref: string): Promise<boolean>;
}

/** `<dataDir>/tmp`: where staged uploads and written results live. */
export const tmpRootOf = (dataDir: string): string => path.join(dataDir, 'tmp');

/** The file references of one running core (see the module comment). */
export class FileRefs {
  readonly #entries = new Map<string, Entry>();
  readonly #root: string;

  constructor(dataDir: string) {
    this.#root = tmpRootOf(dataDir);
  }

  /** `<dataDir>/tmp/incoming` or `…/outgoing`, created private to the user. */
  private async dir(kind: typeof INCOMING | typeof OUTGOING): Promise<string> {
    const dir = path.join(this.#root, kind);
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  private add(file: Entry['file'], owned: boolean): string {
    this.expire();
    const ref = newRef();
    this.#entries.set(ref, { file, owned, expires: Date.now() + REF_LIFETIME_MS });
    return ref;
  }

  /**
   * Streams an upload into the staging folder, hashing and counting on the way; more than
   * `options.maxBytes` stops the upload with a Chinese error and leaves nothing behind (see stageToFile).
   */
  async stage(source: Readable | AsyncIterable<Uint8Array>, fileName: string, options: StageOptions = {}): Promise<StagedFile & { sha256: string }> {
    const file = await stageToFile(this.#root, source, fileName, options);
    return { ...this.adopt(file), sha256: file.sha256 };
  }

  /**
   * Takes over an upload another thread staged with `stageToFile` under this data directory (the door's
   * thread streams it; the core's thread owns the references). Anything outside the staging folder is refused.
   */
  adopt(file: LocalFile & { sha256: string }): StagedFile {
    if (!this.isStagedPath(file.path)) throw new AppError('invalid_input', '上传的文件不在接收文件夹中');
    let relativePath: string | undefined;
    if (file.relativePath !== undefined) {
      try {
        // Checked again on this side: the door's thread is trusted to stage, not to judge.
        relativePath = checkedRelativePath(file.relativePath);
      } catch (e) {
        void fsp.rm(file.path, { force: true }).catch(() => undefined);
        throw e;
      }
    }
    const ref = this.add({ path: file.path, fileName: file.fileName, bytes: file.bytes, sha256: file.sha256, ...(relativePath ? { relativePath } : {}) }, true);
    return { ref, fileName: file.fileName, bytes: file.bytes };
  }

  /** True for a file directly in the staging folder (`<tmp>/incoming/<random>.part`), where only uploads are. */
  private isStagedPath(file: string): boolean {
    const rel = path.relative(path.join(this.#root, INCOMING), file);
    return !(rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.includes(path.sep));
  }

  /**
   * Removes an upload the user cancelled (or a folder assembled from uploads) and forgets its
   * reference at once. Only staged uploads are removed this way — never a result the core wrote, nor
   * a file or folder the user picked by path. Returns whether something was removed; an unknown or
   * expired reference is no error (the upload may not have reached us, or was swept).
   */
  async discard(ref: string): Promise<boolean> {
    const entry = this.#entries.get(ref);
    if (!entry || !entry.owned || entry.file.mimeType !== undefined) return false;
    if (!this.isStagedPath(entry.file.path) && !(entry.file.folder && this.isAssembledPath(entry.file.path))) return false;
    await this.release(ref);
    return true;
  }

  /** True for a folder assembleFolder made (`<tmp>/incoming/<random>/<folder name>`). */
  private isAssembledPath(dir: string): boolean {
    const rel = path.relative(path.join(this.#root, INCOMING), dir);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep).length === 2;
  }

  /**
   * Puts the uploaded files of one folder the user picked in the page (browser mode: each file
   * staged with its `relativePath`) back together as that folder, and returns the folder's
   * reference — which an import reads as it reads a folder picked in Electron's dialog.
   *
   * Every reference must be a staged upload of a folder file, each given once; their paths are
   * checked together (checkFolderPaths: the archive layer's name rules, one top folder, no two
   * names that Windows takes for one, no file where a folder is). Then the files are moved (not
   * copied) into `<tmp>/incoming/<random>/<folder>/…` and their own references are dropped; the
   * folder's reference owns them and removes them when it expires or is discarded.
   *
   * All or nothing: any refusal removes every upload given (the user picks the folder again) and
   * throws invalid_input in Chinese naming the files; nothing is left staged.
   */
  async assembleFolder(refs: readonly string[]): Promise<StagedFile> {
    this.expire();
    const discardAll = () => Promise.all(refs.map((r) => this.discard(r)));
    const refuse = async (message: string): Promise<never> => {
      await discardAll();
      throw new AppError('invalid_input', message);
    };
    if (new Set(refs).size !== refs.length) return refuse('上传的文件重复，请重新选择文件夹');
    const uploads: { ref: string; file: LocalFile }[] = [];
    for (const ref of refs) {
      const entry = this.#entries.get(ref);
      if (!entry || !entry.owned || entry.file.relativePath === undefined || !this.isStagedPath(entry.file.path)) {
        return refuse('上传的文件已失效，或不是所选文件夹中的文件，请重新选择文件夹');
      }
      uploads.push({ ref, file: entry.file });
    }
    const checked = checkFolderPaths(uploads.map((u) => ({ relativePath: u.file.relativePath!, item: u })));
    if (!checked.ok) return refuse(`所选文件夹无法接收：${checked.reasons.join('；')}`);
    const holder = path.join(await this.dir(INCOMING), newRef());
    const top = path.join(holder, checked.top);
    try {
      await fsp.mkdir(holder, { mode: 0o700 });
      const made = new Set<string>();
      for (const f of checked.files) {
        const target = path.join(holder, ...f.path.split('/'));
        const parent = path.dirname(target);
        if (!made.has(parent)) {
          await fsp.mkdir(parent, { recursive: true, mode: 0o700 });
          made.add(parent);
        }
        await fsp.rename(f.item.file.path, target);
      }
    } catch (e) {
      await fsp.rm(holder, { recursive: true, force: true }).catch(() => undefined);
      await discardAll();
      throw new AppError('internal', `无法在数据目录中放置上传的文件夹（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}），请检查磁盘空间后重新选择`);
    }
    // The files now belong to the folder: their own references go without removing anything.
    for (const u of uploads) this.#entries.delete(u.ref);
    const bytes = uploads.reduce((n, u) => n + u.file.bytes, 0);
    const ref = this.add({ path: top, fileName: checked.top, bytes, folder: true }, true);
    return { ref, fileName: checked.top, bytes };
  }

  /** A file the user picked by path (Electron's dialog in main, the CLI): referenced where it is, never copied. */
  async registerPath(file: string, fileName = path.basename(file)): Promise<StagedFile> {
    let st: fs.Stats;
    try {
      st = await fsp.stat(file);
    } catch {
      throw new AppError('not_found', `找不到文件“${fileName}”`);
    }
    if (!st.isFile()) throw new AppError('invalid_input', `“${fileName}”不是文件`);
    const ref = this.add({ path: path.resolve(file), fileName, bytes: st.size }, false);
    return { ref, fileName, bytes: st.size };
  }

  /**
   * A folder the user picked by path (Electron's folder dialog, the CLI): to read packages from, or
   * to write into. Only doors that run on the user's machine call this; browser mode never does.
   */
  async registerFolder(dir: string): Promise<StagedFile> {
    const fileName = path.basename(path.resolve(dir)) || dir;
    let st: fs.Stats;
    try {
      st = await fsp.stat(dir);
    } catch {
      throw new AppError('not_found', `找不到文件夹“${fileName}”`);
    }
    if (!st.isDirectory()) throw new AppError('invalid_input', `“${fileName}”不是文件夹`);
    const ref = this.add({ path: path.resolve(dir), fileName, bytes: 0, folder: true }, false);
    return { ref, fileName, bytes: 0 };
  }

  /** The folder behind a reference made by registerFolder; anything else is refused in Chinese. */
  resolveFolder(ref: string): LocalFile {
    const file = this.resolve(ref);
    if (!file.folder) throw new AppError('invalid_input', `“${file.fileName}”不是文件夹，请重新选择文件夹`);
    return file;
  }

  /** The local file behind a reference; unknown or expired references are refused in Chinese. */
  resolve(ref: string): LocalFile {
    const entry = this.#entries.get(ref);
    if (!entry || entry.expires < Date.now()) throw new AppError('not_found', '所选文件已失效（程序重新启动过，或文件选择已超过 12 小时），请重新选择文件');
    const { mimeType: _ignored, ...file } = entry.file;
    return file;
  }

  /**
   * Publishes a file the core wrote elsewhere (a job's output under the data directory) for
   * download, hashing it once; the file stays where it is. With `owned`, a file the core wrote under
   * `<dataDir>/tmp/outgoing/<folder>/` only for this download is removed with its reference.
   */
  async publishFile(file: string, mimeType: string, fileName = path.basename(file), options: { owned?: boolean } = {}): Promise<FileResult> {
    const { sha256, bytes } = await hashFile(file);
    const ref = this.add({ path: file, fileName, bytes, sha256, mimeType }, options.owned ?? false);
    return { ref, fileName, mimeType, bytes, sha256 };
  }

  /**
   * Writes a result for the user (an export, a rendered document, a backup) into the outgoing
   * folder, hashing on the way, and returns its reference. `content` is bytes or a stream.
   */
  async writeResult(fileName: string, mimeType: string, content: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<FileResult> {
    const name = cleanName(fileName);
    const dir = path.join(await this.dir(OUTGOING), newRef());
    await fsp.mkdir(dir, { mode: 0o700 });
    const target = path.join(dir, name);
    const counter = new HashingCounter(Number.MAX_SAFE_INTEGER, () => new Error('unreachable'));
    const source = content instanceof Uint8Array ? [content] : content;
    try {
      await pipeline(source, counter, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      await fsp.rm(dir, { recursive: true, force: true });
      throw e;
    }
    const sha256 = counter.digest();
    const ref = this.add({ path: target, fileName: name, bytes: counter.bytes, sha256, mimeType }, true);
    return { ref, fileName: name, mimeType, bytes: counter.bytes, sha256 };
  }

  /** A published result, for the door that serves it; unknown or expired references are refused in Chinese. */
  download(ref: string): PublishedFile {
    const entry = this.#entries.get(ref);
    if (!entry || entry.expires < Date.now() || !entry.file.mimeType) throw new AppError('not_found', '该文件已失效，请重新生成后再下载');
    return { ...entry.file, mimeType: entry.file.mimeType };
  }

  /**
   * Forgets a reference at once (the CLI after copying a result to --out) and removes what this core
   * staged or wrote for it; an unknown reference is ignored.
   */
  async release(ref: string): Promise<void> {
    const entry = this.#entries.get(ref);
    if (!entry) return;
    this.#entries.delete(ref);
    if (entry.owned) await removeOwned(this.#root, entry.file.path);
  }

  /** Forgets expired references and removes the files this core staged or wrote for them. */
  expire(now = Date.now()): void {
    for (const [ref, entry] of this.#entries) {
      if (entry.expires >= now) continue;
      this.#entries.delete(ref);
      if (entry.owned) void removeOwned(this.#root, entry.file.path);
    }
  }

  /**
   * Start-up sweep: staged uploads and written results left by an earlier run (their references died
   * with it) once older than `minAgeMs`. Returns how many were removed.
   */
  async sweep(minAgeMs = REF_LIFETIME_MS, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const kind of [INCOMING, OUTGOING]) {
      const dir = path.join(this.#root, kind);
      let names: string[];
      try {
        names = await fsp.readdir(dir);
      } catch {
        continue;
      }
      const live = new Set([...this.#entries.values()].map((e) => e.file.path));
      for (const name of names) {
        const full = path.join(dir, name);
        try {
          const st = await fsp.lstat(full);
          if (now - st.mtimeMs < minAgeMs) continue;
          if ([...live].some((p) => p === full || p.startsWith(full + path.sep))) continue;
          await fsp.rm(full, { recursive: true, force: true });
          removed++;
        } catch {
          // locked or gone: next time
        }
      }
    }
    return removed;
  }
}

/**
 * Removes a staged upload, a written result with its folder, or an assembled folder with its holder,
 * only when it lies under our tmp folder.
 */
async function removeOwned(root: string, file: string): Promise<void> {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return;
  const parts = rel.split(path.sep);
  // `outgoing/<random>/<name>` and `incoming/<random>/<folder>`: the `<random>` holder goes with it.
  const target = (parts[0] === OUTGOING || parts[0] === INCOMING) && parts.length === 3 ? path.dirname(file) : file;
  await fsp.rm(target, { recursive: true, force: true }).catch(() => undefined);
}

/** A user's file name as we store and show it: no path, no control characters, a safe length. */
function cleanName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // The extension is kept whole when a long name is cut: it decides how the file is read.
  const m = /^(.*?)(\.[A-Za-z0-9]{1,10})?$/.exec(base)!;
  const ext = m[2] ?? '';
  return `${safeFileName(m[1] || '文件', 100, 180)}${ext}`;
}
