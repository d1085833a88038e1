import { Card, Table, Typography } from 'antd';
import type { AuditView } from '../../../../../shared/api/contracts/audit';
import { formatDateTime } from '../../../../../shared/domain/text/datetime';
import { useOp } from '../../../api/queries';

/**
 * 办理记录: everything done to one unit of a round, newest first, from the 操作日志 (state changes
 * with their reasons — 弃权 and its undoing, 确认, 退回修改 —, imports, extensions). A change undone
 * leaves no trace on the unit's state; here it stays visible (new-user trial).
 */
export function UnitHistoryCard({ unitId }: { unitId: number }) {
  const log = useOp('audit.query', { entityType: 'round-unit', entityId: String(unitId), pageSize: 100 });
  const rows = log.data?.rows ?? [];
  return (
    <Card title={`办理记录（${log.data?.total ?? 0} 条）`} size="small" style={{ marginTop: 16 }} data-testid="unit-history">
      <Table<AuditView>
        size="small"
        rowKey="id"
        loading={log.isLoading}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        locale={{ emptyText: '尚无办理记录' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
          { title: '操作人', dataIndex: 'operatorLabel', width: 160 },
          { title: '内容', dataIndex: 'summary', render: (v: string, r) => <Typography.Text data-testid="unit-history-summary">{v}{r.changes.length ? `（${r.changes.map((c) => `${c.label}：${c.before} → ${c.after}`).join('；')}）` : ''}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
