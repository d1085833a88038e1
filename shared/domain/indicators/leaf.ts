/** Scoring of one leaf by its method (count rules are in count-rule.ts, they read other leaves). */
import { formatNumber, formatRatio } from './format.js';
import { compileFormula, FormulaValueError } from './formula.js';
import { COMPARATOR_LABELS, SECTION_LABELS } from './labels.js';
import { formatScaled } from './scale.js';
import type { Comparator, FormulaScoring, IndicatorNode, SectionThreshold, Section, ValueScale } from './schema.js';
import type { LeafInput } from './trial-input.js';
import { captionOf, formulaScale, readTrialValues, singleVariable, type ReadValues, type ResolvedValue } from './values.js';

export type LeafStatus = 'scored' | 'missing' | 'error';

export interface LeafOutcome {
  status: LeafStatus;
  /** Points earned (bonus: requested bonus before the system cap; deduction: points deducted). */
  earned: number;
  met: boolean | null;
  /** Formula value, when the method computes one. */
  value?: number | null;
  threshold?: number | null;
  /** Attainment ratio of a threshold rule (value ÷ threshold for ≥, threshold ÷ value for ≤). */
  ratio?: number | null;
  grade?: string;
  vetoTriggered?: boolean;
  /**
   * A visible notice about how the input was counted, in Chinese — e.g. a bonus above its item's
   * cap: “加分 3 超过本项上限 2，按 2 计”. The engine lists every notice in the result.
   */
  notice?: string;
  explanation: string;
}

/** What a leaf reads besides its own input: the trial's values (read against their scales) and the section. */
export interface LeafEnv {
  /** The trial's shared values, already read by {@link readTrialValues}. */
  shared: ReadValues;
  /** Declared (or inferred) values by name, for scales and labels. */
  lookup: ReadonlyMap<string, ResolvedValue>;
  section: Section | undefined;
}

const EPS = 1e-9;

/**
 * Scores one leaf by its method. Pure; bad input never throws, it becomes an error or missing
 * status with a Chinese explanation (counted as 0). A bonus or deduction above the item's cap is
 * counted as the cap with a notice (the rule stated in AGGREGATION_RULE and the README).
 */
export function scoreLeaf(node: IndicatorNode, input: LeafInput | undefined, env: LeafEnv): LeafOutcome {
  const max = node.points ?? 0;
  const s = node.scoring;
  if (!s) return { status: 'error', earned: 0, met: null, explanation: '未设置评分方式' };
  switch (s.method) {
    case 'grade': {
      if (input?.grade === undefined || input.grade.trim() === '') return missing('未评定等级');
      const want = input.grade.trim();
      const opt = s.grades.find((g) => g.label === want) ?? s.grades.find((g) => g.label.toUpperCase() === want.toUpperCase());
      if (!opt) return err(`等级“${want}”不在可选等级（${s.grades.map((g) => g.label).join('、')}）中`);
      const earned = opt.share * max;
      return {
        status: 'scored', earned, met: opt.met, grade: opt.label,
        explanation: `评定 ${opt.label} 等（${formatRatio(opt.share, 2)}），得 ${formatNumber(earned)} 分（满分 ${formatNumber(max)}）${opt.met ? '' : '，未达标'}`,
      };
    }
    case 'points': {
      const p = checkPoints(input?.points, max, s.step, '得分');
      if (p.kind !== 'ok') return p.outcome;
      const met = p.value >= s.metShare * max - EPS;
      return { status: 'scored', earned: p.value, met, explanation: `得 ${formatNumber(p.value)} 分（满分 ${formatNumber(max)}）${met ? '' : `，未达到达标线 ${formatNumber(s.metShare * max)} 分`}` };
    }
    case 'boolean': {
      if (input?.met === undefined) return missing('未判定是否达标');
      return { status: 'scored', earned: input.met ? max : 0, met: input.met, explanation: input.met ? `达标，得 ${formatNumber(max)} 分` : `未达标，得 0 分（满分 ${formatNumber(max)}）` };
    }
    case 'formula':
      return scoreFormula(s, max, formulaValues(env, input), formulaScale(s, env.lookup), env.section, env.lookup);
    case 'veto': {
      const triggered = input?.triggered === true;
      const reason = s.reason.trim() || node.title;
      return {
        status: 'scored', earned: 0, met: !triggered, vetoTriggered: triggered,
        explanation: triggered ? `触发一票否决：${reason}${input?.note ? `（${input.note}）` : ''}` : '未触发一票否决',
      };
    }
    case 'bonus': {
      if (input?.points === undefined) return { status: 'scored', earned: 0, met: null, explanation: '无加分' };
      const p = checkCapped(input.points, max, s.step, '加分', '本项上限');
      if (p.kind !== 'ok') return p.outcome;
      const text = `加 ${formatNumber(p.value)} 分（本项上限 ${formatNumber(max)}）`;
      return { status: 'scored', earned: p.value, met: null, notice: p.notice, explanation: p.notice ? `${p.notice}；${text}` : text };
    }
    case 'deduction': {
      if (input?.points === undefined) return { status: 'scored', earned: 0, met: null, explanation: '无扣分' };
      const p = checkCapped(input.points, max, s.step, '扣分', '本项最多扣');
      if (p.kind !== 'ok') return p.outcome;
      const text = `扣 ${formatNumber(p.value)} 分（本项最多扣 ${formatNumber(max)}）`;
      return { status: 'scored', earned: p.value, met: null, notice: p.notice, explanation: p.notice ? `${p.notice}；${text}` : text };
    }
    case 'count':
      return err('计数规则需由引擎统一计算');
  }
}

