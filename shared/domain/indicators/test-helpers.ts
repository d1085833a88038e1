/** Builders shared by the indicator tests (not used by production code). */
import { IndicatorSystemSchema, type IndicatorNodeInput, type IndicatorSystem, type IndicatorSystemInput } from './schema.js';

export function system(nodes: IndicatorNodeInput[], extra: Partial<IndicatorSystemInput> = {}): IndicatorSystem {
  return IndicatorSystemSchema.parse({ key: 'test', name: '测试体系', level: 'school', version: 1, nodes, ...extra });
}

export const ABCD = [
  { label: 'A', share: 1, met: true },
  { label: 'B', share: 0.8, met: true },
  { label: 'C', share: 0.6, met: true },
  { label: 'D', share: 0, met: false },
];

export function gradeLeaf(id: string, points: number, extra: Partial<IndicatorNodeInput> = {}): IndicatorNodeInput {
  return { id, code: id, title: `指标${id}`, points, scoring: { method: 'grade', grades: ABCD }, ...extra };
}

export function boolLeaf(id: string, points: number, extra: Partial<IndicatorNodeInput> = {}): IndicatorNodeInput {
  return { id, code: id, title: `指标${id}`, points, scoring: { method: 'boolean' }, ...extra };
}

export function pointsLeaf(id: string, points: number, step = 0, extra: Partial<IndicatorNodeInput> = {}): IndicatorNodeInput {
  return { id, code: id, title: `指标${id}`, points, scoring: { method: 'points', step }, ...extra };
}

export function branch(id: string, children: IndicatorNodeInput[], extra: Partial<IndicatorNodeInput> = {}): IndicatorNodeInput {
  return { id, code: id, title: `分组${id}`, children, ...extra };
}
