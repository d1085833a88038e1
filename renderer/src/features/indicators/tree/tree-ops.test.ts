import { describe, expect, it } from 'vitest';
import { IndicatorSystemSchema, validateIndicatorSystem } from '../../../../../shared/domain/indicators';
import { addChild, addRoot, addSibling, allIds, findNode, moveNode, removeNode, siblingPosition, updateNode } from './tree-ops';

describe('tree editing', () => {
  it('builds a valid tree from nothing and edits it immutably', () => {
    const r = addRoot([]);
    const root = r.node;
    const leaf = root.children[0]!;
    let nodes = addSibling(r.nodes, leaf.id).nodes;
    const second = findNode(nodes, root.id)!.children[1]!;
    expect(second.code).toBe('1.1′');
    nodes = updateNode(nodes, second.id, { code: '1.2', title: '第二项' });
    const before = nodes;
    nodes = moveNode(nodes, second.id, -1);
    expect(findNode(nodes, root.id)!.children.map((c) => c.code)).toEqual(['1.2', '1.1']);
    expect(findNode(before, root.id)!.children.map((c) => c.code)).toEqual(['1.1', '1.2']);
    expect(siblingPosition(nodes, second.id)).toEqual({ index: 0, count: 2 });
    const system = IndicatorSystemSchema.parse({ key: 'k', name: 'n', level: 'school', version: 1, nodes });
    expect(validateIndicatorSystem(system).filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('turns a leaf into a branch when a child is added and removes subtrees', () => {
    const r = addRoot([]);
    const root = r.node;
    const leaf = root.children[0]!;
    const child = addChild(r.nodes, leaf.id);
    let nodes = child.nodes;
    const added = child.node;
    const branch = findNode(nodes, leaf.id)!;
    expect(branch.scoring).toBeNull();
    expect(branch.points).toBeNull();
    expect(added.points).toBe(10);
    expect(added.code).toBe('1.1.1');
    expect(allIds(nodes, true)).toEqual([root.id, leaf.id]);
    nodes = removeNode(nodes, leaf.id);
    expect(allIds(nodes)).toEqual([root.id]);
    expect(moveNode(nodes, root.id, 1)).toBe(nodes);
  });
});
