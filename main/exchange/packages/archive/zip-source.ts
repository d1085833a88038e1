/**
 * A zip as a package source. yauzl opens the file itself (never read whole into memory) and reads the
 * central directory, so every entry's name, type and declared sizes are judged before a byte is
 * inflated. Names come as bytes (`decodeStrings: false`) and are decoded here (names.ts: UTF-8 flag,
 * Unicode extra field, UTF-8, else GB18030), since yauzl would read a flagless name as CP437.
 *
 * Entries are inflated here from the raw deflated bytes, as the workbook reader does: yauzl 2's own
 * inflating stream replaces destroy(), which on current Node swallows its errors, so an entry lying
 * about its size would hang instead of failing. Sizes and CRC are checked by ByteGuard.
 */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { ArchiveError, ArchiveReadError, ByteGuard, type Archive, type ArchiveEntry, type ByteBudget } from './archive';
import { limitReasons, type PackageLimits } from './limits';
import { checkEntryPath, decodeEntryName } from './names';

/** Unix file types in the high 16 bits of the external attributes (st_mode). */
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** Hosts whose external attributes carry a Unix mode (APPNOTE 4.4.2: 3 = Unix, 19 = OS X). */
const UNIX_HOSTS = new Set([3, 19]);
/** DOS attributes in the low byte: directory, and NTFS reparse point (a junction or symlink). */
const DOS_DIRECTORY = 0x10;
const DOS_REPARSE_POINT = 0x400;
const LOCAL_HEADER_BYTES = 30;

/** Chinese text for what yauzl or the file system said when the zip could not be opened or listed. */
export function zipErrorMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return '找不到该压缩包（可能已被移动、删除或移动盘已拔出）';
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') return '压缩包被其他程序占用或没有读取权限，请关闭正在使用它的程序后重试';
  if (code === 'EIO') return '读取压缩包时出错，移动盘可能已损坏或被拔出';
  if (/multi-disk/i.test(msg)) return '这是分卷压缩包（.z01、.z02 …），无法读取。请把文件解压后重新压缩成一个完整的 zip 压缩包';
  if (/end of central directory record signature not found/i.test(msg)) return '不是有效的 zip 压缩包，或压缩包不完整（可能拷贝时中断）';
  if (/strong encryption/i.test(msg)) return '压缩包使用了强加密，无法读取。请去掉密码后重新压缩';
  if (/zip64/i.test(msg)) return '压缩包的大文件（ZIP64）信息已损坏，无法读取。请重新压缩后提交';
  return '压缩包已损坏或不完整（可能拷贝时中断），无法读取。请重新压缩后提交';
}

function entryKind(e: yauzl.Entry): 'file' | 'directory' | 'link' | 'special' {
  const host = e.versionMadeBy >> 8;
  const attrs = e.externalFileAttributes >>> 0;
  const name = e.fileName as unknown as Buffer;
  const last = name[name.length - 1];
  if (UNIX_HOSTS.has(host)) {
    const type = (attrs >>> 16) & S_IFMT;
    if (type === S_IFLNK) return 'link';
    if (type === S_IFDIR) return 'directory';
    if (type !== 0 && type !== S_IFREG) return 'special';
  }
  if (attrs & DOS_REPARSE_POINT) return 'link';
  if (last === 0x2f || last === 0x5c) return 'directory';
  if (attrs & DOS_DIRECTORY && e.uncompressedSize === 0) return 'directory';
  return 'file';
}

function entryProblem(e: yauzl.Entry, limits: PackageLimits): string | null {
  if (e.generalPurposeBitFlag & 0x1) return '文件设置了密码（已加密），无法读取，未接收。请去掉密码后重新压缩';
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
    return `文件使用了不支持的压缩方式（编号 ${e.compressionMethod}），未接收。请用 Windows 自带的“压缩(zipped)文件夹”或 7-Zip 的 ZIP 格式（Deflate）重新压缩`;
  }
  if (e.compressionMethod === 0 && e.compressedSize !== e.uncompressedSize) return '压缩包中该文件的大小信息前后不一致，压缩包可能已损坏或被改动，未接收';
  if (e.uncompressedSize > limits.maxFileBytes) return limitReasons.file(e.uncompressedSize, limits.maxFileBytes);
  if (e.uncompressedSize > limits.ratioCheckedAbove && e.uncompressedSize > Math.max(1, e.compressedSize) * limits.maxRatio) {
    return limitReasons.ratio(e.compressedSize, e.uncompressedSize, limits.maxRatio);
  }
  return null;
}

