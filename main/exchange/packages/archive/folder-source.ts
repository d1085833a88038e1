/**
 * A folder as a package source (a package copied from a USB stick, or opened in place). The walk
 * uses lstat only: symbolic links, Windows junctions and other reparse points (which Node reports as
 * symbolic links) are listed as links and never followed; pipes, sockets and devices are listed and
 * never opened (reading a pipe would wait forever).
 *
 * Between listing and reading, anything may happen on a USB stick: the file is deleted, replaced by a
 * link, locked by an antivirus or Office, or the stick is pulled. A file is opened without following
 * links (O_NOFOLLOW where the system has it), checked to be the same regular file that was listed
 * (same inode), and every failure becomes a Chinese reason for that one file, never a crash.
 */
import { close, constants, createReadStream, fstat, open, read, type Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveError, ArchiveReadError, ByteGuard, type Archive, type ArchiveEntry, type ByteBudget, type DirectFile } from './archive';
import { limitReasons, type PackageLimits } from './limits';
import { checkEntryPath } from './names';
import { promisify } from 'node:util';

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const closeFd = promisify(close);
const readFd = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) => read(fd, buffer, offset, length, position, (e, n) => (e ? reject(e) : resolve(n))));
/**
 * Bytes per read of a package file: fs streams' 64 KB. Larger reads (256 KB, 1 MB) were measured
 * slower over 1 GB of evidence: each allocates a fresh buffer, and the collector's work grew tenfold.
 */
const READ_CHUNK = 64 * 1024;

/** Chinese text for a file-system error while reading one file of a package folder. */
export function fileErrorMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return '读取时文件已不存在（可能已被删除、移动，或移动盘已拔出），未接收';
    case 'EBUSY':
    case 'EPERM':
    case 'EACCES':
      return '文件被其他程序占用或没有读取权限，未接收。请关闭正在使用该文件的程序（如 Word、杀毒软件）后重新导入';
    case 'ELOOP':
    case 'EMLINK':
      return '读取时该文件变成了符号链接（快捷链接），不会被跟随读取，未接收';
    case 'EIO':
      return '读取文件时出错，移动盘可能已损坏或被拔出，未接收';
    default:
      return '无法读取该文件（系统报告了读取错误），未接收。请把填报包复制到本机硬盘后重新导入';
  }
}

function kindOf(st: Stats): ArchiveEntry['kind'] | 'directory' {
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'directory';
  if (st.isFile()) return 'file';
  return 'special';
}

class FolderArchiveSource implements Archive {
  readonly kind = 'folder' as const;
  readonly #budget: ByteBudget = { read: 0 };
  constructor(
    readonly entries: readonly ArchiveEntry[],
    private readonly files: ReadonlyMap<ArchiveEntry, { full: string; stat: Stats }>,
    private readonly limits: PackageLimits,
  ) {}

  /** Opens a listed file with the checks both ways of reading share: no link followed, the same file as listed. */
  private async openChecked(entry: ArchiveEntry): Promise<number> {
    const f = this.files.get(entry);
    if (!f || entry.kind !== 'file' || entry.problem) throw new ArchiveReadError(entry.problem ?? '该项不是普通文件，未读取');
    // O_NONBLOCK: if a pipe was put in the file's place since the listing, opening it must not wait.
    const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
    // A plain descriptor (not a FileHandle): a stream over a FileHandle goes through a promise per
    // read, which cost a 1 GB import a third of a second of main-thread time (bench/rounds.bench.ts).
    let fd: number;
    try {
      fd = await openFd(f.full, flags);
    } catch (e) {
      throw new ArchiveReadError(fileErrorMessage(e));
    }
    try {
      const st = await fstatFd(fd);
      if (!st.isFile()) throw new ArchiveReadError('读取时该文件已被替换为其他类型（不是普通文件），未接收');
      if (st.ino !== 0 && f.stat.ino !== 0 && (st.ino !== f.stat.ino || st.dev !== f.stat.dev)) {
        throw new ArchiveReadError('列出文件后、读取之前该文件被替换了，未接收。请在文件不再变动时重新导入');
      }
    } catch (e) {
      await closeFd(fd).catch(() => undefined);
      throw e instanceof ArchiveReadError ? e : new ArchiveReadError(fileErrorMessage(e));
    }
    return fd;
  }

