import { Form, InputNumber } from 'antd';
import type { StatHistoryEntry, StatSource } from '../../../../../shared/api/contracts/statistics';
import { statValueIssue } from '../../../../../shared/domain/schools/stat-validation';
import type { StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { ListTableInput } from './ListTableInput';
import { listFieldError, type ListEntry } from './stat-form-values';
import { StatSourceTag } from './StatSourceTag';

/**
 * One statistics field: a number box with its unit, or for class sizes and room areas a small
 * table (one row per class or room); below it, where the stored value came from and (on click) its
 * history. A negative or fractional count is refused beside the field with the shared rule's
 * message (stat-validation.ts) — never clamped to 0 or rounded; a value that contradicts the
 * school's other records (`warn`) is marked as a warning only.
 */
export function StatFieldInput({
  def,
  source,
  history = [],
  warn,
}: {
  def: StatFieldDef;
  source?: StatSource;
  history?: readonly StatHistoryEntry[];
  /**
   * A warning about an acceptable value (a campus above its school, campus-totals.ts): shown beside
   * the field in the warning colour, never blocking the save.
   */
  warn?: (value: number | null | undefined) => string | null;
}) {
  const extra = source || history.length > 0 ? <StatSourceTag def={def} source={source} history={history} /> : undefined;
  if (def.kind === 'list') {
    return (
      <Form.Item
        name={def.key}
        label={def.label}
        extra={extra}
        rules={[
          {
            validator: async (_, v: ListEntry[] | undefined) => {
              const message = listFieldError(def, v);
              if (message) throw new Error(message);
            },
          },
        ]}
      >
        <ListTableInput def={def} />
      </Form.Item>
    );
  }
  return (
    <Form.Item
      name={def.key}
      label={def.label}
      tooltip={def.hint}
      extra={extra}
      rules={[
        {
          validator: async (_, v: number | null | undefined) => {
            const message = statValueIssue(def, v);
            if (message) throw new Error(message);
          },
        },
        ...(warn
          ? [
              {
                warningOnly: true,
                validator: async (_: unknown, v: number | null | undefined) => {
                  const message = warn(v);
                  if (message) throw new Error(message);
                },
              },
            ]
          : []),
      ]}
    >
      <InputNumber aria-label={def.label} controls={false} data-testid={`stat-${def.key}`} suffix={def.unit} placeholder="未填" style={{ width: '100%' }} />
    </Form.Item>
  );
}
