/**
 * 责任单位 chooser: a school of the register, a department of the usual list at the office's level
 * (区财政局 for a district: the level read from the 署名 in 公文设置), or any other name typed in
 * (乡镇 offices, other bureaus). The value is `school:<id>` or `dept:<name>`
 * (ledger-view.ts ownerValue), so the form never confuses a school with a department of the same name.
 */
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { departmentsAt, levelOf, regionOfSignature } from '../../../../shared/domain/rectification/departments';
import { useOp } from '../../api/queries';

export function useSchoolNames() {
  const schools = useOp('schools.list', {}, { silent: true });
  return useMemo(() => new Map((schools.data ?? []).map((s) => [s.id, s.name])), [schools.data]);
}

export function OwnerSelect({ value, onChange, id, ariaLabel = '责任单位', style }: { value?: string; onChange?: (v: string) => void; id?: string; ariaLabel?: string; style?: React.CSSProperties }) {
  const schools = useSchoolNames();
  const settings = useOp('documents.getSettings', {}, { silent: true });
  const level = levelOf(regionOfSignature(settings.data?.signature ?? ''));
  const [typed, setTyped] = useState('');
  const options = useMemo(() => {
    const departments = departmentsAt(level);
    const name = typed.trim();
    const known = name && ([...schools.values()].includes(name) || departments.includes(name));
    const current = value?.startsWith('dept:') && !departments.includes(value.slice(5)) ? value.slice(5) : null;
    return [
      ...(name && !known ? [{ label: '输入的单位', options: [{ value: `dept:${name}`, label: `使用“${name}”` }] }] : []),
      ...(current && current !== name ? [{ label: '当前单位', options: [{ value: `dept:${current}`, label: current }] }] : []),
      { label: `${level}直部门`, options: departments.map((d) => ({ value: `dept:${d}`, label: d })) },
      { label: '学校', options: [...schools].map(([sid, n]) => ({ value: `school:${sid}`, label: n })) },
    ];
  }, [schools, typed, value, level]);
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
