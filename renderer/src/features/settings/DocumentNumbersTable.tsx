import { Button, Popconfirm, Table, Tag } from 'antd';
import type { DocumentNumber } from '../../../../shared/api/contracts/documents';
import { formatDateTime } from '../../../../shared/domain/text/datetime';

const STATUS = { reserved: { text: '已取号', color: 'blue' }, used: { text: '已发文', color: 'green' }, void: { text: '已作废', color: 'default' } } as const;

/**
 * The 发文登记: every number handed out, newest first; voided numbers stay listed and are never
 * reissued. Filter by year and state, sort by number or time; 作废 asks first.
 */
export function DocumentNumbersTable({ rows, loading, onVoid }: { rows: DocumentNumber[]; loading: boolean; onVoid: (row: DocumentNumber) => Promise<unknown> }) {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => b - a);
  return (
    <Table<DocumentNumber>
      data-testid="document-numbers"
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个文号` }}
      locale={{ emptyText: '还没有取过文号' }}
      columns={[
        {
          title: '文号',
          dataIndex: 'number',
          width: 190,
          fixed: 'left',
          sorter: (a, b) => a.year - b.year || a.seq - b.seq,
          filters: years.map((y) => ({ text: `${y} 年`, value: y })),
          onFilter: (v, r) => r.year === v,
        },
        { title: '文件标题', dataIndex: 'title', width: 320, render: (t: string) => t || '—' },
        {
          title: '状态',
          dataIndex: 'status',
          width: 100,
          filters: (Object.keys(STATUS) as DocumentNumber['status'][]).map((s) => ({ text: STATUS[s].text, value: s })),
          onFilter: (v, r) => r.status === v,
          render: (s: DocumentNumber['status']) => <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag>,
        },
        { title: '取号人', dataIndex: 'issuedBy', width: 100 },
        {
          title: '取号时间',
          dataIndex: 'issuedAt',
          width: 150,
          sorter: (a, b) => a.issuedAt.localeCompare(b.issuedAt),
          defaultSortOrder: 'descend',
          render: (t: string) => formatDateTime(t),
        },
        { title: '发文时间', dataIndex: 'usedAt', width: 150, render: (t: string | null) => formatDateTime(t) },
        {
          title: '操作',
          key: 'void',
          width: 80,
          fixed: 'right',
          render: (_: unknown, r) =>
            r.status === 'reserved' ? (
              <Popconfirm title={`作废 ${r.number}？`} description="作废后该号不再使用，也不会再发给其他文件。" okText="作废" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => onVoid(r).catch(() => undefined)}>
                <Button size="small" danger type="link" aria-label={`作废${r.number}`}>
                  作废
                </Button>
              </Popconfirm>
            ) : null,
        },
      ]}
    />
  );
}
