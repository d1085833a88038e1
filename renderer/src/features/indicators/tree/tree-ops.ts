/**
 * Immutable edits of an indicator tree, by node id. Pure so the editor stays predictable and
 * the operations can be unit-tested without a DOM.
 */
import type { IndicatorNode, Scoring, ScoringMethod } from '../../../../../shared/domain/indicators';

export function newId(): string {
  // Random ids keep node identity stable across versions (the diff matches nodes by id).
  return `n-${Math.random().toString(36).slice(2, 10)}`;
}

export function defaultScoring(method: ScoringMethod): Scoring {
  switch (method) {
    case 'grade':
      return {
        method,
        grades: [
          { label: 'A', share: 1, met: true, description: '' },
          { label: 'B', share: 0.8, met: true, description: '' },
          { label: 'C', share: 0.6, met: false, description: '' },
          { label: 'D', share: 0, met: false, description: '' },
        ],
      };
    case 'points':
      return { method, step: 0, metShare: 1 };
    case 'boolean':
      return { method };
    case 'formula':
      return { method, expression: 'value', mode: 'threshold', comparator: '>=', threshold: { all: 0 }, partialCredit: null, unit: '', decimals: 2 };
    case 'count':
      return { method, itemIds: [], minMet: 1, othersMinRatio: null };
    case 'veto':
      return { method, reason: '' };
    case 'bonus':
    case 'deduction':
      return { method, step: 0 };
  }
}

export function newNode(code: string, method: ScoringMethod | null = 'points'): IndicatorNode {
  return {
    id: newId(),
    code,
    title: '新指标',
    content: '',
    standard: '',
    points: method === 'veto' ? null : method ? 10 : null,
    evidence: [],
    explanationRequired: false,
    applicability: { schoolTypes: [], sections: [], partnershipTypes: [], categories: [] },
    scorer: 'office',
    unconfirmed: false,
    unconfirmedReason: '',
    note: '',
    scoring: method ? defaultScoring(method) : null,
    children: [],
  };
}

/** Applies `fn` to the list that contains `id` (the root list or some node's children). */
function editSiblings(nodes: IndicatorNode[], id: string, fn: (list: IndicatorNode[], index: number) => IndicatorNode[]): IndicatorNode[] {
  const i = nodes.findIndex((n) => n.id === id);
  if (i >= 0) return fn(nodes, i);
  let changed = false;
  const out = nodes.map((n) => {
    if (changed || !n.children.length) return n;
    const children = editSiblings(n.children, id, fn);
    if (children === n.children) return n;
    changed = true;
    return { ...n, children };
  });
  return changed ? out : nodes;
}

export function updateNode(nodes: IndicatorNode[], id: string, patch: Partial<IndicatorNode>): IndicatorNode[] {
  return editSiblings(nodes, id, (list, i) => list.map((n, j) => (j === i ? { ...n, ...patch } : n)));
}

export function findNode(nodes: readonly IndicatorNode[], id: string): IndicatorNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const c = findNode(n.children, id);
    if (c) return c;
  }
  return undefined;
}

/** Next code below a parent: "1.2" → "1.2.3" when it has two children; top level "3". */
export function nextChildCode(parent: IndicatorNode | null, siblings: readonly IndicatorNode[]): string {
  const n = siblings.length + 1;
  return parent?.code ? `${parent.code}.${n}` : String(n);
}

/** Adds a child; a leaf that gets its first child becomes a branch (its own scoring is dropped). */
export function addChild(nodes: IndicatorNode[], parentId: string): { nodes: IndicatorNode[]; node: IndicatorNode } {
  const parent = findNode(nodes, parentId)!;
  const node = newNode(nextChildCode(parent, parent.children));
  const patch: Partial<IndicatorNode> = { children: [...parent.children, node] };
  if (!parent.children.length) {
    patch.scoring = null;
    // Its points, if any, stay as the branch's weight; the new child starts with the same.
    node.points = parent.points ?? 10;
    patch.points = null;
  }
  return { nodes: updateNode(nodes, parentId, patch), node };
}

export function addRoot(nodes: IndicatorNode[]): { nodes: IndicatorNode[]; node: IndicatorNode } {
  const node = newNode(nextChildCode(null, nodes), null);
  node.title = '新一级指标';
  node.children = [newNode(`${node.code}.1`)];
  return { nodes: [...nodes, node], node };
}

export function addSibling(nodes: IndicatorNode[], id: string): { nodes: IndicatorNode[]; node: IndicatorNode } {
  const self = findNode(nodes, id)!;
  const node = newNode(`${self.code}′`, self.children.length ? null : self.scoring?.method ?? 'points');
  if (self.children.length) node.children = [newNode(`${node.code}.1`)];
  return { nodes: editSiblings(nodes, id, (list, i) => [...list.slice(0, i + 1), node, ...list.slice(i + 1)]), node };
}

export function removeNode(nodes: IndicatorNode[], id: string): IndicatorNode[] {
  return editSiblings(nodes, id, (list, i) => list.filter((_, j) => j !== i));
}

export function moveNode(nodes: IndicatorNode[], id: string, delta: -1 | 1): IndicatorNode[] {
  return editSiblings(nodes, id, (list, i) => {
    const j = i + delta;
    if (j < 0 || j >= list.length) return list;
    const out = [...list];
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  });
}

/** Position of a node among its siblings, for enabling 上移 / 下移. */
export function siblingPosition(nodes: readonly IndicatorNode[], id: string): { index: number; count: number } | null {
  const i = nodes.findIndex((n) => n.id === id);
  if (i >= 0) return { index: i, count: nodes.length };
  for (const n of nodes) {
    const p = siblingPosition(n.children, id);
    if (p) return p;
  }
  return null;
}

export function allIds(nodes: readonly IndicatorNode[], branchesOnly = false): string[] {
  const out: string[] = [];
  const go = (list: readonly IndicatorNode[]) =>
    list.forEach((n) => {
      if (!branchesOnly || n.children.length) out.push(n.id);
      go(n.children);
    });
  go(nodes);
  return out;
}
