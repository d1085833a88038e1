import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, InputNumber, Select, Typography } from 'antd';
import { describePassRule, flattenNodes, resolveValues, SCALE_LABELS, valueCaption, type IndicatorSystem, type PassRule, type ValidationMessage } from '../../../../../shared/domain/indicators';

const KINDS: { value: PassRule['kind']; label: string }[] = [
  { value: 'totalAtLeast', label: '总分不低于' },
  { value: 'nodeAtLeast', label: '某指标得分不低于' },
  { value: 'allMet', label: '某指标下各项均达标' },
  { value: 'atLeastNMet', label: '某指标下至少 N 项达标' },
  { value: 'noVeto', label: '未触发一票否决' },
  { value: 'valueAtLeast', label: '某项数据不低于' },
];

function blank(kind: PassRule['kind'], firstNode: string, firstValue?: { name: string; label: string }): PassRule {
  switch (kind) {
    case 'totalAtLeast':
      return { kind, min: 60 };
    case 'nodeAtLeast':
      return { kind, nodeId: firstNode, min: 0 };
    case 'allMet':
      return { kind, nodeId: firstNode };
    case 'atLeastNMet':
      return { kind, nodeId: firstNode, n: 1 };
    case 'noVeto':
      return { kind };
    case 'valueAtLeast':
      // Only offered when a value is declared (数据项); the rule reads it by its declared label.
      return { kind, name: firstValue?.name ?? '', label: firstValue?.label ?? '', min: 0 };
  }
}

interface Props {
  system: IndicatorSystem;
  messages: ValidationMessage[];
  readOnly: boolean;
  onChange: (rules: PassRule[]) => void;
}

/** 通过规则: all rules must hold (and no veto) for the result to pass. */
export function PassRulesEditor({ system, messages, readOnly, onChange }: Props) {
  const rules = system.passRules;
  const nodeOptions = flattenNodes(system.nodes).map((e) => ({ value: e.node.id, label: `${e.node.code} ${e.node.title}` }));
  const set = (i: number, r: PassRule) => onChange(rules.map((x, j) => (j === i ? r : x)));
  const values = resolveValues(system);
  const declared = values.filter((v) => v.source === 'declared');
  const kinds = KINDS.map((k) => (k.value === 'valueAtLeast' && !declared.length ? { ...k, disabled: true, label: `${k.label}（请先在“数据项”中添加数据）` } : k));
  const nodeSelect = (i: number, r: Extract<PassRule, { nodeId: string }>) => (
    <Select style={{ width: 240 }} showSearch optionFilterProp="label" aria-label="规则指标" value={r.nodeId} options={nodeOptions} onChange={(nodeId) => set(i, { ...r, nodeId })} />
  );

  return (
    <Card size="small" title="通过规则（全部满足才算通过）" data-testid="pass-rules">
      <Flex vertical gap={10}>
        {rules.length === 0 && (
          <Typography.Text type="secondary">
            {system.grading ? '未设通过规则：本体系只评定等级，试算和结果中不出现通过与否的结论。' : '未设通过规则：有一票否决项时，以是否触发否决判定；否则只计算得分。'}
          </Typography.Text>
        )}
        {rules.map((r, i) => (
          <Flex key={i} gap={8} align="center" wrap>
            <Typography.Text type="secondary">{i + 1}.</Typography.Text>
            <Select style={{ width: 190 }} aria-label="规则类型" value={r.kind} options={kinds} onChange={(k) => set(i, blank(k, nodeOptions[0]?.value ?? '', declared[0]))} />
            {'nodeId' in r && nodeSelect(i, r)}
            {(r.kind === 'totalAtLeast' || r.kind === 'nodeAtLeast') && <InputNumber aria-label="最低分" value={r.min} onChange={(v) => set(i, { ...r, min: v ?? 0 })} suffix="分" />}
            {r.kind === 'atLeastNMet' && <InputNumber min={0} value={r.n} onChange={(v) => set(i, { ...r, n: v ?? 0 })} suffix="项" />}
            {r.kind === 'valueAtLeast' && (() => {
              // The threshold is on the value's declared scale (数据项): 0.85 for a ratio, 85 for a percent.
              const def = values.find((v) => v.name === r.name);
              const scale = def?.scale ?? 'number';
              // Chosen among the declared values by Chinese label; the rule keeps that label (never the formula name).
              const options = [
                ...declared.map((v) => ({ value: v.name, label: valueCaption(v) })),
                ...(def && def.source === 'declared' ? [] : [{ value: r.name, label: `${r.label}（未定义）` }]),
              ];
              return (
                <>
                  <Select
                    style={{ width: 220 }}
                    aria-label="数据"
                    value={r.name}
                    options={options}
                    onChange={(name: string) => set(i, { ...r, name, label: values.find((v) => v.name === name)?.label ?? r.label })}
                  />
                  <InputNumber aria-label="通过线" value={r.min} step={scale === 'ratio' ? 0.01 : 1} onChange={(v) => set(i, { ...r, min: v ?? 0 })} />
                  <Typography.Text type="secondary">口径：{SCALE_LABELS[scale]}</Typography.Text>
                </>
              );
            })()}
            <Typography.Text type="secondary">（{describePassRule(r, system)}）</Typography.Text>
            {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除规则" onClick={() => onChange(rules.filter((_, j) => j !== i))} />}
            {messages
              .filter((m) => m.ruleIndex === i)
              .map((m, k) => (
                <Typography.Text key={k} type="danger" style={{ width: '100%' }}>
                  {m.message}
                </Typography.Text>
              ))}
          </Flex>
        ))}
        {!readOnly && (
          <Button icon={<PlusOutlined />} style={{ width: 'fit-content' }} onClick={() => onChange([...rules, blank('totalAtLeast', nodeOptions[0]?.value ?? '')])}>
            添加规则
          </Button>
        )}
      </Flex>
    </Card>
  );
}
