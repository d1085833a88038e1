/**
 * Which schools drive a coefficient: school i's term Pᵢ(Xᵢ − X̄)²/P as a share of the sum
 * (the sum is S², so shares say how much of the variance each school accounts for).
 */
export interface ContributionInput {
  schoolId: string;
  schoolName: string;
  pupils: number;
  value: number;
}

export interface Contribution extends ContributionInput {
  /** Xᵢ − X̄: positive above the county mean, negative below. */
  deviation: number;
  /** Pᵢ(Xᵢ − X̄)² / P */
  term: number;
  /** term ÷ Σ terms (0 when every school equals the mean). */
  share: number;
}

/** Contributions sorted by share, largest first (ties keep input order). */
export function contributions(points: readonly ContributionInput[], mean: number, totalPupils: number): Contribution[] {
  return contributionsOf(points, points.length, mean, totalPupils);
}

/** The same over the first n points. */
export function contributionsOf(points: ArrayLike<ContributionInput>, n: number, mean: number, totalPupils: number): Contribution[] {
  // Sort an index over a typed array, then build plain literal objects: object spread and sorting
  // objects dominated the 5,000-school benchmark.
  const terms = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = points[i].value - mean;
    const t = (points[i].pupils * d * d) / totalPupils;
    terms[i] = t;
    sum += t;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => terms[b] - terms[a] || a - b);
  const out: Contribution[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const pt = points[i];
    out.push({
      schoolId: pt.schoolId,
      schoolName: pt.schoolName,
      pupils: pt.pupils,
      value: pt.value,
      deviation: pt.value - mean,
      term: terms[i],
      share: sum > 0 ? terms[i] / sum : 0,
    });
  }
  return out;
}
