import { Button, Popconfirm, Table, Tag } from 'antd';
import type { DocumentNumber } from '../../../../shared/api/contracts/documents';

const STATUS = { reserved: { text: '已取号', color: 'blue' }, used: { text: '已发文', color: 'green' }, void: { text: '已作废', color: 'default' } } as const;

/** The 发文登记: every number handed out; voided numbers stay listed and are never reissued. */
export function DocumentNumbersTable({ rows, loading, onVoid }: { rows: DocumentNumber[]; loading: boolean; onVoid: (id: number) => void }) {
  return (
    <Table<DocumentNumber>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: '还没有取过文号' }}
      columns={[
        { title: '文号', dataIndex: 'number', width: 180 },
        { title: '文件标题', dataIndex: 'title', render: (t: string) => t || '—' },
        { title: '状态', dataIndex: 'status', width: 90, render: (s: DocumentNumber['status']) => <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag> },
        { title: '取号时间', dataIndex: 'issuedAt', width: 170, render: (t: string) => new Date(t).toLocaleString('zh-CN') },
        {
          title: '',
          width: 80,
          render: (_: unknown, r) =>
            r.status === 'reserved' ? (
              <Popconfirm title={`作废 ${r.number}？作废后该号不再使用。`} okText="作废" cancelText="取消" onConfirm={() => onVoid(r.id)}>
                <Button size="small" danger type="link">
                  作废
                </Button>
              </Popconfirm>
            ) : null,
        },
      ]}
    />
  );
}
