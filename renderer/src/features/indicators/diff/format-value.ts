/** Readable Chinese text for a diffed field value: the same wording as the 操作日志 (shared). */
import { describeIndicatorValue, type FieldChange, type IndicatorNode } from '../../../../../shared/domain/indicators';

export function formatValue(field: string, v: unknown, nodes: readonly IndicatorNode[] = []): string {
  return describeIndicatorValue(field, v, nodes);
}

export function changeText(c: FieldChange, nodes: readonly IndicatorNode[] = []): [string, string] {
  return [formatValue(c.field, c.before, nodes), formatValue(c.field, c.after, nodes)];
}
