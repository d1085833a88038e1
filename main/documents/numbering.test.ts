import { describe, expect, it } from 'vitest';
import { chineseNumeral, HeadingCounter } from './numbering.js';

describe('heading numbering', () => {
  it('writes Chinese numerals as headings use them', () => {
    expect([1, 9, 10, 11, 20, 21, 99, 100, 105, 110].map(chineseNumeral)).toEqual([
      '一', '九', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十',
    ]);
  });

  it('numbers levels 一、（一）1.（1） and resets deeper levels', () => {
    const c = new HeadingCounter();
    expect([c.next(1), c.next(2), c.next(3), c.next(4), c.next(4), c.next(2), c.next(3), c.next(1), c.next(2)]).toEqual([
      '一、', '（一）', '1.', '（1）', '（2）', '（二）', '1.', '二、', '（一）',
    ]);
  });
});
