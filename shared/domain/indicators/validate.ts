/**
 * Structural validation of an indicator system. Returns Chinese messages, each tied to a node
 * (id + code) where there is one, so the tree editor can show them beside the node.
 * A system with any 'error' must not be published; 'warning' is advisory.
 */
import { describeBand, validateBands } from './bands.js';
import { formatNumber } from './format.js';
import { compileFormula } from './formula.js';
import { thresholdScaleProblem } from './scale.js';
import type { GradeBand, Grading, IndicatorNode, IndicatorSystem } from './schema.js';
import { flattenNodes, indexNodes, isLeaf, isRegular, nodeLabel } from './tree.js';
import { resolveValues, singleVariable, type ResolvedValue } from './values.js';
import { judgesPass } from './verdict.js';

export interface ValidationMessage {
  severity: 'error' | 'warning';
  /** Node the message is about; absent for system-level messages. */
  nodeId?: string;
  code?: string;
  /** Index into passRules or grading.bands for rule/band messages. */
  ruleIndex?: number;
  bandIndex?: number;
  /** Index into `values` (数据项) for a message about one declared value. */
  valueIndex?: number;
  /** Index into `categoryGroups` (类别) for a message about one group. */
  categoryGroupIndex?: number;
  /**
   * The form field the message is about, so the editor shows it beside that field and drops it
   * once fixed. Node: code, title, points, method, expression, threshold, partialCredit, grades,
   * step, itemIds, minMet, categories. Value: name, label. Category group: label, options.
   */
  field?: NodeField | 'name' | 'label' | 'options';
  message: string;
}

/** Fields of a node the editor shows (see ValidationMessage.field). */
export type NodeField = 'code' | 'title' | 'points' | 'method' | 'expression' | 'threshold' | 'partialCredit' | 'grades' | 'step' | 'itemIds' | 'minMet' | 'categories';

type At = (n: IndicatorNode, message: string, severity?: 'error' | 'warning', field?: NodeField) => void;

/**
 * All structural problems of a system, in Chinese, each tied to its node, rule or band: tree and
 * scoring parameters, thresholds against their values' declared scales (a ratio threshold typed
 * as 85), pass rules, grade bands and how the grade relates to the pass rules (verdict.ts).
 */