class ZipArchiveSource implements Archive {
  readonly kind = 'zip' as const;
  readonly #budget: ByteBudget = { read: 0 };
  constructor(
    private readonly zip: yauzl.ZipFile,
    readonly entries: readonly ArchiveEntry[],
    private readonly raw: ReadonlyMap<ArchiveEntry, yauzl.Entry>,
    private readonly limits: PackageLimits,
  ) {}

  async open(entry: ArchiveEntry): Promise<Readable> {
    const e = this.raw.get(entry);
    if (!e || entry.kind !== 'file' || entry.problem) throw new ArchiveReadError(entry.problem ?? '该项不是普通文件，未读取');
    const compressed = e.compressionMethod === 8;
    const raw = await new Promise<Readable>((resolve, reject) => {
      const done = (err: Error | null, s?: Readable) =>
        err || !s ? reject(new ArchiveReadError('压缩包中该文件的数据位置已损坏，无法读取，未接收')) : resolve(s);
      try {
        if (compressed) this.zip.openReadStream(e, { decompress: false, decrypt: null, start: null, end: null }, done);
        else this.zip.openReadStream(e, done);
      } catch {
        done(new Error('unreadable'));
      }
    });
    const inflater = compressed ? zlib.createInflateRaw() : null;
    const guard = new ByteGuard({ limits: this.limits, budget: this.#budget, cap: e.uncompressedSize, expect: { size: e.uncompressedSize, crc32: e.crc32 } });
    const broken = () => guard.destroy(new ArchiveReadError('文件数据已损坏，无法解压，未接收。压缩包可能拷贝时中断或被改动'));
    raw.on('error', broken);
    inflater?.on('error', broken);
    guard.on('close', () => {
      raw.destroy();
      inflater?.destroy();
    });
    if (inflater) raw.pipe(inflater).pipe(guard);
    else raw.pipe(guard);
    return guard;
  }

  async close(): Promise<void> {
    this.zip.close();
  }
}

/**
 * Opens a zip and lists it. Rejects with ArchiveError (Chinese message) when the zip cannot be read
 * at all (not a zip, truncated, split, broken ZIP64 records), holds more entries or declares more
 * bytes than the caps allow, or has entries whose data overlap (a non-recursive zip bomb). Entries
 * that cannot be received on their own (unsafe names, links, encryption, unsupported compression,
 * too large, too compressed) are listed with their `problem`.
 */
export async function openZipArchive(file: string, limits: PackageLimits): Promise<Archive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: false }, (err, z) => {
      if (err || !z) reject(new ArchiveError(zipErrorMessage(err)));
      else resolve(z);
    });
  });
  try {
    if (zip.entryCount > limits.maxEntries) throw new ArchiveError(limitReasons.entries(zip.entryCount, limits.maxEntries));
    const all = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        list.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', (err: Error) => reject(new ArchiveError(zipErrorMessage(err))));
      zip.readEntry();
    });
    checkOverlap(all);
    const entries: ArchiveEntry[] = [];
    const raw = new Map<ArchiveEntry, yauzl.Entry>();
    let total = 0;
    for (const e of all) {
      const kind = entryKind(e);
      if (kind === 'directory') continue;
      const { name } = decodeEntryName(e.fileName as unknown as Buffer, e.generalPurposeBitFlag, e.extraFields);
      const checked = checkEntryPath(name, limits);
      let problem = checked.problem;
      if (!problem && kind === 'link') problem = '是符号链接（快捷链接），不会被跟随读取，未接收';
      if (!problem && kind === 'special') problem = '不是普通文件（设备或管道），未接收';
      if (!problem) problem = entryProblem(e, limits);
      const entry: ArchiveEntry = { path: checked.path, original: name.replace(/\\/g, '/'), kind, size: e.uncompressedSize, problem };
      if (kind === 'file' && !problem) total += e.uncompressedSize;
      entries.push(entry);
      raw.set(entry, e);
    }
    if (total > limits.maxTotalBytes) throw new ArchiveError(limitReasons.total(total, limits.maxTotalBytes));
    return new ZipArchiveSource(zip, entries, raw, limits);
  } catch (e) {
    zip.close();
    throw e instanceof ArchiveError ? e : new ArchiveError(zipErrorMessage(e));
  }
}

/**
 * Entries whose data ranges overlap (several central records pointing into the same deflated
 * stream) are how a small zip expands to petabytes without nesting; no zip writer makes them.
 */
function checkOverlap(entries: yauzl.Entry[]): void {
  const ranges = entries
    .map((e) => ({ start: e.relativeOffsetOfLocalHeader, end: e.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES + e.fileNameLength + e.compressedSize }))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].start < ranges[i - 1].end) {
      throw new ArchiveError('压缩包中有多个文件指向同一段数据（常见于恶意构造的“压缩炸弹”），未读取，程序不受影响');
    }
  }
}
