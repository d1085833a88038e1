/**
 * The pupil-weighted difference coefficient (差异系数), domain.md §2.1:
 *   X̄ = ΣPᵢXᵢ / P,  S = √(ΣPᵢ(Xᵢ − X̄)² / P),  CV = S / X̄.
 * The unweighted population figure (plain mean, variance ÷ n) is returned only as a diagnostic:
 * the official method weights by pupils and the two can fall on different sides of a limit.
 */
export interface WeightedPoint {
  /** Pupils of the school section (Pᵢ > 0). */
  pupils: number;
  /** Indicator value Xᵢ. */
  value: number;
}

/** ok: CV defined; noSchools: nothing to compute; zeroMean: X̄ = 0, CV undefined. */
export type CoefficientStatus = 'ok' | 'noSchools' | 'zeroMean';

export interface UnweightedDiagnostic {
  mean: number | null;
  sd: number | null;
  cv: number | null;
}

export interface WeightedStats {
  status: CoefficientStatus;
  schoolCount: number;
  pupils: number;
  /** X̄, null when there are no schools. */
  mean: number | null;
  /** S, null when there are no schools. */
  sd: number | null;
  /** S / X̄, null when undefined (no schools or X̄ = 0). */
  cv: number | null;
  /** 未加权（仅供诊断）: never used for a verdict. */
  unweightedDiagnostic: UnweightedDiagnostic;
}

const EMPTY: Readonly<WeightedStats> = {
  status: 'noSchools',
  schoolCount: 0,
  pupils: 0,
  mean: null,
  sd: null,
  cv: null,
  unweightedDiagnostic: { mean: null, sd: null, cv: null },
};

/**
 * Two passes (mean, then squared deviations) rather than ΣPX² − P X̄², which cancels badly when
 * the spread is small relative to the mean.
 */
export function weightedCoefficient(points: readonly WeightedPoint[]): WeightedStats {
  const n = points.length;
  const pupils = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pupils[i] = points[i].pupils;
    values[i] = points[i].value;
  }
  return weightedCoefficientOf(pupils, values, n);
}

/** The same over parallel arrays (first n entries): the aggregation's allocation-free path. */
export function weightedCoefficientOf(pupils: ArrayLike<number>, values: ArrayLike<number>, n: number): WeightedStats {
  if (n === 0) return { ...EMPTY, unweightedDiagnostic: { ...EMPTY.unweightedDiagnostic } };
  let p = 0;
  let px = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    p += pupils[i];
    px += pupils[i] * values[i];
    sx += values[i];
  }
  if (p <= 0) return { ...EMPTY, unweightedDiagnostic: { ...EMPTY.unweightedDiagnostic } };
  const mean = px / p;
  const uMean = sx / n;
  let ss = 0;
  let uss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    ss += pupils[i] * d * d;
    const u = values[i] - uMean;
    uss += u * u;
  }
  const sd = Math.sqrt(ss / p);
  const uSd = Math.sqrt(uss / n);
  const zero = mean === 0;
  return {
    status: zero ? 'zeroMean' : 'ok',
    schoolCount: n,
    pupils: p,
    mean,
    sd,
    // One school: every deviation is 0, so S = 0 and CV = 0.
    cv: zero ? null : sd / mean,
    unweightedDiagnostic: { mean: uMean, sd: uSd, cv: uMean === 0 ? null : uSd / uMean },
  };
}

/** Composite (综合差异系数): arithmetic mean of the indicator CVs; null if any is undefined. */
export function compositeCoefficient(cvs: readonly (number | null)[]): number | null {
  if (cvs.length === 0 || cvs.some((c) => c === null)) return null;
  let s = 0;
  for (const c of cvs) s += c as number;
  return s / cvs.length;
}
