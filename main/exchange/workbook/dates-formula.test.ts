import { describe, expect, it } from 'vitest';
import { FICTITIOUS_1900_02_29, isDateFormat, isDateFormatCode, serialToDate } from './dates';
import { shiftFormula } from './formula';
import { parseRange, parseRef } from './sheet';

describe('date formats', () => {
  it('knows the built-in date and time formats, including the Chinese ones', () => {
    const dates = [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 31, 36, 45, 46, 47, 50, 57, 58];
    const numbers = [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 38, 39, 40, 44, 48, 49, 59];
    for (const id of dates) expect(isDateFormat(id, undefined), `id ${id}`).toBe(true);
    for (const id of numbers) expect(isDateFormat(id, undefined), `id ${id}`).toBe(false);
  });

  it('reads custom codes: date letters outside quotes, escapes and brackets', () => {
    const yes = ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'YYYY/MM/DD', '[$-804]yyyy"年"m"月"', 'h:mm:ss', '[h]:mm', 'mm:ss.0', '[DBNum1][$-804]yyyy"年"m"月"d"日"', '上午/下午h"时"mm"分"'];
    const no = ['General', '0.00', '#,##0"人"', '0.0"平方米"', '"days"0', '[Red]#,##0;[Blue]-#,##0', '0_);\\(0\\)', '@', '#,##0.00_ ;[红色]-#,##0.00 ', '0.00E+00', '[$¥-804]#,##0.00', '0"m"', '\\d0'];
    for (const c of yes) expect(isDateFormatCode(c), c).toBe(true);
    for (const c of no) expect(isDateFormatCode(c), c).toBe(false);
    // A custom code defined for a built-in id wins over the built-in meaning.
    expect(isDateFormat(14, '0.00')).toBe(false);
  });

  it('converts serials in both date systems', () => {
    expect(serialToDate(45536, false)).toEqual(new Date('2024-09-01T00:00:00Z'));
    expect(serialToDate(45536 - 1462, true)).toEqual(new Date('2024-09-01T00:00:00Z'));
    expect(serialToDate(60, false)).toBe(FICTITIOUS_1900_02_29);
    expect(serialToDate(60, true)).toEqual(new Date('1904-03-01T00:00:00Z'));
    expect(serialToDate(0.75, false)).toEqual(new Date('1899-12-31T18:00:00Z'));
    expect(serialToDate(-1, false)).toBeNull();
    expect(serialToDate(3_000_000, false)).toBeNull();
  });
});

describe('shared formula text', () => {
  it('shifts relative references, not absolute ones, strings, sheet names or functions', () => {
    expect(shiftFormula('SUM(D2:F2)', 3, 0)).toBe('SUM(D5:F5)');
    expect(shiftFormula('$A2*B$1+$C$3', 1, 1)).toBe('$A3*C$1+$C$3');
    expect(shiftFormula('IF(A2="A2",LOG10(A2),\'Sheet A1\'!B2)', 1, 0)).toBe('IF(A3="A2",LOG10(A3),\'Sheet A1\'!B3)');
    expect(shiftFormula('学校统计!G2+1', 2, 0)).toBe('学校统计!G4+1');
    expect(shiftFormula('A1', -1, 0)).toBe('#REF!');
  });

  it('parses cell references and ranges', () => {
    expect(parseRef('A1')).toEqual({ row: 0, col: 0 });
    expect(parseRef('$XFD$1048576')).toEqual({ row: 1048575, col: 16383 });
    expect(parseRef('1A')).toBeNull();
    expect(parseRange('C3:A1')).toEqual({ top: 0, left: 0, bottom: 2, right: 2 });
    expect(parseRange('B2')).toEqual({ top: 1, left: 1, bottom: 1, right: 1 });
  });
});
