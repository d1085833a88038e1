import { describe, expect, it } from 'vitest';
import { compositeCoefficient, weightedCoefficient } from './coefficient';
import { computeBalance } from './compute';
import { roundForDisplay, roundHalfAway } from './rounding';

/** domain.md §2.2: books per pupil in 5 primary schools. */
const WORKED = [
  { id: '小学1', pupils: 45, books: 279 },
  { id: '小学2', pupils: 37, books: 137 },
  { id: '小学3', pupils: 89, books: 935 },
  { id: '小学4', pupils: 76, books: 160 },
  { id: '小学5', pupils: 55, books: 402 },
];

describe('weightedCoefficient — worked example of domain.md §2.2', () => {
  const stats = weightedCoefficient(WORKED.map((s) => ({ pupils: s.pupils, value: s.books / s.pupils })));

  it('reproduces X̄ = 6.3344, S = 3.2639, CV = 0.5153 to 4 decimals', () => {
    expect(stats.status).toBe('ok');
    expect(stats.schoolCount).toBe(5);
    expect(stats.pupils).toBe(302);
    expect(roundForDisplay(stats.mean, 'mean')).toBe(6.3344);
    expect(roundForDisplay(stats.sd, 'sd')).toBe(3.2639);
    expect(roundForDisplay(stats.cv, 'cv')).toBe(0.5153);
  });

  it('X̄ is the county total over county pupils (1913 / 302), at full precision', () => {
    expect(stats.mean).toBeCloseTo(1913 / 302, 12);
    expect(stats.sd! ** 2).toBeCloseTo(10.653, 2);
  });

  it('puts the unweighted 0.489 only in the diagnostic field', () => {
    // 0.4888 at 4 decimals; the domain brief quotes it to 3.
    expect(roundForDisplay(stats.unweightedDiagnostic.cv, 'cv')).toBe(0.4888);
    expect(roundHalfAway(stats.unweightedDiagnostic.cv!, 3)).toBe(0.489);
    expect(stats.unweightedDiagnostic.mean).toBeCloseTo(5.965, 3);
    expect(stats.unweightedDiagnostic.sd).toBeCloseTo(2.915, 3);
    expect(stats.cv).not.toBeCloseTo(0.489, 2);
  });

  it('gives the same figures through computeBalance (2012 B5 books per pupil), and fails 0.50 where unweighted would pass', () => {
    const r = computeBalance(
      { year: 2024, schools: WORKED.map((s) => ({ id: s.id, name: s.id, type: '小学' as const, stats: { pupilsPrimary: s.pupils, books: s.books } })) },
      { profile: 'basic2012', sections: ['primary'] },
    );
    const b5 = r.sections[0].indicators.find((i) => i.code === 'B5')!;
    expect(roundForDisplay(b5.mean, 'mean')).toBe(6.3344);
    expect(roundForDisplay(b5.sd, 'sd')).toBe(3.2639);
    expect(roundForDisplay(b5.cv, 'cv')).toBe(0.5153);
    expect(b5.cv! > 0.5).toBe(true);
    expect(b5.unweightedDiagnostic.cv! < 0.5).toBe(true);
    // The other 7 indicators have no data: every school is left out, never counted as zero.
    const b1 = r.sections[0].indicators.find((i) => i.code === 'B1')!;
    expect(b1.status).toBe('noSchools');
    expect(b1.missingSchools).toBe(5);
  });
});

describe('weightedCoefficient — edge cases', () => {
  it('one school: S = 0 and CV = 0', () => {
    const s = weightedCoefficient([{ pupils: 120, value: 3.7 }]);
    expect(s).toMatchObject({ status: 'ok', schoolCount: 1, mean: 3.7, sd: 0, cv: 0 });
  });

  it('X̄ = 0: CV undefined (null), no division by zero', () => {
    const s = weightedCoefficient([
      { pupils: 100, value: 0 },
      { pupils: 50, value: 0 },
    ]);
    expect(s.status).toBe('zeroMean');
    expect(s.mean).toBe(0);
    expect(s.sd).toBe(0);
    expect(s.cv).toBeNull();
    expect(s.unweightedDiagnostic.cv).toBeNull();
  });

  it('no schools: everything null', () => {
    const s = weightedCoefficient([]);
    expect(s).toMatchObject({ status: 'noSchools', schoolCount: 0, mean: null, sd: null, cv: null });
  });

  it('identical values: CV 0', () => {
    const s = weightedCoefficient([
      { pupils: 10, value: 2 },
      { pupils: 500, value: 2 },
    ]);
    expect(s.cv).toBe(0);
  });

  it('weights by pupils: a large school dominates the mean', () => {
    const s = weightedCoefficient([
      { pupils: 900, value: 1 },
      { pupils: 100, value: 11 },
    ]);
    expect(s.mean).toBeCloseTo(2, 12);
    expect(s.sd).toBeCloseTo(3, 12);
    expect(s.cv).toBeCloseTo(1.5, 12);
    expect(s.unweightedDiagnostic.mean).toBe(6);
  });
});

describe('compositeCoefficient', () => {
  it('is the arithmetic mean of the CVs', () => {
    expect(compositeCoefficient([0.3, 0.4, 0.5])).toBeCloseTo(0.4, 15);
  });
  it('matches 鸠江区-style averaging of 7 CVs', () => {
    const cvs = [0.31, 0.42, 0.28, 0.35, 0.47, 0.39, 0.3525];
    expect(compositeCoefficient(cvs)).toBeCloseTo(cvs.reduce((a, b) => a + b) / 7, 15);
  });
  it('is undefined when any CV is undefined or there are none', () => {
    expect(compositeCoefficient([0.3, null])).toBeNull();
    expect(compositeCoefficient([])).toBeNull();
  });
});