function missing(explanation: string): LeafOutcome {
  return { status: 'missing', earned: 0, met: false, explanation: `${explanation}，暂计 0 分` };
}
function err(explanation: string): LeafOutcome {
  return { status: 'error', earned: 0, met: false, explanation: `${explanation}，暂计 0 分` };
}

type Checked = { kind: 'ok'; value: number } | { kind: 'bad'; outcome: LeafOutcome };

/** Range and step check of a points leaf: a score outside 0..points is an input error (0 points). */
function checkPoints(v: number | undefined, max: number, step: number, what: string): Checked {
  if (v === undefined) return { kind: 'bad', outcome: missing(`未填写${what}`) };
  if (!Number.isFinite(v) || v < 0 || v > max + EPS)
    return { kind: 'bad', outcome: err(`${what} ${formatNumber(v, 6)} 超出范围 0–${formatNumber(max, 6)}`) };
  if (step > 0 && !isMultiple(v, step)) return { kind: 'bad', outcome: err(`${what} ${formatNumber(v, 6)} 不是 ${formatNumber(step, 6)} 的整数倍`) };
  return { kind: 'ok', value: Math.min(v, max) };
}

type Capped = { kind: 'ok'; value: number; notice?: string } | { kind: 'bad'; outcome: LeafOutcome };

/**
 * Bonus and deduction claims: negative or off-step claims are input errors (0 points); a claim
 * above the item's cap counts as the cap, with the notice “加分 3 超过本项上限 2，按 2 计”. The
 * step is checked on the claim as typed, so 2.3 with step 0.5 is an error even above the cap.
 */
function checkCapped(v: number, max: number, step: number, what: string, capName: string): Capped {
  if (!Number.isFinite(v) || v < 0) return { kind: 'bad', outcome: err(`${what} ${formatNumber(v, 6)} 不能为负数`) };
  if (step > 0 && !isMultiple(v, step)) return { kind: 'bad', outcome: err(`${what} ${formatNumber(v, 6)} 不是 ${formatNumber(step, 6)} 的整数倍`) };
  if (v > max + EPS) return { kind: 'ok', value: max, notice: `${what} ${formatNumber(v, 6)} 超过${capName} ${formatNumber(max, 6)}，按 ${formatNumber(max, 6)} 计` };
  return { kind: 'ok', value: Math.min(v, max) };
}

function isMultiple(v: number, step: number): boolean {
  const q = v / step;
  return Math.abs(q - Math.round(q)) < 1e-7;
}

