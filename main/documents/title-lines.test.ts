import { describe, expect, it } from 'vitest';
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
