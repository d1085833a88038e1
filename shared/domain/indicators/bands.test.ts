import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandContains, findBand, validateBands } from './bands.js';
import type { GradeBand, Grading } from './schema.js';

const band = (label: string, min: number | null, max: number | null, minInclusive = true, maxInclusive = false): GradeBand => ({ label, min, max, minInclusive, maxInclusive });
const grading = (bands: GradeBand[], basis: Grading['basis'] = 'points'): Grading => ({ basis, bands, vetoLabel: null, gradeWhenFailed: null });

const abcd = [band('D', 0, 60), band('C', 60, 80), band('B', 80, 90), band('A', 90, null)];

describe('findBand', () => {
  it('uses the bounds exactly as stated', () => {
    expect(findBand(abcd, 60)?.label).toBe('C');
    expect(findBand(abcd, 59.999999)?.label).toBe('D');
    expect(findBand(abcd, 90)?.label).toBe('A');
    expect(findBand(abcd, 0)?.label).toBe('D');
    expect(findBand(abcd, 105)?.label).toBe('A');
    expect(findBand(abcd, -1)).toBeNull();
  });

  it('treats binary noise at a bound as the bound', () => {
    expect((0.7 + 0.1) * 75).toBeLessThan(60);
    expect(findBand(abcd, (0.7 + 0.1) * 75)?.label).toBe('C'); // 59.99999999999999
    expect(findBand(abcd, 59.9999)?.label).toBe('D');
  });

  it('honours inclusive upper bounds', () => {
    const b = band('合格', 60, 75, false, true);
    expect(bandContains(b, 75)).toBe(true);
    expect(bandContains(b, 60)).toBe(false);
  });
});

describe('validateBands', () => {
  it('accepts contiguous bands that cover 0 to the maximum', () => {
    expect(validateBands(grading(abcd), 100)).toEqual([]);
    expect(validateBands(grading([band('D', 0, 60, true, true), band('A', 60, 100, false, true)]), 100)).toEqual([]);
  });

  it('finds a gap between bands', () => {
    const issues = validateBands(grading([band('D', 0, 59), band('C', 60, null)]), 100);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('空档');
    expect(issues[0]!.message).toContain('59 到 60');
  });

  it('finds an overlap between bands', () => {
    const issues = validateBands(grading([band('D', 0, 61), band('C', 60, null)]), 100);
    expect(issues.map((i) => i.message).join()).toContain('重叠');
  });

  it('finds a shared boundary included by both bands', () => {
    const issues = validateBands(grading([band('D', 0, 60, true, true), band('C', 60, null, true)]), 100);
    expect(issues[0]!.message).toContain('在 60 处重叠');
  });

  it('finds a boundary excluded by both bands', () => {
    const issues = validateBands(grading([band('D', 0, 60, true, false), band('C', 60, null, false)]), 100);
    expect(issues[0]!.message).toContain('60 不属于任何等级');
  });

  it('requires coverage from 0 and up to the reachable maximum', () => {
    expect(validateBands(grading([band('C', 10, null)]), 100)[0]!.message).toContain('没有覆盖 0');
    expect(validateBands(grading([band('D', 0, 60), band('A', 60, 100)]), 105)[0]!.message).toContain('最高可得 105');
    expect(validateBands(grading([band('D', 0, 60), band('A', 60, 100, true, false)]), 100)[0]!.message).toContain('最高可得 100');
  });

  it('rejects empty and duplicate bands', () => {
    expect(validateBands(grading([band('D', 60, 60)]), 100)[0]!.message).toContain('区间为空');
    expect(validateBands(grading([band('D', 0, 60), band('D', 60, null)]), 100)[0]!.message).toContain('重复');
  });

  it('on valid generated bands every value belongs to exactly one band (property)', () => {
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 6 }).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(cuts, fc.boolean(), fc.double({ min: 0, max: 120, noNaN: true }), (c, lowerInclusive, x) => {
        const edges = [0, ...c];
        const bands = edges.map((lo, i) => band(`G${i}`, lo, i + 1 < edges.length ? edges[i + 1]! : null, i === 0 || lowerInclusive, !lowerInclusive));
        if (validateBands(grading(bands), 120).length) return false;
        return bands.filter((b) => bandContains(b, x)).length === 1;
      }),
    );
  });
});