/** Resolves a section threshold: the section's own value, else `all`. */
export function resolveThreshold(t: SectionThreshold, section: Section | undefined): { value: number } | { error: string } {
  if (section && t[section] !== undefined) return { value: t[section]! };
  if (t.all !== undefined) return { value: t.all };
  if (!section && (t.primary !== undefined || t.junior !== undefined)) return { error: '标准值按学段区分，请先选择学段（小学/初中）' };
  return { error: `未设置${section ? SECTION_LABELS[section] : ''}标准值` };
}

/**
 * Relative tolerance for boundary comparisons. Values such as 3.57 ÷ 4.2 come out as
 * 0.8499999999999999 in binary floating point; a value exactly at the line must count as
 * reaching it, so "≥" and "≤" accept a difference of one part in 10^9 (far below any
 * meaningful precision of school statistics). Strict "<" / ">" use the same tolerance the other way.
 */
export const COMPARISON_TOLERANCE = 1e-9;

function tol(threshold: number): number {
  return COMPARISON_TOLERANCE * Math.max(1, Math.abs(threshold));
}

/** At-least check with the boundary tolerance. */
export function atLeast(value: number, threshold: number): boolean {
  return value >= threshold - tol(threshold);
}

export function compare(value: number, c: Comparator, threshold: number): boolean {
  switch (c) {
    case '>=': return value >= threshold - tol(threshold);
    case '>': return value > threshold + tol(threshold);
    case '<=': return value <= threshold + tol(threshold);
    case '<': return value < threshold - tol(threshold);
  }
}

/** value ÷ threshold for "at least" rules, threshold ÷ value for "at most" rules (1 = exactly at the line). */
export function attainmentRatio(value: number, c: Comparator, threshold: number): number {
  if (c === '>=' || c === '>') return threshold === 0 ? (value >= 0 ? Infinity : 0) : value / threshold;
  return value === 0 ? Infinity : threshold / value;
}

/** The values a formula reads: the item's own overrides (read against the scales) over the shared ones. */
function formulaValues(env: LeafEnv, input: LeafInput | undefined): ReadValues {
  if (!input?.values) return env.shared;
  const own = readTrialValues(input.values, env.lookup);
  const problems = new Map(env.shared.problems);
  for (const name of Object.keys(own.values)) problems.delete(name);
  for (const [name, p] of own.problems) problems.set(name, p);
  return { values: { ...env.shared.values, ...own.values }, problems, notes: [...env.shared.notes, ...own.notes] };
}

