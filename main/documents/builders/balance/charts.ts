/**
 * ECharts options for the balance report: coefficients against their limits, and the largest
 * contributions. Every number a chart prints is a string made by ./format.ts, with the decimals the
 * tables use (0.0900, not 0.09; 20.00%, not 20): a chart option is plain JSON (no formatter
 * functions), so each bar carries its label text and the value axes print no tick labels of their own.
 */
import type { BalanceResult, ContributionTable } from '../../../../shared/domain/balance';
import type { ChartBlock } from '../../model';
import { cv, limit, percent } from './format';
import { shortName, wrapLabel } from './wording';

const COLORS = ['#2f5597', '#c55a11'];

/**
 * Bars of each section's coefficients with their labels set upright above them (two sections'
 * labels side by side at 8 px would overlap: 0.0529 next to 0.0408), and each section's limit as a
 * dashed line named in the legend (小学标准 ≤0.50) rather than labelled on the plot, where 0.50 and
 * 0.45 lie too close for two labels.
 */
export function coefficientChart(result: BalanceResult, caption: string): ChartBlock {
  // Indicator names in words on the axis (short forms, wrapped), never the codes.
  const names = result.profile.indicators.map((i) => wrapLabel(shortName(i.name)));
  const bars = result.sections.map((s, k) => ({
    name: s.label,
    type: 'bar',
    barMaxWidth: 18,
    itemStyle: { color: COLORS[k % COLORS.length] },
    label: { show: true, position: 'top', rotate: 90, align: 'left', verticalAlign: 'middle', distance: 3, fontSize: 8 },
    data: s.indicators.map((i) => (i.cv === null ? null : { value: i.cv, label: { formatter: cv(i.cv) } })),
  }));
  const limits = result.sections.map((s, k) => ({
    name: `${s.label}标准 ≤${limit(result.profile.cvLimits[s.section])}`,
    type: 'line',
    data: [],
    symbol: 'none',
    lineStyle: { type: 'dashed', color: COLORS[k % COLORS.length], width: 1 },
    itemStyle: { color: COLORS[k % COLORS.length] },
    markLine: {
      symbol: 'none',
      silent: true,
      label: { show: false },
      lineStyle: { type: 'dashed', color: COLORS[k % COLORS.length], width: 1 },
      data: [{ yAxis: result.profile.cvLimits[s.section] }],
    },
  }));
  // Room above the highest bar or line for an upright label (“0.4851” is about 28 px at 8 px).
  const top = Math.max(...result.sections.flatMap((s) => [result.profile.cvLimits[s.section], ...s.indicators.map((i) => i.cv ?? 0)]), 0.1);
  const max = Math.ceil((top * 1.25) / 0.05) * 0.05;
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 82,
    caption,
    option: {
      // A limit's legend item is its dashed line alone (no point symbol: the line has no points).
      legend: { top: 0, itemWidth: 18, itemHeight: 9, textStyle: { fontSize: 9 }, data: [...bars.map((b) => b.name), ...limits.map((l) => ({ name: l.name, itemStyle: { opacity: 0 } }))] },
      grid: { left: 16, right: 16, top: 30, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, fontSize: 8, lineHeight: 10 } },
      yAxis: { type: 'value', min: 0, max: Number(max.toFixed(2)), axisLabel: { show: false }, axisTick: { show: false } },
      series: [...bars, ...limits],
    },
  };
}

const SIDES = [
  { name: '高于全县平均值', color: COLORS[0] },
  { name: '低于全县平均值', color: COLORS[1] },
];

/** The largest contributions to one coefficient, each bar labelled with its share as the tables print it. */
export function contributionChart(table: ContributionTable, caption: string): ChartBlock {
  const top = table.contributions.filter((c) => c.share > 0).slice(0, 8).reverse();
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 70,
    caption,
    option: {
      // No chart title: the caption under the figure names the section and indicator. The colours in
      // words instead: two empty series only name them in the legend.
      legend: { top: 0, icon: 'rect', itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 8 }, data: SIDES.map((s) => s.name) },
      grid: { left: 130, right: 56, top: 24, bottom: 12 },
      xAxis: { type: 'value', min: 0, axisLabel: { show: false }, axisTick: { show: false } },
      yAxis: { type: 'category', data: top.map((c) => c.schoolName) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 14,
          data: top.map((c) => ({ value: c.share * 100, itemStyle: { color: c.deviation >= 0 ? COLORS[0] : COLORS[1] }, label: { formatter: percent(c.share) } })),
          label: { show: true, position: 'right', fontSize: 8 },
        },
        ...SIDES.map((s) => ({ name: s.name, type: 'line', data: [], symbol: 'none', itemStyle: { color: s.color }, lineStyle: { color: s.color } })),
      ],
    },
  };
}
