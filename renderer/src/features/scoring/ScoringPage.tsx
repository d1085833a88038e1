import { Alert, Button, Card, Empty, Flex, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { lazy, Suspense } from 'react';
import type { RoundSummary } from '../../../../shared/api/contracts/rounds';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { useOp } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUrlChoice, useUrlNumber } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { UnitCountTags } from '../rounds/UnitStateTags';
import { ScoringResultsTab } from './ScoringResultsTab';
import { ScoringSetupTab } from './ScoringSetupTab';
import { ScoringUnitsTab } from './ScoringUnitsTab';

// The grid library loads with its tab only.
const ScoringGridTab = lazy(() => import('./ScoringGridTab'));

const TABS = ['setup', 'units', 'grid', 'results'] as const;
type Tab = (typeof TABS)[number];

const TABLE_LOCALE = { emptyText: '没有评估项目', triggerAsc: '点击升序', triggerDesc: '点击降序', cancelSort: '取消排序', filterConfirm: '确定', filterReset: '重置' };

/**
 * 评分: choose a 评估项目 (remembered in the address as `round`), then its 专家与设置 — the rule that
 * turns the experts' scores into a suggested score, the reason threshold, the tie rule, and the
 * experts with their units —, 评分, the units whose score sheets open from there, 评分总表, every
 * unit × indicator in one keyboard grid (ScoringGridTab), and 结果与排名,
 * the stored results with ranks and the change against the previous round. The tab is in
 * the address too, so a unit's sheet leads back to the same view.
 */
export function ScoringPage() {
  const rounds = useOp('rounds.list', {}, { silent: true });
  const [roundId, setRoundId] = useUrlNumber('round', null);
  const chosen = rounds.data?.find((r) => r.id === roundId);

  const chooser = rounds.data && rounds.data.length > 0 && roundId !== null && (
    <Select<number>
      aria-label="评估项目"
      data-testid="scoring-round-select"
      style={{ width: 420 }}
      value={chosen ? roundId : undefined}
      placeholder="选择评估项目"
      showSearch={{ optionFilterProp: 'label' }}
      options={[...rounds.data].sort((a, b) => b.year - a.year || byPinyin(a.name, b.name)).map((r) => ({ value: r.id, label: `${r.name}（${r.unitCount} 个单位）` }))}
      onChange={(id) => setRoundId(id)}
    />
  );

  return (
    <>
      <PageHeader title="评分" subtitle={chosen ? undefined : '选择一个评估项目，设置评分规则、分配评估专家，再逐个单位录入评分'} extra={chooser} />
      {rounds.error && <Alert type="error" showIcon title="无法读取评估项目" description={rounds.error.message} style={{ marginBottom: 16 }} />}
      {roundId !== null && rounds.data && !chosen && <Alert type="warning" showIcon title="找不到地址中的评估项目，可能已被删除；请重新选择" style={{ marginBottom: 16 }} />}
      {chosen ? <RoundScoring key={chosen.id} summary={chosen} /> : <RoundList rounds={rounds.data} loading={rounds.isPending && !rounds.error} onChoose={(id) => setRoundId(id)} />}
    </>
  );
}

/** The rounds to choose from, newest year first, with their units. */
function RoundList({ rounds, loading, onChoose }: { rounds: RoundSummary[] | undefined; loading: boolean; onChoose: (id: number) => void }) {
  if (rounds?.length === 0) {
    return (
      <Card>
        <Empty description="还没有评估项目。先在“评估项目”中新建项目并确定参评单位，再回到这里评分。">
          <Button type="primary" onClick={() => navigate('/rounds')}>
            前往评估项目
          </Button>
        </Empty>
      </Card>
    );
  }
  const columns: ColumnsType<RoundSummary> = [
    {
      title: '评估项目',
      key: 'name',
      sorter: (a, b) => byPinyin(a.name, b.name),
      render: (_, r) => (
        <Typography.Link data-testid="scoring-round-link" onClick={() => onChoose(r.id)}>
          {r.name}
        </Typography.Link>
      ),
    },
    { title: '年度', dataIndex: 'year', key: 'year', width: 90, sorter: (a, b) => a.year - b.year, defaultSortOrder: 'descend', render: (y: number) => `${y} 年` },
    { title: '指标体系', key: 'system', width: 300, render: (_, r) => `${r.system.name} 第 ${r.system.version} 版` },
    {
      title: '参评单位',
      key: 'units',
      width: 260,
      sorter: (a, b) => a.unitCount - b.unitCount,
      render: (_, r) => (
        <Space orientation="vertical" size={4}>
          <span data-testid="scoring-round-units">{r.unitCount} 个</span>
          <UnitCountTags counts={r.counts} />
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'open',
      width: 110,
      render: (_, r) => (
        <Button size="small" onClick={() => onChoose(r.id)}>
          进入评分
        </Button>
      ),
    },
  ];
  return (
    <Card title="选择评估项目">
      <Table<RoundSummary>
        data-testid="scoring-rounds-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rounds ?? []}
        loading={loading}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个评估项目` }}
        locale={TABLE_LOCALE}
        onRow={(r) => ({ onDoubleClick: () => onChoose(r.id) })}
      />
    </Card>
  );
}

/** The chosen round: its system and units, and the two tabs. */
function RoundScoring({ summary }: { summary: RoundSummary }) {
  const round = useOp('rounds.get', { id: summary.id }, { silent: true });
  const setup = useOp('scoring.setup', { roundId: summary.id }, { silent: true });
  const [tab, setTab] = useUrlChoice<Tab>('tab', TABS, 'setup');
  const error = round.error ?? setup.error;
  if (error) return <Alert type="error" showIcon title="无法读取这个评估项目的评分信息" description={error.message} />;
  if (!round.data || !setup.data) return <Skeleton active />;
  const r = round.data;
  return (
    <>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }} data-testid="scoring-round-summary">
        <Typography.Text strong>{r.name}</Typography.Text>
        <Tag>{r.year} 年</Tag>
        <Typography.Text type="secondary">
          指标体系：{r.system.name} 第 {r.system.version} 版 · {r.unitCount} 个参评单位 · {setup.data.experts.length} 位评估专家
        </Typography.Text>
        <Typography.Link href={`#/rounds/${r.id}`}>查看项目详情</Typography.Link>
      </Flex>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          destroyOnHidden
          items={[
            { key: 'setup', label: '专家与设置', children: <ScoringSetupTab round={r} setup={setup.data} /> },
            { key: 'units', label: `评分（${r.unitCount} 个单位）`, children: <ScoringUnitsTab round={r} setup={setup.data} /> },
            {
              key: 'grid',
              label: '评分总表',
              children: (
                <Suspense fallback={<Skeleton active />}>
                  <ScoringGridTab round={r} setup={setup.data} />
                </Suspense>
              ),
            },
            { key: 'results', label: '结果与排名', children: <ScoringResultsTab round={r} /> },
          ]}
        />
      </Card>
    </>
  );
}
