import { DiffOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { SystemFamily, SystemVersionSummary } from '../../../../../shared/api/contracts/indicators';
import { formatNumber, LEVEL_LABELS } from '../../../../../shared/domain/indicators';
import { navigate } from '../../../app/navigation';
import { StateTag } from '../StateTag';
import type { useSystemActions } from '../use-system-actions';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** One system with all its versions; actions depend on each version's state. */
export function SystemFamilyCard({ family, actions, onCompare }: { family: SystemFamily; actions: ReturnType<typeof useSystemActions>; onCompare: () => void }) {
  const hasDraft = family.versions.some((v) => v.state === 'draft');
  return (
    <Card
      size="small"
      data-testid="system-family"
      title={
        <Space>
          <Typography.Text strong>{family.name}</Typography.Text>
          <Tag>{LEVEL_LABELS[family.level]}</Tag>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            共 {family.versions.length} 个版本
          </Typography.Text>
        </Space>
      }
      extra={
        <Button size="small" icon={<DiffOutlined />} disabled={family.versions.length < 2} onClick={onCompare}>
          对比版本
        </Button>
      }
    >
      <Table<SystemVersionSummary>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={family.versions}
        columns={[
          { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第 ${v} 版` },
          { title: '状态', dataIndex: 'state', width: 90, render: (s: SystemVersionSummary['state']) => <StateTag state={s} /> },
          {
            title: '指标',
            width: 200,
            render: (_, v) => `${v.leafCount} 个末级指标，满分 ${formatNumber(v.maxTotal)}`,
          },
          {
            title: '检查',
            width: 130,
            render: (_, v) =>
              v.errorCount ? <Tag color="red">{v.errorCount} 处错误</Tag> : v.warningCount ? <Tag color="orange">{v.warningCount} 条提示</Tag> : <Tag color="green">无错误</Tag>,
          },
          { title: '已存结果', dataIndex: 'resultCount', width: 90 },
          { title: '修改时间', dataIndex: 'updatedAt', width: 110, render: day },
          { title: '发布时间', dataIndex: 'publishedAt', width: 110, render: day },
          {
            title: '操作',
            render: (_, v) => (
              <Space size={4} wrap>
                <Button size="small" type="link" onClick={() => navigate(`/indicators/${v.id}`)}>
                  {v.state === 'draft' ? '编辑' : '查看'}
                </Button>
                <Button size="small" type="link" onClick={() => navigate(`/indicators/${v.id}?tab=trial`)}>
                  试算
                </Button>
                <Button size="small" type="link" loading={actions.busy === `export-${v.id}`} onClick={() => actions.exportExcel(v)}>
                  导出 Excel
                </Button>
                {v.state === 'draft' && (
                  <Button size="small" type="link" disabled={v.errorCount > 0} title={v.errorCount ? '有错误，不能发布' : undefined} onClick={() => actions.publish(v)}>
                    发布
                  </Button>
                )}
                {v.state !== 'draft' && !hasDraft && (
                  <Button size="small" type="link" loading={actions.busy === `new-${v.id}`} onClick={() => actions.newVersion(v)}>
                    新版本
                  </Button>
                )}
                {v.state !== 'archived' && (
                  <Button size="small" type="link" onClick={() => actions.archive(v)}>
                    归档
                  </Button>
                )}
                {v.state === 'draft' && (
                  <Button size="small" type="link" danger onClick={() => actions.remove(v)}>
                    删除
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
