/**
 * Declarative pass rules. Each rule is judged on full-precision numbers and returns a Chinese
 * explanation such as "差异程度得分 24.5，低于 26". A rule on an N/A node is not judged (passes,
 * and says so), because the node does not exist for this unit.
 */
import { formatNumber } from './format.js';
import { atLeast } from './leaf.js';
import { formatScaled } from './scale.js';
import type { IndicatorSystem, PassRule, ValueScale } from './schema.js';
import { indexNodes, isLeaf, isRegular, walkNodes } from './tree.js';
import type { NodeResult, VetoHit } from './evaluate.js';
import { resolveValues, valueCaption, type ValueProblem } from './values.js';

export interface RuleResult {
  rule: PassRule;
  passed: boolean;
  explanation: string;
}

export interface RuleInput {
  total: number;
  maxTotal: number;
  byId: Record<string, NodeResult>;
  vetoes: VetoHit[];
  /** Accepted trial values, each on its declared scale. */
  values: Readonly<Record<string, number>>;
  /** Refused trial values (e.g. 80 for a ratio), by name: a rule on one fails with its message. */
  problems?: ReadonlyMap<string, ValueProblem>;
  /** Declared scale of each value rule's value (from the system's `values`; default number). */
  scales?: ReadonlyMap<string, ValueScale>;
  /** Bonus credited and its cap (see EvaluationResult.bonusCap), stated with the total when there is any. */
  bonus?: { total: number; cap: number | null };
  system: IndicatorSystem;
}

/** Formats a and b so that a difference that decides the rule stays visible (84.999 vs 85). */
export function formatPair(a: number, b: number): [string, string] {
  for (let d = 2; d <= 8; d++) {
    const fa = formatNumber(a, d);
    const fb = formatNumber(b, d);
    if (fa !== fb || a === b) return [fa, fb];
  }
  return [String(a), String(b)];
}

/** Judges one pass rule at full precision; the explanation names the figures that decided it. */
export function evaluatePassRule(rule: PassRule, x: RuleInput): RuleResult {
  switch (rule.kind) {
    case 'totalAtLeast': {
      const passed = atLeast(x.total, rule.min);
      const [a, b] = formatPair(x.total, rule.min);
      const bonus = x.bonus && x.bonus.total > 0 ? `（含加分 ${formatNumber(x.bonus.total)}${x.bonus.cap === null ? '' : ` / 上限 ${formatNumber(x.bonus.cap)}`}）` : '';
      return { rule, passed, explanation: passed ? `总分 ${a}${bonus}，达到 ${b}` : `总分 ${a}${bonus}，低于 ${b}` };
    }
    case 'nodeAtLeast': {
      const r = x.byId[rule.nodeId];
      if (!r) return { rule, passed: false, explanation: `通过规则引用的指标 ${rule.nodeId} 不存在` };
      const name = `${r.title}得分`;
      if (!r.applicable) return { rule, passed: true, explanation: `${r.title}不适用，不作判断` };
      const passed = atLeast(r.earned, rule.min);
      const [a, b] = formatPair(r.earned, rule.min);
      return { rule, passed, explanation: passed ? `${name} ${a}，达到 ${b}` : `${name} ${a}，低于 ${b}` };
    }
    case 'allMet':
    case 'atLeastNMet': {
      const entry = indexNodes(x.system).get(rule.nodeId);
      const r = x.byId[rule.nodeId];
      if (!entry || !r) return { rule, passed: false, explanation: `通过规则引用的指标 ${rule.nodeId} 不存在` };
      if (!r.applicable) return { rule, passed: true, explanation: `${r.title}不适用，不作判断` };
      const leaves: NodeResult[] = [];
      walkNodes([entry.node], ({ node }) => {
        const lr = x.byId[node.id];
        if (isLeaf(node) && isRegular(node) && lr && lr.applicable && lr.met !== null) leaves.push(lr);
      });
      const met = leaves.filter((l) => l.met === true);
      const unmet = leaves.filter((l) => l.met !== true);
      if (rule.kind === 'allMet') {
        const passed = unmet.length === 0;
        if (isLeaf(entry.node)) return { rule, passed, explanation: `${r.title}${passed ? '达标' : r.met === false ? '未达标' : '未判定'}` };
        return {
          rule, passed,
          explanation: passed
            ? `${r.title} ${leaves.length} 项全部达标`
            : `${r.title}有 ${unmet.length} 项未达标：${unmet.map((u) => (u.code ? `${u.code} ${u.title}` : u.title)).join('、')}`,
        };
      }
      const passed = met.length >= rule.n;
      return { rule, passed, explanation: `${r.title}达标 ${met.length} 项，${passed ? '达到' : '少于'}要求的 ${rule.n} 项` };
    }
    case 'noVeto': {
      const passed = x.vetoes.length === 0;
      return { rule, passed, explanation: passed ? '未触发一票否决' : `触发一票否决：${x.vetoes.map((v) => v.reason).join('、')}` };
    }
    case 'valueAtLeast': {
      const v = Object.prototype.hasOwnProperty.call(x.values, rule.name) ? x.values[rule.name] : undefined;
      const problem = x.problems?.get(rule.name);
      // The value's declared label names it (the rule's own label is only the fallback of older systems).
      const def = resolveValues(x.system).find((d) => d.name === rule.name);
      const label = def?.label ?? rule.label;
      if (typeof v !== 'number') return { rule, passed: false, explanation: problem ? problem.message : `缺少数据：${def ? valueCaption(def) : label}` };
      const scale = x.scales?.get(rule.name) ?? 'number';
      const passed = atLeast(v, rule.min);
      const [a, b] = formatScaledPair(v, rule.min, scale, def?.unit ?? '');
      return { rule, passed, explanation: passed ? `${label} ${a}，达到 ${b}` : `${label} ${a}，低于 ${b}` };
    }
  }
}

/** Like {@link formatPair}, on a declared scale (ratios as percentages by the one ratio formatter). */
function formatScaledPair(a: number, b: number, scale: ValueScale, unit = ''): [string, string] {
  if (scale === 'number') {
    const [fa, fb] = formatPair(a, b);
    return [`${fa}${unit}`, `${fb}${unit}`];
  }
  for (let d = scale === 'ratio' ? 3 : 1; d <= 8; d++) {
    const fa = formatScaled(a, scale, d);
    const fb = formatScaled(b, scale, d);
    if (fa !== fb || a === b) return [fa, fb];
  }
  return [formatScaled(a, scale, 10), formatScaled(b, scale, 10)];
}

/** A one-line Chinese description of a rule for editors and exports. */
export function describePassRule(rule: PassRule, system: Pick<IndicatorSystem, 'nodes'> & Partial<Pick<IndicatorSystem, 'passRules' | 'values'>>): string {
  const title = (id: string) => indexNodes(system).get(id)?.node.title ?? id;
  switch (rule.kind) {
    case 'totalAtLeast': return `总分 ≥ ${formatNumber(rule.min, 6)}`;
    case 'nodeAtLeast': return `${title(rule.nodeId)}得分 ≥ ${formatNumber(rule.min, 6)}`;
    case 'allMet': return `${title(rule.nodeId)}各项全部达标`;
    case 'atLeastNMet': return `${title(rule.nodeId)}至少 ${rule.n} 项达标`;
    case 'noVeto': return '未触发一票否决';
    case 'valueAtLeast': {
      const def = resolveValues({ passRules: [], values: [], ...system }).find((v) => v.name === rule.name);
      return `${def?.label ?? rule.label} ≥ ${formatScaled(rule.min, def?.scale ?? 'number', 8, def?.unit ?? '')}`;
    }
  }
}
