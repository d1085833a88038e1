import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Flex, Input, InputNumber, Select, Typography } from 'antd';
import { describePassRule, flattenNodes, resolveValues, SCALE_LABELS, type IndicatorSystem, type PassRule, type ValidationMessage } from '../../../../../shared/domain/indicators';

const KINDS: { value: PassRule['kind']; label: string }[] = [
  { value: 'totalAtLeast', label: '总分不低于' },
  { value: 'nodeAtLeast', label: '某指标得分不低于' },
  { value: 'allMet', label: '某指标下各项均达标' },
  { value: 'atLeastNMet', label: '某指标下至少 N 项达标' },
  { value: 'noVeto', label: '未触发一票否决' },
  { value: 'valueAtLeast', label: '某项数据不低于' },
];

function blank(kind: PassRule['kind'], firstNode: string): PassRule {
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
      return { kind, name: 'socialRecognition', label: '社会认可度', min: 0.85 };
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
  const nodeSelect = (i: number, r: Extract<PassRule, { nodeId: string }>) => (
    <Select style={{ width: 240 }} showSearch optionFilterProp="label" aria-label="规则指标" value={r.nodeId} options={nodeOptions} onChange={(nodeId) => set(i, { ...r, nodeId })} />
  );

  return (
    <Card size="small" title="通过规则（全部满足才算通过）" data-testid="pass-rules">
      <Flex vertical gap={10}>
        {rules.length === 0 && <Typography.Text type="secondary">未设通过规则：只要未触发一票否决即为通过。</Typography.Text>}
        {rules.map((r, i) => (
          <Flex key={i} gap={8} align="center" wrap>
            <Typography.Text type="secondary">{i + 1}.</Typography.Text>
            <Select style={{ width: 190 }} aria-label="规则类型" value={r.kind} options={KINDS} onChange={(k) => set(i, blank(k, nodeOptions[0]?.value ?? ''))} />
            {'nodeId' in r && nodeSelect(i, r)}
            {(r.kind === 'totalAtLeast' || r.kind === 'nodeAtLeast') && <InputNumber aria-label="最低分" value={r.min} onChange={(v) => set(i, { ...r, min: v ?? 0 })} suffix="分" />}
            {r.kind === 'atLeastNMet' && <InputNumber min={0} value={r.n} onChange={(v) => set(i, { ...r, n: v ?? 0 })} suffix="项" />}
            {r.kind === 'valueAtLeast' && (() => {
              // The threshold is on the value's declared scale (数据项): 0.85 for a ratio, 85 for a percent.
              const def = values.find((v) => v.name === r.name);
              const scale = def?.scale ?? 'number';
              return (
                <>
                  <AutoComplete
                    style={{ width: 160 }}
                    placeholder="数据名称"
                    aria-label="数据名称"
                    value={r.name}
                    options={values.map((v) => ({ value: v.name, label: `${v.label}（${v.name}）` }))}
                    onChange={(name: string) => set(i, { ...r, name, label: values.find((v) => v.name === name)?.label ?? r.label })}
                  />
                  <Input style={{ width: 140 }} placeholder="显示名称" aria-label="显示名称" value={r.label} onChange={(e) => set(i, { ...r, label: e.target.value })} />
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
