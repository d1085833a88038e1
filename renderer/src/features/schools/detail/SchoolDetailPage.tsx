import { ArrowLeftOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, Spin, Button, Card, Popconfirm, Skeleton, Space, Tabs } from 'antd';
import { useOp, useOpMutation } from '../../../api/queries';
import { navigate } from '../../../app/navigation';
import { useUrlChoice } from '../../../app/url-state';
import { PageHeader } from '../../../components/PageHeader';
import { listPath } from '../list-address';
import { SchoolForm } from '../SchoolForm';
import { SchoolStatusTag } from '../SchoolStatusTag';
import { StatsEditor } from '../stats/StatsEditor';
import { CampusList } from './CampusList';

const TABS = ['info', 'campuses', 'stats'] as const;
type Tab = (typeof TABS)[number];

/**
 * One school: 基本信息, 校区, 统计数据. The tab (and, in 统计数据, the year and campus) is in the
 * address, so a reload or the back button returns to the same view; switching away from unsaved
 * edits asks first (the guard sees the address change). Inactive tabs are unmounted, so edits a
 * user chose to discard are really gone.
 */
export function SchoolDetailPage({ id }: { id: number }) {
  const school = useOp('schools.get', { id }, { silent: true });
  const [tab, setTab] = useUrlChoice<Tab>('tab', TABS, 'info');
  const update = useOpMutation('schools.update', { success: '已保存学校信息', errorTitle: '保存失败' });
  const remove = useOpMutation('schools.delete', {
    success: () => `已删除“${school.data?.name ?? ''}”`,
    errorTitle: '删除失败',
    onSuccess: () => navigate(listPath()),
  });

  // Back to the list as the user left it (filters, sorting), however many tab switches happened here.
  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(listPath())} aria-label="返回学校列表" />;

  // Deleted a moment ago: the refresh that follows finds the school gone; that is no error to show.
  if (remove.isPending || remove.isSuccess) return <Spin />;
  if (school.error) {
    return (
      <>
        <PageHeader title="学校详情" back={back} />
        <Alert type="error" showIcon title="无法打开这所学校" description={school.error.message} />
      </>
    );
  }
  const s = school.data;
  if (!s) return <Skeleton active />;

  return (
    <>
      <PageHeader
        back={back}
        title={
          <Space>
            <span data-testid="school-title">{s.name}</span>
            <SchoolStatusTag school={s} />
          </Space>
        }
        subtitle={[s.type, s.locality, s.ownership, s.township, s.code && `学校标识码 ${s.code}`].filter(Boolean).join(' · ')}
        extra={
          <Popconfirm
            title="删除这所学校？"
            description="学校的校区和全部统计数据会一并删除。已撤并的学校建议改为“撤并”状态以保留历史数据。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => remove.mutateAsync({ id }).catch(() => undefined)}
          >
            <Button danger icon={<DeleteOutlined />} loading={remove.isPending}>
              删除学校
            </Button>
          </Popconfirm>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          destroyOnHidden
          items={[
            {
              key: 'info',
              label: '基本信息',
              children: <SchoolForm key={s.updatedAt} school={s} onSubmit={(input) => update.mutateAsync({ id, school: input })} />,
            },
            { key: 'campuses', label: `校区（${s.campuses.length}）`, children: <CampusList school={s} /> },
            { key: 'stats', label: '统计数据', children: <StatsEditor school={s} /> },
          ]}
        />
      </Card>
    </>
  );
}
