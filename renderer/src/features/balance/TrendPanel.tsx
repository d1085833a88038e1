import { Alert, Card, Empty, Flex, Segmented, Spin, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { BALANCE_SECTION_LABELS, formatForDisplay, type BalanceSection, type ProfileId, type TrendYear } from '../../../../shared/domain/balance';
import { useOp } from '../../api/queries';
import { useUrlChoice } from '../../app/url-state';
import { EChart } from './EChart';
import { passText } from './labels';

/** Coefficients and attainment for every year on record, with the CVs charted against the limit. */
export function TrendPanel({ profile, section }: { profile: ProfileId; section?: BalanceSection }) {
  // The error is shown in the panel, where the chart would be.
  const trend = useOp('balance.trend', { profile, section }, { keepPrevious: true, silent: true });
  const t = trend.data?.trend;
  const sections = useMemo(() => [...new Set(t?.series.map((s) => s.section) ?? [])], [t]);
  // The section charted, in the address (…&trendSection=junior) so reload and back keep it.
  const [picked, setPicked] = useUrlChoice<BalanceSection | ''>('trendSection', ['', 'primary', 'junior'], '');
  const shown = picked && sections.includes(picked) ? picked : sections[0];

  const option = useMemo(() => {
    if (!t || !shown) return null;
    const series = t.series.filter((s) => s.section === shown);
    const years = t.years.map((y) => String(y.year));
    const limit = series[0]?.limit ?? 0;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : v.toFixed(4)) },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 90, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(limit * 1.15, v.max * 1.1), axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      series: series.map((s, i) => ({
        type: 'line',
        name: s.code === 'composite' ? '综合' : `${s.code}`,
        data: s.points.map((p) => p.cv),
        connectNulls: false,
        lineStyle: s.code === 'composite' ? { type: 'dashed' } : undefined,
        ...(i === 0
          ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: '#d32f2f', type: 'solid', width: 1.5 }, label: { formatter: `限值 ${limit.toFixed(2)}`, position: 'end' }, data: [{ yAxis: limit }] } }
          : {}),
      })),
    };
  }, [t, shown]);

  if (trend.error) return <Alert type="error" showIcon title="无法计算历年趋势" description={trend.error.message} />;
  if (!t) return <Spin />;
  if (!t.years.length) return <Empty description="没有统计数据" />;
  const rows = t.years.flatMap((y: TrendYear) => y.sections.filter((s) => s.section === shown).map((s) => ({ y, s })));
  return (
    <Card size="small">
      <Flex gap={12} align="center" style={{ marginBottom: 8 }}>
        {sections.length > 1 && <Segmented aria-label="趋势学段" value={shown} onChange={(v) => setPicked(v === sections[0] ? '' : (v as BalanceSection))} options={sections.map((s) => ({ value: s, label: BALANCE_SECTION_LABELS[s] }))} />}
        <Typography.Text type="secondary">{t.profileName}：各项差异系数历年变化，红线为限值。</Typography.Text>
      </Flex>
      {option && <EChart option={option} height={340} testId="trend-chart" label={`${BALANCE_SECTION_LABELS[shown!]}各项差异系数历年变化图`} />}
      <Table
        data-testid="trend-table"
        size="small"
        pagination={false}
        rowKey={(r) => `${r.y.year}`}
        dataSource={rows}
        columns={[
          { title: '年份', key: 'year', width: 70, sorter: (a, b) => a.y.year - b.y.year, render: (_, r) => r.y.year },
          ...(rows[0]?.s.indicators ?? []).map((ind, k) => ({
            title: ind.code,
            key: ind.code,
            align: 'right' as const,
            render: (_: unknown, r: (typeof rows)[number]) => <span style={{ color: r.s.indicators[k].pass === false ? '#b71c1c' : undefined }}>{formatForDisplay(r.s.indicators[k].cv, 'cv')}</span>,
          })),
          { title: '综合', key: 'c', align: 'right', render: (_, r) => formatForDisplay(r.s.composite, 'cv') },
          { title: '差异系数', key: 'p', render: (_, r) => passText(r.s.pass) },
          { title: '学校达标', key: 'a', render: (_, r) => (r.s.attainment ? `${r.s.attainment.pass}/${r.s.attainment.evaluated}` : '—') },
        ]}
      />
      {trend.data?.priorYears?.map((c) => (
        <Typography.Paragraph key={c.section} style={{ marginTop: 8, marginBottom: 0 }}>
          申报条件（前三年）：{c.text}
        </Typography.Paragraph>
      ))}
    </Card>
  );
}
