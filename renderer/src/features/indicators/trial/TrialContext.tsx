import { Card, Flex, Select, Typography } from 'antd';
import {
  PARTNERSHIP_TYPES,
  SCHOOL_TYPES,
  SECTION_LABELS,
  SECTIONS,
  type EvaluationContext,
  type ResolvedValue,
  type TrialInput,
  type ValueProblem,
} from '../../../../../shared/domain/indicators';
import { ValueInput } from './ValueInput';

interface Props {
  input: TrialInput;
  fields: ResolvedValue[];
  /** Values the engine refused (from the result), shown under their fields. */
  refused: ValueProblem[];
  onChange: (input: TrialInput) => void;
}

/** Who is evaluated (decides applicability and thresholds) and the shared statistics formulas read. */
export function TrialContext({ input, fields, refused, onChange }: Props) {
  const ctx = input.context ?? {};
  const setCtx = (patch: Partial<EvaluationContext>) => onChange({ ...input, context: { ...ctx, ...patch } });
  const values = input.values ?? {};
  const setValue = (name: string, v: number | string | undefined) => {
    const next = { ...values };
    if (v === undefined) delete next[name];
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
            公式与规则使用的数据（比例可填 0.85 或 85%；填 85 会被拒绝并提示两种读法）：
          </Typography.Paragraph>
          <Flex gap={8} wrap align="start">
            {fields.map((f) => (
              <ValueInput
                key={f.name}
                def={f}
                ariaLabel={`数据 ${f.label}`}
                value={values[f.name]}
                problem={refused.find((p) => p.name === f.name)?.message}
                onChange={(v) => setValue(f.name, v)}
              />
            ))}
          </Flex>
        </>
      )}
    </Card>
  );
}
