/**
 * What a received file is, judged by its first bytes (the extension is only what the school — or
 * someone else — typed), and which files are never received: programs, scripts, shortcuts, archives
 * and disk images, and Office files with macros. Issue 11 item 6: such files are refused before a
 * byte of them is stored, and never opened.
 *
 * Policy (documented for the office in the refusal reasons):
 *  - refused by name: executables and scripts Windows runs on a double click, shortcuts, macro-enabled
 *    Office files, archives and disk images (what is inside them cannot be checked file by file);
 *  - refused by content whatever the name: Windows (MZ), Linux (ELF) and macOS (Mach-O) programs,
 *    scripts starting with `#!`, Windows shortcuts (.lnk header) and Internet shortcuts, archives;
 *  - received: everything else; a known type is named by its MIME type, an unknown one by null, and a
 *    name whose extension says another type than the content gets a warning (the content wins).
 */
import { extensionOf } from './names';

/** Bytes of a file's head the judgement needs (tar's magic sits at 257; office parts are named early). */
export const SNIFF_BYTES = 4096;

/** Extensions Windows runs, or that run something, when opened. */
const PROGRAM_EXTENSIONS = new Set([
  '.exe', '.com', '.scr', '.pif', '.cpl', '.dll', '.sys', '.drv', '.ocx', '.msi', '.msp', '.mst', '.msc',
  '.bat', '.cmd', '.ps1', '.psm1', '.psd1', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.hta', '.jar',
  '.reg', '.inf', '.chm', '.scf', '.sh', '.app', '.application', '.appref-ms', '.gadget', '.settingcontent-ms',
]);
const SHORTCUT_EXTENSIONS = new Set(['.lnk', '.url', '.website', '.desklink']);
const MACRO_EXTENSIONS = new Set(['.docm', '.dotm', '.xlsm', '.xltm', '.xlam', '.pptm', '.potm', '.ppam', '.ppsm', '.sldm']);
const ARCHIVE_EXTENSIONS = new Set(['.zip', '.rar', '.7z', '.tar', '.gz', '.tgz', '.bz2', '.xz', '.cab', '.arj', '.lzh', '.iso', '.img', '.vhd', '.vhdx', '.dmg']);

/** Why a file is not received (Chinese sentences, shown with the file's path). */
export const refusalReasons = {
  program: '是可执行程序或脚本，可能含有病毒，不接收（此类文件不会被保存或打开）',
  programByContent: (ext: string) => `扩展名为“${ext || '无'}”，但内容是可执行程序，可能是伪装的病毒，不接收（此类文件不会被保存或打开）`,
  script: '内容是脚本程序，不接收（此类文件不会被保存或打开）',
  shortcut: '是快捷方式，不是文件本身，不接收。请把快捷方式指向的文件复制到该文件夹',
  macro: '是含宏的 Office 文件（可能含有自动运行的程序），不接收。请在 Office 中另存为 .docx / .xlsx / .pptx 后重新放入',
  archive: '是压缩包或磁盘映像，其中的文件无法逐个检查，不接收。请解压后把文件放入对应的佐证材料文件夹',
  empty: '是空文件（0 字节），不接收',
} as const;

/** Why a file is refused by its name alone, or null. */
export function refusedByName(path: string): string | null {
  const ext = extensionOf(path);
  if (PROGRAM_EXTENSIONS.has(ext)) return refusalReasons.program;
  if (SHORTCUT_EXTENSIONS.has(ext)) return refusalReasons.shortcut;
  if (MACRO_EXTENSIONS.has(ext)) return refusalReasons.macro;
  if (ARCHIVE_EXTENSIONS.has(ext)) return refusalReasons.archive;
  return null;
}

/** What sniffFile decided: received (with the content's type), or refused (with the reason). */
export type Sniffed =
  | { ok: true; mimeType: string | null; /** Chinese name of the type, for messages */ label: string | null; /** warning when the extension says otherwise */ mismatch: string | null }
  | { ok: false; reason: string };

const at = (buf: Buffer, offset: number, bytes: readonly number[]) => buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);
const ascii = (buf: Buffer, offset: number, text: string) => buf.length >= offset + text.length && buf.toString('latin1', offset, offset + text.length) === text;

interface Kind {
  mime: string;
  label: string;
  /** Extensions that name this content honestly. */
  exts: readonly string[];
}

