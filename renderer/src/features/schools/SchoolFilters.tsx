import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { SchoolQuery } from '../../../../shared/api/contracts/schools';
import { LOCALITIES, SCHOOL_STATUSES, SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import type { SetOptions } from '../../app/url-state';

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

export type FilterPatch = Partial<Record<keyof SchoolQuery, string | undefined>>;

/**
 * The filter bar of the register. The query lives in the address (SchoolsPage): choices push a
 * history step, typing in the search box replaces the current one, so the back button returns to
 * the previous filter rather than to every keystroke.
 */
export function SchoolFilters({ query, townships, onChange }: { query: SchoolQuery; townships: string[]; onChange: (patch: FilterPatch, o?: SetOptions) => void }) {
  const [text, setText] = useState(query.search ?? '');
  // The address can change under the box (back button, a link): show what it says.
  const lastSent = useRef(query.search ?? '');
  useEffect(() => {
    const fromUrl = query.search ?? '';
    if (fromUrl !== lastSent.current) {
      lastSent.current = fromUrl;
      setText(fromUrl);
    }
  }, [query.search]);

  // Debounced so typing a name does not fire one request (and one address change) per keystroke.
  useEffect(() => {
    const t = setTimeout(() => {
      const search = text.trim();
      if (search === (query.search ?? '')) return;
      lastSent.current = search;
      onChange({ search: search || undefined }, { replace: true });
    }, 250);
    return () => clearTimeout(t);
  }, [text, query.search, onChange]);

  const set = (key: keyof SchoolQuery, value: string | undefined) => onChange({ [key]: value ?? undefined });
  const sortedTownships = [...townships].sort(byPinyin);

  return (
    <Flex wrap gap={12} style={{ marginBottom: 16 }} role="search" aria-label="筛选学校">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder="搜索学校名称、标识码、乡镇（街道）、校长"
        aria-label="搜索学校"
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ width: 320 }}
      />
      <Select allowClear placeholder="学校类型" aria-label="按学校类型筛选" data-testid="filter-type" style={{ width: 150 }} options={options(SCHOOL_TYPES)} value={query.type} onChange={(v) => set('type', v)} />
      <Select allowClear placeholder="城乡类别" aria-label="按城乡筛选" data-testid="filter-locality" style={{ width: 120 }} options={options(LOCALITIES)} value={query.locality} onChange={(v) => set('locality', v)} />
      <Select allowClear placeholder="办学状态" aria-label="按办学状态筛选" data-testid="filter-status" style={{ width: 120 }} options={options(SCHOOL_STATUSES)} value={query.status} onChange={(v) => set('status', v)} />
      <Select
        allowClear
        showSearch
        placeholder="乡镇（街道）"
        aria-label="按乡镇（街道）筛选"
        data-testid="filter-township"
        style={{ width: 160 }}
        options={options(sortedTownships)}
        value={query.township}
        onChange={(v) => set('township', v)}
      />
    </Flex>
  );
}
