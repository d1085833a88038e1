/** Dates as official documents write them: full year, Arabic numerals, no leading zeros (2026年3月4日). */
export function formatChineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso.trim());
  if (!m) throw new Error(`日期格式应为 YYYY-MM-DD：${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new Error(`日期无效：${iso}`);
  return `${year}年${month}月${day}日`;
}