const K = {
  jpeg: { mime: 'image/jpeg', label: 'JPEG 图片', exts: ['.jpg', '.jpeg', '.jpe', '.jfif'] },
  png: { mime: 'image/png', label: 'PNG 图片', exts: ['.png'] },
  gif: { mime: 'image/gif', label: 'GIF 图片', exts: ['.gif'] },
  bmp: { mime: 'image/bmp', label: 'BMP 图片', exts: ['.bmp', '.dib'] },
  webp: { mime: 'image/webp', label: 'WebP 图片', exts: ['.webp'] },
  tiff: { mime: 'image/tiff', label: 'TIFF 图片', exts: ['.tif', '.tiff'] },
  heic: { mime: 'image/heic', label: 'HEIC 图片', exts: ['.heic', '.heif'] },
  pdf: { mime: 'application/pdf', label: 'PDF 文档', exts: ['.pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word 文档', exts: ['.docx', '.dotx', '.wps'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel 工作簿', exts: ['.xlsx', '.xltx', '.et'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint 演示文稿', exts: ['.pptx', '.ppsx', '.potx', '.dps'] },
  ofd: { mime: 'application/ofd', label: 'OFD 版式文档', exts: ['.ofd'] },
  doc: { mime: 'application/msword', label: 'Word 97-2003 文档', exts: ['.doc', '.dot', '.wps'] },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel 97-2003 工作簿', exts: ['.xls', '.xlt', '.et'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', label: 'PowerPoint 97-2003 演示文稿', exts: ['.ppt', '.pps', '.pot', '.dps'] },
  ole: { mime: 'application/x-ole-storage', label: 'Office 97-2003 文档', exts: [] },
  mp4: { mime: 'video/mp4', label: 'MP4 视频', exts: ['.mp4', '.m4v'] },
  mov: { mime: 'video/quicktime', label: 'QuickTime 视频', exts: ['.mov', '.qt'] },
  gpp: { mime: 'video/3gpp', label: '3GP 视频', exts: ['.3gp', '.3g2'] },
  m4a: { mime: 'audio/mp4', label: 'M4A 音频', exts: ['.m4a'] },
  avi: { mime: 'video/x-msvideo', label: 'AVI 视频', exts: ['.avi'] },
  wav: { mime: 'audio/wav', label: 'WAV 音频', exts: ['.wav'] },
  mp3: { mime: 'audio/mpeg', label: 'MP3 音频', exts: ['.mp3'] },
  rtf: { mime: 'application/rtf', label: 'RTF 文档', exts: ['.rtf', '.doc', '.wps'] },
  text: { mime: 'text/plain', label: '文本文件', exts: ['.txt', '.csv', '.log', '.md'] },
} as const satisfies Record<string, Kind>;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4VH', 'M4VP', 'dash', 'f4v ', 'mmp4', 'XAVC', 'MSNV', 'NDAS']);

/** The first bytes say: a kind we know, a refusal, or nothing we recognise (null). */
function judge(head: Buffer, ext: string): Kind | { refuse: string } | null {
  // Programs first: whatever else a file claims, these run.
  if (ascii(head, 0, 'MZ')) return { refuse: refusalReasons.programByContent(ext) };
  if (at(head, 0, [0x7f, 0x45, 0x4c, 0x46])) return { refuse: refusalReasons.programByContent(ext) };
  if (at(head, 0, [0xfe, 0xed, 0xfa, 0xce]) || at(head, 0, [0xfe, 0xed, 0xfa, 0xcf]) || at(head, 0, [0xce, 0xfa, 0xed, 0xfe]) || at(head, 0, [0xcf, 0xfa, 0xed, 0xfe]) || at(head, 0, [0xca, 0xfe, 0xba, 0xbe])) {
    return { refuse: refusalReasons.programByContent(ext) };
  }
  if (ascii(head, 0, '#!')) return { refuse: refusalReasons.script };
  if (at(head, 0, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00])) return { refuse: refusalReasons.shortcut };
  const text = head.toString('latin1', 0, Math.min(head.length, 64)).replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (text.startsWith('[internetshortcut]') || text.startsWith('[{000214a0-0000-0000-c000-000000000046}]')) return { refuse: refusalReasons.shortcut };

  if (at(head, 0, [0xff, 0xd8, 0xff])) return K.jpeg;
  if (at(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return K.png;
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return K.gif;
  if (ascii(head, 0, 'BM') && head.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(head.readUInt32LE(14))) return K.bmp;
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return K.webp;
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return K.avi;
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return K.wav;
  if (at(head, 0, [0x49, 0x49, 0x2a, 0x00]) || at(head, 0, [0x4d, 0x4d, 0x00, 0x2a])) return K.tiff;
  if (ascii(head, 4, 'ftyp')) {
    const brand = head.toString('latin1', 8, 12);
    if (HEIC_BRANDS.has(brand)) return K.heic;
    if (brand === 'qt  ') return K.mov;
    if (brand.startsWith('3g')) return K.gpp;
    if (brand === 'M4A ' || brand === 'M4B ') return K.m4a;
    if (MP4_BRANDS.has(brand) || brand.startsWith('mp4')) return K.mp4;
    return K.mp4;
  }
  if (head.subarray(0, 1024).includes('%PDF-', 0, 'latin1')) return K.pdf;
  if (ascii(head, 0, '{\\rtf')) return K.rtf;
  if (ascii(head, 0, 'ID3') || (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0)) return K.mp3;

  if (at(head, 0, [0x50, 0x4b, 0x03, 0x04])) {
    // Zip-based formats name their parts in the local headers at the start of the file.
    const names = head.toString('latin1');
    if (names.includes('word/')) return K.docx;
    if (names.includes('xl/')) return K.xlsx;
    if (names.includes('ppt/')) return K.pptx;
    if (names.includes('OFD.xml') || names.includes('Doc_0/')) return K.ofd;
    // The parts may come later (docProps first): the extension decides among office formats only.
    for (const k of [K.docx, K.xlsx, K.pptx, K.ofd]) if ((k.exts as readonly string[]).includes(ext)) return k;
    return { refuse: refusalReasons.archive };
  }
  if (at(head, 0, [0x50, 0x4b, 0x05, 0x06]) || at(head, 0, [0x50, 0x4b, 0x07, 0x08])) return { refuse: refusalReasons.archive };
  if (ascii(head, 0, 'Rar!\x1a\x07') || at(head, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || at(head, 0, [0x1f, 0x8b]) || ascii(head, 0, 'BZh') ||
    at(head, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) || ascii(head, 0, 'MSCF') || ascii(head, 257, 'ustar')) {
    return { refuse: refusalReasons.archive };
  }
  if (at(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    for (const k of [K.doc, K.xls, K.ppt]) if ((k.exts as readonly string[]).includes(ext)) return k;
    return K.ole;
  }
  if (looksLikeText(head)) return K.text;
  return null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GB18030 = new TextDecoder('gb18030', { fatal: true });

/** No NUL byte and decodable as UTF-8 or GB18030 (a multi-byte character cut at the end of the head is allowed). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  for (const dec of [UTF8, GB18030]) {
    for (let cut = 0; cut < 4 && cut < head.length; cut++) {
      try {
        dec.decode(head.subarray(0, head.length - cut));
        return true;
      } catch {
        // try with the last bytes cut (a character split by the head's end)
      }
    }
  }
  return false;
}

/**
 * Judges a file by its name and first bytes (`head`: at least SNIFF_BYTES, or the whole file when
 * shorter; `size` the whole file's size). Refused files say why; received ones get the MIME type of
 * their content (null when unknown) and a warning when the extension names another type.
 */
export function sniffFile(path: string, head: Buffer, size: number): Sniffed {
  const byName = refusedByName(path);
  if (byName) return { ok: false, reason: byName };
  if (size === 0) return { ok: false, reason: refusalReasons.empty };
  const ext = extensionOf(path);
  const kind = judge(head, ext);
  if (kind && 'refuse' in kind) return { ok: false, reason: kind.refuse };
  if (!kind) return { ok: true, mimeType: null, label: null, mismatch: null };
  const expected = Object.values(K).find((k) => (k.exts as readonly string[]).includes(ext));
  const honest = (kind.exts as readonly string[]).includes(ext);
  const mismatch = !honest && expected ? `扩展名为“${ext}”（${expected.label}），但实际内容是${kind.label}；已按实际类型接收` : null;
  return { ok: true, mimeType: kind.mime, label: kind.label, mismatch };
}
