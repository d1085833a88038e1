/** Tree helpers shared by the engine, validation, diff and the Excel exchange. */
import type { IndicatorNode, IndicatorSystem } from './schema.js';

export interface NodeEntry {
  node: IndicatorNode;
  parent: IndicatorNode | null;
  depth: number; // 1 = first level (一级指标)
  /** Position among its siblings. */
  index: number;
}

/** Visits every node depth-first in document order (parent before children). */
export function walkNodes(nodes: readonly IndicatorNode[], visit: (entry: NodeEntry) => void): void {
  const go = (list: readonly IndicatorNode[], parent: IndicatorNode | null, depth: number) => {
    list.forEach((node, index) => {
      visit({ node, parent, depth, index });
      go(node.children, node, depth + 1);
    });
  };
  go(nodes, null, 1);
}

/** All nodes in document order. */
export function flattenNodes(nodes: readonly IndicatorNode[]): NodeEntry[] {
  const out: NodeEntry[] = [];
  walkNodes(nodes, (e) => out.push(e));
  return out;
}

/** Index by id; with duplicate ids the first wins (validation reports duplicates). */
export function indexNodes(system: Pick<IndicatorSystem, 'nodes'>): Map<string, NodeEntry> {
  const map = new Map<string, NodeEntry>();
  walkNodes(system.nodes, (e) => {
    if (!map.has(e.node.id)) map.set(e.node.id, e);
  });
  return map;
}

export function isLeaf(node: IndicatorNode): boolean {
  return node.children.length === 0;
}

/** Leaves whose points belong to the regular total (not veto, bonus or deduction). */
export function isRegular(node: IndicatorNode): boolean {
  const m = node.scoring?.method;
  return m !== 'veto' && m !== 'bonus' && m !== 'deduction';
}

/** Maximum depth of the tree (0 for an empty system). */
export function treeDepth(nodes: readonly IndicatorNode[]): number {
  let max = 0;
  walkNodes(nodes, (e) => {
    if (e.depth > max) max = e.depth;
  });
  return max;
}

/** "1.2 标题" — how messages name a node. */
export function nodeLabel(node: Pick<IndicatorNode, 'code' | 'title'>): string {
  const code = node.code.trim();
  const title = node.title.trim();
  if (code && title) return `${code} ${title}`;
  return code || title || '（未命名指标）';
}
