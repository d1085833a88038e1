/**
 * The rules engine: computes a trial or official result of an indicator system.
 *
 * Aggregation rule (also exported in Chinese as {@link AGGREGATION_RULE}):
 *  - A leaf earns points by its scoring method (0..points).
 *  - A branch's nominal maximum is its own `points`, or the sum of its regular children's nominal
 *    maxima when it has none. Regular = everything except veto, bonus and deduction leaves.
 *  - Not-applicable (N/A) nodes are excluded. A branch then scales the earned points of its
 *    applicable regular children by (nominal maximum ÷ sum of the applicable children's maxima),
 *    so its maximum stays the same. A branch whose regular children are all N/A is itself N/A.
 *    The system total is rescaled the same way over the first-level indicators.
 *  - Bonus and deduction leaves are added to / subtracted from their parent AFTER rescaling and
 *    are never rescaled. A bonus is capped by its own points and by the system bonus cap, which
 *    is consumed in document order. A deduction is capped by its own points; the parent's
 *    subtotal never goes below zero. A claim above the item's cap counts as the cap and the
 *    result lists a notice (“加分 3 超过本项上限 2，按 2 计”); the 试算 form shows that notice.
 *  - A triggered veto fails the whole result, whatever the points.
 *  - Verdict and grade agree as stated in verdict.ts; named values are read on their declared
 *    scales (scale.ts, values.ts): a refused value (80 for a ratio) is an input error, never a number.
 * Everything is computed at full floating-point precision; see format.ts for display rounding.
 */
import { notApplicableReason } from './applicability.js';
import { categoryNotices, resolveCategoryGroups } from './categories.js';
import { evaluateCountRule } from './count-rule.js';
import { DISPLAY_ROUNDING_RULE, DISPLAY_ROUNDING_RULE_NO_VERDICT, formatNumber } from './format.js';
import { scoreLeaf, type LeafEnv, type LeafOutcome, type LeafStatus } from './leaf.js';
import { evaluatePassRule, type RuleResult } from './rules.js';
import type { IndicatorNode, IndicatorSystem, ScoringMethod } from './schema.js';
import { isLeaf, isRegular, nodeLabel, walkNodes } from './tree.js';
import type { LeafInput, TrialInput } from './trial-input.js';
import { readTrialValues, resolveValues, type ValueProblem } from './values.js';
import { lowestBand } from './bands.js';
import { gradeOf, judgesPass, verdictRuleFor } from './verdict.js';

const SCORING_RULE =
  '不适用的指标不计分，也不计入满分；其上级指标的满分保持不变，按“适用指标得分之和 ÷ 适用指标满分之和 × 上级满分”折算。下级指标全部不适用时，上级指标也视为不适用。加分、扣分在折算之后计入所在上级指标，不参与折算；加分受本项上限和体系加分上限（按指标顺序依次计入）限制，填写超过本项上限的按上限计并给出提示；扣分以本项上限为限（超过的按上限计并提示），所在指标得分最低为 0。';

/** The aggregation rule for systems with a verdict (the generic statement, see aggregationRuleFor). */
export const AGGREGATION_RULE = `${SCORING_RULE}触发任一“一票否决”时，无论得分多少，结果均为不通过。`;

/**
 * The aggregation rule as it applies to `system`: the veto sentence says 不通过 only where the
 * system gives a verdict; a grading-only system states the grade a veto gives instead.
 */
export function aggregationRuleFor(system: Pick<IndicatorSystem, 'passRules' | 'grading' | 'nodes'>): string {
  if (judgesPass(system)) return AGGREGATION_RULE;
  // Without a verdict, a system with veto items necessarily grades (verdict.ts, judgesPass).
  let hasVeto = false;
  walkNodes(system.nodes, ({ node }) => {
    if (node.scoring?.method === 'veto') hasVeto = true;
  });
  const g = system.grading;
  if (!hasVeto || !g) return SCORING_RULE;
  return `${SCORING_RULE}触发任一“一票否决”时，无论得分多少，等级定为 ${g.vetoLabel ?? lowestBand(g.bands)?.label ?? ''}。`;
}

export type NodeStatus = LeafStatus | 'na';

