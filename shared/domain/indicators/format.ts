/**
 * Display formatting. The engine keeps full floating-point precision; rounding happens here,
 * only when a number is shown, and always by the rule in {@link DISPLAY_ROUNDING_RULE}.
 */

export const DEFAULT_DECIMALS = 2;

/** The rounding rule, stated for users (shown beside trial results and in reports). */
export const DISPLAY_ROUNDING_RULE =
  '计算过程保留全部精度，不做中间舍入；仅在显示时按四舍五入（0.5 远离零进位）保留 2 位小数，末尾的 0 不显示。判断是否达标、是否通过一律使用未舍入的原值。';

/** The same rule for a system that gives no verdict (grading only): it never speaks of 通过. */
export const DISPLAY_ROUNDING_RULE_NO_VERDICT =
  '计算过程保留全部精度，不做中间舍入；仅在显示时按四舍五入（0.5 远离零进位）保留 2 位小数，末尾的 0 不显示。判断是否达标、评定等级一律使用未舍入的原值。';

/**
 * Rounds half away from zero to `decimals` places. Works on the shortest decimal form
 * (15 significant digits) so that 1.005 → 1.01 and 2.675 → 2.68, as a person rounding the
 * printed number would expect, instead of the binary-float result.
 */
export function roundHalfUp(x: number, decimals = DEFAULT_DECIMALS): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) throw new RangeError('decimals must be an integer 0..12');
  // Beyond 15 significant digits there is nothing left to round at display precision.
  if (Math.abs(x) >= 1e15) return x;
  const sign = x < 0 ? -1 : 1;
  const [mantissa, exp = '0'] = Math.abs(x).toPrecision(15).split('e');
  // Parsing the decimal string shifts the point exactly (no multiplication error).
  const shifted = Number(`${mantissa}e${Number(exp) + decimals}`);
  const rounded = Math.round(shifted);
  const result = Number(`${rounded}e${-decimals}`);
  return result === 0 ? 0 : sign * result;
}

/** Formats a number for display: rounded by {@link roundHalfUp}, trailing zeros dropped. */
export function formatNumber(x: number | null | undefined, decimals = DEFAULT_DECIMALS): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const r = roundHalfUp(x, decimals);
  // toFixed on an already-rounded value only pads; then strip the padding zeros.
  let s = r.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/**
 * Tolerance for a ratio that is 0–1 up to float noise (0.1 + 0.2 + 0.7 = 1.0000000000000002).
 * Beyond it a "ratio" is not a ratio, and {@link formatRatio} says so instead of printing it.
 */
const RATIO_TOLERANCE = 1e-9;

/**
 * The one formatter for ratios (rates, 社会认可度, 得分率, grade shares, attainment of a threshold):
 * a share written 0–1 (0.853) is shown as a percentage ("85.3%"), rounded by {@link roundHalfUp}
 * to `decimals` places of the percentage.
 *
 * A rate is never shown above 100 % or below 0 %: a number outside 0–1 is not a ratio (typically
 * 80 typed for 80 %), so it is printed as the number it is, followed by "（不是 0～1 的比例）", never as
 * "8000%". Null, undefined and NaN print "—". Values within 1e-9 of 0 or 1 count as 0 or 1.
 */
export function formatRatio(ratio: number | null | undefined, decimals = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  if (!isRatio(ratio)) return `${formatNumber(ratio, 6)}（不是 0～1 的比例）`;
  const r = Math.min(Math.max(ratio, 0), 1);
  return `${formatNumber(r * 100, decimals)}%`;
}

/** True when x is a share 0–1 (within float noise), i.e. may be shown as a percentage. */
export function isRatio(x: number): boolean {
  return Number.isFinite(x) && x >= -RATIO_TOLERANCE && x <= 1 + RATIO_TOLERANCE;
}
