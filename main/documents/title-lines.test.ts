import { describe, expect, it } from 'vitest';
import { widthInChars } from './text-width';
import { titleLines } from './title-lines';

describe('titleLines', () => {
  it('keeps short titles and typed breaks', () => {
    expect(titleLines('关于开展督导评估工作的通知')).toEqual(['关于开展督导评估工作的通知']);
    expect(titleLines('关于开展\n督导评估工作的通知')).toEqual(['关于开展', '督导评估工作的通知']);
  });

  it('balances long titles, upper line not shorter, never splitting a number', () => {
    const lines = titleLines('关于开展2026年义务教育优质均衡发展督导评估工作的通知');
    expect(lines.join('')).toBe('关于开展2026年义务教育优质均衡发展督导评估工作的通知');
    expect(lines).toHaveLength(2);
    expect(lines[0].length).toBeGreaterThanOrEqual(lines[1].length);
    expect(lines.some((l) => /^\d|\d$/.test(l) && !/年$/.test(l))).toBe(false);
    const cut = titleLines('关于印发城关县2025年义务教育学校校际差异系数测算报告的通知', 12);
    expect(cut.every((l) => !/\d$/.test(l) || /年$/.test(l))).toBe(true);
  });
});

describe('titleLines between words', () => {
  const cases = [
    '关于开展2026年义务教育优质均衡发展督导评估工作的通知',
    '城关县人民政府教育督导室关于开展县域义务教育优质均衡发展督导评估工作的通知',
    '关于印发《城关县义务教育学校办学行为督导评估方案（试行）》的通知',
    '关于印发城关县2025年义务教育学校校际差异系数测算报告的通知',
  ];

  it('never splits a word (优质 / 均衡, 发 / 展, 督 / 导) nor puts brackets against the rules', () => {
    for (const title of cases) {
      for (const max of [10, 12, 15, 19]) {
        const lines = titleLines(title, max);
        expect(lines.join('')).toBe(title);
        for (let i = 1; i < lines.length; i++) {
          const seam = `${lines[i - 1].at(-1)}|${lines[i][0]}`;
          for (const word of ['优质均衡', '发展', '督导', '印发', '测算', '评估', '义务', '教育', '通知', '2026', '2025']) {
            for (let k = 1; k < word.length; k++) {
              expect(`${lines[i - 1]}|${lines[i]}`, `${title} @${max}`).not.toContain(`${word.slice(0, k)}|${word.slice(k)}`);
            }
          }
          expect(/^[，。、；：？！）》」』”’]/.test(lines[i]), seam).toBe(false);
          expect(/[（《「『“‘]$/.test(lines[i - 1]), seam).toBe(false);
        }
      }
    }
  });

  it('balances the lines in a trapezoid or diamond, each within the width', () => {
    for (const title of cases) {
      const lines = titleLines(title, 15);
      const lens = lines.map(widthInChars);
      // Trapezoid or diamond: widths rise then fall, and the last line is not longer than the one above.
      const peak = lens.indexOf(Math.max(...lens));
      for (let i = 1; i < lens.length; i++) {
        if (i <= peak) expect(lens[i], title).toBeGreaterThanOrEqual(lens[i - 1]);
        else expect(lens[i], title).toBeLessThanOrEqual(lens[i - 1]);
      }
      expect(lens.at(-1), title).toBeLessThanOrEqual(lens.at(-2) ?? Infinity);
      // Balanced: no two lines differ by more than a few characters (a word's length).
      expect(Math.max(...lens) - Math.min(...lens), `${title}: ${lines.join(' / ')}`).toBeLessThanOrEqual(4);
      expect(Math.max(...lens)).toBeLessThanOrEqual(15);
      // The fewest lines, or one more where no word boundary allows the fewest.
      expect(lines.length).toBeLessThanOrEqual(Math.ceil(widthInChars(title) / 15) + 1);
    }
    expect(titleLines('关于开展2026年义务教育优质均衡发展督导评估工作的通知')).toEqual(['关于开展2026年义务教育优质均衡', '发展督导评估工作的通知']);
  });
});