/** Leaf results are spread from {@link LeafOutcome}, so its fields are inherited rather than restated. */
export interface NodeResult extends Omit<LeafOutcome, 'status' | 'earned'> {
  nodeId: string;
  code: string;
  title: string;
  depth: number;
  method: ScoringMethod | 'branch';
  applicable: boolean;
  status: NodeStatus;
  /** Nominal maximum (per-node cap for bonus/deduction; 0 for veto). */
  maxPoints: number;
  /**
   * Subtotal at full precision. Branch: rescaled regular part + adjustment. Bonus: credited
   * bonus (after caps). Deduction: points deducted (positive). Veto: 0.
   */
  earned: number;
  /** Branch only: the rescaled regular part and the net bonus − deduction inside it. */
  base?: number;
  adjustment?: number;
  /** Branch only: the N/A rescaling factor applied (1 when nothing was excluded). */
  scale?: number;
}

export interface VetoHit {
  nodeId: string;
  code: string;
  title: string;
  reason: string;
}

/** An input that has no usable value (missing or wrong); it counts as 0 and makes the result incomplete. */
export interface EvaluationIssue {
  /** The leaf concerned; '' for a refused trial value that no leaf reads (see valueName). */
  nodeId: string;
  code: string;
  /** Set for a refused trial value (e.g. 社会认可度 given as 80 where a ratio is declared). */
  valueName?: string;
  message: string;
}

/** How an input was counted when it was accepted but not as typed (a capped bonus, "85%" read as 0.85). */
export interface EvaluationNotice {
  /** The leaf concerned; '' for a trial value. */
  nodeId: string;
  code: string;
  message: string;
}

export interface EvaluationResult {
  systemKey: string;
  systemVersion: number;
  total: number;
  maxTotal: number;
  bonusTotal: number;
  /**
   * The most bonus this result could get: the system's bonus cap, or the sum of its applicable
   * bonus items' caps when that is lower or the system sets none; null when the system has no
   * bonus item. Shown as “加分 3 / 上限 5”.
   */
  bonusCap: number | null;
  deductionTotal: number;
  /** Every node in document order. */
  nodes: NodeResult[];
  byId: Record<string, NodeResult>;
  /** Applicable regular leaves, split by met / unmet (ids). */
  metItems: string[];
  unmetItems: string[];
  vetoes: VetoHit[];
  rules: RuleResult[];
  /**
   * The verdict: true 通过, false 未通过, null when the system gives none (grading only, or
   * neither rules nor grading nor veto items). See verdict.ts.
   */
  passed: boolean | null;
  /** Null when the system has no grading; label '' when this result has no grade (explained). */
  grade: { label: string; explanation: string } | null;
  /** False when some leaf has no input yet or an input error (those count as 0). */
  complete: boolean;
  issues: EvaluationIssue[];
  /** Inputs counted otherwise than typed: capped bonus / deduction claims, converted percentages. */
  notices: EvaluationNotice[];
  /** Every trial value refused against its declared scale (e.g. 80 for a ratio), with its message. */
  refusedValues: ValueProblem[];
  explanation: string;
  roundingRule: string;
  aggregationRule: string;
  /** How verdict and grade relate (verdict.ts), in Chinese, as they apply to this system. */
  verdictRule: string;
}

