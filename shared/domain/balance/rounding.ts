/**
 * Display rounding. Everything is computed and compared at full precision; round only for display
 * and export, with these rules:
 *   cv 4 decimals · mean / sd 4 decimals · indicator values, thresholds, floors, shortfalls 3 decimals
 *   (so 85 % floors such as 4.505 show exactly) · shares and ratios as percentages with 2 decimals ·
 *   areas (平方米) and money (元) 2 decimals · persons, rooms, books, computers whole units.
 * Rounding is half away from zero on the decimal representation (1.005 → 1.01, −0.00005 → −0.0001).
 */
export const DISPLAY_DECIMALS = {
  cv: 4,
  mean: 4,
  sd: 4,
  value: 3,
  threshold: 3,
  shortfall: 3,
  share: 2,
  ratio: 2,
  area: 2,
  money: 2,
  whole: 0,
} as const;
export type DisplayKind = keyof typeof DISPLAY_DECIMALS;

const PERCENT_KINDS: ReadonlySet<DisplayKind> = new Set(['share', 'ratio']);

/** Half away from zero at `decimals`, using the shortest decimal string so 1.005 rounds up. */
export function roundHalfAway(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const f = 10 ** decimals;
  const y = a * f;
  let r: number;
  if (Math.abs(y - Math.floor(y) - 0.5) > 1e-6) {
    // Far from a tie: binary scaling cannot change the outcome.
    r = Math.round(y) / f;
  } else {
    // Near a tie (1.005): decide on the shortest decimal string, which is what the user sees.
    const s = String(a);
    r = s.includes('e') ? Math.round(y) / f : Number(`${Math.round(Number(`${s}e${decimals}`))}e-${decimals}`);
  }
  return x < 0 && r !== 0 ? -r : r;
}

/** Rounded number for display (percent kinds are returned as percentages, e.g. 12.35 for 0.12345). */
export function roundForDisplay(x: number, kind: DisplayKind): number;
export function roundForDisplay(x: number | null, kind: DisplayKind): number | null;
export function roundForDisplay(x: number | null, kind: DisplayKind): number | null {
  if (x === null) return null;
  return roundHalfAway(PERCENT_KINDS.has(kind) ? x * 100 : x, DISPLAY_DECIMALS[kind]);
}

/** Fixed-decimal string for display; '—' for missing, '%' appended for percent kinds. */
export function formatForDisplay(x: number | null, kind: DisplayKind): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const r = roundForDisplay(x, kind);
  const text = r.toFixed(DISPLAY_DECIMALS[kind]);
  return PERCENT_KINDS.has(kind) ? `${text}%` : text;
}

/** Display kind for a real-unit amount (gap planning). */
export function kindOfUnit(unit: string): DisplayKind {
  if (unit === '平方米') return 'area';
  if (unit === '元') return 'money';
  return 'whole';
}
