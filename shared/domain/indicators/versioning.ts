/**
 * Versions: a published system is immutable; "new version" copies it into a draft with the same
 * key and node ids (so the diff can match nodes), and results keep the version they used.
 */
import { IndicatorSystemSchema, type IndicatorNode, type IndicatorSystem } from './schema.js';
import { flattenNodes, nodeLabel } from './tree.js';
import { nominalTotal } from './validate.js';

/** True when the system may be edited in place (only drafts). */
export function isEditable(system: Pick<IndicatorSystem, 'state'>): boolean {
  return system.state === 'draft';
}

/** Chinese reason why a system cannot be edited, or null. */
export function editBlockedReason(system: Pick<IndicatorSystem, 'state' | 'version'>): string | null {
  if (system.state === 'published') return `第 ${system.version} 版已发布，不能修改；请“新建版本”后编辑`;
  if (system.state === 'archived') return `第 ${system.version} 版已归档，不能修改`;
  return null;
}

/**
 * Copies `system` as a new draft. `nextVersion` defaults to version + 1; pass the highest
 * existing version + 1 when several versions exist. The source is not modified.
 */
export function createNewVersion(system: IndicatorSystem, nextVersion = system.version + 1): IndicatorSystem {
  const copy = structuredClone(system);
  return IndicatorSystemSchema.parse({ ...copy, version: nextVersion, state: 'draft', basedOnVersion: system.version });
}

export interface FieldChange {
  field: string;
  /** Chinese field name for the diff view. */
  label: string;
  before: unknown;
  after: unknown;
}

export interface NodeDiffEntry {
  nodeId: string;
  code: string;
  title: string;
  /** Parent id in the version the node belongs to (null = first level). */
  parentId: string | null;
}

export interface ChangedNode extends NodeDiffEntry {
  changes: FieldChange[];
}

export interface SystemDiff {
  system: FieldChange[];
  added: NodeDiffEntry[];
  removed: NodeDiffEntry[];
  changed: ChangedNode[];
  /** True when nothing differs. */
  identical: boolean;
}

const NODE_FIELDS: [keyof IndicatorNode | 'parent' | 'position', string][] = [
  ['code', '编码'],
  ['title', '名称'],
  ['content', '评估内容'],
  ['standard', '评分标准'],
  ['points', '分值'],
  ['scoring', '评分方式'],
  ['evidence', '佐证材料'],
  ['explanationRequired', '需要说明'],
  ['applicability', '适用范围'],
  ['scorer', '评分主体'],
  ['unconfirmed', '待核实'],
  ['unconfirmedReason', '待核实说明'],
  ['note', '备注'],
  ['parent', '上级指标'],
  ['position', '排列顺序'],
];

const SYSTEM_FIELDS: [keyof IndicatorSystem, string][] = [
  ['name', '名称'],
  ['level', '评估对象'],
  ['sourceDocument', '依据文件'],
  ['description', '说明'],
  ['bonusCap', '加分上限'],
  ['passRules', '通过规则'],
  ['grading', '等级划分'],
  ['values', '数据项（中文名与口径）'],
  ['categoryGroups', '类别'],
];

/**
 * Structural diff from `before` to `after`. Nodes are matched by id (kept by createNewVersion);
 * nodes whose id is unmatched are matched by code, so systems re-imported from Excel without ids
 * still diff sensibly.
 */
export function diffIndicatorSystems(before: IndicatorSystem, after: IndicatorSystem): SystemDiff {
  const a = flattenNodes(before.nodes);
  const b = flattenNodes(after.nodes);
  const aById = new Map(a.map((e) => [e.node.id, e]));
  const bById = new Map(b.map((e) => [e.node.id, e]));
  const pairs: [(typeof a)[number], (typeof b)[number]][] = [];
  const unmatchedA = a.filter((e) => !bById.has(e.node.id));
  const unmatchedB = b.filter((e) => !aById.has(e.node.id));
  for (const e of a) if (bById.has(e.node.id)) pairs.push([e, bById.get(e.node.id)!]);
  const bByCode = new Map(unmatchedB.filter((e) => e.node.code).map((e) => [e.node.code, e]));
  const removed: NodeDiffEntry[] = [];
  const usedB = new Set<string>();
  for (const e of unmatchedA) {
    const m = e.node.code ? bByCode.get(e.node.code) : undefined;
    if (m && !usedB.has(m.node.id)) {
      pairs.push([e, m]);
      usedB.add(m.node.id);
    } else removed.push(entry(e));
  }
  const added = unmatchedB.filter((e) => !usedB.has(e.node.id)).map(entry);

  // Parent identity must be compared through the matching, not raw ids.
  const matchOf = new Map(pairs.map(([x, y]) => [x.node.id, y.node.id]));
  const changed: ChangedNode[] = [];
  for (const [x, y] of pairs) {
    const changes: FieldChange[] = [];
    for (const [field, label] of NODE_FIELDS) {
      let va: unknown;
      let vb: unknown;
      if (field === 'parent') {
        va = x.parent ? matchOf.get(x.parent.id) ?? `removed:${x.parent.id}` : null;
        vb = y.parent?.id ?? null;
        if (!same(va, vb)) changes.push({ field, label, before: x.parent ? nodeLabel(x.parent) : null, after: y.parent ? nodeLabel(y.parent) : null });
        continue;
      }
      if (field === 'position') {
        va = x.index;
        vb = y.index;
      } else if (field === 'children') continue;
      else {
        va = x.node[field as keyof IndicatorNode];
        vb = y.node[field as keyof IndicatorNode];
      }
      if (!same(va, vb)) changes.push({ field, label, before: va, after: vb });
    }
    if (changes.length) changed.push({ ...entry(y), changes });
  }

  const system: FieldChange[] = [];
  for (const [field, label] of SYSTEM_FIELDS) if (!same(before[field], after[field])) system.push({ field, label, before: before[field], after: after[field] });
  // 满分 follows from the points; when it moves, the diff says so in its own line (issue 10, item 9).
  const [maxBefore, maxAfter] = [nominalTotal(before), nominalTotal(after)];
  if (Math.abs(maxBefore - maxAfter) > 1e-9) system.push({ field: 'maxTotal', label: '满分', before: maxBefore, after: maxAfter });
  return { system, added, removed, changed, identical: !system.length && !added.length && !removed.length && !changed.length };
}

function entry(e: { node: IndicatorNode; parent: IndicatorNode | null }): NodeDiffEntry {
  return { nodeId: e.node.id, code: e.node.code, title: e.node.title, parentId: e.parent?.id ?? null };
}

/** Deep equality for JSON-like values (key order insensitive). */
export function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== typeof y || x === null || y === null || typeof x !== 'object') return Number.isNaN(x) && Number.isNaN(y);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ya = y as unknown[];
    return x.length === ya.length && x.every((v, i) => same(v, ya[i]));
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const keys = new Set([...Object.keys(xo), ...Object.keys(yo)].filter((k) => xo[k] !== undefined || yo[k] !== undefined));
  for (const k of keys) if (!same(xo[k], yo[k])) return false;
  return true;
}
