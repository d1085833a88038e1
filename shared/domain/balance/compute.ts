/**
 * Entry point for one year: per-school results, then the county aggregation.
 */
import { aggregate, type BalanceResult } from './aggregate';
import type { BalanceYearInput } from './input';
import { resolveOptions, type BalanceOptionsInput, type ResolvedBalanceOptions } from './options';
import { computeSchool } from './school-balance';

/** The full computation of one year. Inputs are trusted (see parseBalanceYearInput for the boundary). */
export function computeBalance(input: BalanceYearInput, options?: BalanceOptionsInput | ResolvedBalanceOptions): BalanceResult {
  const o = resolveOptions(options);
  const schools = input.schools.map((s) => computeSchool(s, o));
  return aggregate(input.year, schools, o);
}
