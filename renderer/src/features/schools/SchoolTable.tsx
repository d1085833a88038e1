import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { Table, Typography } from 'antd';
import type { ColumnsType, SorterResult, SortOrder } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import type { School } from '../../../../shared/api/contracts/schools';
import { LOCALITIES, OWNERSHIPS, SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import { navigate } from '../../app/navigation';
import { useUrlFields } from '../../app/url-state';
import { BatchBar } from './BatchBar';
import { SchoolStatusTag } from './SchoolStatusTag';

const dash = (v: string | number | null) => (v === null || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v);

type SortKey = 'name' | 'code' | 'type' | 'locality' | 'township' | 'ownership' | 'campuses' | 'latestStatsYear';
const SORT_KEYS: readonly SortKey[] = ['name', 'code', 'type', 'locality', 'township', 'ownership', 'campuses', 'latestStatsYear'];

/** Missing values sort last in either direction would be nicer, but antd flips the comparator; they sort as the smallest. */
const nullable = <T,>(cmp: (a: T, b: T) => number) => (a: T | null, b: T | null) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : cmp(a, b));
const enumOrder = (values: readonly string[]) => (a: string, b: string) => values.indexOf(a) - values.indexOf(b);

const COMPARE: Record<SortKey, (a: School, b: School) => number> = {
  name: (a, b) => byPinyin(a.name, b.name),
  code: (a, b) => nullable<string>((x, y) => x.localeCompare(y))(a.code, b.code),
  type: (a, b) => enumOrder(SCHOOL_TYPES)(a.type, b.type),
  locality: (a, b) => enumOrder(LOCALITIES)(a.locality, b.locality),
  township: (a, b) => nullable<string>(byPinyin)(a.township, b.township),
  ownership: (a, b) => enumOrder(OWNERSHIPS)(a.ownership, b.ownership),
  campuses: (a, b) => a.campuses.length - b.campuses.length,
  latestStatsYear: (a, b) => nullable<number>((x, y) => x - y)(a.latestStatsYear, b.latestStatsYear),
};

const NO_STATS = 'none';

/**
 * The register list. The school's name stays fixed at the left (with the selection boxes) so
 * scrolling a narrow window (1366×768) sideways never hides it. Sorting and the column filters
 * (办学性质, 最新统计年份) live in the address like the filter bar; selected rows get the batch
 * actions (导出所选, 更改办学状态).
 */
export function SchoolTable({ schools, loading }: { schools: School[]; loading: boolean }) {
  const [state, setState] = useUrlFields(['sort', 'order', 'ownership', 'statsYear']);
  const sortKey = SORT_KEYS.includes(state.sort as SortKey) ? (state.sort as SortKey) : null;
  const sortOrder: SortOrder = sortKey ? (state.order === 'desc' ? 'descend' : 'ascend') : null;
  const ownership = state.ownership ? state.ownership.split(',') : null;
  const statsYear = state.statsYear ? state.statsYear.split(',') : null;
  const [selected, setSelected] = useState<number[]>([]);

  const years = useMemo(() => [...new Set(schools.map((s) => s.latestStatsYear).filter((y): y is number => y !== null))].sort((a, b) => b - a), [schools]);
  // Selected schools that a new filter hides stay selected only while visible: the batch acts on what is seen.
  const visibleSelected = selected.filter((id) => schools.some((s) => s.id === id));

  const sortable = (key: SortKey) => ({ sorter: COMPARE[key], sortOrder: sortKey === key ? sortOrder : null, showSorterTooltip: { title: '点击排序' } });

  const columns: ColumnsType<School> = [
    {
      title: '学校名称',
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      width: 230,
      ...sortable('name'),
      render: (_, s) => (
        <Typography.Link href={`#/schools/${s.id}`} data-testid="school-link">
          {s.name}
        </Typography.Link>
      ),
    },
    { title: '学校标识码', dataIndex: 'code', key: 'code', width: 130, ...sortable('code'), render: dash },
    { title: '类型', dataIndex: 'type', key: 'type', width: 120, ...sortable('type') },
    { title: '城乡', dataIndex: 'locality', key: 'locality', width: 80, ...sortable('locality') },
    { title: '乡镇（街道）', dataIndex: 'township', key: 'township', width: 130, ...sortable('township'), render: dash },
    {
      title: '办学性质',
      dataIndex: 'ownership',
      key: 'ownership',
      width: 110,
      ...sortable('ownership'),
      filters: OWNERSHIPS.map((o) => ({ text: o, value: o })),
      filteredValue: ownership,
      onFilter: (v, s) => s.ownership === v,
    },
    { title: '状态', dataIndex: 'status', key: 'status', width: 150, render: (_, s) => <SchoolStatusTag school={s} /> },
    { title: '校区数', key: 'campuses', width: 90, align: 'right', ...sortable('campuses'), render: (_, s) => (s.campuses.length ? s.campuses.length : dash(null)) },
    {
      title: '最新统计年份',
      dataIndex: 'latestStatsYear',
      key: 'latestStatsYear',
      width: 140,
      align: 'right',
      ...sortable('latestStatsYear'),
      filters: [...years.map((y) => ({ text: `${y} 年`, value: String(y) })), { text: '无统计数据', value: NO_STATS }],
      filteredValue: statsYear,
      onFilter: (v, s) => (v === NO_STATS ? s.latestStatsYear === null : String(s.latestStatsYear) === v),
      render: dash,
    },
  ];

  return (
    <>
      <BatchBar schools={schools.filter((s) => visibleSelected.includes(s.id))} onClear={() => setSelected([])} />
      {/* The rows shown while a new filter loads are the previous filter's: say so to assistive
          technology (and to tests, which wait for the list to settle). */}
      <div aria-busy={loading} data-testid="school-list">
        <Table<School>
          data-testid="school-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={schools}
          loading={loading}
          scroll={{ x: 1100 }}
          rowSelection={{
            selectedRowKeys: visibleSelected,
            onChange: (keys) => setSelected(keys as number[]),
            fixed: 'left',
            columnWidth: 40,
            getTitleCheckboxProps: () => ({ 'aria-label': '选择本页全部学校' }),
            getCheckboxProps: (s) => ({ 'aria-label': `选择“${s.name}”` }),
          }}
          rowClassName={(s) => (s.status === '撤并' ? 'row-closed' : '')}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 所学校` }}
          locale={{
            emptyText: '没有符合条件的学校',
            filterConfirm: '确定',
            filterReset: '重置',
            triggerAsc: '点击升序',
            triggerDesc: '点击降序',
            cancelSort: '取消排序',
            selectAll: '全选本页',
            selectInvert: '反选本页',
          }}
          onChange={(_p, filters, sorter, extra) => {
            if (extra.action === 'paginate') return;
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<School>;
            const key = s?.order ? (s.columnKey as string) : undefined;
            setState(
              {
                sort: key,
                order: key ? (s.order === 'descend' ? 'desc' : 'asc') : undefined,
                ownership: filters.ownership?.length ? (filters.ownership as string[]).join(',') : undefined,
                statsYear: filters.latestStatsYear?.length ? (filters.latestStatsYear as string[]).join(',') : undefined,
              },
              { replace: true },
            );
          }}
          onRow={(s) => ({ onDoubleClick: () => navigate(`/schools/${s.id}`) })}
        />
      </div>
    </>
  );
}
