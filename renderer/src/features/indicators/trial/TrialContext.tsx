import { Card, Flex, Select, Typography } from 'antd';
import {
  categoryGroupsFor,
  PARTNERSHIP_TYPES,
  SCHOOL_TYPES,
  SECTION_LABELS,
  SECTIONS,
  type EvaluationContext,
  type ResolvedCategoryGroup,
  type ResolvedValue,
  type TrialInput,
  type ValueProblem,
} from '../../../../../shared/domain/indicators';
import { ValueInput } from './ValueInput';

interface Props {
  input: TrialInput;
  fields: ResolvedValue[];
  /** The system's categories (紧密程度: 紧密型 / 松散型 …), from its own definition. */
  categoryGroups: ResolvedCategoryGroup[];
  /** Values the engine refused (from the result), shown under their fields. */
  refused: ValueProblem[];
  onChange: (input: TrialInput) => void;
}

/**
 * Who is evaluated (decides applicability and thresholds) and the shared statistics formulas read.
 * The categories offered are the system's own (类别 in 规则与等级): one choice per category, and
 * only the categories of the chosen partnership type; nothing is typed freely.
 */
export function TrialContext({ input, fields, categoryGroups, refused, onChange }: Props) {
  const ctx = input.context ?? {};
  const setCtx = (patch: Partial<EvaluationContext>) => onChange({ ...input, context: { ...ctx, ...patch } });
  const chosen = ctx.categories ?? [];
  const asked = categoryGroupsFor(categoryGroups, ctx.partnershipType);
  // The choice of one category replaces its previous option and keeps the others'.
  const choose = (g: ResolvedCategoryGroup, picked: string[]) => {
    const rest = chosen.filter((c) => !g.options.includes(c));
    const categories = [...rest, ...picked];
    setCtx({ categories: categories.length ? categories : undefined });
  };
  // A partnership type that does not ask a category drops its choice, so nothing hidden still counts.
  const setPartnership = (partnershipType: EvaluationContext['partnershipType']) => {
    const kept = categoryGroupsFor(categoryGroups, partnershipType).flatMap((g) => g.options);
    const categories = chosen.filter((c) => kept.includes(c));
    setCtx({ partnershipType, categories: categories.length ? categories : undefined });
  };
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
        <Select allowClear style={{ width: 150 }} placeholder="办学共同体类型" aria-label="办学共同体类型" value={ctx.partnershipType} onChange={setPartnership} options={PARTNERSHIP_TYPES.map((s) => ({ value: s, label: s }))} />
        {asked.map((g) =>
          g.source === 'declared' ? (
            <Select
              key={g.label}
              allowClear
              style={{ width: 150 }}
              placeholder={g.label}
              aria-label={g.label}
              value={g.options.find((o) => chosen.includes(o))}
              onChange={(v: string | undefined) => choose(g, v ? [v] : [])}
              options={g.options.map((o) => ({ value: o, label: o }))}
            />
          ) : (
            <Select
              key={g.label}
              mode="multiple"
              allowClear
              style={{ minWidth: 180 }}
              placeholder={g.label}
              aria-label={g.label}
              value={g.options.filter((o) => chosen.includes(o))}
              onChange={(v: string[]) => choose(g, v)}
              options={g.options.map((o) => ({ value: o, label: o }))}
            />
          ),
        )}
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
