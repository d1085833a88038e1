import { Form, Input, InputNumber } from 'antd';
import type { StatHistoryEntry, StatSource } from '../../../../../shared/api/contracts/statistics';
import type { StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { parseList } from './stat-form-values';
import { StatSourceTag } from './StatSourceTag';

/**
 * One statistics field: a number box with its unit, or a comma list for class sizes and room areas;
 * below it, where the stored value came from and (on click) its history.
 */
export function StatFieldInput({ def, source, history = [] }: { def: StatFieldDef; source?: StatSource; history?: readonly StatHistoryEntry[] }) {
  const extra = source || history.length > 0 ? <StatSourceTag def={def} source={source} history={history} /> : undefined;
  const common = { name: def.key, label: def.label, tooltip: def.hint, extra };
  if (def.kind === 'list') {
    return (
      <Form.Item
        {...common}
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              const r = parseList(v ?? '');
              if (r.error) throw new Error(r.error);
            },
          },
        ]}
      >
        <Input placeholder="如 45,43,46" suffix={def.unit} aria-label={def.label} data-testid={`stat-${def.key}`} allowClear />
      </Form.Item>
    );
  }
  return (
    <Form.Item {...common}>
      <InputNumber
        aria-label={def.label}
        data-testid={`stat-${def.key}`}
        min={0}
        max={def.kind === 'percent' ? 100 : undefined}
        precision={def.kind === 'count' ? 0 : undefined}
        suffix={def.unit}
        placeholder="未填"
        style={{ width: '100%' }}
      />
    </Form.Item>
  );
}
