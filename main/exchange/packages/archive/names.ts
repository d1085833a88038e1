/**
 * Names inside a package, from a zip or a folder: decoding (zip entry names are bytes) and the
 * checks that keep a hostile name from meaning anything but "a file inside this package".
 *
 * Decoding a zip entry's name (APPNOTE 4.4.4 bit 11, Appendix D): the UTF-8 flag, else the Info-ZIP
 * Unicode Path extra field (0x7075, when its CRC matches the raw name), else the bytes are UTF-8 when
 * they decode strictly as UTF-8 (macOS and 7-Zip may write UTF-8 without the flag), else GB18030 —
 * what Windows' built-in “发送到 → 压缩(zipped)文件夹” writes on a Chinese system (the OEM code page
 * 936; GB18030 is its superset). A GBK name that is also valid UTF-8 is possible in theory (the
 * classic “联通” case) but needs every byte pair to fall into UTF-8's narrow continuation ranges;
 * for real names of two or more Chinese characters it does not happen, and the test suite pins the
 * common cases. Node's TextDecoder with full ICU (Node and Electron ship it) decodes GB18030.
 */
import zlib from 'node:zlib';
import { limitReasons, type PackageLimits } from './limits';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LOOSE = new TextDecoder('utf-8');
const GB18030 = new TextDecoder('gb18030', { fatal: true });
const GB18030_LOOSE = new TextDecoder('gb18030');

/** How an entry name was decoded (kept for tests and diagnostics). */
export type NameEncoding = 'utf8-flag' | 'unicode-extra' | 'ascii' | 'utf8' | 'gb18030' | 'undecodable';

/** A decoded entry name and the rule that decoded it. */
export interface DecodedName {
  name: string;
  encoding: NameEncoding;
}

const UTF8_FLAG = 0x800;
const UNICODE_PATH_EXTRA = 0x7075;

function isAscii(raw: Uint8Array): boolean {
  for (const b of raw) if (b > 0x7f) return false;
  return true;
}

/** Decodes a zip entry's raw name bytes (see the module comment for the order of the rules). */
export function decodeEntryName(raw: Buffer, generalPurposeFlags: number, extraFields: readonly { id: number; data: Buffer }[] = []): DecodedName {
  if (generalPurposeFlags & UTF8_FLAG) {
    try {
      return { name: UTF8.decode(raw), encoding: 'utf8-flag' };
    } catch {
      return { name: UTF8_LOOSE.decode(raw), encoding: 'undecodable' };
    }
  }
  for (const f of extraFields) {
    if (f.id !== UNICODE_PATH_EXTRA || f.data.length < 6 || f.data[0] !== 1) continue;
    if (f.data.readUInt32LE(1) !== zlib.crc32(raw) >>> 0) continue;
    try {
      return { name: UTF8.decode(f.data.subarray(5)), encoding: 'unicode-extra' };
    } catch {
      // A broken extra field: fall back to the name itself, as APPNOTE says.
    }
  }
  if (isAscii(raw)) return { name: raw.toString('latin1'), encoding: 'ascii' };
  try {
    return { name: UTF8.decode(raw), encoding: 'utf8' };
  } catch {
    // not UTF-8: the Chinese Windows code page
  }
  try {
    return { name: GB18030.decode(raw), encoding: 'gb18030' };
  } catch {
    return { name: GB18030_LOOSE.decode(raw), encoding: 'undecodable' };
  }
}

/** Device names Windows reserves in every folder, with or without an extension (NUL.txt is NUL). */
const RESERVED_DEVICE = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
/** Characters Windows refuses in a name (`:` would also name an NTFS alternate data stream). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const WINDOWS_FORBIDDEN = /[<>:"|?*\u0000-\u001f]/;
/** Direction overrides and isolates: “照片\u202Egpj.exe” shows as “照片exe.jpg”. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const MAX_SEGMENT = 255;

/** A path inside a package after checkEntryPath. */
export interface CheckedPath {
  /** `/`-separated, NFC, without empty or `.` segments; the best reading even when refused (for messages). */
  path: string;
  /** Why the entry cannot be received (Chinese sentence), or null. */
  problem: string | null;
}

