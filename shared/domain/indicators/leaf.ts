/** Scoring of one leaf by its method (count rules are in count-rule.ts, they read other leaves). */
import { formatNumber, formatPercent } from './format.js';
import { compileFormula, FormulaValueError } from './formula.js';
import { COMPARATOR_LABELS, SECTION_LABELS } from './labels.js';
import type { Comparator, FormulaScoring, IndicatorNode, SectionThreshold, Section } from './schema.js';
import type { LeafInput } from './trial-input.js';

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
  explanation: string;
}

const EPS = 1e-9;

export function scoreLeaf(node: IndicatorNode, input: LeafInput | undefined, shared: Readonly<Record<string, number>>, section: Section | undefined): LeafOutcome {
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
        explanation: `评定 ${opt.label} 等（${formatPercent(opt.share, 2)}），得 ${formatNumber(earned)} 分（满分 ${formatNumber(max)}）${opt.met ? '' : '，未达标'}`,
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
      return scoreFormula(s, max, { ...shared, ...(input?.values ?? {}) }, section);
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
      const p = checkPoints(input.points, max, s.step, '加分');
      if (p.kind !== 'ok') return p.outcome;
      return { status: 'scored', earned: p.value, met: null, explanation: `加 ${formatNumber(p.value)} 分（本项上限 ${formatNumber(max)}）` };
    }
    case 'deduction': {
      if (input?.points === undefined) return { status: 'scored', earned: 0, met: null, explanation: '无扣分' };
      const p = checkPoints(input.points, max, s.step, '扣分');
      if (p.kind !== 'ok') return p.outcome;
      return { status: 'scored', earned: p.value, met: null, explanation: `扣 ${formatNumber(p.value)} 分（本项最多扣 ${formatNumber(max)}）` };
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

/** Range and step check shared by points, bonus and deduction. */
function checkPoints(v: number | undefined, max: number, step: number, what: string): Checked {
  if (v === undefined) return { kind: 'bad', outcome: missing(`未填写${what}`) };
  if (!Number.isFinite(v) || v < 0 || v > max + EPS)
    return { kind: 'bad', outcome: err(`${what} ${formatNumber(v, 6)} 超出范围 0–${formatNumber(max, 6)}`) };
  if (step > 0 && !isMultiple(v, step)) return { kind: 'bad', outcome: err(`${what} ${formatNumber(v, 6)} 不是 ${formatNumber(step, 6)} 的整数倍`) };
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

function scoreFormula(s: FormulaScoring, max: number, values: Readonly<Record<string, number>>, section: Section | undefined): LeafOutcome {
  const compiled = compileFormula(s.expression);
  if (!compiled.ok) return err(compiled.error);
  let value: number;
  try {
    value = compiled.formula.evaluate(values);
  } catch (e) {
    if (e instanceof FormulaValueError) return { ...missing(e.message), value: null };
    return { ...err(`公式计算出错：${(e as Error).message}`), value: null };
  }
  if (!Number.isFinite(value)) return { ...err('公式结果无效（可能除以 0，请检查学生数等数据）'), value: null };
  const shown = `${formatNumber(value, s.decimals)}${s.unit}`;

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
    return { status: 'scored', earned, met, value, threshold, explanation: `计算值 ${shown}，得 ${formatNumber(earned)} 分（满分 ${formatNumber(max)}）` };
  }

  const thr = threshold as number;
  const met = compare(value, s.comparator, thr);
  const ratio = attainmentRatio(value, s.comparator, thr);
  const line = `${COMPARATOR_LABELS[s.comparator]} ${formatNumber(thr, 6)}${s.unit}`;
  if (met) return { status: 'scored', earned: max, met, value, threshold: thr, ratio, explanation: `计算值 ${shown}，达到标准（${line}），得 ${formatNumber(max)} 分` };
  let earned = 0;
  if (s.partialCredit) {
    const zeroAt = s.partialCredit.zeroAtRatio * thr;
    const fraction = thr === zeroAt ? 0 : (value - zeroAt) / (thr - zeroAt);
    earned = Math.min(Math.max(fraction, 0), 1) * max;
  }
  return {
    status: 'scored', earned, met, value, threshold: thr, ratio,
    explanation: `计算值 ${shown}，未达到标准（${line}），为标准的 ${formatPercent(ratio)}，得 ${formatNumber(earned)} 分${s.partialCredit ? '（按比例计分）' : ''}`,
  };
}
