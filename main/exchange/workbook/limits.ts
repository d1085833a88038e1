/**
 * Caps on what a workbook may expand to. An .xlsx is a zip of XML parts; a few kilobytes of
 * deflated zeros can declare (or, lying, produce) gigabytes. Everything is streamed, so the caps
 * are about refusing hostile files early, not about fitting in memory.
 *
 * Why these numbers (measured, see workbook/zip.test.ts and bench/register.bench.ts):
 *  - A sheet whose formatting reaches row 1,048,576 with 8 styled columns is 244 MB of XML and
 *    deflates about 14:1; 20 styled columns would be ~560 MB. Real workbooks stay far below
 *    200:1, while deflated zeros reach ~1,030:1. So the ratio, not the size, catches bombs.
 *  - Streaming XML runs at ~60 MB/s here: a 512 MB part costs ~9 s, the worst we accept.
 */
export interface WorkbookLimits {
  /** Sum of the declared uncompressed sizes of all parts. */
  maxTotalBytes: number;
  /** Declared uncompressed size of any one part. */
  maxPartBytes: number;
  /** Uncompressed ÷ compressed, checked for parts larger than `ratioCheckedAbove`. */
  maxRatio: number;
  ratioCheckedAbove: number;
  /** Parts in the zip (a real workbook has tens). */
  maxEntries: number;
  /** Cells holding a value, over all sheets read (2,000 schools × 60 columns is 120,000). */
  maxCells: number;
  /** Characters kept from the shared-strings part. */
  maxSharedStringChars: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: WorkbookLimits = Object.freeze({
  maxTotalBytes: 1024 * MB,
  maxPartBytes: 512 * MB,
  maxRatio: 200,
  ratioCheckedAbove: 4 * MB,
  maxEntries: 10_000,
  maxCells: 2_000_000,
  maxSharedStringChars: 50_000_000,
});

/** The file is refused because of its size; `message` is the Chinese text shown to the user. */
export class WorkbookLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookLimitError';
  }
}

/** The bytes are a zip but hold no workbook (a .docx, an .ods, a zip of photos). */
export class NotAWorkbookError extends Error {
  constructor(message = 'no workbook part') {
    super(message);
    this.name = 'NotAWorkbookError';
  }
}

const SUFFIX = '，可能已损坏或是恶意构造的文件（“压缩炸弹”），已停止读取，程序不受影响。若确是正常的工作簿，请在 Excel 中删除多余的格式和内容后另存为新文件再导入';

export function mb(bytes: number): string {
  const v = bytes / MB;
  return v >= 10 ? v.toFixed(0) : v.toFixed(1);
}

export const limitMessages = {
  total: (declared: number, cap: number) => `文件解压后超过 ${mb(cap)} MB（各部分合计 ${mb(declared)} MB）${SUFFIX}`,
  part: (part: string, declared: number, cap: number) => `文件解压后超过 ${mb(cap)} MB（其中“${part}”一项为 ${mb(declared)} MB）${SUFFIX}`,
  ratio: (part: string, compressed: number, declared: number, cap: number) =>
    `文件解压后超过压缩前的 ${cap} 倍（其中“${part}”由 ${mb(compressed)} MB 解压为 ${mb(declared)} MB）${SUFFIX}`,
  actual: (part: string, declared: number) => `文件解压后超过文件中声明的大小（“${part}”声明为 ${mb(declared)} MB，实际更大）${SUFFIX}`,
  entries: (count: number, cap: number) => `文件解压后超过 ${cap} 个部分（共 ${count} 个）${SUFFIX}`,
  token: (part: string, cap: number) => `文件解压后“${part}”中有超过 ${mb(cap)} MB 的内容没有任何分隔${SUFFIX}`,
  cells: (cap: number) =>
    `工作簿中有内容的单元格超过 ${cap / 10000} 万个，超出导入的范围，已停止读取。请只保留需要导入的工作表和数据后另存为新文件再导入`,
  strings: (cap: number) => `工作簿中的文字超过 ${cap / 10000} 万字，超出导入的范围，已停止读取。请只保留需要导入的工作表和数据后另存为新文件再导入`,
};
