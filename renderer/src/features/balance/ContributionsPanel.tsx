import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { Card, Flex, Select, Table, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { BALANCE_SECTION_LABELS, formatForDisplay, type BalanceResult, type Contribution } from '../../../../shared/domain/balance';
import { useUrlFields } from '../../app/url-state';
import { EChart } from './EChart';

/** The address parameter holding the chosen indicator. */
const URL_KEYS = ['indicator'] as const;

const keyOf = (t: { section: string; code: string }) => `${t.section}|${t.code}`;

/** Which schools drive each coefficient: Pᵢ(Xᵢ−X̄)²/P as a share of S², largest first. */
export function ContributionsPanel({ result }: { result: BalanceResult }) {
  // Default to the indicator with the highest CV: that is the one the office will ask about.
  const worst = useMemo(() => {
    let best: { key: string; cv: number } | null = null;
    for (const s of result.sections) for (const i of s.indicators) if (i.cv !== null && (!best || i.cv > best.cv)) best = { key: keyOf(i), cv: i.cv };
    return best?.key ?? (result.contributions[0] ? keyOf(result.contributions[0]) : '');
  }, [result]);
  // The chosen indicator is in the address (…&indicator=junior|L2): reload and back keep it.
  const [{ indicator: picked }, setUrl] = useUrlFields(URL_KEYS);
  const current = picked && result.contributions.some((t) => keyOf(t) === picked) ? picked : worst;
  const setPicked = (v: string) => setUrl({ indicator: v === worst ? undefined : v });
  const table = result.contributions.find((t) => keyOf(t) === current);
  const cv = table && result.sections.find((s) => s.section === table.section)?.indicators.find((i) => i.code === table.code);
  const top = useMemo(() => (table?.contributions ?? []).slice(0, 15), [table]);

  const option = useMemo(
    () => ({
      grid: { left: 170, right: 50, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v.toFixed(2)}%` },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: top.map((c) => c.schoolName) },
      series: [
        {
          type: 'bar',
          name: '占比',
          data: top.map((c) => ({ value: Number((c.share * 100).toFixed(4)), itemStyle: { color: c.deviation < 0 ? '#d9534f' : '#5b8ff9' } })),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(1)}%` },
        },
      ],
    }),
    [top],
  );

  return (
    <Card size="small">
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="选择指标"
          data-testid="contrib-indicator"
          style={{ width: 420 }}
          value={current}
          onChange={setPicked}
          options={result.contributions.map((t) => ({ value: keyOf(t), label: `${BALANCE_SECTION_LABELS[t.section]} ${t.code} ${t.name}` }))}
        />
        {cv && (
          <Typography.Text>
            差异系数 {formatForDisplay(cv.cv, 'cv')}，全县平均值 {formatForDisplay(cv.mean, 'mean')}，标准差 {formatForDisplay(cv.sd, 'sd')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">蓝色：高于全县平均值；红色：低于全县平均值。占比为该校对方差（标准差的平方）的贡献。</Typography.Text>
      </Flex>
      {top.length > 0 && <EChart option={option} height={Math.max(200, top.length * 26 + 50)} testId="contrib-chart" label={`各校对差异的贡献占比（前 ${top.length} 所）`} />}
      <Table<Contribution>
        data-testid="contrib-table"
        size="small"
        rowKey="schoolId"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={table?.contributions ?? []}
        columns={[
          // The rank is by contribution, whatever order the user sorts the rows in.
          { title: '排序', key: 'rank', width: 60, render: (_, c) => (table?.contributions.indexOf(c) ?? 0) + 1 },
          { title: '学校', dataIndex: 'schoolName', sorter: (a, b) => byPinyin(a.schoolName, b.schoolName) },
          { title: '在校生数', dataIndex: 'pupils', align: 'right', width: 110, sorter: (a, b) => a.pupils - b.pupils },
          { title: '指标值', key: 'value', align: 'right', width: 110, sorter: (a, b) => a.value - b.value, render: (_, c) => formatForDisplay(c.value, 'value') },
          {
            title: '与平均值之差',
            key: 'dev',
            align: 'right',
            width: 140,
            sorter: (a, b) => a.deviation - b.deviation,
            filters: [
              { text: '高于平均值', value: 'above' },
              { text: '低于平均值', value: 'below' },
            ],
            onFilter: (v, c) => (v === 'above' ? c.deviation >= 0 : c.deviation < 0),
            render: (_, c) => formatForDisplay(c.deviation, 'value'),
          },
          {
            title: <Tooltip title="该校在校生数 × (指标值 − 全县平均值)² ÷ 全县在校生数；各校贡献项之和为方差。">贡献项</Tooltip>,
            key: 'term',
            align: 'right',
            width: 120,
            render: (_, c) => c.term.toFixed(6),
          },
          { title: '占比', key: 'share', align: 'right', width: 90, sorter: (a, b) => a.share - b.share, render: (_, c) => formatForDisplay(c.share, 'share') },
        ]}
      />
    </Card>
  );
}