export function validateIndicatorSystem(system: IndicatorSystem): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  const entries = flattenNodes(system.nodes);
  const byId = indexNodes(system);
  const lookup = new Map(resolveValues(system).map((v) => [v.name, v]));
  const at: At = (n, message, severity = 'error', field) =>
    out.push({ severity, nodeId: n.id, code: n.code, ...(field ? { field } : {}), message: `指标 ${nodeLabel(n)}：${message}` });

  if (!entries.length) out.push({ severity: 'error', message: '指标体系没有任何指标' });

  const declaredCategories = new Set(system.categoryGroups.flatMap((g) => g.options));
  const seenIds = new Set<string>();
  const seenCodes = new Map<string, IndicatorNode>();
  for (const { node, parent } of entries) {
    if (seenIds.has(node.id)) at(node, `节点标识“${node.id}”重复`);
    seenIds.add(node.id);
    if (!node.title.trim()) at(node, '名称为空', 'error', 'title');
    // The schema refuses it when saved; said here too, beside the field, while the user types.
    if (node.points !== null && node.points < 0) at(node, `分值不能为负数（填写的是 ${node.points}）`, 'error', 'points');
    if (!node.code.trim()) at(node, '编码为空', 'warning', 'code');
    else if (seenCodes.has(node.code)) at(node, `编码“${node.code}”与“${nodeLabel(seenCodes.get(node.code)!)}”重复`, 'error', 'code');
    else seenCodes.set(node.code, node);

    for (const c of node.applicability.categories) {
      if (!declaredCategories.has(c))
        at(node, `适用范围中的类别“${c}”没有在“类别”中定义；试算时它归入“其他类别”，请在“规则与等级”页的“类别”中把它加入相应的类别`, 'warning', 'categories');
    }
    if (isLeaf(node)) validateLeaf(node, byId, at, parent, lookup);
    else {
      if (node.scoring) at(node, '有下级指标的节点不能设置评分方式（由下级汇总）', 'error', 'method');
      const regular = node.children.filter(isRegular);
      if (node.points !== null && node.points > 0 && regular.length > 0 && regular.every((c) => nominal(c) === 0))
        at(node, '下级指标满分合计为 0，无法按权重折算', 'error', 'points');
    }
  }

  if (system.bonusCap !== null && !entries.some((e) => e.node.scoring?.method === 'bonus'))
    out.push({ severity: 'warning', message: '设置了体系加分上限，但没有加分项' });

  out.push(...valueDefProblems(system));
  out.push(...categoryProblems(system));

  const reach = maxReachable(system);
  system.passRules.forEach((rule, i) => {
    if (rule.kind === 'valueAtLeast' && lookup.get(rule.name)?.source !== 'declared')
      out.push({ severity: 'error', ruleIndex: i, message: `通过规则第 ${i + 1} 条读取的数据“${rule.label}”还没有在“数据项”中定义中文名称和口径，请先添加该数据项` });
    if (rule.kind === 'valueAtLeast') {
      const v = lookup.get(rule.name);
      const problem = v ? thresholdScaleProblem(rule.min, v.scale, rule.label, `通过线填写为 ${formatNumber(rule.min, 6)}`) : null;
      if (problem) out.push({ severity: 'error', ruleIndex: i, message: `通过规则第 ${i + 1} 条：${problem}` });
    }
    if (rule.kind === 'totalAtLeast' && rule.min > reach + 1e-9)
      out.push({ severity: 'warning', ruleIndex: i, message: `通过规则第 ${i + 1} 条要求总分不低于 ${formatNumber(rule.min, 6)}，高于最高可得 ${formatNumber(reach, 6)} 分，任何结果都不能通过` });
    if ('nodeId' in rule && !byId.has(rule.nodeId))
      out.push({ severity: 'error', ruleIndex: i, message: `通过规则第 ${i + 1} 条引用的指标“${rule.nodeId}”不存在` });
    if (rule.kind === 'atLeastNMet' && byId.has(rule.nodeId)) {
      let count = 0;
      for (const e of flattenNodes([byId.get(rule.nodeId)!.node])) if (isLeaf(e.node) && isRegular(e.node)) count++;
      if (rule.n > count) out.push({ severity: 'error', ruleIndex: i, message: `通过规则第 ${i + 1} 条要求 ${rule.n} 项达标，但该指标下只有 ${count} 项` });
    }
  });

  if (system.grading) {
    const g = system.grading;
    const reach = g.basis === 'percent' ? 100 : maxReachable(system);
    for (const issue of validateBands(g, reach)) out.push({ severity: 'error', bandIndex: issue.bandIndex, message: issue.message });
    if (g.vetoLabel !== null && !g.bands.some((b) => b.label === g.vetoLabel))
      out.push({ severity: 'error', message: `一票否决时的等级“${g.vetoLabel}”不在等级划分中` });
    if (g.basis === 'percent') out.push(...percentBoundProblems(g.bands));
    if (judgesPass(system)) out.push(...gradeVersusPass(system, g));
  }
  return out;
}

