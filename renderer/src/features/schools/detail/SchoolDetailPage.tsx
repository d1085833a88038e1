import { ArrowLeftOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Skeleton, Space, Tabs } from 'antd';
import { useState } from 'react';
import type { School } from '../../../../../shared/api/contracts/schools';
import { call } from '../../../api/client';
import { useRemote } from '../../../api/use-remote';
import { navigate } from '../../../app/hash-router';
import { PageHeader } from '../../../components/PageHeader';
import { useNotify } from '../../../components/use-notify';
import { SchoolForm } from '../SchoolForm';
import { SchoolStatusTag } from '../SchoolStatusTag';
import { StatsEditor } from '../stats/StatsEditor';
import { CampusList } from './CampusList';

export function SchoolDetailPage({ id }: { id: number }) {
  const notify = useNotify();
  const remote = useRemote(() => call('schools.get', { id }), [id]);
  // Local copy so saves update the page without a second round trip.
  const [saved, setSaved] = useState<School | null>(null);
  const school = saved ?? remote.data;
  const [tab, setTab] = useState('info');

  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/schools')} aria-label="返回学校列表" />;

  if (remote.error) {
    return (
      <>
        <PageHeader title="学校详情" back={back} />
        <Alert type="error" showIcon title="无法打开这所学校" description={remote.error} />
      </>
    );
  }
  if (!school) return <Skeleton active />;

  const remove = async () => {
    try {
      await call('schools.delete', { id });
      notify.success(`已删除“${school.name}”`);
      navigate('/schools');
    } catch (e) {
      notify.error(e, '删除失败');
    }
  };

  return (
    <>
      <PageHeader
        back={back}
        title={
          <Space>
            <span data-testid="school-title">{school.name}</span>
            <SchoolStatusTag school={school} />
          </Space>
        }
        subtitle={[school.type, school.locality, school.ownership, school.township, school.code && `学校标识码 ${school.code}`].filter(Boolean).join(' · ')}
        extra={
          <Popconfirm
            title="删除这所学校？"
            description="学校的校区和全部统计数据会一并删除。已撤并的学校建议改为“撤并”状态以保留历史数据。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={remove}
          >
            <Button danger icon={<DeleteOutlined />}>
              删除学校
            </Button>
          </Popconfirm>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'info',
              label: '基本信息',
              children: (
                <SchoolForm
                  key={school.updatedAt}
                  school={school}
                  onSubmit={async (input) => {
                    try {
                      setSaved(await call('schools.update', { id, school: input }));
                      notify.success('已保存学校信息');
                    } catch (e) {
                      notify.error(e, '保存失败');
                    }
                  }}
                />
              ),
            },
            { key: 'campuses', label: `校区（${school.campuses.length}）`, children: <CampusList school={school} onChange={setSaved} /> },
            { key: 'stats', label: '统计数据', children: <StatsEditor school={school} /> },
          ]}
        />
      </Card>
    </>
  );
}
