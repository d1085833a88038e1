/**
 * Dates in a workbook are numbers (days since an epoch) shown through a date format. Which numbers
 * are dates is decided by the cell's number format; which epoch by the workbook's date system:
 *  - 1900 system (Windows Excel, WPS, LibreOffice): serial 1 = 1900-01-01. Excel counts a
 *    1900-02-29 that never existed (serial 60, kept from Lotus 1-2-3), so from serial 61 on the day
 *    is 1899-12-30 + serial, and below 60 it is 1899-12-31 + serial.
 *  - 1904 system (old Mac Excel, `<workbookPr date1904="1"/>`): serial 0 = 1904-01-01.
 */

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1900_BEFORE_LEAP = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31 in the 1900 system; Excel shows ##### beyond. */
const MAX_SERIAL = 2_958_465;

/** The 1900-02-29 that Excel shows for serial 60: it does not exist, so it cannot be a Date. */
export const FICTITIOUS_1900_02_29 = '1900-02-29';

/**
 * A serial number as a UTC Date (time of day kept to the millisecond), FICTITIOUS_1900_02_29 for
 * Excel's non-existent day, or null when the number is not a date Excel could show.
 */
export function serialToDate(serial: number, date1904: boolean): Date | typeof FICTITIOUS_1900_02_29 | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= MAX_SERIAL + 1) return null;
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * DAY_MS));
  if (serial >= 61) return new Date(EPOCH_1900 + Math.round(serial * DAY_MS));
  if (serial >= 60) return FICTITIOUS_1900_02_29;
  return new Date(EPOCH_1900_BEFORE_LEAP + Math.round(serial * DAY_MS));
}

/**
 * Built-in number formats that show dates or times: 14–22 everywhere, 45–47 (mm:ss, [h]:mm:ss,
 * mmss.0), and in Chinese, Japanese and Korean Excel 27–36 and 50–58 (yyyy"年"m"月" and the like).
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date or time; `code` is the custom format code when the file defines one for the id. */
export function isDateFormat(numFmtId: number, code: string | undefined): boolean {
  if (code !== undefined) return isDateFormatCode(code);
  return BUILTIN_DATE_FORMATS.has(numFmtId);
}

/**
 * A custom format code is a date format when y, m, d, h or s appears outside quoted text,
 * escapes (\x, _x, *x) and brackets ([Red], [$-804], [DBNum1]); elapsed-time brackets ([h], [mm], [ss]) count.
 */
export function isDateFormatCode(code: string): boolean {
  const s = code.replace(/"[^"]*"/g, '').replace(/[\\_*]./g, '');
  if (/\[(h+|m+|s+)\]/i.test(s)) return true;
  return /[ymdhs]/i.test(s.replace(/\[[^\]]*\]/g, ''));
}
