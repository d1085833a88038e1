/** GB/T 9704 heading numbers: 一、 / （一） / 1. / （1）. */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numeral for 1–999 as written in headings: 十, 十一, 二十, 一百零五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`标题序号超出范围：${n}`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = '';
  if (hundreds) out += `${DIGITS[hundreds]}百`;
  if (tens) out += `${tens === 1 && !hundreds ? '' : DIGITS[tens]}十`;
  else if (hundreds && ones) out += '零';
  if (ones) out += DIGITS[ones];
  return out;
}

export function headingNumber(level: 1 | 2 | 3 | 4, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

/** Counts headings in document order; a heading resets the counters of every deeper level. */
export class HeadingCounter {
  private readonly counts = [0, 0, 0, 0];

  next(level: 1 | 2 | 3 | 4): string {
    this.counts[level - 1] += 1;
    for (let i = level; i < this.counts.length; i++) this.counts[i] = 0;
    return headingNumber(level, this.counts[level - 1]);
  }
}
