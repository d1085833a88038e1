import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportIssue } from '../../../../../shared/api/contracts/exchange';

const columns: ColumnsType<ImportIssue & { key: number }> = [
  { title: '文件', dataIndex: 'file', width: 180, ellipsis: true },
  { title: '工作表', dataIndex: 'sheet', width: 110, render: (v: string | null) => v ?? '—' },
  { title: '行', dataIndex: 'row', width: 60, align: 'right', render: (v: number | null) => v ?? '—' },
  {
    title: '列',
    key: 'column',
    width: 170,
    render: (_, i) => (i.column && i.columnLabel ? `${i.column}（${i.columnLabel}）` : (i.column ?? i.columnLabel ?? '—')),
  },
  { title: '说明', dataIndex: 'message' },
];

/** Errors and warnings share one layout so the user can find each cell in Excel. */
export function IssueTable({ issues, testId }: { issues: ImportIssue[]; testId: string }) {
  return (
    <Table
      data-testid={testId}
      size="small"
      columns={columns}
      dataSource={issues.map((i, key) => ({ ...i, key }))}
      pagination={issues.length > 10 ? { pageSize: 10, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` } : false}
    />
  );
}