/** 得分率 bands are on the percent scale (0–100): a bound such as 0.6 is refused with both readings. */
function percentBoundProblems(bands: readonly GradeBand[]): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  const bounds = bands.flatMap((b) => [b.min, b.max]).filter((x): x is number => x !== null);
  const allSmall = bounds.every((x) => x <= 1);
  bands.forEach((b, i) => {
    for (const [x, name] of [[b.min, '下限'], [b.max, '上限']] as const) {
      if (x === null) continue;
      if (x > 100) out.push({ severity: 'error', bandIndex: i, message: `等级“${b.label}”${name}填写为 ${formatNumber(x, 6)}：得分率按百分数应在 0～100 之间` });
      else if (x > 0 && (x < 1 || (x === 1 && allSmall)))
        out.push({
          severity: 'error',
          bandIndex: i,
          message: `等级“${b.label}”${name}填写为 ${formatNumber(x, 6)}：得分率按百分数（0～100）填写；若指 ${formatNumber(x * 100, 6)}%，请填写 ${formatNumber(x * 100, 6)}`,
        });
    }
  });
  return out;
}

/**
 * Grade versus pass rules (verdict.ts): the failed grade must not reach into passing totals, and
 * with pass rules a vetoed result is a failed one, so vetoLabel cannot name another grade.
 */
function gradeVersusPass(system: IndicatorSystem, g: Grading): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  const failed = g.gradeWhenFailed;
  if (g.vetoLabel !== null && g.vetoLabel !== failed)
    out.push({
      severity: 'error',
      message: `设有通过规则时，触发一票否决的结果就是未通过的结果，等级为“未通过时的等级”（${failed ?? '不评等级'}）；“一票否决时的等级”应留空或与之相同（现为“${g.vetoLabel}”）`,
    });
  const mins = system.passRules.flatMap((r) => (r.kind === 'totalAtLeast' ? [r.min] : []));
  const nominal = nominalTotal(system);
  // The pass line in the graded quantity: points, or 得分率 in percent.
  const line = mins.length === 0 ? null : g.basis === 'points' ? Math.max(...mins) : nominal > 0 ? (Math.max(...mins) / nominal) * 100 : null;
  const unit = g.basis === 'percent' ? '%' : ' 分';
  const subject = g.basis === 'percent' ? '得分率(%)' : '得分';
  g.bands.forEach((b, i) => {
    if (b.label === failed) {
      if (line === null)
        out.push({
          severity: 'warning',
          bandIndex: i,
          message: `通过规则没有限定总分，通过的结果也可能落在“${b.label}”（${describeBand(b, subject)}）区间；它是未通过时的等级，届时不评定等级。可增加“总分不低于”规则，或把未通过时的等级设为区间以外的名称`,
        });
      else if (b.max === null || b.max > line + 1e-9 || (Math.abs(b.max - line) <= 1e-9 && b.maxInclusive))
        out.push({
          severity: 'error',
          bandIndex: i,
          message: `等级“${b.label}”（${describeBand(b, subject)}）是未通过时的等级，却包含通过线 ${formatNumber(line, 6)}${unit}及以上的${subject === '得分' ? '得分' : '得分率'}：通过的结果会落入其中。请把它的上限设为 ${formatNumber(line, 6)}（不含），或调整通过规则`,
        });
    } else if (line !== null && b.max !== null && (b.max < line - 1e-9 || (Math.abs(b.max - line) <= 1e-9 && !b.maxInclusive))) {
      out.push({
        severity: 'warning',
        bandIndex: i,
        message: `等级“${b.label}”（${describeBand(b, subject)}）整段低于通过线 ${formatNumber(line, 6)}${unit}：落在其中的结果都未通过，${failed === null ? '不评定等级' : `一律评为“${failed}”`}`,
      });
    }
  });
  return out;
}

