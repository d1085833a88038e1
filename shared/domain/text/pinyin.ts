/**
 * Chinese lists in pinyin order (townships, school names, file names): the platform's collator
 * for zh-CN orders Han characters by pinyin in Node and Chromium alike, so no library is needed.
 */
export const byPinyin = new Intl.Collator('zh-CN').compare;
