import { PlusOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Campus, School } from '../../../../../shared/api/contracts/schools';
import { call } from '../../../api/client';
import { useNotify } from '../../../components/use-notify';
import { CampusModal } from './CampusModal';

export function CampusList({ school, onChange }: { school: School; onChange: (s: School) => void }) {
  const notify = useNotify();
  const [editing, setEditing] = useState<Campus | 'new' | null>(null);

  const remove = async (c: Campus) => {
    try {
      onChange(await call('schools.deleteCampus', { id: c.id }));
      notify.success(`已删除校区“${c.name}”`);
    } catch (e) {
      notify.error(e, '删除失败');
    }
  };

  return (
    <>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          一所学校可有多个校区（如本部、北校区）。需要分校区评估的，打开“单独评估”，并在统计数据中按校区填写。
        </Typography.Paragraph>
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增校区
        </Button>
        <Table<Campus>
          data-testid="campus-table"
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={school.campuses}
          locale={{ emptyText: '没有登记校区，全校作为一个整体评估' }}
          columns={[
            { title: '校区名称', dataIndex: 'name' },
            { title: '地址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
            {
              title: '评估方式',
              dataIndex: 'evaluatedSeparately',
              width: 120,
              render: (v: boolean) => (v ? <Tag color="blue">单独评估</Tag> : <Tag>随全校评估</Tag>),
            },
            {
              title: '操作',
              key: 'actions',
              width: 140,
              render: (_, c) => (
                <Space>
                  <Button type="link" size="small" onClick={() => setEditing(c)}>
                    编辑
                  </Button>
                  <Popconfirm title={`删除校区“${c.name}”？`} description="该校区的统计数据会一并删除。" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => remove(c)}>
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <CampusModal
        schoolId={school.id}
        campus={editing === 'new' ? undefined : (editing ?? undefined)}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(s) => {
          onChange(s);
          setEditing(null);
        }}
      />
    </>
  );
}
