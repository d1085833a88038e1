import { describe, expect, it } from 'vitest';
import { evaluateSystem } from './evaluate.js';
import { createNewVersion, diffIndicatorSystems, editBlockedReason, isEditable } from './versioning.js';
import { boolLeaf, branch, gradeLeaf, system } from './test-helpers.js';

const v1 = system([branch('g', [gradeLeaf('a', 5), boolLeaf('b', 5), boolLeaf('c', 5)]), branch('h', [boolLeaf('d', 5)])], { state: 'published' });

describe('versions', () => {
  it('only drafts are editable', () => {
    expect(isEditable(v1)).toBe(false);
    expect(editBlockedReason(v1)).toContain('已发布，不能修改');
    expect(editBlockedReason({ state: 'draft', version: 1 })).toBeNull();
  });

  it('a new version is an independent draft copy', () => {
    const v2 = createNewVersion(v1);
    expect(v2).toMatchObject({ key: v1.key, version: 2, state: 'draft', basedOnVersion: 1 });
    v2.nodes[0]!.children[0]!.points = 50;
    expect(v1.nodes[0]!.children[0]!.points).toBe(5);
    expect(diffIndicatorSystems(v1, createNewVersion(v1)).identical).toBe(true);
  });

  it('results computed under an old version do not change when the new one is edited', () => {
    const input = { items: { a: { grade: 'A' }, b: { met: true }, c: { met: true }, d: { met: true } } };
    const before = evaluateSystem(v1, input);
    const v2 = createNewVersion(v1);
    v2.nodes[0]!.children[0]!.points = 50;
    expect(evaluateSystem(v1, input)).toEqual(before);
    expect(evaluateSystem(v2, input).total).not.toBe(before.total);
    expect(before.systemVersion).toBe(1);
  });
});

describe('diffIndicatorSystems', () => {
  it('reports added, removed, changed and moved nodes with changed fields', () => {
    const v2 = createNewVersion(v1);
    const g = v2.nodes[0]!;
    g.children[0]!.title = '新名称';
    g.children[0]!.points = 8;
    g.children = g.children.filter((c) => c.id !== 'c');
    const moved = g.children.pop()!; // b
    v2.nodes[1]!.children.push(moved);
    g.children.push({ ...g.children[0]!, id: 'e', code: 'e', title: '新增', children: [] });
    v2.passRules = [{ kind: 'totalAtLeast', min: 10 }];

    const d = diffIndicatorSystems(v1, v2);
    expect(d.identical).toBe(false);
    expect(d.added.map((n) => n.nodeId)).toEqual(['e']);
    expect(d.removed.map((n) => n.nodeId)).toEqual(['c']);
    const a = d.changed.find((c) => c.nodeId === 'a')!;
    expect(a.changes.map((c) => c.field).sort()).toEqual(['points', 'title']);
    expect(a.changes.find((c) => c.field === 'points')).toMatchObject({ label: '分值', before: 5, after: 8 });
    const b = d.changed.find((c) => c.nodeId === 'b')!;
    expect(b.changes.find((c) => c.field === 'parent')).toMatchObject({ before: 'g 分组g', after: 'h 分组h' });
    // 满分 20 (4 × 5) → 26 (a 8 + e 8 + d 5 + b 5): the diff states it in a line of its own.
    expect(d.system.map((c) => c.field)).toEqual(['passRules', 'maxTotal']);
    expect(d.system[1]).toEqual({ field: 'maxTotal', label: '满分', before: 20, after: 26 });
  });

  it('matches nodes by code when ids differ (e.g. re-imported from Excel)', () => {
    const other = system(v1.nodes.map((n) => ({ ...n, id: `x-${n.id}`, children: n.children.map((c) => ({ ...c, id: `x-${c.id}` })) })), { state: 'published' });
    const d = diffIndicatorSystems(v1, other);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
  });
});
