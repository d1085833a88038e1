/** Helpers of the 试算 page: which shared values a system reads, and quick fills. */
import { flattenNodes, isLeaf, resolveValues, type IndicatorSystem, type LeafInput, type ResolvedValue, type TrialInput } from '../../../../../shared/domain/indicators';

/**
 * Every named value the formulas and value rules read, in document order, with its Chinese label
 * and declared scale (the same resolution the engine uses).
 */
export function valueFields(system: IndicatorSystem): ResolvedValue[] {
  return resolveValues(system);
}

/** Full marks everywhere (top grade, full points, met, no veto, no bonus/deduction): a starting point to adjust. */
export function fullMarks(system: IndicatorSystem, input: TrialInput): TrialInput {
  const items: Record<string, LeafInput> = { ...input.items };
  for (const { node } of flattenNodes(system.nodes)) {
    if (!isLeaf(node) || !node.scoring || items[node.id]?.na) continue;
    const s = node.scoring;
    const keep = items[node.id] ?? {};
    if (s.method === 'grade') items[node.id] = { ...keep, grade: [...s.grades].sort((a, b) => b.share - a.share)[0]?.label };
    else if (s.method === 'points') items[node.id] = { ...keep, points: node.points ?? 0 };
    else if (s.method === 'bonus' || s.method === 'deduction') items[node.id] = { ...keep, points: 0 };
    else if (s.method === 'boolean') items[node.id] = { ...keep, met: true };
    else if (s.method === 'veto') items[node.id] = { ...keep, triggered: false };
  }
  return { ...input, items };
}

/** Drops empty parts: what is saved, exported (导出本次录入) and compared holds only what was entered. */
export function compactInput(input: TrialInput): TrialInput {
  const items = Object.fromEntries(Object.entries(input.items ?? {}).filter(([, v]) => Object.values(v).some((x) => x !== undefined)));
  const out: TrialInput = {};
  if (input.context && Object.values(input.context).some((x) => x !== undefined && !(Array.isArray(x) && !x.length))) out.context = input.context;
  if (input.values && Object.keys(input.values).length) out.values = input.values;
  if (Object.keys(items).length) out.items = items;
  return out;
}

/** Whether the user entered anything worth keeping: a value or an item (the context is a choice, not work). */
export function hasEntries(input: TrialInput): boolean {
  const compact = compactInput(input);
  return compact.values !== undefined || compact.items !== undefined;
}
