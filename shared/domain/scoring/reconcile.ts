/**
 * Reconciling several experts' scores of one leaf into one agreed score (issue 12, item 3). The rule
 * is chosen per round, never hard-coded (pitfalls: reconciliation rules fixed in code); every result
 * says in Chinese how it was reached, so the agreed score can be explained to a school.
 *
 * What an expert gives depends on the leaf's scoring method (shared/domain/indicators/schema.ts):
 * - **numeric** (points, bonus, deduction): a number of points. mean, median and trimmed mean work on
 *   the numbers; the result is kept to 2 decimals (half up on the decimal value, so 7.125 → 7.13), not
 *   rounded to the item's step: the agreed score is an average, which offices report to 2 places.
 * - **ordered choices** (grade A/B/C/D, 达标/未达标, 存在/不存在): a choice. A mean of grades means
 *   nothing, so mean, median and trimmed mean all take the **median choice**; with an even number of
 *   experts the two middle choices may differ, and then the stricter of the two is taken (从严: the
 *   lower grade, 未达标, 存在) — the choice that never flatters the unit.
 * - **consensus**: numbers agree when their spread (highest − lowest) is at most the tolerance, then
 *   their mean is taken; choices agree only when all experts chose the same. Otherwise the item needs
 *   a decision (a further scorer or a recorded group decision), and no score is invented.
 * Formula and count leaves are computed from statistics and are not scored by experts.
 */

/** How a round reconciles its experts' scores. `trim`: how many of the highest and of the lowest are dropped. */
export type ReconcileRule = { kind: 'mean' } | { kind: 'median' } | { kind: 'trimmed_mean'; trim: number } | { kind: 'consensus'; tolerance: number };

/** The rules' names as the screens and documents say them. */
export const RECONCILE_RULE_LABELS: Record<ReconcileRule['kind'], string> = {
  mean: '平均分',
  median: '中位数',
  trimmed_mean: '去掉最高分和最低分后取平均',
  consensus: '分差超过允许范围时须合议',
};

/** One expert's score of a numeric leaf (points), or choice of a choice leaf (its index in `choices`, 0 = the best). */
export interface ExpertMark {
  expert: string;
  value: number;
}

/** A numeric leaf's reconciliation input. */
export interface NumericItem {
  kind: 'numeric';
  marks: readonly ExpertMark[];
}

/**
 * A choice leaf's reconciliation input: `choices` ordered from the most favourable to the strictest
 * (A, B, C, D; 达标, 未达标; 不存在, 存在), each mark's value the index of the chosen one.
 */
export interface ChoiceItem {
  kind: 'choice';
  choices: readonly string[];
  marks: readonly ExpertMark[];
}

export type Reconciled =
  /** No expert has scored the item yet. */
  | { state: 'none' }
  /** Agreed: the value (points to 2 decimals, or a choice index), and how it was reached, in Chinese. */
  | { state: 'agreed'; value: number; basis: string; spread: number }
  /** The experts disagree beyond the round's tolerance: a further scorer or a group decision is needed. */
  | { state: 'needs_decision'; spread: number; message: string };

/**
 * Rounds to 2 decimals, halves away from zero, on the number's decimal representation (so 7.125 → 7.13 and
 * 2.675 → 2.68, which Math.round(x * 100) / 100 gets wrong because 2.675 is stored as 2.67499…).
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`不是有限数：${x}`);
  const sign = x < 0 ? -1 : 1;
  const [int, frac = ''] = Math.abs(x).toFixed(10).split('.');
  const cents = Number(int) * 100 + Number(frac.slice(0, 2));
  const up = Number(frac[2] ?? '0') >= 5 ? 1 : 0;
  return (sign * (cents + up)) / 100;
}

/** A number as the explanations write it: at most 2 decimals, no trailing zeros. */
const shown = (x: number) => String(round2(x));

/** The plain mean; binary drift (0.1 + 0.2) is far below the 2 decimals round2 keeps (it reads 10 places). */
function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Checks a rule for a number of experts: a trimmed mean needs more marks than it drops.
 * @returns the Chinese problem, or null when the rule can be applied.
 */