function validateLeaf(
  node: IndicatorNode,
  byId: ReturnType<typeof indexNodes>,
  at: At,
  parent: IndicatorNode | null,
  lookup: ReadonlyMap<string, ResolvedValue>,
): void {
  const s = node.scoring;
  if (!s) {
    at(node, '末级指标未设置评分方式', 'error', 'method');
    return;
  }
  if (s.method === 'veto') {
    if (node.points) at(node, '一票否决项不计分，分值应为空或 0', 'warning', 'points');
  } else if (node.points === null) at(node, '末级指标未设置分值（可填 0）', 'error', 'points');
  if (!parent && (s.method === 'bonus' || s.method === 'deduction')) at(node, '加分、扣分项应放在某个指标之下（可建“加分项目”一级指标）', 'warning', 'method');

  switch (s.method) {
    case 'grade': {
      const labels = new Set<string>();
      for (const g of s.grades) {
        if (!g.label.trim()) at(node, '等级名称不能为空', 'error', 'grades');
        else if (labels.has(g.label)) at(node, `等级“${g.label}”重复`, 'error', 'grades');
        labels.add(g.label);
      }
      break;
    }
    case 'points':
    case 'bonus':
    case 'deduction':
      if (s.step > 0 && node.points !== null && Math.abs(node.points / s.step - Math.round(node.points / s.step)) > 1e-7)
        at(node, `分值 ${node.points} 不是步长 ${s.step} 的整数倍`, 'error', 'step');
      break;
    case 'formula': {
      const c = compileFormula(s.expression);
      if (!c.ok) at(node, c.error, 'error', 'expression');
      else
        for (const name of c.formula.variables)
          if (lookup.get(name)?.source !== 'declared')
            at(node, `公式中的数据 ${name} 还没有中文名称和单位，请在“规则与等级”页的“数据项”中添加（试算、说明和导出都用这个名称）`, 'error', 'expression');
      if (s.mode === 'threshold') {
        if (!s.threshold) at(node, '按标准值判定的公式未设置标准值', 'error', 'threshold');
        else if (s.threshold.all === undefined && (s.threshold.primary === undefined || s.threshold.junior === undefined)) {
          const only = s.threshold.primary !== undefined ? 'primary' : s.threshold.junior !== undefined ? 'junior' : null;
          if (!only) at(node, '按标准值判定的公式未设置标准值', 'error', 'threshold');
          else if (node.applicability.sections.join() !== only)
            at(node, `只设置了${only === 'primary' ? '小学' : '初中'}标准值，请补充另一学段或“通用”标准值，或把适用学段限定为${only === 'primary' ? '小学' : '初中'}`, 'warning', 'threshold');
        }
      }
      const single = singleVariable(s);
      const v = single ? lookup.get(single) : undefined;
      if (v && v.scale !== 'number' && s.threshold) {
        for (const [k, name] of [['all', '标准值'], ['primary', '小学标准值'], ['junior', '初中标准值']] as const) {
          const t = s.threshold[k];
          const problem = t === undefined ? null : thresholdScaleProblem(t, v.scale, v.label, `${name}填写为 ${formatNumber(t, 6)}`);
          if (problem) at(node, problem, 'error', 'threshold');
        }
      }
      if (s.partialCredit && s.mode === 'threshold') {
        const r = s.partialCredit.zeroAtRatio;
        const atLeast = s.comparator === '>=' || s.comparator === '>';
        if (atLeast ? r >= 1 : r <= 1) at(node, `部分得分的零分点（标准的 ${r} 倍）应${atLeast ? '低于' : '高于'}标准值`, 'error', 'partialCredit');
      }
      break;
    }
    case 'count': {
      const items = s.itemIds.map((id) => byId.get(id));
      s.itemIds.forEach((id, i) => {
        const e = items[i];
        if (!e) at(node, `计数规则引用的指标“${id}”不存在`, 'error', 'itemIds');
        else if (!isLeaf(e.node)) at(node, `计数规则引用的“${nodeLabel(e.node)}”不是末级指标`, 'error', 'itemIds');
        else if (e.node.scoring?.method === 'count' || !isRegular(e.node)) at(node, `计数规则不能引用“${nodeLabel(e.node)}”（计数、否决、加扣分项）`, 'error', 'itemIds');
        else if (e.node.id === node.id) at(node, '计数规则不能引用自身', 'error', 'itemIds');
      });
      if (new Set(s.itemIds).size !== s.itemIds.length) at(node, '计数规则重复引用了同一指标', 'error', 'itemIds');
      if (s.minMet > s.itemIds.length) at(node, `计数规则要求 ${s.minMet} 项达标，但只引用了 ${s.itemIds.length} 项`, 'error', 'minMet');
      break;
    }
    default:
      break;
  }
}

