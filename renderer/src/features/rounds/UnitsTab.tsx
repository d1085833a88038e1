import { CloudDownloadOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import type { RoundDetail, RoundUnit } from '../../../../shared/api/contracts/rounds';
import { MANUAL_CHANGE_LABELS, UNIT_STATE_LABELS, UNIT_STATES, type ManualChange, type UnitState } from '../../../../shared/domain/rounds/rounds';
import { SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import { formatDate, formatDateTime } from '../../../../shared/domain/text/datetime';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { useUrlChoice } from '../../app/url-state';
import { ChangeStateModal } from './ChangeStateModal';
import { ExtendModal } from './ExtendModal';
import { PackagesModal, PackagesProgress } from './PackagesPanel';
import { UNIT_STATE_COLORS } from './round-view';
import { ImportPackagesButton } from './submissions/ImportPackagesButton';
import { UnitStateTag } from './UnitStateTags';
import { usePackages } from './use-packages';

const STATE_FILTERS = ['all', ...UNIT_STATES] as const;
type StateFilter = (typeof STATE_FILTERS)[number];
const CHANGES = Object.keys(MANUAL_CHANGE_LABELS) as ManualChange[];
const NO_TOWNSHIP = '（未填写）';
const SELECTION_WIDTH = 40;

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const compareText = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

/** What the state tag's tooltip adds: the forfeit's reason, who and when; the latest state change. */
function stateDetail(u: RoundUnit): string {
  if (u.forfeit) return `弃权原因：${u.forfeit.reason}（${u.forfeit.by}，${formatDateTime(u.forfeit.at)}）`;
  return `${formatDateTime(u.stateChangedAt)} 起为“${UNIT_STATE_LABELS[u.state]}”`;
}

/**
 * 参评单位: every unit of the round with its 报送编码, state, revision (with 逾期 and the last import),
 * latest extension and open queries — every column in view at 1440 without scrolling sideways; chips with the count per state filter the table (the chosen state is
 * in the address, so a reload keeps it); column filters and sorting; selected rows get
 * 生成填报包 and the manual changes (确认, 撤销确认, 确认弃权, 撤销弃权). 生成填报包 runs as a job
 * shown in place.
 */
export function UnitsTab({ round }: { round: RoundDetail }) {
  const [stateFilter, setStateFilter] = useUrlChoice<StateFilter>('state', STATE_FILTERS, 'all');
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const [change, setChange] = useState<ManualChange | null>(null);
  const [extending, setExtending] = useState<RoundUnit | null>(null);
  const [packagesOpen, setPackagesOpen] = useState(false);
  const packages = usePackages(round.id);

  const units = round.units;
  const shown = useMemo(() => (stateFilter === 'all' ? units : units.filter((u) => u.state === stateFilter)), [units, stateFilter]);
  // The batch acts on what is seen: a selection a new filter hides drops out.
  const selected = shown.filter((u) => selectedIds.includes(u.id));
  const types = SCHOOL_TYPES.filter((t) => units.some((u) => u.schoolType === t));
  const townships = [...new Set(units.map((u) => u.township ?? NO_TOWNSHIP))].sort(byPinyin);

  const columns: ColumnsType<RoundUnit> = [
    { title: '报送编码', dataIndex: 'code', key: 'code', width: 92, fixed: 'left', sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
    {
      title: '单位',
      key: 'name',
      width: 156,
      fixed: 'left',
      sorter: (a, b) => byPinyin(a.name, b.name),
      render: (_, u) => (
        <Flex gap={4} align="center" wrap>
          <span data-testid="unit-name">{u.name}</span>
          {u.campusId !== null && <Tag style={{ marginInlineEnd: 0 }}>校区</Tag>}
        </Flex>
      ),
    },
    {
      title: '类型',
      dataIndex: 'schoolType',
      key: 'type',
      width: 80,
      sorter: (a, b) => SCHOOL_TYPES.indexOf(a.schoolType) - SCHOOL_TYPES.indexOf(b.schoolType),
      filters: types.map((t) => ({ text: t, value: t })),
      onFilter: (v, u) => u.schoolType === v,
    },
    {
      title: '乡镇（街道）',
      key: 'township',
      width: 136,
      sorter: (a, b) => byPinyin(a.township ?? '', b.township ?? ''),
      filters: townships.map((t) => ({ text: t, value: t })),
      onFilter: (v, u) => (u.township ?? NO_TOWNSHIP) === v,
      render: (_, u) => u.township ?? dash,
    },
    {
      title: '状态',
      key: 'state',
      width: 92,
      sorter: (a, b) => UNIT_STATES.indexOf(a.state) - UNIT_STATES.indexOf(b.state),
      render: (_, u) => (
        <Tooltip title={stateDetail(u)}>
          <span>
            <UnitStateTag state={u.state} />
          </span>
        </Tooltip>
      ),
    },
    {
      // The revision with what belongs to it — its 逾期 mark and when it was imported — in one cell, so
      // the table fits a 1440 window without scrolling sideways (new-user trial).
      title: '版本',
      key: 'revision',
      width: 146,
      sorter: (a, b) => a.revision - b.revision,
      filters: [
        { text: '逾期', value: 'late' },
        { text: '未逾期', value: 'onTime' },
      ],
      onFilter: (v, u) => (v === 'late' ? u.late : !u.late),
      render: (_, u) => (
        <Flex vertical gap={2}>
          <Flex gap={4} align="center" wrap>
            <Tooltip title={u.packageVersion ? `已下发第 ${u.packageVersion} 版填报包${u.issuedAt ? `（${formatDateTime(u.issuedAt)}）` : ''}` : '尚未下发填报包'}>
              <span data-testid="unit-row-revision">{u.revision ? `第 ${u.revision} 版` : '未提交'}</span>
            </Tooltip>
            {u.late && (
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="unit-late">
                逾期
              </Tag>
            )}
          </Flex>
          {u.lastImportAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="unit-last-import">
              {formatDateTime(u.lastImportAt)} 导入
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: '延期',
      key: 'extension',
      width: 120,
      sorter: (a, b) => compareText(a.extensions[0]?.until ?? null, b.extensions[0]?.until ?? null),
      render: (_, u) => {
        const e = u.extensions[0];
        if (!e) return dash;
        return (
          <Tooltip
            title={
              <div>
                <div>原因：{e.reason}</div>
                <div>
                  {e.by}，{formatDateTime(e.at)} 办理
                </div>
                {u.extensions.length > 1 && <div>共办理 {u.extensions.length} 次延期</div>}
              </div>
            }
          >
            <span data-testid="unit-extension">
              {e.stageName} 至 {formatDate(e.until)}
            </span>
          </Tooltip>
        );
      },
    },
    // 待答复 (not 待答复意见): the longer header was cut at 1366 (new-user trial); the tooltip says what it counts.
    {
      title: <Tooltip title="退回修改中尚未答复的意见条数">待答复</Tooltip>,
      dataIndex: 'openQueries',
      key: 'queries',
      width: 88,
      align: 'right',
      sorter: (a, b) => a.openQueries - b.openQueries,
    },
    {
      title: '操作',
      key: 'actions',
      width: 136,
      fixed: 'right',
      render: (_, u) => (
        <Space size={8}>
          <Typography.Link href={`#/rounds/${round.id}/units/${u.id}`} data-testid="unit-materials">
            查看材料
          </Typography.Link>
          {/* A unit that forfeited or is confirmed has nothing left to hand in: no extension to grant. */}
          {u.state !== 'forfeited' && u.state !== 'confirmed' && (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setExtending(u)} aria-label={`为“${u.name}”办理延期`}>
              办理延期
            </Button>
          )}
        </Space>
      ),
    },
  ];
  // The table is exactly as wide as its columns: wider than the window (1366), it scrolls with every
  // column reachable; a guessed width narrower than the columns hid the last ones under 操作.
  const tableWidth = SELECTION_WIDTH + columns.reduce((n, c) => n + Number(c.width ?? 0), 0);

  const count = (s: UnitState) => round.counts[s] ?? 0;

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} role="group" aria-label="按状态筛选" data-testid="state-chips">
        {STATE_FILTERS.map((s) => {
          const n = s === 'all' ? units.length : count(s);
          const active = stateFilter === s;
          return (
            <Button
              key={s}
              size="small"
              shape="round"
              type={active ? 'primary' : 'default'}
              aria-pressed={active}
              disabled={n === 0 && s !== 'all' && !active}
              onClick={() => setStateFilter(s)}
              data-testid={`state-chip-${s}`}
            >
              {s !== 'all' && <Badge color={UNIT_STATE_COLORS[s] === 'default' ? '#bfbfbf' : UNIT_STATE_COLORS[s]} />}
              {s === 'all' ? '全部' : UNIT_STATE_LABELS[s]} {n}
            </Button>
          );
        })}
      </Flex>
      <Flex wrap gap={8} align="center">
        <Button type="primary" icon={<CloudDownloadOutlined />} onClick={() => setPackagesOpen(true)} disabled={packages.running} data-testid="open-packages">
          生成填报包
        </Button>
        {/* 导入填报包 beside 生成填报包: the two halves of the USB round trip. */}
        <ImportPackagesButton roundId={round.id} />
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          {selected.length ? `已选 ${selected.length} 个单位：` : '选择单位后可批量操作：'}
        </Typography.Text>
        {CHANGES.map((c) => (
          <Button key={c} danger={c === 'forfeit'} disabled={selected.length === 0} onClick={() => setChange(c)} data-testid={`change-${c}`}>
            {MANUAL_CHANGE_LABELS[c]}
          </Button>
        ))}
        {selected.length > 0 && (
          <Button type="link" onClick={() => setSelectedIds([])}>
            清除选择
          </Button>
        )}
      </Flex>
      <PackagesProgress roundId={round.id} packages={packages} />
      <Table<RoundUnit>
        data-testid="units-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={shown}
        scroll={{ x: tableWidth }}
        rowSelection={{
          selectedRowKeys: selected.map((u) => u.id),
          onChange: (keys) => setSelectedIds(keys as number[]),
          fixed: 'left',
          columnWidth: SELECTION_WIDTH,
          getTitleCheckboxProps: () => ({ 'aria-label': '选择本页全部单位' }),
          getCheckboxProps: (u) => ({ 'aria-label': `选择“${u.name}”` }),
        }}
        pagination={{ defaultPageSize: 50, showSizeChanger: true, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个单位` }}
        locale={{
          emptyText: stateFilter === 'all' ? '本项目还没有参评单位' : `没有“${UNIT_STATE_LABELS[stateFilter]}”的单位`,
          filterConfirm: '确定',
          filterReset: '重置',
          triggerAsc: '点击升序',
          triggerDesc: '点击降序',
          cancelSort: '取消排序',
          selectAll: '全选本页',
          selectInvert: '反选本页',
        }}
      />
      {packagesOpen && <PackagesModal units={units} selected={selected} packages={packages} onClose={() => setPackagesOpen(false)} />}
      {change && (
        <ChangeStateModal
          roundId={round.id}
          units={selected}
          change={change}
          onClose={() => setChange(null)}
          onDone={() => {
            setChange(null);
            setSelectedIds([]);
          }}
        />
      )}
      {extending && <ExtendModal round={round} unit={extending} onClose={() => setExtending(null)} />}
    </Flex>
  );
}
