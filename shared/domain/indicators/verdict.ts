/**
 * Verdicts that agree (issue 8, item 8): how pass / fail and the grade relate, stated once.
 *
 *  - A system gives a verdict (通过 / 未通过) when it has at least one pass rule, or — having no
 *    grading — at least one veto item (then "no veto triggered" is the rule). A system with grading
 *    and no pass rule only grades: its result carries no verdict (`passed: null`).
 *  - In a system with a verdict, a result that does not pass gets `grading.gradeWhenFailed` (e.g.
 *    不合格), whatever band its score is in, or no grade when that is null ("grades only among
 *    passing results"). A passing result never gets `gradeWhenFailed`: if its score falls in that
 *    band the definition contradicts itself, and the grade is left empty with a message to fix the
 *    bands (validate.ts refuses such definitions where it can tell in advance).
 *  - Without a verdict, a vetoed result gets `grading.vetoLabel` (null = the lowest band).
 *  - 得分率 (basis percent) is total ÷ nominal maximum on the percent scale, capped at 100 %: a
 *    total above the maximum (bonus) counts as 100 %, so no rate is ever shown above 100 %.
 */
import { describeBand, findBand, lowestBand } from './bands.js';
import { formatNumber, formatRatio } from './format.js';
import type { Grading, IndicatorSystem } from './schema.js';
import { flattenNodes } from './tree.js';

/** Chinese statement of the rule above, shown with results (like AGGREGATION_RULE). */
export const VERDICT_RULE =
  '设有通过规则的体系判定“通过/未通过”（未设通过规则、也不评等级的体系，以是否触发一票否决判定）；只评等级、未设通过规则的体系只给出等级，不判定通过。未通过的结果一律评为“未通过时的等级”（或不评等级），通过的结果不会得到该等级。得分率 = 总分 ÷ 满分，含加分超过满分时按 100% 计。';

/**
 * The rule above as it applies to `system`, for the text shown with its results. A system that
 * only grades is told in words without 通过 / 未通过 (issue 10: such a system never shows 通过,
 * not even in its stated rules); a system with neither verdict nor grading says it only scores.
 */
export function verdictRuleFor(system: Pick<IndicatorSystem, 'passRules' | 'grading' | 'nodes'>): string {
  if (judgesPass(system)) return VERDICT_RULE;
  const g = system.grading;
  if (!g) return '本体系未设通过规则，也不评定等级，只计算得分，不判定是否通过。';
  const subject = g.basis === 'percent' ? '得分率(%)' : '得分';
  const bands = g.bands.map((b) => `${b.label}：${describeBand(b, subject)}`).join('；');
  const vetoLabel = g.vetoLabel ?? lowestBand(g.bands)?.label ?? '';
  const veto = flattenNodes(system.nodes).some((e) => e.node.scoring?.method === 'veto') ? `触发一票否决时等级定为 ${vetoLabel}。` : '';
  const rate = g.basis === 'percent' ? '得分率 = 总分 ÷ 满分，含加分超过满分时按 100% 计。' : '';
  return `本体系只评定等级：${bands}。${veto}${rate}`;
}

/** True when results of `system` carry a verdict 通过 / 未通过 (see the rule above). */
export function judgesPass(system: Pick<IndicatorSystem, 'passRules' | 'grading' | 'nodes'>): boolean {
  if (system.passRules.length > 0) return true;
  if (system.grading) return false;
  return flattenNodes(system.nodes).some((e) => e.node.scoring?.method === 'veto');
}

/** What the grade of one result is decided from. */
export interface GradeFacts {
  /** The verdict: null when the system gives none (grading only). */
  passed: boolean | null;
  vetoed: boolean;
  /** Total and nominal maximum at full precision, in points. */
  total: number;
  maxTotal: number;
}

export interface GradeOutcome {
  /** The grade; '' when the result has no grade (failed with gradeWhenFailed null, or a definition problem). */
  label: string;
  explanation: string;
  /** True when the explanation should be part of the result's overall explanation. */
  mention: boolean;
}

/** The graded quantity: the total (basis points) or 得分率 in percent, capped at 100 (basis percent). */
export function gradedValue(g: Pick<Grading, 'basis'>, total: number, maxTotal: number): number {
  if (g.basis === 'points') return total;
  if (!(maxTotal > 0)) return 0;
  return Math.min(total / maxTotal, 1) * 100;
}

/**
 * The grade of a result, consistent with its verdict by construction (see the rule above): a
 * result with `passed === false` gets `gradeWhenFailed` or no grade; one with `passed === true`
 * never gets `gradeWhenFailed`. Pure.
 */
export function gradeOf(g: Grading, f: GradeFacts): GradeOutcome {
  if (f.passed === false) {
    const label = g.gradeWhenFailed;
    if (label === null) return { label: '', explanation: '未通过，不评定等级（本体系只在通过的结果中评定等级）', mention: false };
    return { label, explanation: `未通过，等级定为 ${label}（未通过的结果一律评为 ${label}）`, mention: true };
  }
  if (f.passed === null && f.vetoed) {
    const label = g.vetoLabel ?? lowestBand(g.bands)?.label ?? '';
    return { label, explanation: `触发一票否决，等级定为 ${label}`, mention: true };
  }
  const x = gradedValue(g, f.total, f.maxTotal);
  const subject = g.basis === 'percent' ? '得分率(%)' : '得分';
  const shown = g.basis === 'percent' ? `得分率 ${formatRatio(x / 100, 2)}${f.total > f.maxTotal && f.maxTotal > 0 ? '（含加分超过满分，按 100% 计）' : ''}` : `得分 ${formatNumber(x)}`;
  const band = findBand(g.bands, x);
  if (!band) return { label: '', explanation: `${shown} 不在任何等级区间内，请检查等级设置`, mention: true };
  if (f.passed === true && band.label === g.gradeWhenFailed)
    return {
      label: '',
      explanation: `${shown} 落在“${band.label}”区间，但结果已通过，而“${band.label}”是未通过时的等级：等级划分与通过规则矛盾，不评定等级，请检查等级设置`,
      mention: true,
    };
  return { label: band.label, explanation: `等级 ${band.label}：${shown}（${describeBand(band, subject)}）`, mention: true };
}

/**
 * A short Chinese conclusion of a result for lists, audit entries and the CLI: "通过" / "未通过",
 * followed by the grade when there is one ("未通过，等级 不合格"); a result without a verdict shows
 * only its grade ("等级 B") or "不判定是否通过". Never says 通过 for a system without a pass rule.
 */
export function conclusionText(r: { passed: boolean | null; grade: { label: string } | null }): string {
  const grade = r.grade ? `等级 ${r.grade.label || '—'}` : null;
  if (r.passed === null) return grade ?? '不判定是否通过';
  const verdict = r.passed ? '通过' : '未通过';
  return grade && r.grade?.label ? `${verdict}，${grade}` : verdict;
}