/**
 * 数据项: each declared value needs a formula name (ASCII identifier, unique) and a Chinese label;
 * messages name the row and the column as the editor labels them (第 2 个数据项的“中文名称”).
 */
function valueDefProblems(system: IndicatorSystem): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  const seen = new Map<string, number>();
  system.values.forEach((v, i) => {
    const row = `第 ${i + 1} 个数据项${v.label.trim() ? `（${v.label.trim()}）` : ''}`;
    const name = v.name.trim();
    if (!name) out.push({ severity: 'error', valueIndex: i, field: 'name', message: `${row}的“公式中的名称”不能为空` });
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      out.push({ severity: 'error', valueIndex: i, field: 'name', message: `${row}的“公式中的名称”只能使用英文字母、数字和下划线，且不能以数字开头` });
    else if (seen.has(name))
      out.push({ severity: 'error', valueIndex: i, field: 'name', message: `${row}的“公式中的名称”与第 ${seen.get(name)! + 1} 个数据项相同；每项数据只能定义一次` });
    else seen.set(name, i);
    if (!v.label.trim()) out.push({ severity: 'error', valueIndex: i, field: 'label', message: `第 ${i + 1} 个数据项的“中文名称”不能为空` });
  });
  return out;
}

/** 类别: each group needs a name and options; an option belongs to one group only. */
function categoryProblems(system: IndicatorSystem): ValidationMessage[] {
  const out: ValidationMessage[] = [];
  const owner = new Map<string, number>();
  system.categoryGroups.forEach((g, i) => {
    const row = `第 ${i + 1} 个类别${g.label.trim() ? `（${g.label.trim()}）` : ''}`;
    if (!g.label.trim()) out.push({ severity: 'error', categoryGroupIndex: i, field: 'label', message: `第 ${i + 1} 个类别的“类别名称”不能为空` });
    if (!g.options.some((o) => o.trim())) out.push({ severity: 'error', categoryGroupIndex: i, field: 'options', message: `${row}的“可选项”至少要有一项` });
    for (const o of g.options) {
      if (owner.has(o) && owner.get(o) !== i)
        out.push({ severity: 'error', categoryGroupIndex: i, field: 'options', message: `${row}的可选项“${o}”已属于第 ${owner.get(o)! + 1} 个类别；一个选项只能属于一个类别` });
      else if (owner.get(o) === i) out.push({ severity: 'error', categoryGroupIndex: i, field: 'options', message: `${row}的可选项“${o}”重复` });
      else owner.set(o, i);
    }
  });
  return out;
}

function nominal(n: IndicatorNode): number {
  if (isLeaf(n)) return isRegular(n) ? n.points ?? 0 : 0;
  if (n.points !== null) return n.points;
  return n.children.filter(isRegular).reduce((a, c) => a + nominal(c), 0);
}

/** Nominal maximum of the system (regular points; bonus not included). */
export function nominalTotal(system: Pick<IndicatorSystem, 'nodes'>): number {
  return system.nodes.filter(isRegular).reduce((a, c) => a + nominal(c), 0);
}

/** Highest reachable total: nominal maximum plus the bonus that can be credited. */
export function maxReachable(system: IndicatorSystem): number {
  let bonus = 0;
  for (const e of flattenNodes(system.nodes)) if (isLeaf(e.node) && e.node.scoring?.method === 'bonus') bonus += e.node.points ?? 0;
  if (system.bonusCap !== null) bonus = Math.min(bonus, system.bonusCap);
  return nominalTotal(system) + bonus;
}
