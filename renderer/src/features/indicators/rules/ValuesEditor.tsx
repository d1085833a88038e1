import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Table, Tag, Typography } from 'antd';
import {
  resolveValues,
  SCALE_LABELS,
  VALUE_SCALES,
  type IndicatorSystem,
  type ResolvedValue,
  type ValidationMessage,
  type ValueDef,
} from '../../../../../shared/domain/indicators';

interface Props {
  system: IndicatorSystem;
  messages: ValidationMessage[];
  readOnly: boolean;
  onChange: (values: ValueDef[]) => void;
}

/**
 * 数据项: every named value the formulas and value rules read, with its Chinese label (shown in the
 * 试算 form) and its ONE declared scale (比例 0～1 / 百分数 0～100 / 数值). A value not declared yet
 * is listed with its inferred label; editing it declares it.
 */
export function ValuesEditor({ system, messages, readOnly, onChange }: Props) {
  const rows = resolveValues(system);
  const declared = system.values;
  const upsert = (row: ResolvedValue, patch: Partial<ValueDef>) => {
    const next: ValueDef = { name: row.name, label: row.label, scale: row.scale, unit: row.unit, ...patch };
    onChange(declared.some((d) => d.name === row.name) ? declared.map((d) => (d.name === row.name ? next : d)) : [...declared, next]);
  };
  const problems = messages.filter((m) => m.ruleIndex === undefined && m.bandIndex === undefined && m.message.startsWith('数据“'));
  return (
    <Card size="small" title="数据项（公式与规则读取的数据：中文名称与口径）" data-testid="value-defs">
      <Table<ResolvedValue & { key: number }>
        size="small"
        pagination={false}
        dataSource={rows.map((r, key) => ({ ...r, key }))}
        locale={{ emptyText: '本体系的公式和规则不读取任何数据' }}
        columns={[
          {
            title: '数据名称',
            width: 200,
            render: (_, r) =>
              r.source === 'declared' && !readOnly ? (
                <Input
                  aria-label="数据名称"
                  value={r.name}
                  onChange={(e) => onChange(declared.map((d) => (d.name === r.name ? { ...d, name: e.target.value } : d)))}
                  style={{ fontFamily: 'monospace' }}
                />
              ) : (
                <Typography.Text code>{r.name}</Typography.Text>
              ),
          },
          { title: '中文名称', width: 260, render: (_, r) => <Input aria-label={`${r.name} 中文名称`} value={r.label} onChange={(e) => upsert(r, { label: e.target.value })} /> },
          {
            title: '口径',
            width: 280,
            render: (_, r) => (
              <Select
                style={{ width: 270 }}
                aria-label={`${r.name} 口径`}
                value={r.scale}
                onChange={(scale) => upsert(r, { scale })}
                options={VALUE_SCALES.map((s) => ({ value: s, label: SCALE_LABELS[s] }))}
              />
            ),
          },
          {
            title: '单位',
            width: 100,
            render: (_, r) => <Input aria-label={`${r.name} 单位`} disabled={r.scale !== 'number'} value={r.scale === 'number' ? r.unit : ''} onChange={(e) => upsert(r, { unit: e.target.value })} />,
          },
          { title: '', width: 70, render: (_, r) => (r.source === 'inferred' ? <Tag>未定义</Tag> : null) },
          {
            width: 50,
            render: (_, r) =>
              r.source === 'declared' && !readOnly ? (
                <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除数据项" onClick={() => onChange(declared.filter((d) => d.name !== r.name))} />
              ) : null,
          },
        ]}
      />
      {problems.map((m, k) => (
        <Typography.Text key={k} type="danger" style={{ display: 'block' }}>
          {m.message}
        </Typography.Text>
      ))}
      {!readOnly && (
        <Button
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => {
            let n = declared.length + 1;
            while (rows.some((r) => r.name === `value${n}`)) n++;
            onChange([...declared, { name: `value${n}`, label: `数据${n}`, scale: 'number', unit: '' }]);
          }}
        >
          添加数据项
        </Button>
      )}
    </Card>
  );
}
