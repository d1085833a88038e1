import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightedCoefficient } from './coefficient';
import { contributions } from './contributions';

const point = fc.record({
  pupils: fc.integer({ min: 1, max: 5000 }),
  value: fc.double({ min: 0.01, max: 10000, noNaN: true, noDefaultInfinity: true }),
});
const points = fc.array(point, { minLength: 1, maxLength: 60 });
const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe('weightedCoefficient — properties', () => {
  it('CV is invariant under scaling every Xᵢ by c > 0', () => {
    fc.assert(
      fc.property(points, fc.double({ min: 0.001, max: 1000, noNaN: true }), (pts, c) => {
        const a = weightedCoefficient(pts);
        const b = weightedCoefficient(pts.map((p) => ({ pupils: p.pupils, value: p.value * c })));
        expect(close(a.cv!, b.cv!, 1e-7)).toBe(true);
      }),
    );
  });

  it('CV is invariant under scaling every Pᵢ by k > 0', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 2, max: 50 }), (pts, k) => {
        const a = weightedCoefficient(pts);
        const b = weightedCoefficient(pts.map((p) => ({ pupils: p.pupils * k, value: p.value })));
        expect(close(a.cv!, b.cv!, 1e-7)).toBe(true);
      }),
    );
  });

  it('CV does not depend on the order of schools', () => {
    fc.assert(
      fc.property(points, (pts) => {
        const a = weightedCoefficient(pts);
        const b = weightedCoefficient([...pts].reverse());
        expect(close(a.cv!, b.cv!, 1e-9)).toBe(true);
      }),
    );
  });

  it('the weighted mean lies within [min Xᵢ, max Xᵢ]; S ≥ 0; CV ≥ 0', () => {
    fc.assert(
      fc.property(points, (pts) => {
        const s = weightedCoefficient(pts);
        const xs = pts.map((p) => p.value);
        const lo = Math.min(...xs);
        const hi = Math.max(...xs);
        expect(s.mean!).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
        expect(s.mean!).toBeLessThanOrEqual(hi * (1 + 1e-12));
        expect(s.sd!).toBeGreaterThanOrEqual(0);
        expect(s.cv!).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('S ≤ (max − min) / 2 (bounded spread)', () => {
    fc.assert(
      fc.property(points, (pts) => {
        const s = weightedCoefficient(pts);
        const xs = pts.map((p) => p.value);
        expect(s.sd!).toBeLessThanOrEqual(((Math.max(...xs) - Math.min(...xs)) / 2) * (1 + 1e-9) + 1e-12);
      }),
    );
  });

  it('splitting a school into two identical halves changes nothing', () => {
    fc.assert(
      fc.property(points, (pts) => {
        const a = weightedCoefficient(pts);
        const [first, ...rest] = pts;
        const b = weightedCoefficient([{ pupils: first.pupils / 2, value: first.value }, { pupils: first.pupils / 2, value: first.value }, ...rest]);
        expect(close(a.cv!, b.cv!, 1e-9)).toBe(true);
      }),
    );
  });

  it('equal pupils: weighted and unweighted figures coincide', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 900 }), (xs, p) => {
        const s = weightedCoefficient(xs.map((value) => ({ pupils: p, value })));
        expect(close(s.cv!, s.unweightedDiagnostic.cv!, 1e-9)).toBe(true);
      }),
    );
  });

  it('contribution terms sum to S² and shares to 1, sorted descending', () => {
    fc.assert(
      fc.property(points, (pts) => {
        const s = weightedCoefficient(pts);
        const cs = contributions(
          pts.map((p, i) => ({ schoolId: `s${i}`, schoolName: `s${i}`, ...p })),
          s.mean!,
          s.pupils,
        );
        const sumTerms = cs.reduce((a, c) => a + c.term, 0);
        expect(close(sumTerms, s.sd! ** 2, 1e-9)).toBe(true);
        const sumShares = cs.reduce((a, c) => a + c.share, 0);
        if (sumTerms > 0) expect(close(sumShares, 1, 1e-9)).toBe(true);
        for (let i = 1; i < cs.length; i++) expect(cs[i - 1].term).toBeGreaterThanOrEqual(cs[i].term);
      }),
    );
  });
});