export function ruleProblem(rule: ReconcileRule, experts: number): string | null {
  if (rule.kind === 'trimmed_mean') {
    if (!Number.isInteger(rule.trim) || rule.trim < 1) return '去掉的最高分和最低分个数应为正整数';
    if (experts <= rule.trim * 2) return `去掉最高分和最低分各 ${rule.trim} 个需要至少 ${rule.trim * 2 + 1} 位专家评分，现有 ${experts} 位`;
  }
  if (rule.kind === 'consensus' && (!Number.isFinite(rule.tolerance) || rule.tolerance < 0)) return '允许的分差应为不小于 0 的数';
  return null;
}

/**
 * Reconciles one item's marks by `rule` (see the module comment).
 * @throws RangeError when a choice index is outside `choices` or a mark is not finite (a caller's bug:
 *   marks are validated against the item before they are stored).
 */
export function reconcile(item: NumericItem | ChoiceItem, rule: ReconcileRule): Reconciled {
  const marks = item.marks;
  if (marks.length === 0) return { state: 'none' };
  for (const m of marks) {
    if (!Number.isFinite(m.value)) throw new RangeError(`专家“${m.expert}”的评分不是有限数`);
    if (item.kind === 'choice' && (!Number.isInteger(m.value) || m.value < 0 || m.value >= item.choices.length)) throw new RangeError(`专家“${m.expert}”的选择超出范围`);
  }
  const values = marks.map((m) => m.value).sort((a, b) => a - b);
  const spread = round2(values[values.length - 1]! - values[0]!);
  const n = values.length;

  if (item.kind === 'choice') {
    const name = (i: number) => item.choices[i]!;
    if (rule.kind === 'consensus') {
      if (spread === 0) return { state: 'agreed', value: values[0]!, basis: `${n} 位专家一致评为“${name(values[0]!)}”`, spread };
      return { state: 'needs_decision', spread, message: `专家意见不一致（${marks.map((m) => `${m.expert}：${name(m.value)}`).join('，')}），须合议或增加评分人` };
    }
    if (n === 1) return { state: 'agreed', value: values[0]!, basis: `1 位专家评为“${name(values[0]!)}”`, spread };
    // Median choice; with an even count the stricter (higher index) of the two middle ones.
    const value = n % 2 === 1 ? values[(n - 1) / 2]! : values[n / 2]!;
    const evenNote = n % 2 === 0 && values[n / 2 - 1] !== values[n / 2] ? `，居中的两个评定不同时从严取“${name(value)}”` : '';
    return { state: 'agreed', value, basis: `${n} 位专家评定的中间值为“${name(value)}”${evenNote}`, spread };
  }

  const problem = ruleProblem(rule, n);
  if (problem) return { state: 'needs_decision', spread, message: problem };
  switch (rule.kind) {
    case 'mean': {
      const value = round2(mean(values));
      return { state: 'agreed', value, basis: `${n} 位专家评分（${values.map(shown).join('、')}）的平均分 ${shown(value)}`, spread };
    }
    case 'median': {
      const value = round2(n % 2 === 1 ? values[(n - 1) / 2]! : mean([values[n / 2 - 1]!, values[n / 2]!]));
      return { state: 'agreed', value, basis: `${n} 位专家评分（${values.map(shown).join('、')}）的中位数 ${shown(value)}`, spread };
    }
    case 'trimmed_mean': {
      const kept = values.slice(rule.trim, n - rule.trim);
      const value = round2(mean(kept));
      return { state: 'agreed', value, basis: `${n} 位专家评分（${values.map(shown).join('、')}）去掉最高分和最低分各 ${rule.trim} 个后的平均分 ${shown(value)}`, spread };
    }
    case 'consensus': {
      if (spread > rule.tolerance) return { state: 'needs_decision', spread, message: `专家评分最高与最低相差 ${shown(spread)} 分，超过允许的 ${shown(rule.tolerance)} 分，须合议或增加评分人` };
      const value = round2(mean(values));
      return { state: 'agreed', value, basis: `${n} 位专家评分（${values.map(shown).join('、')}）相差不超过 ${shown(rule.tolerance)} 分，取平均分 ${shown(value)}`, spread };
    }
  }
}

/**
 * Whether an agreed score departs from the school's self-evaluation by more than `threshold` points,
 * so that a reason must be recorded (issue 12, item 3). Both in points; a missing self-evaluation never
 * requires one (there is nothing to depart from).
 */
export function departureNeedsReason(agreed: number, self: number | null, threshold: number): boolean {
  if (self === null) return false;
  return round2(Math.abs(agreed - self)) > threshold;
}
