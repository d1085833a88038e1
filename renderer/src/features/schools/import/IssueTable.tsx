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

const byPlace = new Intl.Collator('zh-CN', { numeric: true }).compare;

/**
 * Issues in the order a user fixes them in the file: by file and sheet, then row, then column
 * (issues of the whole file, without a row, first). Stable, so equal places keep the core's order.
 */
export function sortIssues(issues: readonly ImportIssue[]): ImportIssue[] {
  return [...issues].sort(
    (a, b) =>
      byPlace(a.file, b.file) ||
      byPlace(a.sheet ?? '', b.sheet ?? '') ||
      (a.row ?? -1) - (b.row ?? -1) ||
      (a.column ?? '').length - (b.column ?? '').length ||
      byPlace(a.column ?? '', b.column ?? ''),
  );
}

/** Errors and warnings share one layout so the user can find each cell in Excel; sorted by row. */
export function IssueTable({ issues, testId }: { issues: ImportIssue[]; testId: string }) {
  return (
    <Table
      data-testid={testId}
      size="small"
      columns={columns}
      dataSource={sortIssues(issues).map((i, key) => ({ ...i, key }))}
      pagination={issues.length > 10 ? { pageSize: 10, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` } : false}
    />
  );
}
