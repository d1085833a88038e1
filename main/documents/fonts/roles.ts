/** How each GB/T 9704 typeface role is named in Word and found as a font file for the PDF. */
import type { FontRole } from '../model.js';

export const FONT_ROLES: readonly FontRole[] = ['xiaobiaosong', 'heiti', 'kaiti', 'fangsong', 'songti'];

export const ROLE_LABEL: Record<FontRole, string> = {
  xiaobiaosong: '小标宋',
  heiti: '黑体',
  kaiti: '楷体',
  fangsong: '仿宋',
  songti: '宋体',
};

export interface DocxFontName {
  /** The name written into the DOCX runs. */
  name: string;
  /** Written as w:altName in the font table: what Word uses when `name` is not installed. */
  altName?: string;
}

/**
 * Windows font names, as county offices' PCs have them. 方正小标宋简体 and the *_GB2312 faces
 * are not shipped with Windows 10/11, so each carries the Windows face as its alternative.
 */
export const DOCX_FONT_NAMES: Record<FontRole, DocxFontName> = {
  xiaobiaosong: { name: '方正小标宋简体', altName: '宋体' },
  heiti: { name: '黑体' },
  kaiti: { name: '楷体_GB2312', altName: '楷体' },
  fangsong: { name: '仿宋_GB2312', altName: '仿宋' },
  songti: { name: '宋体' },
};
