import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Campus, School } from '../../../../../shared/api/contracts/schools';
import { campusUnitName, schoolIsUnit } from '../../../../../shared/domain/schools/evaluated-units';
import { useOp, useOpMutation } from '../../../api/queries';
import { CampusModal } from './CampusModal';

export function CampusList({ school }: { school: School }) {
  const [editing, setEditing] = useState<Campus | 'new' | null>(null);
  // Whether each campus has figures for the district's latest statistics year: a campus marked
  // 单独评估 is computed on its own (计算口径 按评估单位) only when it has them.
  const years = useOp('stats.years', {});
  const records = useOp('stats.forSchool', { schoolId: school.id });
  const year = years.data?.[0] ?? null;
  const hasFigures = (c: Campus) => !!records.data?.some((r) => r.year === year && r.campusId === c.id);

  // The school (and its campus list) is re-read after the write: no copy to keep in step here.
  const removeCampus = useOpMutation('schools.deleteCampus', { success: (_s, input) => `已删除校区“${school.campuses.find((c) => c.id === input.id)?.name ?? ''}”`, errorTitle: '删除失败' });
  const remove = (c: Campus) => removeCampus.mutateAsync({ id: c.id }).catch(() => undefined);

  return (
    <>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          一所学校可有多个校区（如本部、北校区）。需要分校区评估的，打开“单独评估”，并在统计数据中按校区填写。
        </Typography.Paragraph>
        {!schoolIsUnit(school) && (
          <Alert
            type="info"
            showIcon
            title="各校区均单独评估，学校本身不再作为评估单位"
            description="学校按各校区分别评估。若学校还有未登记为校区的部分（如本部）也需要评估，请把它登记为校区。"
          />
        )}
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
              width: 220,
              render: (v: boolean, c) =>
                v ? (
                  <Space orientation="vertical" size={2}>
                    <Tag color="blue">单独评估</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      评估单位：{campusUnitName(school.name, c.name)}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Tag>随全校评估</Tag>
                ),
            },
            ...(year === null
              ? []
              : [
                  {
                    title: `${year} 年统计数据`,
                    key: 'figures',
                    width: 200,
                    render: (_: unknown, c: Campus) =>
                      hasFigures(c) ? (
                        <Tag color="green">已填报</Tag>
                      ) : c.evaluatedSeparately ? (
                        <Space orientation="vertical" size={2}>
                          <Tag color="orange">未填报</Tag>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            按评估单位计算时不能单列，仍计入本校
                          </Typography.Text>
                        </Space>
                      ) : (
                        <Typography.Text type="secondary">未单独填报</Typography.Text>
                      ),
                  },
                ]),
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
        onSaved={() => setEditing(null)}
      />
    </>
  );
}
