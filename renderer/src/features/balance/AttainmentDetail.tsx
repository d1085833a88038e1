import { Table, Typography } from 'antd';
import type { BalanceOverride } from '../../../../shared/api/contracts/balance';
import { formatForDisplay, type IndicatorAttainment } from '../../../../shared/domain/balance';
import type { AttainmentRow } from './AttainmentTable';
import { STATUS_STYLE } from './labels';

/** Each indicator against its threshold and floor, how the values were obtained, and the overrides applied. */
export function AttainmentDetail({ row, overrides }: { row: AttainmentRow; overrides: BalanceOverride[] }) {
  const a = row.sb.attainment;
  return (
    <div style={{ padding: '4px 0' }}>
      {a && (
        <Table<IndicatorAttainment>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={a.indicators}
          columns={[
            { title: '指标', key: 'n', render: (_, i) => `${i.code} ${i.name}` },
            { title: '单位', dataIndex: 'unit', width: 110 },
            { title: '指标值', key: 'v', align: 'right', width: 100, render: (_, i) => formatForDisplay(i.value, 'value') },
            { title: '标准值', key: 't', align: 'right', width: 90, render: (_, i) => formatForDisplay(i.threshold, 'threshold') },
            { title: '85% 底线', key: 'f', align: 'right', width: 90, render: (_, i) => formatForDisplay(i.floor, 'threshold') },
            { title: '差额', key: 's', align: 'right', width: 90, render: (_, i) => (i.status === 'met' ? '—' : formatForDisplay(i.shortfall, 'shortfall')) },
            { title: '状态', key: 'st', width: 150, render: (_, i) => <span style={{ color: STATUS_STYLE[i.status].color }}>{STATUS_STYLE[i.status].label}{i.missing.length ? `（缺少${i.missing.map((m) => m.label).join('、')}）` : ''}</span> },
          ]}
        />
      )}
      {a && <Typography.Paragraph style={{ marginTop: 8 }}>{a.explanation}</Typography.Paragraph>}
      {row.sb.notes.map((n) => (
        <Typography.Paragraph key={n} type="secondary" style={{ marginBottom: 4 }}>
          {n}
        </Typography.Paragraph>
      ))}
      {overrides.map((o) => (
        <Typography.Paragraph key={o.id} style={{ marginBottom: 4 }}>
          人工调整：{o.targetLabel} = {o.value} {o.unit}
          {o.note ? `（${o.note}）` : ''}
        </Typography.Paragraph>
      ))}
    </div>
  );
}
