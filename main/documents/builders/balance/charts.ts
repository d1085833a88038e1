/** ECharts options for the balance report: coefficients against their limits, and the largest contributions. */
import type { BalanceResult, ContributionTable } from '../../../../shared/domain/balance';
import type { ChartBlock } from '../../model';
import { roundForDisplay } from '../../../../shared/domain/balance';
import { shortName, wrapLabel } from './wording';

const COLORS = ['#2f5597', '#c55a11'];

export function coefficientChart(result: BalanceResult, caption: string): ChartBlock {
  // Indicator names in words on the axis (short forms, wrapped), never the codes.
  const names = result.profile.indicators.map((i) => wrapLabel(shortName(i.name)));
  const series = result.sections.map((s, k) => ({
    name: s.label,
    type: 'bar',
    barMaxWidth: 18,
    itemStyle: { color: COLORS[k % COLORS.length] },
    label: { show: true, position: 'top', fontSize: 8, formatter: '{c}' },
    data: s.indicators.map((i) => (i.cv === null ? null : roundForDisplay(i.cv, 'cv'))),
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle: { type: 'dashed', color: COLORS[k % COLORS.length] },
      // 0.50 and 0.45 lie close together: the second label goes under its line so the two do not overlap.
      label: { formatter: `${s.label}标准 ${result.profile.cvLimits[s.section].toFixed(2)}`, fontSize: 9, position: k === 0 ? 'insideEndTop' : 'insideEndBottom' },
      data: [{ yAxis: result.profile.cvLimits[s.section] }],
    },
  }));
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 78,
    caption,
    option: {
      legend: { top: 0, data: result.sections.map((s) => s.label) },
      grid: { left: 40, right: 16, top: 30, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, fontSize: 8, lineHeight: 10 } },
      yAxis: { type: 'value', name: '差异系数', nameTextStyle: { fontSize: 9 } },
      series,
    },
  };
}

export function contributionChart(table: ContributionTable, sectionLabel: string, caption: string): ChartBlock {
  const top = table.contributions.filter((c) => c.share > 0).slice(0, 8).reverse();
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 70,
    caption,
    option: {
      title: { text: `${sectionLabel}${table.name}`, left: 'center', textStyle: { fontSize: 10 } },
      grid: { left: 130, right: 50, top: 36, bottom: 20 },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: top.map((c) => c.schoolName) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 14,
          data: top.map((c) => ({ value: Math.round(c.share * 10000) / 100, itemStyle: { color: c.deviation >= 0 ? COLORS[0] : COLORS[1] } })),
          label: { show: true, position: 'right', formatter: '{c}%', fontSize: 8 },
        },
      ],
    },
  };
}
