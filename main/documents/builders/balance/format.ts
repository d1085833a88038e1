/**
 * Number formatting of the 差异系数测算报告: one rule per quantity kind, used by every table, chart
 * label and sentence of the report, and stated in its 测算方法 (`roundingSentence`) so the method
 * text says exactly what the report prints.
 *
 * The kinds, by unit (rounding half away from zero, shared/domain/balance/rounding.ts `roundHalfAway`):
 *   金额 (元, 元/生) and 面积 (平方米, 平方米/生): 2 decimals;
 *   every other indicator unit (人/百名学生, 间/百名学生, 册/生 …): 3 decimals, the display rule of
 *   indicator values in domain.md §2.4 / rounding.ts, so 85 % values such as 4.505 print exactly;
 *   counts to add (人, 间, 台, 册): whole numbers; 差异系数: 4 decimals; shares: percentages, 2 decimals.
 * A figure in an indicator's unit (value, standard, 85 % value, shortfall, county mean, standard
 * deviation) takes its unit's decimals, so one column never mixes 2000.000 and 2000.00. The
 * 差异系数 page keeps its own display rules (rounding.ts); only the report prints by these.
 */
import { formatForDisplay, roundHalfAway } from '../../../../shared/domain/balance';

/** The quantity kinds of the report and their decimals. */
export const REPORT_DECIMALS = { money: 2, area: 2, indicator: 3, count: 0, coefficient: 4, percent: 2 } as const;

const isMoney = (unit: string) => unit === '元' || unit.startsWith('元/');
const isArea = (unit: string) => unit === '平方米' || unit.startsWith('平方米/');

/** Decimals of a figure in an indicator's unit (元/生 → 2, 平方米/生 → 2, 人/百名学生 → 3). */
export function unitDecimals(unit: string): number {
  if (isMoney(unit)) return REPORT_DECIMALS.money;
  if (isArea(unit)) return REPORT_DECIMALS.area;
  return REPORT_DECIMALS.indicator;
}

/** `x` at `decimals`, half away from zero; '—' when missing; never “-0.00”. */
export function fixed(x: number | null, decimals: number): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const r = roundHalfAway(x, decimals);
  return (r === 0 ? 0 : r).toFixed(decimals);
}

/** A figure in an indicator's unit (value, standard, 85 % value, shortfall, mean, SD), without the unit. */
export const quantity = (x: number | null, unit: string): string => fixed(x, unitDecimals(unit));

/**
 * An amount to add in its real unit (元 and 平方米 2 decimals; 人, 间, 台, 册 whole, as the gaps
 * computation already rounded them up), without the unit.
 */
export const amount = (x: number, unit: string): string => fixed(x, isMoney(unit) || isArea(unit) ? 2 : REPORT_DECIMALS.count);

export const cv = (x: number | null): string => fixed(x, REPORT_DECIMALS.coefficient);
/** A 差异系数 limit as the standard writes it (0.50, 0.45, 0.65). */
export const limit = (x: number): string => x.toFixed(2);
export const percent = (share: number): string => formatForDisplay(share, 'share');
export const whole = (n: number | null): string => (n === null ? '—' : String(Math.round(n)));

/**
 * The rounding rules as the 测算方法 states them, naming the units of `units` (the profile's indicator
 * units) under the kind each falls in, e.g. “差异系数保留四位小数；金额（元/生、元）和面积（平方米/生、
 * 平方米）保留两位小数；人/百名学生、间/百名学生的指标保留三位小数；…”.
 */
export function roundingSentence(units: readonly string[], opts: { standards: boolean; withAmounts: boolean }): string {
  const { standards, withAmounts } = opts;
  const distinct = [...new Set(units)];
  const money = distinct.filter(isMoney);
  const area = distinct.filter(isArea);
  const other = distinct.filter((u) => !isMoney(u) && !isArea(u));
  const listed = (label: string, list: string[], extra: string) => `${label}（${[...list, ...(withAmounts && list.length ? [extra] : [])].join('、')}）`;
  const two = [money.length ? listed('金额', money, '元') : '', area.length ? listed('面积', area, '平方米') : ''].filter(Boolean);
  const parts = ['差异系数保留四位小数（差异系数标准按文件所列数值列出）'];
  if (two.length) parts.push(`${two.join('和')}保留两位小数`);
  if (other.length) parts.push(`单位为${other.join('、')}的指标保留三位小数`);
  parts.push(`全县平均值、标准差${standards ? '、学校标准值、85%值和差额' : ''}与指标同单位，小数位数同该指标`);
  parts.push('贡献占比等百分数保留两位小数');
  if (withAmounts) parts.push('需增加的人数、教室数等计数取整数');
  return `${parts.join('；')}。`;
}
