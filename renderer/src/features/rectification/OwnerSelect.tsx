/**
 * 责任单位 chooser: a school of the register, a county department of the usual list, or any other
 * name typed in (乡镇 offices, other bureaus). The value is `school:<id>` or `dept:<name>`
 * (ledger-view.ts ownerValue), so the form never confuses a school with a department of the same name.
 */
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { DEPARTMENTS } from '../../../../shared/api/contracts/rectification';
import { useOp } from '../../api/queries';

export function useSchoolNames() {
  const schools = useOp('schools.list', {}, { silent: true });
  return useMemo(() => new Map((schools.data ?? []).map((s) => [s.id, s.name])), [schools.data]);
}

export function OwnerSelect({ value, onChange, id, ariaLabel = '责任单位', style }: { value?: string; onChange?: (v: string) => void; id?: string; ariaLabel?: string; style?: React.CSSProperties }) {
  const schools = useSchoolNames();
  const [typed, setTyped] = useState('');
  const options = useMemo(() => {
    const name = typed.trim();
    const known = name && ([...schools.values()].includes(name) || (DEPARTMENTS as readonly string[]).includes(name));
    const current = value?.startsWith('dept:') && !(DEPARTMENTS as readonly string[]).includes(value.slice(5)) ? value.slice(5) : null;
    return [
      ...(name && !known ? [{ label: '输入的单位', options: [{ value: `dept:${name}`, label: `使用“${name}”` }] }] : []),
      ...(current && current !== name ? [{ label: '当前单位', options: [{ value: `dept:${current}`, label: current }] }] : []),
      { label: '县直部门', options: DEPARTMENTS.map((d) => ({ value: `dept:${d}`, label: d })) },
      { label: '学校', options: [...schools].map(([sid, n]) => ({ value: `school:${sid}`, label: n })) },
    ];
  }, [schools, typed, value]);
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(v) => {
        onChange?.(v);
        setTyped('');
      }}
      showSearch={{ onSearch: setTyped, optionFilterProp: 'label' }}
      placeholder="选择学校、部门或输入单位名称"
      options={options}
      style={style ?? { width: '100%' }}
      notFoundContent="输入单位名称即可使用"
    />
  );
}
