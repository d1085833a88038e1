import type { ImportKind } from '../../../../shared/api/contracts/exchange';
import { STAT_FIELD_BY_KEY } from '../../../../shared/domain/schools/statistics-fields';

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { schools: '学校名册', stats: '统计数据' };

/**
 * A figure as the screens write it: thousands separated (1,833,700) for a single value; a list (各班
 * 人数, 各教室面积) item by item without separators (96、100.5), since each item is small and a
 * separator inside would read as another item.
 */
export function formatFigure(value: number | readonly number[]): string {
  if (Array.isArray(value)) return value.map((n) => String(n)).join('、');
  return (value as number).toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

/**
 * Shows a stored value the way an office user would write it; missing stays visibly missing. With
 * a statistics field key the value gets its unit (1,234,500 元, 45、43、46 人); `unit` overrides.
 */
export function formatValue(value: unknown, field?: string): string {
  if (value === null || value === undefined || value === '') return '（空）';
  const unit = field ? (STAT_FIELD_BY_KEY.get(field)?.unit ?? '') : '';
  const withUnit = (text: string) => (unit ? `${text} ${unit}` : text);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) return withUnit(formatFigure(value as number[]));
    return value.map((v) => formatValue(v)).join('、');
  }
  if (typeof value === 'number') return withUnit(formatFigure(value));
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') {
    // Never raw JSON on screen: name: value pairs as a reader would list them.
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${STAT_FIELD_BY_KEY.get(k)?.label ?? k}：${formatValue(v, k)}`)
      .join('；');
  }
  return String(value);
}
