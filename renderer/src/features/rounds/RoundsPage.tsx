import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo } from 'react';
import type { RoundSummary } from '../../../../shared/api/contracts/rounds';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { useOp } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { PageHeader } from '../../components/PageHeader';
import { localToday, scheduleToday, type StagePhase } from './round-view';
import { UnitCountTags } from './UnitStateTags';

/** The phase as a status dot (the text wraps in a narrow column, which a tag would not). */
const PHASE_STATUS: Record<StagePhase, 'default' | 'processing' | 'warning' | 'success'> = { upcoming: 'default', open: 'processing', ended: 'warning', closed: 'success' };

const TABLE_LOCALE = { emptyText: '没有评估项目', filterConfirm: '确定', filterReset: '重置', triggerAsc: '点击升序', triggerDesc: '点击降序', cancelSort: '取消排序' };

/**
 * 评估项目: every round, newest year first, with its evaluator, the frozen indicator-system version,
 * the stage under way today and its units per state. A row opens the round.
 */
export function RoundsPage() {
  const rounds = useOp('rounds.list', {}, { silent: true });
  const today = localToday();
  const years = useMemo(() => [...new Set((rounds.data ?? []).map((r) => r.year))].sort((a, b) => b - a), [rounds.data]);

  const columns: ColumnsType<RoundSummary> = [
    {
      title: '项目名称',
      key: 'name',
      fixed: 'left',
      width: 250,
      sorter: (a, b) => byPinyin(a.name, b.name),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link href={`#/rounds/${r.id}`} data-testid="round-link">
            {r.name}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            评估主体：{r.evaluator.name}
            {r.evaluator.kind === 'third_party' ? '（第三方机构）' : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '年度',
      dataIndex: 'year',
      key: 'year',
      width: 80,
      sorter: (a, b) => a.year - b.year,
      filters: years.map((y) => ({ text: `${y} 年`, value: y })),
      onFilter: (v, r) => r.year === v,
      render: (y: number) => `${y} 年`,
    },
    { title: '指标体系', key: 'system', width: 190, render: (_, r) => `${r.system.name} 第 ${r.system.version} 版` },
    {
      title: '当前阶段',
      key: 'stage',
      width: 200,
      render: (_, r) => {
        const s = scheduleToday(r.stages, today);
        return s.phase === 'none' ? <Typography.Text type="secondary">{s.text}</Typography.Text> : <Badge status={PHASE_STATUS[s.phase]} text={s.text} />;
      },
    },
    {
      title: '参评单位',
      key: 'units',
      width: 200,
      sorter: (a, b) => a.unitCount - b.unitCount,
      render: (_, r) => (
        <Space orientation="vertical" size={4}>
          <span>{r.unitCount} 个</span>
          <UnitCountTags counts={r.counts} />
        </Space>
      ),
    },
    {
      title: '创建',
      key: 'created',
      width: 140,
      sorter: (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.createdBy}</span>
          <Typography.Text type="secondary">{formatDateTime(r.createdAt)}</Typography.Text>
        </Space>
      ),
    },
  ];

  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/rounds/new')}>
      新建评估项目
    </Button>
  );

  return (
    <>
      <PageHeader title="评估项目" subtitle={rounds.data?.length ? `共 ${rounds.data.length} 个评估项目；当前阶段按今天（${today}）判断` : '评估项目的参评单位、工作阶段与填报包'} extra={create} />
      {rounds.error && <Alert type="error" showIcon title="无法读取评估项目" description={rounds.error.message} style={{ marginBottom: 16 }} />}
      {rounds.data?.length === 0 ? (
        <Card>
          <Empty description="还没有评估项目。新建项目时选择年度、已发布的指标体系、工作阶段和参评单位，之后即可为各单位生成填报包。">{create}</Empty>
        </Card>
      ) : (
        <Card>
          <Table<RoundSummary>
            data-testid="rounds-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rounds.data ?? []}
            loading={rounds.isPending && !rounds.error}
            scroll={{ x: 1060 }}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个评估项目` }}
            locale={TABLE_LOCALE}
            onRow={(r) => ({ onDoubleClick: () => navigate(`/rounds/${r.id}`) })}
          />
        </Card>
      )}
    </>
  );
}
