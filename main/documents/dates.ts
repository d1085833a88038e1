/** Dates as official documents write them: full year, Arabic numerals, no leading zeros (2026年3月4日). */
export function formatChineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso.trim());
  if (!m) throw new Error(`日期格式应为 YYYY-MM-DD：${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new Error(`日期无效：${iso}`);
  return `${year}年${month}月${day}日`;
}

/**
 * Rewrites every date written as `YYYY-MM-DD` or `YYYY/MM/DD` (a valid calendar date, not part of
 * a longer number or code) into 2024年8月31日, as GB/T 9704 writes dates in text and tables.
 * Anything else, including invalid dates such as 2024-02-30, is left as typed.
 */
export function chineseDatesInText(text: string): string {
  return text.replace(/(?<![\w/-])(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?![\w/-])/g, (all, y: string, _sep: string, m: string, d: string) => {
    try {
      return formatChineseDate(`${y}-${m}-${d}`);
    } catch {
      return all;
    }
  });
}
