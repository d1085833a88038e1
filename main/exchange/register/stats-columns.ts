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
 * How a statistics cell is read: integer or not, the column's factor into the stored unit, and
 * the units a cell may name itself (213人, 980㎡, 49.5万 = 495,000 元).
 */
export function numberRuleFor(def: StatFieldDef, factor: number): NumberRule {
  const own = { [def.unit]: 1 } as Record<string, number>;
  switch (def.kind) {
    case 'count':
      return { integer: true, units: own, storedUnit: def.unit };
    case 'money':
      return { integer: false, factor, roundTo2: true, units: { 元: 1, 万: 10000, ...ALT_UNITS.money }, storedUnit: factor === 10000 ? '万元' : factor === 1000 ? '千元' : '元' };
    case 'percent':
      return { integer: false, max: 100, allowPercent: true };
    case 'area':
      return { integer: false, factor, units: { 平方米: 1, ...ALT_UNITS.area }, storedUnit: factor === 10000 ? '万平方米' : '平方米' };
    case 'list':
      // Class sizes are whole pupils; room areas may have decimals.
      return { integer: def.unit === '人' };
  }
}

/** Width of a statistics column in the template, from its header length. */
export function statColumnWidth(def: StatFieldDef): number {
  return Math.max(10, Math.min(26, Math.ceil(statHeader(def).length * 1.8)));
}
