import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton, Space, Spin, Tabs, Tag } from 'antd';
import { LATE_POLICY_LABELS } from '../../../../shared/api/contracts/rounds';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUrlChoice } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { localToday } from './round-view';
import { SettingsTab } from './SettingsTab';
import { StageTimeline } from './StageTimeline';
import { UnitsTab } from './UnitsTab';

const TABS = ['units', 'settings'] as const;
type Tab = (typeof TABS)[number];

/**
 * One round: its year, evaluator and frozen indicator-system version; the stage timeline with today
 * marked; 参评单位 (states, packages, extensions, 确认 and 弃权) and 项目设置. The tab and the units'
 * state filter are in the address.
 */
export function RoundDetailPage({ id }: { id: number }) {
  const round = useOp('rounds.get', { id }, { silent: true });
  const [tab, setTab] = useUrlChoice<Tab>('tab', TABS, 'units');
  const remove = useOpMutation('rounds.delete', {
    success: () => `已删除评估项目“${round.data?.name ?? ''}”`,
    errorTitle: '删除失败',
    onSuccess: () => navigate('/rounds'),
  });
  const today = localToday();
  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/rounds')} aria-label="返回评估项目列表" />;

  // Deleted a moment ago: the refresh that follows finds the round gone; that is no error to show.
  if (remove.isPending || remove.isSuccess) return <Spin />;
  if (round.error) {
    return (
      <>
        <PageHeader title="评估项目" back={back} />
        <Alert type="error" showIcon title="无法打开这个评估项目" description={round.error.message} />
      </>
    );
  }
  const r = round.data;
  if (!r) return <Skeleton active />;

  return (
    <>
      <PageHeader
        back={back}
        title={
          <Space>
            <span data-testid="round-title">{r.name}</span>
            <Tag>{r.year} 年</Tag>
          </Space>
        }
        subtitle={
          <span data-testid="round-subtitle">
            评估主体：{r.evaluator.name}
            {r.evaluator.kind === 'third_party' ? '（第三方机构）' : ''} · 指标体系：{r.system.name} 第 {r.system.version} 版 · {r.unitCount} 个参评单位 · {LATE_POLICY_LABELS[r.latePolicy]}
          </span>
        }
      />
      <StageTimeline round={r} today={today} />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          destroyOnHidden
          items={[
            { key: 'units', label: `参评单位（${r.unitCount}）`, children: <UnitsTab round={r} /> },
            { key: 'settings', label: '项目设置', children: <SettingsTab round={r} deleting={remove.isPending} onDelete={() => remove.mutateAsync({ id }).catch(() => undefined)} /> },
          ]}
        />
      </Card>
    </>
  );
}