function scoreFormula(
  s: FormulaScoring,
  max: number,
  read: ReadValues,
  scale: ValueScale,
  section: Section | undefined,
  lookup: ReadonlyMap<string, ResolvedValue>,
): LeafOutcome {
  const compiled = compileFormula(s.expression);
  if (!compiled.ok) return err(compiled.error);
  // A refused value (e.g. 80 for a ratio) is an input error with its message, never a number.
  const refused = compiled.formula.variables.map((v) => read.problems.get(v)).find((p) => p !== undefined);
  if (refused && !Object.prototype.hasOwnProperty.call(read.values, refused.name)) return { ...err(refused.message), value: null };
  const values = read.values;
  let value: number;
  try {
    value = compiled.formula.evaluate(values);
  } catch (e) {
    // Name the missing value by its Chinese label and unit (缺少数据：在校生数（人）), never by its key.
    if (e instanceof FormulaValueError) return { ...missing(e.variable ? `缺少数据：${captionOf(lookup, e.variable)}` : e.message), value: null };
    return { ...err(`公式计算出错：${(e as Error).message}`), value: null };
  }
  if (!Number.isFinite(value)) return { ...err('公式结果无效（可能除以 0，请检查学生数等数据）'), value: null };
  const show = (x: number, decimals = s.decimals) => formatScaled(x, scale, decimals, s.unit);
  // What was computed, in the user's words: "问卷满意度 80%" or "高于规定学历的专任教师数 ÷ 在校生数 × 100 = 4.2人".
  const single = singleVariable(s);
  const subject = single ? `${captionOf(lookup, single, false)} ${show(value)}` : `${compiled.formula.read((n) => captionOf(lookup, n, false))} = ${show(value)}`;

  let threshold: number | null = null;
  if (s.threshold) {
    const r = resolveThreshold(s.threshold, section);
    if ('error' in r) {
      if (s.mode === 'threshold') return { ...err(r.error), value };
    } else threshold = r.value;
  }

  if (s.mode === 'score') {
    const earned = Math.min(Math.max(value, 0), max);
    const met = threshold === null ? null : compare(value, s.comparator, threshold);
    const clamp = value > max ? `，超过满分按 ${formatNumber(max)} 分计` : value < 0 ? '，低于 0 按 0 分计' : '';
    return { status: 'scored', earned, met, value, threshold, explanation: `${subject}，即为得分${clamp}，得 ${formatNumber(earned)} 分（满分 ${formatNumber(max)}）` };
  }

  const thr = threshold as number;
  const met = compare(value, s.comparator, thr);
  const ratio = attainmentRatio(value, s.comparator, thr);
  const line = `${COMPARATOR_LABELS[s.comparator]} ${show(thr, 6)}`;
  if (met) return { status: 'scored', earned: max, met, value, threshold: thr, ratio, explanation: `${subject}，达到标准（${line}），得 ${formatNumber(max)} 分` };
  if (!s.partialCredit)
    return {
      status: 'scored', earned: 0, met, value, threshold: thr, ratio,
      // A value short of its standard never reads “为标准的 100%”: the share is cut, not rounded, to 0.1 %.
      explanation: `${subject}，未达到标准（${line}），为标准的 ${formatRatio(cutShare(ratio))}，得 0 分`,
    };
  // Partial credit: the rule and the share actually applied, e.g. for ≤ 0.65 with zero at 0.975:
  // “(0.975 − 0.7) ÷ (0.975 − 0.65) = 84.6%，得 5.08 分” — not the value's attainment of the standard.
  const zeroAt = s.partialCredit.zeroAtRatio * thr;
  const fraction = Math.min(Math.max(thr === zeroAt ? 0 : (value - zeroAt) / (thr - zeroAt), 0), 1);
  const earned = fraction * max;
  const rule = describePartialCredit(s.comparator, thr, zeroAt, max, (x) => show(x, 6));
  const atLeast = s.comparator === '>=' || s.comparator === '>';
  const [a, b] = atLeast ? [value, zeroAt] : [zeroAt, value];
  const arithmetic =
    fraction <= 0
      ? `${show(value)} 已${atLeast ? '低于或等于' : '高于或等于'}零分点 ${show(zeroAt, 6)}，得 0 分`
      : `得分比例 (${show(a, 6)} − ${show(b, 6)}) ÷ (${show(atLeast ? thr : zeroAt, 6)} − ${show(atLeast ? zeroAt : thr, 6)}) = ${formatRatio(cutShare(fraction))}，得 ${formatNumber(earned)} 分（满分 ${formatNumber(max)}）`;
  return { status: 'scored', earned, met, value, threshold: thr, ratio, explanation: `${subject}，未达到标准（${line}）；${rule}；${arithmetic}` };
}

/**
 * A share below 1 shown cut (not rounded) to 0.1 %, so a value short of its line never reads 100 %;
 * the 1e-9 absorbs float noise (0.7999999999999999 is the 80 % it stands for).
 */
function cutShare(x: number): number {
  return x < 1 ? Math.min(Math.floor(x * 1000 + 1e-9) / 1000, 0.999) : x;
}

/**
 * The partial-credit rule of a threshold formula in words, e.g. for ≥ 85% with zero at 60%:
 * “按比例计分：达到 85% 得满分 8 分，60% 及以下得 0 分，其间按线性折算”. `show` formats a value on the
 * formula's scale. Used by the engine's explanations and the editor.
 */
export function describePartialCredit(c: Comparator, threshold: number, zeroAt: number, max: number, show: (x: number) => string): string {
  const atLeast = c === '>=' || c === '>';
  return `按比例计分：${atLeast ? '达到' : '不超过'} ${show(threshold)} 得满分 ${formatNumber(max)} 分，${show(zeroAt)} 及${atLeast ? '以下' : '以上'}得 0 分，其间按线性折算`;
}
