import { LockOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import type { RoundDetail, RoundUnit } from '../../../../shared/api/contracts/rounds';
import type { RoundScoringSetup } from '../../../../shared/api/contracts/scoring';
import { UNIT_STATES } from '../../../../shared/domain/rounds/rounds';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { useOp } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUrlFields } from '../../app/url-state';
import { UnitStateTag } from '../rounds/UnitStateTags';
import { progressText, ruleText } from './score-view';
import { WorksheetsButton, WorksheetsProgress } from './WorksheetsModal';

const FILTER_KEYS = ['q'] as const;

/**
 * 评分: the round's units — 报送编码, name, state, the self-evaluation received and the experts
 * scoring each — a row opens the unit's score sheet. The name filter is in the address. Units
 * ticked here get their 现场督导工作用表 (WorksheetsModal), whose latest run shows above the table.
 */
export function ScoringUnitsTab({ round, setup }: { round: RoundDetail; setup: RoundScoringSetup }) {
  const [filters, setFilters] = useUrlFields(FILTER_KEYS);
  const words = filters.q ?? '';
  const [selected, setSelected] = useState<number[]>([]);
  const expertsOf = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const x of setup.experts) for (const id of x.unitIds) m.set(id, [...(m.get(id) ?? []), x.expert.name]);
    return m;
  }, [setup.experts]);
  const shown = useMemo(() => (words ? round.units.filter((u) => u.name.includes(words) || u.code.includes(words)) : round.units), [round.units, words]);
  const open = (u: RoundUnit) => navigate(`/scoring/units/${u.id}`);
  // One read for the whole round (the results tab's own query, ranked together): state and counts per unit.
  const results = useOp('scoring.results', { roundId: round.id, byCategory: false }, { silent: true });
  const progressOf = useMemo(() => new Map((results.data?.lines ?? []).map((l) => [l.unitId, l])), [results.data]);

  const columns: ColumnsType<RoundUnit> = [
    { title: '报送编码', dataIndex: 'code', key: 'code', width: 110, sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
    {
      title: '单位',
      key: 'name',
      sorter: (a, b) => byPinyin(a.name, b.name),
      render: (_, u) => (
        <Flex gap={4} align="center">
          <Typography.Link href={`#/scoring/units/${u.id}`} data-testid="scoring-unit-link">
            {u.name}
          </Typography.Link>
          {u.campusId !== null && <Tag style={{ marginInlineEnd: 0 }}>校区</Tag>}
        </Flex>
      ),
    },
    { title: '类型', dataIndex: 'schoolType', key: 'type', width: 90 },
    { title: '状态', key: 'state', width: 100, sorter: (a, b) => UNIT_STATES.indexOf(a.state) - UNIT_STATES.indexOf(b.state), render: (_, u) => <UnitStateTag state={u.state} /> },
    { title: '学校自评', key: 'revision', width: 120, render: (_, u) => (u.revision ? `第 ${u.revision} 版` : <Typography.Text type="secondary">尚未提交</Typography.Text>) },
    {
      title: '评分进度',
      key: 'progress',
      width: 230,
      render: (_, u) => {
        const line = progressOf.get(u.id);
        if (!line) return <Typography.Text type="secondary">{results.error ? '无法读取' : '…'}</Typography.Text>;
        return (
          <Space size={4} data-testid="scoring-unit-progress">
            {line.state === 'locked' && <LockOutlined aria-hidden />}
            <Typography.Text type={line.state === 'open' ? undefined : 'secondary'}>{progressText(line)}</Typography.Text>
          </Space>
        );
      },
    },
    {
      title: '评分专家',
      key: 'experts',
      width: 260,
      render: (_, u) => {
        const names = expertsOf.get(u.id) ?? [];
        return names.length ? names.join('、') : <Typography.Text type="secondary">未分配</Typography.Text>;
      },
    },
    {
      title: '操作',
      key: 'open',
      width: 110,
      render: (_, u) => (
        <Button size="small" type="primary" ghost onClick={() => open(u)}>
          打开评分表
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex gap={8} wrap align="center">
          <Input
            aria-label="按单位名称或报送编码筛选"
            placeholder="按单位名称或报送编码筛选"
            allowClear
            defaultValue={words}
            onChange={(e) => setFilters({ q: e.target.value.trim() }, { replace: true })}
            style={{ width: 300 }}
          />
          {/* Disabled until units are ticked in the table below. */}
          <WorksheetsButton round={round} unitIds={selected} />
        </Flex>
        <Typography.Text type="secondary" data-testid="scoring-rule-text">
          汇总规则：{ruleText(setup.settings)}
          {setup.settings.departureThreshold !== null ? `；最终得分与自评相差超过 ${setup.settings.departureThreshold} 分须写明理由` : ''}
        </Typography.Text>
      </Flex>
      <WorksheetsProgress roundId={round.id} />
      <Table<RoundUnit>
        data-testid="scoring-units-table"
        rowSelection={{
          selectedRowKeys: selected,
          // The header checkbox acts on the units shown; units hidden by the filter keep their choice.
          preserveSelectedRowKeys: true,
          getCheckboxProps: (u) => ({ 'aria-label': `选择“${u.name}”` }),
          onChange: (keys) => setSelected(keys as number[]),
        }}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={shown}
        pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个单位` }}
        locale={{ emptyText: '没有符合的单位', triggerAsc: '点击升序', triggerDesc: '点击降序', cancelSort: '取消排序' }}
        onRow={(u) => ({ onDoubleClick: () => open(u) })}
      />
    </Flex>
  );
}
