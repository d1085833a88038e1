import { byPinyin } from '../../../../../shared/domain/text/pinyin';
import { Alert, Flex, Progress, Segmented, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { StatCompletenessRow } from '../../../../../shared/api/contracts/statistics';
import { useOp } from '../../../api/queries';
import { YearPicker } from '../stats/YearPicker';

type Show = 'incomplete' | 'all';

/**
 * 填报完整性: for the chosen year, which schools (and campuses evaluated separately or with their
 * own figures) lack which of the fields their type is expected to fill (`stats.completeness`,
 * shared/domain/schools/stat-completeness.ts). Each line opens the school's statistics of that year.
 */
export default function CompletenessTab({ year, years, onYear }: { year: number; years: number[]; onYear: (y: number) => void }) {
  const rows = useOp('stats.completeness', { year }, { keepPrevious: true, silent: true });
  const [show, setShow] = useState<Show>('incomplete');
  const allYears = [...new Set([...years, year])].sort((a, b) => b - a);

  if (rows.error) return <Alert type="error" showIcon title="无法读取填报完整性" description={rows.error.message} />;
  if (!rows.data) return <Skeleton active />;

  const complete = rows.data.filter((r) => r.hasRecord && r.missing.length === 0).length;
  const none = rows.data.filter((r) => !r.hasRecord).length;
  const partial = rows.data.length - complete - none;
  // Pinyin order of the school, its own line before its campuses' (also in pinyin order).
  const ordered = [...rows.data].sort((a, b) => byPinyin(a.schoolName, b.schoolName) || (a.campusId === null ? -1 : b.campusId === null ? 1 : byPinyin(a.campusName ?? '', b.campusName ?? '')));
  const shown = show === 'all' ? ordered : ordered.filter((r) => !r.hasRecord || r.missing.length > 0);
  const link = (r: StatCompletenessRow) => `#/schools/${r.schoolId}?tab=stats&year=${year}${r.campusId !== null ? `&campus=${r.campusId}` : ''}`;

  return (
    <div data-testid="completeness-tab">
      <Flex gap={24} align="center" wrap style={{ marginBottom: 16 }}>
        <YearPicker years={allYears} value={year} onChange={onYear} />
        <Space size={32}>
          <Statistic title="已填齐" value={complete} suffix="个" />
          <Statistic title="有缺项" value={partial} suffix="个" styles={{ content: { color: partial ? '#d46b08' : undefined } }} />
          <Statistic title="未填报" value={none} suffix="个" styles={{ content: { color: none ? '#cf1322' : undefined } }} />
        </Space>
        <Segmented<Show>
          aria-label="显示范围"
          value={show}
          onChange={setShow}
          options={[
            { value: 'incomplete', label: '只看未填齐的' },
            { value: 'all', label: '全部' },
          ]}
        />
      </Flex>
      <Typography.Paragraph type="secondary">按学校类型只统计该类学校应填的项目（如小学不计初中各项）；单独评估的校区单列。点击名称打开该校 {year} 年的统计数据。</Typography.Paragraph>
      <Table<StatCompletenessRow>
        data-testid="completeness-table"
        size="small"
        rowKey={(r) => `${r.schoolId}/${r.campusId ?? '-'}`}
        dataSource={shown}
        loading={rows.isFetching}
        scroll={{ x: 900 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 个` }}
        locale={{ emptyText: show === 'incomplete' ? `${year} 年各校数据均已填齐` : '没有学校' }}
        columns={[
          {
            title: '学校（校区）',
            key: 'name',
            fixed: 'left',
            width: 240,
            render: (_, r) => (
              <Typography.Link href={link(r)}>
                {r.unitName}
                {r.campusId !== null && r.evaluatedSeparately && (
                  <Tag color="blue" style={{ marginInlineStart: 6 }}>
                    单独评估
                  </Tag>
                )}
              </Typography.Link>
            ),
          },
          { title: '类型', dataIndex: 'type', key: 'type', width: 110 },
          {
            title: '完整度',
            key: 'progress',
            width: 190,
            sorter: (a, b) => a.filled / a.applicable - b.filled / b.applicable,
            render: (_, r) =>
              r.hasRecord ? (
                <Tooltip title={`已填 ${r.filled} / ${r.applicable} 项`}>
                  <Progress percent={Math.round((r.filled / Math.max(1, r.applicable)) * 100)} size="small" status={r.missing.length ? 'normal' : 'success'} format={() => `${r.filled}/${r.applicable}`} />
                </Tooltip>
              ) : (
                <Tag color="red">未填报</Tag>
              ),
          },
          {
            title: '缺少的项目',
            key: 'missing',
            render: (_, r) =>
              !r.hasRecord ? (
                <Typography.Text type="secondary">本年尚无数据（{r.applicable} 项均未填写）</Typography.Text>
              ) : r.missing.length === 0 ? (
                <Typography.Text type="success">已填齐</Typography.Text>
              ) : (
                <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, expandable: 'collapsible', symbol: (open: boolean) => (open ? '收起' : '展开') }}>
                  {r.missing.join('、')}
                </Typography.Paragraph>
              ),
          },
        ]}
      />
    </div>
  );
}