/** Computes the result of `system` for `input`. Pure; never throws for bad input values. */
export function evaluateSystem(system: IndicatorSystem, input: TrialInput = {}): EvaluationResult {
  const ctx = input.context ?? {};
  const lookup = new Map(resolveValues(system).map((v) => [v.name, v]));
  const read = readTrialValues(input.values, lookup);
  const shared = read.values;
  const env: LeafEnv = { shared: read, lookup, section: ctx.section };
  const byId: Record<string, NodeResult> = {};
  const order: NodeResult[] = [];
  const depthOf = new Map<string, number>();
  const codeToInput = new Map<string, LeafInput>();
  for (const [k, v] of Object.entries(input.items ?? {})) codeToInput.set(k, v);
  const inputFor = (n: IndicatorNode): LeafInput | undefined =>
    Object.prototype.hasOwnProperty.call(input.items ?? {}, n.id) ? input.items![n.id] : n.code ? codeToInput.get(n.code) : undefined;

  // Pass 1 (top-down): explicit or context applicability, inherited by descendants.
  const naReason = new Map<string, string>();
  walkNodes(system.nodes, ({ node, parent, depth }) => {
    depthOf.set(node.id, depth);
    const inherited = parent ? naReason.get(parent.id) : undefined;
    const reason = inherited ?? (inputFor(node)?.na ? '已标记为不适用' : notApplicableReason(node.applicability, ctx, system.categoryGroups));
    if (reason) naReason.set(node.id, inherited ? '上级指标不适用' : reason);
  });
  // Pass 2 (bottom-up): a branch whose regular children are all N/A is N/A with its subtree.
  const markSubtree = (n: IndicatorNode, why: string) => {
    walkNodes([n], ({ node }) => {
      if (!naReason.has(node.id)) naReason.set(node.id, node === n ? why : '上级指标不适用');
    });
  };
  const settle = (n: IndicatorNode): void => {
    n.children.forEach(settle);
    if (naReason.has(n.id) || isLeaf(n)) return;
    const regular = n.children.filter(isRegular);
    if (regular.length > 0 && regular.every((c) => naReason.has(c.id))) markSubtree(n, '下级指标均不适用');
  };
  system.nodes.forEach(settle);

  // Pass 3: leaves (count rules last, they read other leaves), bonus cap in document order.
  const leafOutcomes = new Map<string, NodeResult>();
  let bonusRemaining = system.bonusCap ?? Infinity;
  const countNodes: IndicatorNode[] = [];
  walkNodes(system.nodes, ({ node }) => {
    if (!isLeaf(node)) return;
    const base = shell(node, depthOf.get(node.id) ?? 1);
    const why = naReason.get(node.id);
    if (why) {
      leafOutcomes.set(node.id, { ...base, applicable: false, status: 'na', earned: 0, met: null, explanation: `不适用：${why}，不计分，不计入满分` });
      return;
    }
    if (node.scoring?.method === 'count') {
      countNodes.push(node);
      return;
    }
    const o = scoreLeaf(node, inputFor(node), env);
    const r: NodeResult = { ...base, ...o };
    if (node.scoring?.method === 'bonus' && o.status === 'scored' && o.earned > 0) {
      const credited = Math.min(o.earned, Math.max(bonusRemaining, 0));
      bonusRemaining -= credited;
      if (credited < o.earned) {
        const note = `体系加分上限 ${formatNumber(system.bonusCap ?? 0)} 分已用，本项计 ${formatNumber(credited)} 分`;
        r.explanation = `${o.explanation}；${note}`;
        r.notice = o.notice ? `${o.notice}；${note}` : note;
      }
      r.earned = credited;
    }
    leafOutcomes.set(node.id, r);
  });
  for (const node of countNodes) {
    const s = node.scoring;
    if (s?.method !== 'count') continue;
    const o = evaluateCountRule(s, node.points ?? 0, (id) => leafOutcomes.get(id));
    leafOutcomes.set(node.id, { ...shell(node, depthOf.get(node.id) ?? 1), ...o });
  }

  // Pass 4 (bottom-up): branch subtotals.
  const aggregate = (n: IndicatorNode): { result: NodeResult; base: number; adjustment: number; nominal: number } => {
    if (isLeaf(n)) {
      const r = leafOutcomes.get(n.id)!;
      const nominal = isRegular(n) ? n.points ?? 0 : 0;
      return { result: r, base: isRegular(n) && r.applicable ? r.earned : 0, adjustment: 0, nominal };
    }
    const parts = n.children.map(aggregate);
    const agg = combine(n.points, n.children, parts, naReason);
    const r: NodeResult = {
      ...shell(n, depthOf.get(n.id) ?? 1),
      applicable: !naReason.has(n.id),
      status: naReason.has(n.id) ? 'na' : worstStatus(parts.map((p) => p.result)),
      maxPoints: agg.nominal,
      earned: agg.earned,
      base: agg.base,
      adjustment: agg.adjustment,
      scale: agg.scale,
      met: naReason.has(n.id) ? null : allMet(parts.map((p) => p.result), n.children),
      explanation: naReason.has(n.id) ? `不适用：${naReason.get(n.id)}，不计分，不计入满分` : agg.explanation,
    };
    leafOutcomes.set(n.id, r);
    return { result: r, base: agg.base, adjustment: agg.adjustment, nominal: agg.nominal };
  };
  const roots = system.nodes.map(aggregate);
  const top = combine(null, system.nodes, roots, naReason);

  walkNodes(system.nodes, ({ node }) => {
    const r = leafOutcomes.get(node.id)!;
    byId[node.id] = r;
    order.push(r);
  });

  const vetoes: VetoHit[] = [];
  const issues: EvaluationIssue[] = [];
  const notices: EvaluationNotice[] = [...read.notes, ...categoryNotices(ctx.categories, resolveCategoryGroups(system))].map((message) => ({ nodeId: '', code: '', message }));
  const metItems: string[] = [];
  const unmetItems: string[] = [];
  let bonusTotal = 0;
  let bonusItemsCap: number | null = null;
  let deductionTotal = 0;
  walkNodes(system.nodes, ({ node }) => {
    const r = byId[node.id]!;
    if (!r.applicable) return;
    if (r.vetoTriggered) {
      const s = node.scoring;
      vetoes.push({ nodeId: node.id, code: node.code, title: node.title, reason: (s?.method === 'veto' && s.reason.trim()) || node.title });
    }
    if (isLeaf(node) && (r.status === 'missing' || r.status === 'error')) issues.push({ nodeId: node.id, code: node.code, message: `${nodeLabel(node)}：${r.explanation}` });
    if (isLeaf(node) && r.notice) notices.push({ nodeId: node.id, code: node.code, message: `${nodeLabel(node)}：${r.notice}` });
    if (isLeaf(node) && node.scoring?.method === 'bonus') {
      bonusTotal += r.earned;
      bonusItemsCap = (bonusItemsCap ?? 0) + (node.points ?? 0);
    }
    if (isLeaf(node) && node.scoring?.method === 'deduction') deductionTotal += r.earned;
    if (isLeaf(node) && isRegular(node) && r.met !== null) (r.met ? metItems : unmetItems).push(node.id);
  });

  // A refused value that no leaf reads (only a rule) is an issue of its own; one a leaf reads is named there.
  for (const p of read.problems.values())
    if (!issues.some((i) => i.message.includes(p.message))) issues.push({ nodeId: '', code: '', valueName: p.name, message: `数据 ${p.message}` });

  const scales = new Map([...lookup.values()].map((v) => [v.name, v.scale]));
  const bonusCap = bonusItemsCap === null ? null : system.bonusCap === null ? bonusItemsCap : Math.min(system.bonusCap, bonusItemsCap);
  const partial = { total: top.earned, maxTotal: top.nominal, byId, vetoes, values: shared, problems: read.problems, scales, system, bonus: { total: bonusTotal, cap: bonusCap } };
  const rules = system.passRules.map((rule) => evaluatePassRule(rule, partial));
  const passed = judgesPass(system) ? vetoes.length === 0 && rules.every((r) => r.passed) : null;
  const graded = system.grading ? gradeOf(system.grading, { passed, vetoed: vetoes.length > 0, total: top.earned, maxTotal: top.nominal }) : null;
  const grade: EvaluationResult['grade'] = graded ? { label: graded.label, explanation: graded.explanation } : null;

  const reasons: string[] = [];
  for (const v of vetoes) reasons.push(`触发一票否决：${v.reason}`);
  // A failed noVeto rule would repeat the vetoes listed just above.
  for (const r of rules) if (!r.passed && r.rule.kind !== 'noVeto') reasons.push(r.explanation);
  const bonusText = bonusTotal > 0 && bonusCap !== null ? `，加分 ${formatNumber(bonusTotal)} / 上限 ${formatNumber(bonusCap)}` : '';
  const summary = `总分 ${formatNumber(top.earned)}（满分 ${formatNumber(top.nominal)}${bonusText}${deductionTotal ? `，扣分 ${formatNumber(deductionTotal)}` : ''}）`;
  let explanation: string;
  if (passed === true) explanation = `通过：${rules.length ? rules.map((r) => r.explanation).join('；') : `${summary}，未触发一票否决`}`;
  else if (passed === false) explanation = `未通过：${reasons.join('；')}`;
  else explanation = [...reasons, summary].join('；');
  // The bonus is always stated against its cap (加分 3 / 上限 5), also when the rules do not name the total.
  if (bonusTotal > 0 && !explanation.includes('加分')) explanation += `；${summary}`;
  if (graded?.mention) explanation += `；${graded.explanation}`;
  // A system without a verdict says what it gives, in words without 通过 (issue 10, item 9).
  if (passed === null) explanation += system.grading ? '（本体系只评定等级）' : '（本体系未设通过规则，也不评定等级，不判定是否通过）';
  if (issues.length) explanation += `（尚有 ${issues.length} 项未填写或有误，按 0 分计）`;

  return {
    systemKey: system.key,
    systemVersion: system.version,
    total: top.earned,
    maxTotal: top.nominal,
    bonusTotal,
    bonusCap,
    deductionTotal,
    nodes: order,
    byId,
    metItems,
    unmetItems,
    vetoes,
    rules,
    passed,
    grade,
    complete: issues.length === 0,
    issues,
    notices,
    refusedValues: [...read.problems.values()],
    explanation,
    roundingRule: passed === null ? DISPLAY_ROUNDING_RULE_NO_VERDICT : DISPLAY_ROUNDING_RULE,
    aggregationRule: aggregationRuleFor(system),
    verdictRule: verdictRuleFor(system),
  };
}

