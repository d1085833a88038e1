import { Flex, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { compileFormula, formatRatio, type IndicatorNode, type LeafInput, type ResolvedValue } from '../../../../../shared/domain/indicators';
import { ValueInput } from './ValueInput';

interface Props {
  node: IndicatorNode;
  value: LeafInput | undefined;
  shared: Record<string, number | string>;
  /** The system's named values by key (Chinese label and declared scale). */
  defs: ReadonlyMap<string, ResolvedValue>;
  onChange: (v: LeafInput) => void;
}

/**
 * The input of one leaf in the 试算 form, by scoring method. Nothing is clamped or converted here:
 * what is typed goes to the engine, whose answer (a capped bonus, a refused value) is shown in
 * the 说明 column — the same answer the CLI and the service give.
 */
export function LeafInputControl({ node, value = {}, shared, defs, onChange }: Props) {
  const s = node.scoring;
  if (!s) return null;
  const label = `${node.code} 录入`;
  // The single-field inputs (grade, points, boolean) share one compact look and accessible name.
  const field = { size: 'small', style: { width: 110 }, 'aria-label': label } as const;
  switch (s.method) {
    case 'grade':
      return (
        <Select
          {...field}
          allowClear
          placeholder="选择等级"
          value={value.grade}
          onChange={(grade) => onChange({ ...value, grade })}
          options={s.grades.map((g) => ({ value: g.label, label: `${g.label}（${formatRatio(g.share)}）` }))}
        />
      );
    case 'points':
    case 'bonus':
    case 'deduction':
      return (
        <InputNumber
          {...field}
          step={s.step || 0.5}
          placeholder={`0–${node.points ?? 0}`}
          value={value.points ?? null}
          onChange={(v) => onChange({ ...value, points: v ?? undefined })}
          suffix={s.method === 'deduction' ? '扣' : s.method === 'bonus' ? '加' : undefined}
        />
      );
    case 'boolean':
      return (
        <Select
          {...field}
          allowClear
          placeholder="是否达标"
          value={value.met === undefined ? undefined : value.met ? 'yes' : 'no'}
          onChange={(v) => onChange({ ...value, met: v === undefined ? undefined : v === 'yes' })}
          options={[
            { value: 'yes', label: '达标' },
            { value: 'no', label: '未达标' },
          ]}
        />
      );
    case 'veto':
      return (
        <Flex gap={6} align="center">
          <Switch size="small" aria-label={label} checked={value.triggered === true} onChange={(triggered) => onChange({ ...value, triggered })} />
          <Typography.Text type={value.triggered ? 'danger' : 'secondary'}>{value.triggered ? '触发' : '未触发'}</Typography.Text>
          {value.triggered && <Input size="small" style={{ width: 160 }} placeholder="情况说明" value={value.note} onChange={(e) => onChange({ ...value, note: e.target.value })} />}
        </Flex>
      );
    case 'formula': {
      const c = compileFormula(s.expression);
      if (!c.ok) return <Typography.Text type="danger">公式有误</Typography.Text>;
      return (
        <Flex gap={4} wrap>
          {c.formula.variables.map((v) => {
            // Every variable is in defs (resolveValues lists them all); the fallback never shows the formula name.
            const def = defs.get(v) ?? { name: v, label: '未定义的数据', scale: 'number' as const, unit: '', source: 'inferred' as const };
            return (
              <ValueInput
                key={v}
                def={def}
                size="small"
                width={150}
                showLabel={c.formula.variables.length > 1}
                ariaLabel={`${node.code} ${def.label}`}
                placeholder={shared[v] === undefined ? '' : String(shared[v])}
                value={value.values?.[v]}
                onChange={(x) => {
                  const values = { ...value.values };
                  if (x === undefined) delete values[v];
                  else values[v] = x;
                  onChange({ ...value, values: Object.keys(values).length ? values : undefined });
                }}
              />
            );
          })}
        </Flex>
      );
    }
    case 'count':
      return <Typography.Text type="secondary">按所计指标自动判断</Typography.Text>;
  }
}
