import { describe, expect, it } from 'vitest';
import { formatForDisplay, kindOfUnit, roundForDisplay, roundHalfAway } from './rounding';

describe('display rounding', () => {
  it('rounds half away from zero on the decimal representation', () => {
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(roundHalfAway(0.51525, 4)).toBe(0.5153);
    expect(roundHalfAway(-2.5, 0)).toBe(-3);
    expect(roundHalfAway(-0.00004, 4)).toBe(0);
    expect(roundHalfAway(1e-7, 4)).toBe(0);
    expect(roundHalfAway(12345.6789, 2)).toBe(12345.68);
  });

  it('applies the per-kind rules', () => {
    expect(roundForDisplay(0.515341, 'cv')).toBe(0.5153);
    expect(roundForDisplay(6.334437, 'mean')).toBe(6.3344);
    expect(roundForDisplay(4.505, 'value')).toBe(4.505);
    expect(roundForDisplay(0.12345, 'share')).toBe(12.35);
    expect(roundForDisplay(null, 'cv')).toBeNull();
  });

  it('formats fixed decimals, percentages and missing values', () => {
    expect(formatForDisplay(0.5, 'cv')).toBe('0.5000');
    expect(formatForDisplay(0.85, 'ratio')).toBe('85.00%');
    expect(formatForDisplay(null, 'value')).toBe('—');
    expect(formatForDisplay(3.2, 'whole')).toBe('3');
    expect(formatForDisplay(250, 'area')).toBe('250.00');
  });

  it('maps gap units to kinds', () => {
    expect(kindOfUnit('平方米')).toBe('area');
    expect(kindOfUnit('元')).toBe('money');
    expect(kindOfUnit('人')).toBe('whole');
    expect(kindOfUnit('间')).toBe('whole');
  });
});