/** A name with control and direction characters made visible (⟨U+202E⟩), for messages. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is shown
const shown = (s: string) => s.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);

/**
 * Checks a path inside a package (a decoded zip entry name, or a folder-relative path) and
 * normalises it: backslashes are separators (PowerShell 5's Compress-Archive writes them), empty and
 * `.` segments are dropped, the result is NFC (macOS writes NFD). Refused, with the reason: absolute
 * paths (/etc, C:\, \\server), `..` anywhere (zip-slip), Windows device names (CON, NUL.txt),
 * segments ending in a dot or space, characters Windows forbids, direction-override characters, a
 * NUL byte, names too long or nested too deep.
 */
export function checkEntryPath(name: string, limits: Pick<PackageLimits, 'maxDepth' | 'maxPathLength'>): CheckedPath {
  const slashed = name.replace(/\\/g, '/');
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  const path = segments.join('/').normalize('NFC');
  const refuse = (problem: string): CheckedPath => ({ path: shown(path || slashed), problem });
  if (name.includes('\u0000')) return refuse('文件名中含有空字符，可能是恶意构造的压缩包，未接收');
  if (/^[A-Za-z]:/.test(slashed) || slashed.startsWith('/')) return refuse('文件路径是绝对路径（如 C:\\ 或 /），解压时会写到填报包以外的位置，未接收');
  if (segments.includes('..')) return refuse('文件路径中含有“..”，解压时会写到填报包以外的位置（“路径穿越”），未接收');
  if (segments.length === 0) return refuse('文件名为空，未接收');
  if (segments.length > limits.maxDepth) return refuse(limitReasons.depth(limits.maxDepth));
  if (path.length > limits.maxPathLength) return refuse(limitReasons.pathLength(limits.maxPathLength));
  for (const seg of segments) {
    if (BIDI_CONTROL.test(seg)) return refuse(`名称“${shown(seg)}”中含有改变文字显示方向的隐藏字符（常用于伪装文件类型），未接收`);
    const bad = WINDOWS_FORBIDDEN.exec(seg);
    if (bad) return refuse(`名称“${shown(seg)}”中含有 Windows 不允许的字符“${shown(bad[0])}”，未接收`);
    if (/[. ]$/.test(seg)) return refuse(`名称“${seg}”以点或空格结尾，在 Windows 中无法正常打开或删除，未接收`);
    const stem = seg.split('.')[0].trimEnd();
    if (RESERVED_DEVICE.test(stem)) return refuse(`名称“${seg}”是 Windows 的保留设备名，在 Windows 中无法正常使用，未接收`);
    if (seg.length > MAX_SEGMENT) return refuse(`名称超过 ${MAX_SEGMENT} 个字符，未接收`);
  }
  return { path, problem: null };
}

/** The key under which two paths are the same file on Windows: case-insensitive, NFC. */
export function pathKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * Files systems and office programs leave behind, which are never content the school made: macOS
 * resource forks and folder settings, Windows thumbnails and folder settings, Office and WPS owner
 * (lock) files of an open document. They are skipped without a word.
 */
export function isSystemLeftover(path: string): boolean {
  const segments = path.split('/');
  const base = segments[segments.length - 1];
  if (segments.some((s) => s === '__MACOSX')) return true;
  if (base.startsWith('._')) return true;
  const lower = base.toLowerCase();
  if (lower === '.ds_store' || lower === 'thumbs.db' || lower === 'desktop.ini' || lower === 'ehthumbs.db') return true;
  if (base.startsWith('~$') || /^\.~lock\..*#$/.test(base) || /^~wrl\d+\.tmp$/i.test(base)) return true;
  return false;
}

/** The extension of a name, lower case with the dot (`.jpg`), or '' when it has none. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The last segment of a `/`-separated path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