function shell(n: IndicatorNode, depth: number): NodeResult {
  const nonRegularMax = n.scoring?.method === 'veto' ? 0 : n.points ?? 0;
  return {
    nodeId: n.id, code: n.code, title: n.title, depth,
    method: isLeaf(n) ? n.scoring?.method ?? 'branch' : 'branch',
    applicable: true, status: 'scored', maxPoints: nonRegularMax, earned: 0, met: null, explanation: '',
  };
}

interface Part { result: NodeResult; base: number; adjustment: number; nominal: number }

/** The aggregation rule for one branch (or the whole system when points is null at the top). */
function combine(points: number | null, children: IndicatorNode[], parts: Part[], naReason: Map<string, string>) {
  let nominalSum = 0;
  let applicableMax = 0;
  let earnedRegular = 0;
  let adjustment = 0;
  let excluded = 0;
  children.forEach((c, i) => {
    const p = parts[i]!;
    const na = naReason.has(c.id);
    if (isRegular(c)) {
      nominalSum += p.nominal;
      if (na) {
        if (p.nominal > 0) excluded++;
        return;
      }
      applicableMax += p.nominal;
      earnedRegular += p.base;
      adjustment += p.adjustment;
    } else if (!na) {
      const m = c.scoring?.method;
      if (m === 'bonus') adjustment += p.result.earned;
      if (m === 'deduction') adjustment -= p.result.earned;
    }
  });
  const nominal = points ?? nominalSum;
  // Avoid multiplying by n/n when nothing is rescaled, so full-precision sums stay exact.
  const scale = applicableMax === nominal ? 1 : applicableMax > 0 ? nominal / applicableMax : 0;
  const base = scale === 1 ? earnedRegular : applicableMax > 0 ? (earnedRegular / applicableMax) * nominal : 0;
  const floored = base + adjustment < 0 ? -base : adjustment;
  const earned = base + floored;
  const bits = [nominal === 0 && applicableMax === 0 ? `计 ${formatNumber(earned)} 分` : `得 ${formatNumber(earned)} 分（满分 ${formatNumber(nominal)}）`];
  if (excluded > 0 && applicableMax > 0)
    bits.push(`${excluded} 项不适用，按 ${formatNumber(earnedRegular)} ÷ ${formatNumber(applicableMax)} × ${formatNumber(nominal)} 折算为 ${formatNumber(base)} 分`);
  else if (scale !== 1 && applicableMax > 0)
    bits.push(`下级合计 ${formatNumber(earnedRegular)} ÷ ${formatNumber(nominalSum)}，按本项满分 ${formatNumber(points)} 折算`);
  if (adjustment > 0) bits.push(`含加分 ${formatNumber(adjustment)}`);
  if (adjustment < 0) bits.push(`含扣分 ${formatNumber(-floored)}${floored !== adjustment ? '（得分最低为 0）' : ''}`);
  return { earned, base, adjustment: floored, nominal, scale, explanation: bits.join('，') };
}

function worstStatus(rs: NodeResult[]): NodeStatus {
  if (rs.some((r) => r.status === 'error')) return 'error';
  if (rs.some((r) => r.status === 'missing')) return 'missing';
  return 'scored';
}

/** A branch is met when every applicable regular child with a met/unmet state is met. */
function allMet(rs: NodeResult[], children: IndicatorNode[]): boolean | null {
  const relevant = rs.filter((r, i) => r.applicable && isRegular(children[i]!) && r.met !== null);
  if (!relevant.length) return null;
  return relevant.every((r) => r.met === true);
}
