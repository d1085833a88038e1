import { SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { SchoolQuery } from '../../../../shared/api/contracts/schools';
import { LOCALITIES, SCHOOL_STATUSES, SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

export function SchoolFilters({ query, townships, onChange }: { query: SchoolQuery; townships: string[]; onChange: (q: SchoolQuery) => void }) {
  const [text, setText] = useState(query.search ?? '');

  // Debounced so typing a name does not fire one request per keystroke.
  useEffect(() => {
    const t = setTimeout(() => {
      const search = text.trim() || undefined;
      if (search !== query.search) onChange({ ...query, search });
    }, 250);
    return () => clearTimeout(t);
  }, [text, query, onChange]);

  const set = <K extends keyof SchoolQuery>(key: K, value: SchoolQuery[K] | undefined) => onChange({ ...query, [key]: value ?? undefined });

  return (
    <Flex wrap gap={12} style={{ marginBottom: 16 }} role="search" aria-label="筛选学校">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder="搜索学校名称、标识码、乡镇/街道、校长"
        aria-label="搜索学校"
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ width: 320 }}
      />
      <Select allowClear placeholder="学校类型" aria-label="按学校类型筛选" data-testid="filter-type" style={{ width: 150 }} options={options(SCHOOL_TYPES)} value={query.type} onChange={(v) => set('type', v)} />
      <Select allowClear placeholder="城乡" aria-label="按城乡筛选" data-testid="filter-locality" style={{ width: 110 }} options={options(LOCALITIES)} value={query.locality} onChange={(v) => set('locality', v)} />
      <Select allowClear placeholder="办学状态" aria-label="按办学状态筛选" data-testid="filter-status" style={{ width: 120 }} options={options(SCHOOL_STATUSES)} value={query.status} onChange={(v) => set('status', v)} />
      <Select
        allowClear
        showSearch
        placeholder="乡镇/街道"
        aria-label="按乡镇/街道筛选"
        data-testid="filter-township"
        style={{ width: 160 }}
        options={options(townships)}
        value={query.township}
        onChange={(v) => set('township', v)}
      />
    </Flex>
  );
}
