import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPLAY_ROUNDING_RULE, formatNumber, formatRatio, roundHalfUp } from './format.js';

describe('roundHalfUp', () => {
  it.each([
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [1.045, 2, 1.05],
    [-1.005, 2, -1.01],
    [0.5, 0, 1],
    [1.5, 0, 2],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [3.825, 2, 3.83],
    [3.8249, 2, 3.82],
    [24.4999999, 1, 24.5],
    [1e-7, 2, 0],
    [123456.785, 2, 123456.79],
  ])('rounds %d to %d places as %d', (x, d, want) => {
    expect(roundHalfUp(x, d)).toBe(want);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfUp(-0.001, 2), 0)).toBe(true);
  });

  it('rejects invalid decimals', () => {
    expect(() => roundHalfUp(1, -1)).toThrow();
    expect(() => roundHalfUp(1, 1.5)).toThrow();
  });

  it('stays within half a unit of the last place (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const r = roundHalfUp(x, d);
        return Math.abs(r - x) <= 0.5 * 10 ** -d + 1e-9 * Math.max(1, Math.abs(x));
      }),
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const r = roundHalfUp(x, d);
        return roundHalfUp(r, d) === r;
      }),
    );
  });
});

describe('formatNumber / formatRatio', () => {
  it('drops trailing zeros after rounding', () => {
    expect(formatNumber(24.5)).toBe('24.5');
    expect(formatNumber(85)).toBe('85');
    expect(formatNumber(84.999)).toBe('85');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(2.005, 2)).toBe('2.01');
    expect(formatNumber(-0.0001)).toBe('0');
  });

  it('shows missing and infinite values distinctly', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
  });

  it('formats ratios as percentages without float noise', () => {
    expect(formatRatio(0.855)).toBe('85.5%');
    expect(formatRatio(0.85)).toBe('85%');
    expect(formatRatio(0.84999, 2)).toBe('85%');
    expect(formatRatio(0.84999, 3)).toBe('84.999%');
    expect(formatRatio(0.1 + 0.2 + 0.7)).toBe('100%');
  });

  it('never prints a rate above 100 % or below 0 % (80 typed for 80 % is not "8000%")', () => {
    expect(formatRatio(80)).toBe('80（不是 0～1 的比例）');
    expect(formatRatio(-0.2)).toBe('-0.2（不是 0～1 的比例）');
    expect(formatRatio(null)).toBe('—');
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const s = formatRatio(x, d);
        const m = /^(-?[\d.]+)%$/.exec(s);
        return m === null || (Number(m[1]) >= 0 && Number(m[1]) <= 100);
      }),
    );
  });

  it('states the rule in Chinese', () => {
    expect(DISPLAY_ROUNDING_RULE).toContain('四舍五入');
    expect(DISPLAY_ROUNDING_RULE).toContain('全部精度');
  });
});
