import type { ImportKind } from '../../../../shared/api/contracts/exchange';

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { schools: '学校名册', stats: '统计数据' };

/** Shows a stored value the way an office user would write it; missing stays visibly missing. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (Array.isArray(value)) return value.join('，');
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