  async open(entry: ArchiveEntry): Promise<Readable> {
    const fd = await this.openChecked(entry);
    const stream = createReadStream('', { fd, start: 0, autoClose: true, highWaterMark: READ_CHUNK });
    const guard = new ByteGuard({ limits: this.limits, budget: this.#budget, cap: this.limits.maxFileBytes });
    stream.on('error', (e) => guard.destroy(new ArchiveReadError(fileErrorMessage(e))));
    guard.on('close', () => stream.destroy());
    stream.pipe(guard);
    return guard;
  }

  async openDirect(entry: ArchiveEntry): Promise<DirectFile> {
    const fd = await this.openChecked(entry);
    const budget = this.#budget;
    const limits = this.limits;
    let high = 0; // bytes counted so far: a second read of the same bytes (the head, re-read by the store) counts once
    let closed = false;
    return {
      async read(buffer, offset, length, position) {
        if (closed) throw new ArchiveReadError('读取该文件时出错，未接收');
        let n: number;
        try {
          n = await readFd(fd, buffer, offset, length, position);
        } catch (e) {
          throw new ArchiveReadError(fileErrorMessage(e));
        }
        const end = position + n;
        if (end > high) {
          budget.read += end - high;
          high = end;
          if (high > limits.maxFileBytes) throw new ArchiveReadError(limitReasons.grew(limits.maxFileBytes));
          if (budget.read > limits.maxTotalBytes) throw new ArchiveReadError(limitReasons.total(budget.read, limits.maxTotalBytes));
        }
        return n;
      },
      async close() {
        if (closed) return;
        closed = true;
        await closeFd(fd).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    // Each file's handle closes with its stream.
  }
}

/**
 * Lists a package folder (without following links). Rejects with ArchiveError when the folder
 * itself cannot be read or holds more entries than the caps allow; folders below it that cannot be
 * listed, or lie deeper than the cap, are listed as entries with their `problem`.
 */
export async function openFolderArchive(dir: string, limits: PackageLimits, signal?: AbortSignal): Promise<Archive> {
  const entries: ArchiveEntry[] = [];
  const files = new Map<ArchiveEntry, { full: string; stat: Stats }>();
  let count = 0;
  let total = 0;
  // Each folder's names are looked at together (their lstat calls, then their sub-folders, run at
  // once): one after another, a package of 50 evidence folders spent more time waiting on the file
  // system than reading its workbook. Entries keep name order whatever order the calls finish in.
  const walk = async (full: string, rel: string[]): Promise<ArchiveEntry[]> => {
    signal?.throwIfAborted();
    let names: string[];
    try {
      names = await fsp.readdir(full);
    } catch (e) {
      if (rel.length === 0) throw new ArchiveError(`无法打开该文件夹：${fileErrorMessage(e).replace(/，未接收.*$/, '')}`);
      return [{ path: checkEntryPath(rel.join('/'), limits).path, original: rel.join('/'), kind: 'special', size: 0, problem: `文件夹无法打开：${fileErrorMessage(e)}` }];
    }
    names.sort();
    count += names.length;
    if (count > limits.maxEntries) throw new ArchiveError(limitReasons.entries(count, limits.maxEntries));
    const children = await Promise.all(
      names.map(async (name): Promise<ArchiveEntry[]> => {
        const childFull = path.join(full, name);
        const childRel = [...rel, name];
        let st: Stats;
        try {
          st = await fsp.lstat(childFull);
        } catch (e) {
          return [{ path: checkEntryPath(childRel.join('/'), limits).path, original: childRel.join('/'), kind: 'special', size: 0, problem: fileErrorMessage(e) }];
        }
        const kind = kindOf(st);
        const checked = checkEntryPath(childRel.join('/'), limits);
        if (kind === 'directory') {
          if (checked.problem) return [{ path: checked.path, original: childRel.join('/'), kind: 'special', size: 0, problem: `${checked.problem}（该文件夹中的文件均未读取）` }];
          return walk(childFull, childRel);
        }
        let problem = checked.problem;
        if (!problem && kind === 'link') problem = '是符号链接或目录联接（快捷链接），不会被跟随读取，未接收';
        if (!problem && kind === 'special') problem = '不是普通文件（设备或管道），未接收';
        if (!problem && st.size > limits.maxFileBytes) problem = limitReasons.file(st.size, limits.maxFileBytes);
        const entry: ArchiveEntry = { path: checked.path, original: childRel.join('/'), kind: kind as ArchiveEntry['kind'], size: kind === 'file' ? st.size : 0, problem };
        if (!problem) total += st.size;
        if (kind === 'file') files.set(entry, { full: childFull, stat: st });
        return [entry];
      }),
    );
    return children.flat();
  };
  entries.push(...(await walk(dir, [])));
  if (total > limits.maxTotalBytes) throw new ArchiveError(limitReasons.total(total, limits.maxTotalBytes));
  return new FolderArchiveSource(entries, files, limits);
}
