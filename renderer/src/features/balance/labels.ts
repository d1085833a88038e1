import type { AttainmentStatus, BalanceSection, Verdict } from '../../../../shared/domain/balance';

export const SECTION_OPTIONS: { value: BalanceSection | 'all'; label: string }[] = [
  { value: 'all', label: '小学和初中' },
  { value: 'primary', label: '小学' },
  { value: 'junior', label: '初中' },
];

/** Cell colours of the attainment table: green met, amber within 85 %, red below, grey missing. */
export const STATUS_STYLE: Record<AttainmentStatus, { background: string; color: string; label: string }> = {
  met: { background: '#e8f5e9', color: '#1b5e20', label: '达标' },
  within85: { background: '#fff4d6', color: '#8a5a00', label: '未达标，不低于85%' },
  below: { background: '#fde2e1', color: '#b71c1c', label: '低于85%' },
  missing: { background: '#eeeeee', color: '#616161', label: '数据缺失' },
};

export const VERDICT_COLOR: Record<Verdict, string> = { pass: 'green', fail: 'red', incomplete: 'default' };

export const passText = (p: boolean | null) => (p === null ? '—' : p ? '达到' : '未达到');
