import { STAT_FIELDS, type StatFieldDef } from '../../../shared/domain/schools/statistics-fields';
import type { ColumnSpec } from './header-match';
import type { NumberRule } from './cell-values';

export type StatsIdentityKey = 'schoolCode' | 'schoolName' | 'campusName' | 'year';

export interface StatsIdentityColumn extends ColumnSpec<StatsIdentityKey> {
  width: number;
  hint: string;
}

export const STATS_IDENTITY_COLUMNS: readonly StatsIdentityColumn[] = [
  { key: 'schoolCode', label: '学校标识码', aliases: ['标识码', '学校代码'], width: 14, hint: '10 位数字；填写后按标识码匹配学校，不填则按学校名称匹配' },
  { key: 'schoolName', label: '学校名称', aliases: ['学校', '学校全称', '名称'], width: 28, hint: '须与学校名册中的名称一致' },
  { key: 'campusName', label: '校区', aliases: ['校区名称'], width: 12, hint: '可不填；按校区分别统计时填写，须是该校已登记的校区' },
  { key: 'year', label: '年份', aliases: ['年度', '统计年份', '统计年度'], width: 8, hint: '统计年份，如 2024' },
];

/**
 * Units a header, title row, units row or unit column may state besides the stored one, with the
 * factor into the stored unit. Money is stored in 元 and area in 平方米 (architecture.md §3:
 * never mix 万元 and 元 silently).
 */
export const ALT_UNITS: Partial<Record<StatFieldDef['kind'], Readonly<Record<string, number>>>> = {
  money: { 万元: 10000, 千元: 1000 },
  area: { 万平方米: 10000 },
};

/** Header text the template writes for a field: “标签（单位）”. */
export function statHeader(def: StatFieldDef): string {
  return `${def.label}（${def.unit}）`;
}

export function statColumnSpec(def: StatFieldDef): ColumnSpec {
  // Forms often collect money in 万元; the header says which, and we store 元.
  return { key: def.key, label: def.label, unit: def.unit, altUnits: ALT_UNITS[def.kind] };
}

export const STAT_COLUMN_SPECS: readonly ColumnSpec[] = STAT_FIELDS.map(statColumnSpec);

export const STATS_COLUMN_SPECS: readonly ColumnSpec[] = [...STATS_IDENTITY_COLUMNS, ...STAT_COLUMN_SPECS];

/**
 * How a statistics cell is read: integer or not, the column's factor into the stored unit, and the
 * unit the column is read in (named after the factor: 元, 万元, 千元, 平方米, 万平方米; the field's own
 * unit for counts), which is the only unit a cell may repeat after its number (213人, 980㎡ in a
 * 平方米 column; see NumberRule.unit: 49.5万 in a 元 column is refused, never converted by itself).
 */
export function numberRuleFor(def: StatFieldDef, factor: number): NumberRule {
  switch (def.kind) {
    case 'count':
      return { integer: true, unit: def.unit };
    case 'money':
      return { integer: false, factor, roundTo2: true, unit: unitNamed('money', factor) ?? def.unit };
    case 'percent':
      return { integer: false, max: 100, allowPercent: true };
    case 'area':
      return { integer: false, factor, unit: unitNamed('area', factor) ?? def.unit };
    case 'list':
      // Class sizes are whole pupils; room areas may have decimals.
      return { integer: def.unit === '人' };
  }
}

/** The unit of a money or area column read with `factor` into the stored unit (1 → 元 or 平方米, 10000 → 万元 or 万平方米). */
function unitNamed(kind: 'money' | 'area', factor: number): string | undefined {
  if (factor === 1) return kind === 'money' ? '元' : '平方米';
  return Object.entries(ALT_UNITS[kind] ?? {}).find(([, f]) => f === factor)?.[0];
}

/** Width of a statistics column in the template, from its header length. */
export function statColumnWidth(def: StatFieldDef): number {
  return Math.max(10, Math.min(26, Math.ceil(statHeader(def).length * 1.8)));
}
