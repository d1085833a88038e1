/** Readable Chinese text for a diffed field value: the same wording as the 操作日志 (shared). */
import { describeIndicatorValue, type FieldChange, type IndicatorSystem } from '../../../../../shared/domain/indicators';

type Context = Pick<IndicatorSystem, 'nodes'> & Partial<Pick<IndicatorSystem, 'values' | 'passRules'>>;

/** One diffed value as Chinese text; `system` names rule targets and formula values. */
export function formatValue(field: string, v: unknown, system: Context = { nodes: [] }): string {
  return describeIndicatorValue(field, v, system);
}

/** Both sides of a change as Chinese text. */
export function changeText(c: FieldChange, system: Context = { nodes: [] }): [string, string] {
  return [formatValue(c.field, c.before, system), formatValue(c.field, c.after, system)];
}
