/**
 * Comparisons against thresholds and limits. Values are kept at full precision; the tolerance only
 * absorbs binary floating-point noise so that a value equal to the threshold in decimal arithmetic
 * (e.g. 42 teachers for 1000 pupils against 4.2) counts as reaching it.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** value ≥ bound, up to floating-point noise. */
export function atLeast(value: number, bound: number): boolean {
  return value >= bound - RELATIVE_TOLERANCE * Math.max(1, Math.abs(bound));
}

/** value ≤ bound, up to floating-point noise. */
export function atMost(value: number, bound: number): boolean {
  return value <= bound + RELATIVE_TOLERANCE * Math.max(1, Math.abs(bound));
}

/** Whole units needed to cover `amount` (ceil), without turning 3.0000000001 into 4. */
export function ceilWhole(amount: number): number {
  if (amount <= 0) return 0;
  return Math.ceil(amount - RELATIVE_TOLERANCE * Math.max(1, amount));
}
