/** Chinese labels for the enums in schema.ts (user-facing strings live here, identifiers stay English). */
import type { Comparator, Scorer, ScoringMethod, Section, SystemLevel, SystemState, ValueScale } from './schema.js';

export const LEVEL_LABELS: Record<SystemLevel, string> = {
  school: '学校',
  campus: '校区',
  partnership: '办学共同体',
  county: '县域',
};

export const STATE_LABELS: Record<SystemState, string> = {
  draft: '草稿',
  published: '已发布',
  archived: '已归档',
};

export const SCORER_LABELS: Record<Scorer, string> = {
  school: '学校自评',
  office: '督导室',
  expert: '专家',
  computed: '系统计算',
};

export const METHOD_LABELS: Record<ScoringMethod, string> = {
  grade: '等级',
  points: '分值',
  boolean: '达标',
  formula: '公式',
  count: '计数',
  veto: '一票否决',
  bonus: '加分',
  deduction: '扣分',
};

export const SECTION_LABELS: Record<Section, string> = {
  primary: '小学',
  junior: '初中',
};

export const COMPARATOR_LABELS: Record<Comparator, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
};

/** The declared scales of named values (scale.ts), as users read them. */
export const SCALE_LABELS: Record<ValueScale, string> = {
  ratio: '比例（0～1，如 0.85 即 85%）',
  percent: '百分数（0～100，如 85 即 85%）',
  number: '数值',
};

/** Reverse lookup used by importers: Chinese label → enum value. */
export function reverseLabel<K extends string>(labels: Record<K, string>, text: string): K | undefined {
  const t = text.trim();
  for (const [k, v] of Object.entries(labels) as [K, string][]) if (v === t || k === t) return k;
  return undefined;
}
