import { describe, expect, it } from 'vitest';
import county from '../../../resources/presets/county-balance-100-points.json';
import { loadIndicatorSystem } from './parse.js';
import { flattenNodes, isLeaf } from './tree.js';
import { validateIndicatorSystem } from './validate.js';

describe('points typed below zero', () => {
  it('are an error on the 分值 field, not silently 0 (the tree editor no longer clamps)', () => {
    const system = structuredClone(loadIndicatorSystem(county));
    const leaf = flattenNodes(system.nodes).find((e) => isLeaf(e.node))!.node;
    leaf.points = -3;
    const errors = validateIndicatorSystem(system).filter((m) => m.severity === 'error');
    expect(errors.some((m) => m.field === 'points' && /负/.test(m.message))).toBe(true);
  });
});
