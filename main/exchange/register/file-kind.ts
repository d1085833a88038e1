/** What a file really is, judged by its bytes: the extension is only a hint users get wrong. */
export type FileKind = 'empty' | 'xlsx' | 'xls' | 'csv' | 'binary';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buf: Buffer, magic: number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

export function detectFileKind(buf: Buffer): FileKind {
  if (buf.length === 0) return 'empty';
  if (startsWith(buf, ZIP)) return 'xlsx';
  if (startsWith(buf, OLE)) return 'xls';
  // UTF-16 text (Excel's “Unicode 文本”) legitimately contains NUL bytes.
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) return isBlankText(buf) ? 'empty' : 'csv';
  const head = buf.subarray(0, 4096);
  if (head.includes(0)) return 'binary';
  return isBlankText(buf) ? 'empty' : 'csv';
}

/** Whitespace and a BOM only, e.g. a CSV saved from an empty sheet. */
function isBlankText(buf: Buffer): boolean {
  for (const b of buf) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x00 || b === 0xef || b === 0xbb || b === 0xbf || b === 0xff || b === 0xfe) continue;
    return false;
  }
  return true;
}

export function extensionOf(fileName: string): string {
  const m = /\.([^.\\/]+)$/.exec(fileName);
  return m ? m[1].toLowerCase() : '';
}
