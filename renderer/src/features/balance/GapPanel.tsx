import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { Card, Table, Tag, Typography } from 'antd';
import { BALANCE_SECTION_LABELS, describeGap, formatForDisplay, kindOfUnit, type BalanceResult, type GapItem, type GapTotal } from '../../../../shared/domain/balance';

const amount = (x: number, unit: string) => `${formatForDisplay(x, kindOfUnit(unit))} ${unit}`;

/** 达标差距测算: what each school needs in real units to meet each unmet indicator, and county totals. */
export function GapPanel({ result }: { result: BalanceResult }) {
  const totals = result.gaps.totals.filter((t) => t.schools > 0);
  const items = result.gaps.items;
  const schoolNames = [...new Set(items.map((g) => g.schoolName))];
  const sections = [...new Set(items.map((g) => g.section))];
  const indicators = [...new Map(items.map((g) => [g.code, `${g.code} ${g.name}`])).entries()];
  return (
    <>
      <Card size="small" title="各校达标差距" style={{ marginBottom: 16 }}>
        <Table<GapItem>
          data-testid="gap-table"
          size="small"
          rowKey={(g) => `${g.schoolId}-${g.section}-${g.code}`}
          dataSource={items}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '所有学校各项指标均已达到标准' }}
          columns={[
            {
              title: '学校',
              dataIndex: 'schoolName',
              width: 170,
              fixed: 'left',
              sorter: (a, b) => byPinyin(a.schoolName, b.schoolName),
              filters: schoolNames.map((n) => ({ text: n, value: n })),
              filterSearch: true,
              onFilter: (v, g) => g.schoolName === v,
            },
            {
              title: '学段',
              key: 's',
              width: 70,
              fixed: 'left',
              filters: sections.length > 1 ? sections.map((s) => ({ text: BALANCE_SECTION_LABELS[s], value: s })) : undefined,
              onFilter: (v, g) => g.section === v,
              render: (_, g) => BALANCE_SECTION_LABELS[g.section],
            },
            {
              title: '指标',
              key: 'i',
              width: 300,
              filters: indicators.map(([value, text]) => ({ text, value })),
              onFilter: (v, g) => g.code === v,
              render: (_, g) => `${g.code} ${g.name}`,
            },
            {
              title: '状态',
              key: 'st',
              width: 120,
              filters: [
                { text: '低于85%', value: 'below' },
                { text: '不低于85%', value: 'within85' },
              ],
              onFilter: (v, g) => (v === 'below' ? g.status === 'below' : g.status !== 'below'),
              render: (_, g) => (g.status === 'below' ? <Tag color="red">低于85%</Tag> : <Tag color="gold">不低于85%</Tag>),
            },
            { title: '现值 / 标准值', key: 'v', align: 'right', width: 150, render: (_, g) => `${formatForDisplay(g.value, 'value')} / ${formatForDisplay(g.threshold, 'threshold')}` },
            { title: '需增加', key: 'what', width: 190, render: (_, g) => g.what },
            { title: '达到标准', key: 'a', align: 'right', width: 140, render: (_, g) => <strong>{amount(g.planAmount, g.unit)}</strong> },
            { title: '达到 85%', key: 'f', align: 'right', width: 130, render: (_, g) => amount(g.planAmountToFloor, g.unit) },
            {
              title: '共用设施全校需新增',
              key: 'w',
              align: 'right',
              width: 150,
              render: (_, g) => (g.sharedFacility ? amount(g.planSchoolWideAmount, g.unit) : <Typography.Text type="secondary">—</Typography.Text>),
            },
          ]}
          expandable={{ expandedRowRender: (g) => <Typography.Text>{describeGap(g)}</Typography.Text>, rowExpandable: () => true }}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          教师、教室按整数向上取整；面积、金额按实际差额。一贯制学校的共用设施只按本学段分摊比例计入，故全校需新增量大于本学段差额，各学段不可相加。
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="全县合计">
        <Table<GapTotal>
          data-testid="gap-totals"
          size="small"
          rowKey={(t) => `${t.section}-${t.code}`}
          pagination={false}
          dataSource={totals}
          locale={{ emptyText: '无' }}
          columns={[
            { title: '学段', key: 's', width: 60, render: (_, t) => BALANCE_SECTION_LABELS[t.section] },
            { title: '指标', key: 'i', render: (_, t) => `${t.code} ${t.name}` },
            { title: '需增加', dataIndex: 'what', width: 220 },
            { title: '未达标学校数', dataIndex: 'schools', align: 'right', width: 120 },
            { title: '达到标准合计', key: 'a', align: 'right', width: 160, render: (_, t) => amount(t.planAmount, t.unit) },
            { title: '达到 85% 合计', key: 'f', align: 'right', width: 160, render: (_, t) => amount(t.planAmountToFloor, t.unit) },
          ]}
        />
      </Card>
    </>
  );
}
