/**
 * Text hygiene for names, codes and enumerations typed or pasted by people: the same rules for
 * every door (form, API, register import, statistics import). Pure: no Node, no DOM.
 *
 * Three kinds of character make two strings look alike while comparing different:
 * - spaces other than U+0020: no-break U+00A0, ideographic U+3000, the U+2000–U+200A family,
 *   U+202F, U+205F, tabs and line breaks;
 * - invisible characters: zero-width space/non-joiner/joiner U+200B–U+200D, word joiner U+2060,
 *   the byte-order mark U+FEFF, soft hyphen U+00AD, direction marks and other format (Cf) and
 *   control (Cc) characters, Hangul fillers;
 * - compatibility forms: full-width digits and latin letters (ＡＢ１２), Kangxi radicals (⼩ for 小).
 */

/** Every space-like character except the plain space U+0020 (which is visible enough in a message). */
const ODD_SPACE = /[\p{Zs}\p{Zl}\p{Zp}\t\n\v\f\r\u0085]/u;
/** Format and control characters, plus the Hangul fillers that render as nothing. */
const INVISIBLE = /[\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0]/u;

const ODD_SPACE_ALL = new RegExp(ODD_SPACE.source, 'gu');
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
/** Full-width digits and latin letters: the standard form of these is half-width (GB/T 15834 usage). */
const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu;
/** Kangxi radicals and CJK radical supplements, which look like ordinary ideographs (⼩学 vs 小学). */
const RADICALS = /[\u2E80-\u2EFF\u2F00-\u2FDF]/gu;

function isHidden(ch: string): boolean {
  return ch !== ' ' && (ODD_SPACE.test(ch) || INVISIBLE.test(ch));
}

/**
 * Cleans a name (or any single-line text) for storage: invisible characters removed, every kind of
 * space turned into a plain space, runs of spaces collapsed to one, ends trimmed, full-width digits
 * and latin letters made half-width, radicals made ordinary ideographs. Chinese punctuation such as
 * （） stays as typed. Idempotent: cleanName(cleanName(x)) === cleanName(x).
 *
 * @example cleanName('桃源镇中心小学\u00A0') === '桃源镇中心小学'
 * @example cleanName('柳林乡\u200B中心小学') === '柳林乡中心小学'
 * @example cleanName('石门镇\u3000\u3000中心小学') === '石门镇 中心小学'
 */
export function cleanName(text: string): string {
  return text
    .normalize('NFC')
    .replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(RADICALS, (c) => c.normalize('NFKC'))
    .replace(ODD_SPACE_ALL, ' ')
    .replace(INVISIBLE_ALL, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Cleans a code or number-like token (学校标识码, dates, enumeration codes such as 111): NFKC
 * (full-width digits → ASCII) and every space or invisible character removed.
 *
 * @example cleanCode('\u200B３６０１０２０００４ ') === '3601020004'
 */
export function cleanCode(text: string): string {
  // \p{Zs} includes the plain space, so this removes every space.
  return text.normalize('NFKC').replace(ODD_SPACE_ALL, '').replace(INVISIBLE_ALL, '');
}

/**
 * The key under which two names are the same school: NFKC (full- and half-width forms, （） and (),
 * radicals and ideographs compare equal) with every space and invisible character removed. Names
 * that differ only by such characters or by inner spaces have the same key; use it for matching and
 * duplicate checks, never for storage or display.
 *
 * @example nameKey('石门镇 中心小学') === nameKey('石门镇中心小学')
 * @example nameKey('柳林乡中心小学\u200B') === nameKey('柳林乡中心小学')
 */
export function nameKey(text: string): string {
  return cleanCode(text);
}

/**
 * Whether the text holds a character a reader cannot see or tell from a plain space (no-break,
 * ideographic or zero-width space, BOM, direction marks, tabs, line breaks…). Plain spaces do not count.
 */
export function hasInvisible(text: string): boolean {
  for (const ch of text) if (isHidden(ch)) return true;
  return false;
}

/**
 * Renders invisible characters and odd spaces visibly, for messages that quote a value: each becomes
 * ⟨U+XXXX⟩. Plain spaces and every visible character stay as they are.
 *
 * @example showInvisible('石门镇\u00A0中心小学') === '石门镇⟨U+00A0⟩中心小学'
 * @example showInvisible('\u200B188') === '⟨U+200B⟩188'
 */
export function showInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    out += isHidden(ch) ? `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩` : ch;
  }
  return out;
}

/** Chinese names of the hidden characters people most often paste along with text (others are named by code point only). */
const HIDDEN_NAMES: Readonly<Record<number, string>> = {
  0x0009: '制表符',
  0x000a: '换行符',
  0x000d: '回车符',
  0x00a0: '不换行空格',
  0x00ad: '软连字符',
  0x200b: '零宽空格',
  0x200c: '零宽非连接符',
  0x200d: '零宽连接符',
  0x200e: '从左到右标记',
  0x200f: '从右到左标记',
  0x202f: '窄不换行空格',
  0x2060: '零宽词连接符',
  0x3000: '全角空格',
  0xfeff: '零宽不换行空格（BOM）',
};

/**
 * The invisible characters and odd spaces in `text` (those {@link showInvisible} renders), each
 * once in order of first appearance, as a message names them: “U+200B（零宽空格）、U+00A0（不换行空格）”.
 * The code point matches what showInvisible prints, so a user can tie the name to the quoted value.
 * Empty when the text has none.
 *
 * @example describeInvisible('\u200B1\u200B88\u00A0') === 'U+200B（零宽空格）、U+00A0（不换行空格）'
 */
export function describeInvisible(text: string): string {
  const seen = new Set<number>();
  const out: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isHidden(ch) || seen.has(cp)) continue;
    seen.add(cp);
    const name = HIDDEN_NAMES[cp];
    out.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}${name ? `（${name}）` : ''}`);
  }
  return out.join('、');
}

/**
 * How two names that share a {@link nameKey} differ, in Chinese for a message: “只差空格” when they
 * differ only by plain spaces, otherwise “只差空格、全角半角或不可见字符”. Null when they are identical.
 */
export function describeNameDifference(a: string, b: string): string | null {
  if (a === b) return null;
  if (a.replace(/ /g, '') === b.replace(/ /g, '')) return '只差空格';
  return '只差空格、全角半角或不可见字符';
}
