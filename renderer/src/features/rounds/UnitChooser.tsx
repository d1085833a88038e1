import { Alert, Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import type { RoundCandidate } from '../../../../shared/api/contracts/rounds';
import { SCHOOL_TYPES, type SchoolType } from '../../../../shared/domain/schools/school-enums';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { choiceKey } from './round-form-values';

const NO_TOWNSHIP = '（未填写乡镇）';

export interface UnitChooserProps {
  candidates: readonly RoundCandidate[];
  /** Chosen units as choice keys (round-form-values.ts choiceKey). */
  value?: string[];
  onChange?: (keys: string[]) => void;
  loading?: boolean;
  /** Units that must stay chosen (their package was issued), with why. */
  locked?: ReadonlyMap<string, string>;
}

interface Row extends RoundCandidate {
  key: string;
}

/**
 * The participating units of a round, chosen from the register's candidates for the year: one row
 * per unit (a campus evaluated on its own is its own row, marked 校区), filters by type, township and
 * name, 选择筛选出的全部 and a count of what is chosen. The whole filtered list is one scrolling
 * table, so the header checkbox means what it says: every unit shown.
 */
export function UnitChooser({ candidates, value = [], onChange, loading, locked }: UnitChooserProps) {
  const [types, setTypes] = useState<SchoolType[]>([]);
  const [townships, setTownships] = useState<string[]>([]);
  const [words, setWords] = useState('');
  const chosen = useMemo(() => new Set(value), [value]);

  const rows = useMemo<Row[]>(() => candidates.map((c) => ({ ...c, key: choiceKey(c) })), [candidates]);
  const townshipOptions = useMemo(() => [...new Set(rows.map((r) => r.township ?? NO_TOWNSHIP))].sort(byPinyin), [rows]);
  const typeOptions = useMemo(() => SCHOOL_TYPES.filter((t) => rows.some((r) => r.schoolType === t)), [rows]);
  const shown = useMemo(
    () =>
      rows.filter(
        (r) => (types.length === 0 || types.includes(r.schoolType)) && (townships.length === 0 || townships.includes(r.township ?? NO_TOWNSHIP)) && (!words.trim() || r.name.includes(words.trim())),
      ),
    [rows, types, townships, words],
  );
  const shownChosen = shown.filter((r) => chosen.has(r.key)).length;
  // Chosen units the candidates no longer offer (a school closed since): kept, and said.
  const stale = value.filter((k) => !rows.some((r) => r.key === k));

  const set = (keys: Iterable<string>) => {
    const next = new Set(keys);
    for (const k of locked?.keys() ?? []) next.add(k);
    onChange?.([...next]);
  };

  const columns: ColumnsType<Row> = [
    {
      title: '单位',
      key: 'name',
      sorter: (a, b) => byPinyin(a.name, b.name),
      render: (_, r) => (
        <Flex gap={6} align="center" wrap>
          <span>{r.name}</span>
          {r.campusId !== null && <Tag>校区（单独评估）</Tag>}
          {locked?.has(r.key) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {locked.get(r.key)}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: '类型', dataIndex: 'schoolType', key: 'type', width: 130, sorter: (a, b) => SCHOOL_TYPES.indexOf(a.schoolType) - SCHOOL_TYPES.indexOf(b.schoolType) },
    {
      title: '乡镇（街道）',
      key: 'township',
      width: 160,
      sorter: (a, b) => byPinyin(a.township ?? '', b.township ?? ''),
      render: (_, r) => r.township ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];

  return (
    <Flex vertical gap={8} data-testid="unit-chooser">
      <Flex wrap gap={8} align="center">
        <Select<SchoolType[]>
          mode="multiple"
          allowClear
          aria-label="按类型筛选参评单位"
          placeholder="全部类型"
          style={{ width: 240 }}
          value={types}
          onChange={setTypes}
          options={typeOptions.map((t) => ({ value: t, label: t }))}
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          aria-label="按乡镇筛选参评单位"
          placeholder="全部乡镇（街道）"
          style={{ width: 240 }}
          value={townships}
          onChange={setTownships}
          options={townshipOptions.map((t) => ({ value: t, label: t }))}
        />
        <Input allowClear aria-label="按名称筛选参评单位" placeholder="单位名称中的字词" style={{ width: 200 }} value={words} onChange={(e) => setWords(e.target.value)} />
        <Button onClick={() => set([...value, ...shown.map((r) => r.key)])} disabled={shown.length === 0 || shownChosen === shown.length} data-testid="choose-filtered">
          选择筛选出的全部（{shown.length} 个）
        </Button>
        <Button onClick={() => set(value.filter((k) => !shown.some((r) => r.key === k)))} disabled={shownChosen === 0}>
          取消选择筛选出的
        </Button>
      </Flex>
      <Typography.Text data-testid="chosen-count">
        已选 {value.length} 个单位
        {shown.length !== rows.length ? `；筛选出 ${shown.length} 个，其中已选 ${shownChosen} 个` : `；共 ${rows.length} 个可选单位`}
      </Typography.Text>
      {stale.length > 0 && <Alert type="warning" showIcon title={`已选的 ${stale.length} 个单位不在本年度的评估单位中（学校已撤并，或校区不再单独评估）；保存时会被拒绝，请取消选择或先在学校名册中核对。`} />}
      <Table<Row>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={loading}
        pagination={false}
        scroll={{ y: 360 }}
        rowSelection={{
          selectedRowKeys: value,
          preserveSelectedRowKeys: true,
          onChange: (keys) => set(keys as string[]),
          getTitleCheckboxProps: () => ({ 'aria-label': '选择筛选出的全部单位' }),
          getCheckboxProps: (r) => ({ 'aria-label': `选择“${r.name}”`, disabled: locked?.has(r.key) }),
        }}
        locale={{ emptyText: rows.length === 0 ? '本年度没有可参评的单位（学校名册为空，或学校均已撤并）' : '没有符合筛选条件的单位', triggerAsc: '点击升序', triggerDesc: '点击降序', cancelSort: '取消排序' }}
      />
    </Flex>
  );
}
