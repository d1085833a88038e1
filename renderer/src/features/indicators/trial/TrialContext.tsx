import { Card, Flex, InputNumber, Select, Typography } from 'antd';
import {
  PARTNERSHIP_TYPES,
  SCHOOL_TYPES,
  SECTION_LABELS,
  SECTIONS,
  type EvaluationContext,
  type TrialInput,
} from '../../../../../shared/domain/indicators';
import type { ValueField } from './trial-helpers';

interface Props {
  input: TrialInput;
  fields: ValueField[];
  onChange: (input: TrialInput) => void;
}

/** Who is evaluated (decides applicability and thresholds) and the shared statistics formulas read. */
export function TrialContext({ input, fields, onChange }: Props) {
  const ctx = input.context ?? {};
  const setCtx = (patch: Partial<EvaluationContext>) => onChange({ ...input, context: { ...ctx, ...patch } });
  const values = input.values ?? {};
  const setValue = (name: string, v: number | null) => {
    const next = { ...values };
    if (v === null) delete next[name];
    else next[name] = v;
    onChange({ ...input, values: next });
  };
  return (
    <Card size="small" title="评估对象与数据">
      <Flex gap={12} wrap align="center">
        <Select allowClear style={{ width: 130 }} placeholder="学段" aria-label="学段" value={ctx.section} onChange={(section) => setCtx({ section })} options={SECTIONS.map((s) => ({ value: s, label: SECTION_LABELS[s] }))} />
        <Select allowClear style={{ width: 150 }} placeholder="学校类型" aria-label="学校类型" value={ctx.schoolType} onChange={(schoolType) => setCtx({ schoolType })} options={SCHOOL_TYPES.map((s) => ({ value: s, label: s }))} />
        <Select allowClear style={{ width: 150 }} placeholder="办学共同体类型" value={ctx.partnershipType} onChange={(partnershipType) => setCtx({ partnershipType })} options={PARTNERSHIP_TYPES.map((s) => ({ value: s, label: s }))} />
        <Select mode="tags" style={{ minWidth: 200 }} placeholder="类别（牵头校、成员校…）" value={ctx.categories ?? []} onChange={(categories) => setCtx({ categories })} />
      </Flex>
      {fields.length > 0 && (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 8px' }}>
            公式与规则使用的数据（比例填小数，如 0.85 表示 85%）：
          </Typography.Paragraph>
          <Flex gap={8} wrap>
            {fields.map((f) => (
              <InputNumber
                key={f.name}
                style={{ width: 220 }}
                aria-label={`数据 ${f.name}`}
                prefix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.label}</Typography.Text>}
                value={values[f.name] ?? null}
                onChange={(v) => setValue(f.name, v)}
              />
            ))}
          </Flex>
        </>
      )}
    </Card>
  );
}
