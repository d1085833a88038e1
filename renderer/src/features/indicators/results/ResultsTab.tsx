import { Empty, Table, Tag, Tooltip, Typography } from 'antd';
import type { StoredResult } from '../../../../../shared/api/contracts/indicators';
import { formatNumber } from '../../../../../shared/domain/indicators';
import { formatDateTime } from '../../../../../shared/domain/text/datetime';
import { useOp } from '../../../api/queries';

/**
 * Results stored under this version: they never change, whatever happens to later versions.
 * Saving a trial refreshes this list through the data layer (no reload counter).
 */
export function ResultsTab({ systemId }: { systemId: number }) {
  const results = useOp('indicators.results', { systemId });
  if (!results.isPending && !results.data?.length) return <Empty description="还没有保存的结果。在“试算”中点击“保存试算结果”即可保存。" />;
  return (
    <Table<StoredResult>
      size="small"
      rowKey="id"
      loading={results.isPending}
      dataSource={results.data ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: '名称', dataIndex: 'label', width: 220 },
        { title: '版本', width: 80, render: (_, r) => `第 ${r.systemVersion} 版` },
        { title: '总分', width: 90, render: (_, r) => formatNumber(r.result.total) },
        {
          title: '结论',
          width: 90,
          // passed is null for a system without a pass rule (grading only): no 通过 / 未通过 then.
          render: (_, r) => (r.result.passed === null ? <Typography.Text type="secondary">只评等级</Typography.Text> : <Tag color={r.result.passed ? 'success' : 'error'}>{r.result.passed ? '通过' : '未通过'}</Tag>),
        },
        {
          title: '等级',
          width: 110,
          render: (_, r) =>
            // Results stored before grades followed the verdict (no verdictRule) may carry a band grade on a
            // failed result; they stay as stored (immutable) but are marked rather than shown as if valid.
            r.result.verdictRule === undefined && r.result.passed === false && r.result.grade?.label ? (
              <Tooltip title="此结果保存于“未通过不得评为通过等级”规则之前：等级按得分区间评定，未考虑未通过。请用当前版本重新试算。">
                <Typography.Text delete type="secondary">
                  {r.result.grade.label}
                </Typography.Text>{' '}
                <Tag>旧规则</Tag>
              </Tooltip>
            ) : (
              r.result.grade?.label || '—'
            ),
        },
        { title: '说明', render: (_, r) => <Typography.Text style={{ fontSize: 12 }}>{r.result.explanation}</Typography.Text> },
        { title: '保存时间', dataIndex: 'createdAt', width: 170, render: (t: string) => formatDateTime(t) },
      ]}
    />
  );
}
