/** Helpers of the 试算 page: which shared values a system reads, and quick fills. */
import { compileFormula, flattenNodes, isLeaf, type IndicatorSystem, type LeafInput, type TrialInput } from '../../../../../shared/domain/indicators';

export interface ValueField {
  name: string;
  label: string;
  percent: boolean;
}

/** Every named value the formulas and value rules read, in document order. */
export function valueFields(system: IndicatorSystem): ValueField[] {
  const out = new Map<string, ValueField>();
  for (const { node } of flattenNodes(system.nodes)) {
    if (node.scoring?.method !== 'formula') continue;
    const c = compileFormula(node.scoring.expression);
    if (c.ok) for (const v of c.formula.variables) if (!out.has(v)) out.set(v, { name: v, label: v, percent: false });
  }
  for (const r of system.passRules) if (r.kind === 'valueAtLeast') out.set(r.name, { name: r.name, label: r.label, percent: r.display === 'percent' });
  return [...out.values()];
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

/** Drops empty parts so the JSON written for `systems trial --input` stays readable. */
export function compactInput(input: TrialInput): TrialInput {
  const items = Object.fromEntries(Object.entries(input.items ?? {}).filter(([, v]) => Object.values(v).some((x) => x !== undefined)));
  const out: TrialInput = {};
  if (input.context && Object.values(input.context).some((x) => x !== undefined && !(Array.isArray(x) && !x.length))) out.context = input.context;
  if (input.values && Object.keys(input.values).length) out.values = input.values;
  if (Object.keys(items).length) out.items = items;
  return out;
}
