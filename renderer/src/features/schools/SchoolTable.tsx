import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { School } from '../../../../shared/api/contracts/schools';
import { navigate } from '../../app/hash-router';
import { SchoolStatusTag } from './SchoolStatusTag';

const dash = (v: string | number | null) => (v === null || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v);

const columns: ColumnsType<School> = [
  { title: '学校标识码', dataIndex: 'code', width: 130, render: dash },
  {
    title: '学校名称',
    dataIndex: 'name',
    render: (_, s) => (
      <Typography.Link href={`#/schools/${s.id}`} data-testid="school-link">
        {s.name}
      </Typography.Link>
    ),
  },
  { title: '类型', dataIndex: 'type', width: 120 },
  { title: '城乡', dataIndex: 'locality', width: 70 },
  { title: '乡镇/街道', dataIndex: 'township', width: 120, render: dash },
  { title: '办学性质', dataIndex: 'ownership', width: 90 },
  { title: '状态', dataIndex: 'status', width: 150, render: (_, s) => <SchoolStatusTag school={s} /> },
  { title: '校区数', key: 'campuses', width: 80, align: 'right', render: (_, s) => (s.campuses.length ? s.campuses.length : dash(null)) },
  { title: '最新统计年份', dataIndex: 'latestStatsYear', width: 120, align: 'right', render: dash },
];

export function SchoolTable({ schools, loading }: { schools: School[]; loading: boolean }) {
  return (
    <Table<School>
      data-testid="school-table"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={schools}
      loading={loading}
      rowClassName={(s) => (s.status === '撤并' ? 'row-closed' : '')}
      pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 所学校` }}
      locale={{ emptyText: '没有符合条件的学校' }}
      onRow={(s) => ({ onDoubleClick: () => navigate(`/schools/${s.id}`) })}
    />
  );
}
