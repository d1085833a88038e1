import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import {
  resolveValues,
  SCALE_LABELS,
  VALUE_SCALES,
  type IndicatorSystem,
  type ResolvedValue,
  type ValidationMessage,
  type ValueDef,
} from '../../../../../shared/domain/indicators';
import { fieldStatus } from '../field-messages';

interface Props {
  system: IndicatorSystem;
  messages: ValidationMessage[];
  readOnly: boolean;
  onChange: (values: ValueDef[]) => void;
}

/**
 * 数据项: every named value the formulas and value rules read, with its Chinese label and unit
 * (what the 试算 form, the explanations and the Excel export show instead of the formula name) and
 * its ONE declared scale (比例 0～1 / 百分数 0～100 / 数值). A value a formula reads but nobody
 * declared is listed as 未定义 (an error in validation); giving it a Chinese name declares it.
 * Each message sits under the cell it is about.
 */
export function ValuesEditor({ system, messages, readOnly, onChange }: Props) {
  const rows = resolveValues(system);
  const declared = system.values;
  const indexOf = (r: ResolvedValue) => (r.source === 'declared' ? declared.findIndex((d) => d.name === r.name) : -1);
  const upsert = (row: ResolvedValue, patch: Partial<ValueDef>) => {
    // Declaring an inferred value starts from an empty Chinese name unless one was inferred from a title or rule.
    const label = row.source === 'inferred' && row.label.endsWith('（未定义中文名称）') ? '' : row.label;
    const next: ValueDef = { name: row.name, label, scale: row.scale, unit: row.unit, ...patch };
    onChange(declared.some((d) => d.name === row.name) ? declared.map((d) => (d.name === row.name ? next : d)) : [...declared, next]);
  };
  const rowMessages = (r: ResolvedValue, field: ValidationMessage['field']) => {
    const i = indexOf(r);
    return i < 0 ? [] : messages.filter((m) => m.valueIndex === i && m.field === field);
  };
  const under = (r: ResolvedValue, field: ValidationMessage['field']) =>
    rowMessages(r, field).map((m, k) => (
      <Typography.Text key={k} type="danger" style={{ fontSize: 12 }} data-testid="value-message">
        {m.message}
      </Typography.Text>
    ));
  return (
    <Card size="small" title="数据项（公式与规则读取的数据：中文名称、单位与口径）" data-testid="value-defs">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        公式里用“公式中的名称”书写；试算表单、计分说明和导出的 Excel 一律显示中文名称和单位。
      </Typography.Paragraph>
      <Table<ResolvedValue & { key: number }>
        size="small"
        pagination={false}
        dataSource={rows.map((r, key) => ({ ...r, key }))}
        locale={{ emptyText: '本体系的公式和规则不读取任何数据' }}
        columns={[
          {
            title: '公式中的名称',
            width: 200,
            render: (_, r) =>
              r.source === 'declared' && !readOnly ? (
                <Flex vertical gap={2}>
                  <Input
                    aria-label={`数据项 ${r.key + 1} 公式中的名称`}
                    status={rowMessages(r, 'name').length ? 'error' : undefined}
                    value={r.name}
                    onChange={(e) => onChange(declared.map((d) => (d.name === r.name ? { ...d, name: e.target.value } : d)))}
                    style={{ fontFamily: 'monospace' }}
                  />
                  {under(r, 'name')}
                </Flex>
              ) : (
                <Typography.Text code>{r.name}</Typography.Text>
              ),
          },
          {
            title: '中文名称',
            width: 260,
            render: (_, r) => (
              <Flex vertical gap={2}>
                <Input
                  aria-label={`数据项 ${r.key + 1} 中文名称`}
                  status={fieldStatus(rowMessages(r, 'label'), 'label') ?? (r.source === 'inferred' ? 'warning' : undefined)}
                  placeholder="如：在校生数"
                  value={r.source === 'inferred' && r.label.endsWith('（未定义中文名称）') ? '' : r.label}
                  onChange={(e) => upsert(r, { label: e.target.value })}
                />
                {under(r, 'label')}
              </Flex>
            ),
          },
          {
            title: '口径',
            width: 280,
            render: (_, r) => (
              <Select
                style={{ width: 270 }}
                aria-label={`数据项 ${r.key + 1} 口径`}
                value={r.scale}
                onChange={(scale) => upsert(r, { scale })}
                options={VALUE_SCALES.map((s) => ({ value: s, label: SCALE_LABELS[s] }))}
              />
            ),
          },
          {
            title: '单位',
            width: 100,
            render: (_, r) => (
              <Input aria-label={`数据项 ${r.key + 1} 单位`} placeholder={r.scale === 'number' ? '如：人' : ''} disabled={r.scale !== 'number'} value={r.scale === 'number' ? r.unit : ''} onChange={(e) => upsert(r, { unit: e.target.value })} />
            ),
          },
          {
            title: '',
            width: 70,
            render: (_, r) =>
              r.source === 'inferred' ? (
                <Tooltip title="公式或规则读取了这项数据，但还没有定义中文名称和口径。填写中文名称即完成定义。">
                  <Tag color="red">未定义</Tag>
                </Tooltip>
              ) : null,
          },
          {
            width: 50,
            render: (_, r) =>
              r.source === 'declared' && !readOnly ? (
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除数据项 ${r.key + 1}`} onClick={() => onChange(declared.filter((d) => d.name !== r.name))} />
              ) : null,
          },
        ]}
      />
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
