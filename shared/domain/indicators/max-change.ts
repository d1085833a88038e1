/**
 * 满分 changes only with a clear notice (issue 10, item 9). The nominal maximum of a system follows
 * from its points (validate.ts, nominalTotal); an edit that changes a node's points, adds or removes
 * a scored item or turns one into a bonus item may move it. This states the move and its causes so
 * the editor (and the publish confirmation) can say "满分将由 100 分变为 102 分" before it happens.
 */
import { formatNumber } from './format.js';
import type { IndicatorNode, IndicatorSystem } from './schema.js';
import { flattenNodes, isRegular, nodeLabel } from './tree.js';
import { nominalTotal } from './validate.js';

/** One cause of a change of 满分, in Chinese (e.g. “1.1.1 领导责任：分值 3 → 5”). */
export interface MaxChangeCause {
  nodeId: string;
  text: string;
}

export interface MaxTotalChange {
  /** Nominal maxima in points, before and after. */
  from: number;
  to: number;
  causes: MaxChangeCause[];
  /** The notice: “满分将由 100 分变为 102 分（1.1.1 领导责任：分值 3 → 5）”. */
  message: string;
}

const pts = (n: IndicatorNode): string => (n.points === null ? '空' : formatNumber(n.points, 6));

/**
 * The change of 满分 from `before` to `after`, or null when it stays the same. Causes list the
 * nodes whose points or kind changed, added and removed scored nodes, in document order (at most
 * the first eight, then a count). Pure.
 */
export function maxTotalChange(before: Pick<IndicatorSystem, 'nodes'>, after: Pick<IndicatorSystem, 'nodes'>): MaxTotalChange | null {
  const from = nominalTotal(before);
  const to = nominalTotal(after);
  if (Math.abs(from - to) <= 1e-9) return null;
  const old = new Map(flattenNodes(before.nodes).map((e) => [e.node.id, e.node]));
  const seen = new Set<string>();
  const causes: MaxChangeCause[] = [];
  for (const { node } of flattenNodes(after.nodes)) {
    seen.add(node.id);
    const was = old.get(node.id);
    if (!was) {
      if (isRegular(node) && node.points) causes.push({ nodeId: node.id, text: `新增 ${nodeLabel(node)}（${pts(node)} 分）` });
      continue;
    }
    if (was.points !== node.points) causes.push({ nodeId: node.id, text: `${nodeLabel(node)}：分值 ${pts(was)} → ${pts(node)}` });
    else if (isRegular(was) !== isRegular(node)) causes.push({ nodeId: node.id, text: `${nodeLabel(node)}：${isRegular(node) ? '改为计入满分的评分方式' : '改为加分、扣分或一票否决，不再计入满分'}` });
  }
  for (const [id, node] of old) if (!seen.has(id) && isRegular(node) && node.points) causes.push({ nodeId: id, text: `删除 ${nodeLabel(node)}（${pts(node)} 分）` });
  const shown = causes.slice(0, 8).map((c) => c.text);
  if (causes.length > shown.length) shown.push(`另有 ${causes.length - shown.length} 处`);
  const message = `满分将由 ${formatNumber(from, 6)} 分变为 ${formatNumber(to, 6)} 分${shown.length ? `（${shown.join('；')}）` : ''}`;
  return { from, to, causes, message };
}
