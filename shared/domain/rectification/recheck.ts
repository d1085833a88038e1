/**
 * 数据复核 (issue 14 item 5): an item born from data (a school's resource indicator, a section's
 * coefficient, a round's indicator score) is compared with the same measure in newer data. Met: the
 * office is asked to verify and close it (销号 still needs a second person). Worse: it is flagged.
 * Source: issue 14 item 5; pitfalls.md (items born from data are re-checked against new data).
 */

/** Which way a measure improves: resource values up to their standard, coefficients down to their limit. */
export type Direction = 'higher' | 'lower';

/** A measure as it stood when the item was created, or in newer data. */
export interface Measure {
  /** The measured figure (in `unit`). */
  value: number;
  /** The standard it must reach (higher) or stay within (lower). */
  standard: number;
  direction: Direction;
  /** 平方米/生, 元/生, 分, '' for a coefficient. */
  unit: string;
}

export type RecheckOutcome = 'met' | 'improved' | 'unchanged' | 'worse';
export const RECHECK_OUTCOME_LABELS: Record<RecheckOutcome, string> = { met: '已达标', improved: '有改善但未达标', unchanged: '无变化', worse: '较前变差' };

/** Whether a measure meets its standard. */
export function meets(m: Measure): boolean {
  return m.direction === 'higher' ? m.value >= m.standard : m.value <= m.standard;
}

/**
 * Compares a newer measure with the one the item was created from. Values are compared as printed
 * (`decimals` places), so a change too small to show is 无变化, never a flag nobody can see.
 */
export function recheckOutcome(before: Measure, now: Measure, decimals: number): RecheckOutcome {
  if (meets(now)) return 'met';
  const f = 10 ** decimals;
  const a = Math.round(before.value * f);
  const b = Math.round(now.value * f);
  if (a === b) return 'unchanged';
  const better = before.direction === 'higher' ? b > a : b < a;
  return better ? 'improved' : 'worse';
}
