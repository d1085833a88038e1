import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportRowPreview } from '../../../../../shared/api/contracts/exchange';
import { formatValue } from '../labels';

export const ROW_STATUS: Record<ImportRowPreview['status'], { label: string; color: string }> = {
  new: { label: '新增', color: 'blue' },
  changed: { label: '修改', color: 'orange' },
  unchanged: { label: '无变化', color: 'default' },
};

function Changes({ row }: { row: ImportRowPreview }) {
  if (row.changes.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = row.changes.slice(0, 4);
  return (
    <div>
      {shown.map((c) => (
        <div key={c.field}>
          <Typography.Text type="secondary">{c.label}：</Typography.Text>
          {row.status === 'new' ? (
            formatValue(c.after, c.field)
          ) : (
            <>
              <Typography.Text delete type="secondary">
                {formatValue(c.before, c.field)}
              </Typography.Text>
              {' → '}
              <Typography.Text strong>{formatValue(c.after, c.field)}</Typography.Text>
            </>
          )}
        </div>
      ))}
      {row.changes.length > shown.length && <Typography.Text type="secondary">……等 {row.changes.length} 项，展开查看全部</Typography.Text>}
    </div>
  );
}

const columns: ColumnsType<ImportRowPreview & { key: string }> = [
  { title: '工作表', dataIndex: 'sheet', width: 110 },
  { title: '行', dataIndex: 'row', width: 60, align: 'right' },
  { title: '学校', dataIndex: 'label', width: 220 },
  {
    title: '结果',
    dataIndex: 'status',
    width: 90,
    render: (s: ImportRowPreview['status']) => <Tag color={ROW_STATUS[s].color}>{ROW_STATUS[s].label}</Tag>,
  },
  { title: '字段变化', key: 'changes', render: (_, r) => <Changes row={r} /> },
];

/** Every row of the file with what it will do; long change lists expand to a full before → after table. */
export function ChangeRowsTable({ rows }: { rows: ImportRowPreview[] }) {
  return (
    <Table
      data-testid="import-rows"
      size="small"
      columns={columns}
      dataSource={rows.map((r) => ({ ...r, key: `${r.sheet}:${r.row}:${r.key}` }))}
      pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (n) => `共 ${n} 行` }}
      expandable={{
        rowExpandable: (r) => r.changes.length > 4,
        expandedRowRender: (r) => (
          <Table
            size="small"
            pagination={false}
            rowKey="field"
            dataSource={r.changes}
            columns={[
              { title: '字段', dataIndex: 'label' },
              { title: '原值', dataIndex: 'before', render: (v: unknown, c) => formatValue(v, c.field) },
              { title: '新值', dataIndex: 'after', render: (v: unknown, c) => formatValue(v, c.field) },
            ]}
          />
        ),
      }}
    />
  );
}
