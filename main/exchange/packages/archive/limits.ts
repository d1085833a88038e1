/**
 * Caps on what one returned 填报包 may hold (issue 11 item 6). Packages come from many PCs on USB
 * sticks; a few kilobytes of deflated zeros can declare (or, lying, produce) gigabytes, and a folder
 * can hold anything. Declared sizes are checked before a byte is read, and the bytes are counted
 * again while they stream, so a file that lies about its size is stopped at the cap.
 *
 * Why these numbers: evidence is photos, scans, PDFs and the odd short video; 200 MB per file covers
 * a phone video of several minutes, 2 GB per package is twice the 1 GB the benchmark puts on
 * a whole USB stick of 50 packages. Real documents and photos compress at most ~20:1 (a mostly blank
 * scan), while deflated zeros reach ~1,000:1; above 1 MB a ratio over 200 is a bomb, not a photo.
 */
import { formatBytes } from '../../../../shared/domain/text/bytes';

export interface PackageLimits {
  /** Largest file (uncompressed), in bytes. */
  maxFileBytes: number;
  /** Sum of all files of one package (uncompressed), in bytes. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed, checked for zip entries larger than `ratioCheckedAbove` bytes. */
  maxRatio: number;
  ratioCheckedAbove: number;
  /** Entries (files and folders) in one zip or package folder. */
  maxEntries: number;
  /** Largest 自评表.xlsx file (it is read whole into memory; its parts are then capped by the workbook reader). */
  maxWorkbookBytes: number;
  /** Largest manifest file (a real one is under 2 KB). */
  maxManifestBytes: number;
  /** Deepest folder nesting inside a package (segments of a path). */
  maxDepth: number;
  /** Longest path inside a package, in characters. */
  maxPathLength: number;
}

const MB = 1024 * 1024;

/** The caps used unless the caller overrides them (see the module comment for why these numbers). */
export const DEFAULT_PACKAGE_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxFileBytes: 200 * MB,
  maxTotalBytes: 2048 * MB,
  maxRatio: 200,
  ratioCheckedAbove: 1 * MB,
  maxEntries: 20_000,
  maxWorkbookBytes: 50 * MB,
  maxManifestBytes: 64 * 1024,
  maxDepth: 16,
  maxPathLength: 400,
});

/** The caps in force: the defaults with the caller's overrides. */
export function packageLimits(overrides?: Partial<PackageLimits>): PackageLimits {
  return { ...DEFAULT_PACKAGE_LIMITS, ...overrides };
}

const BOMB = '，可能是损坏或恶意构造的文件（“压缩炸弹”），未读取，程序不受影响';

/** Chinese reasons for refusing by size; each one a sentence for the user. */
export const limitReasons = {
  file: (bytes: number, cap: number) => `文件大小 ${formatBytes(bytes)}，超过单个文件上限 ${formatBytes(cap)}，未接收。请压缩或拆分后重新提交`,
  ratio: (compressed: number, bytes: number, cap: number) =>
    `文件由 ${formatBytes(compressed)} 解压为 ${formatBytes(bytes)}，超过压缩前的 ${cap} 倍${BOMB}`,
  grew: (cap: number) => `文件读取时实际大小超过了其声明的大小（或超过 ${formatBytes(cap)}）${BOMB}`,
  total: (bytes: number, cap: number) => `填报包中的文件合计 ${formatBytes(bytes)}，超过一个填报包的上限 ${formatBytes(cap)}${BOMB}。若确为正常内容，请拆分佐证材料后分次提交`,
  entries: (count: number, cap: number) => `填报包中有 ${count} 个文件和文件夹，超过上限 ${cap} 个${BOMB}`,
  depth: (cap: number) => `文件夹嵌套超过 ${cap} 层，未接收。请把文件放在较浅的文件夹中`,
  pathLength: (cap: number) => `文件路径超过 ${cap} 个字符，未接收。请缩短文件夹或文件名`,
};
