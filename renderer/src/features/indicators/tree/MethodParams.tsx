import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import {
  captionOf,
  COMPARATOR_LABELS,
  COMPARATORS,
  compileFormula,
  describePartialCredit,
  formatScaled,
  formulaScale,
  resolveValues,
  type GradeOption,
  type IndicatorNode,
  type IndicatorSystem,
  type Scoring,
  type ValidationMessage,
} from '../../../../../shared/domain/indicators';
import { fieldFeedback } from '../field-messages';

interface Props {
  scoring: Scoring;
  /** The node's points (for the partial-credit rule in words). */
  points: number | null;
  /** The system: its declared values label the formula's data. */
  system: IndicatorSystem;
  leaves: IndicatorNode[];
  /** The node's validation messages; each is shown under its field. */
  messages: ValidationMessage[];
  onChange: (s: Scoring) => void;
}

const pct = (share: number) => Math.round(share * 10000) / 100;

/** Parameters of a leaf's scoring method (等级表、步长、公式与标准值、计数规则、否决理由). */
export function MethodParams({ scoring: s, points, system, leaves, messages, onChange }: Props) {
  const fb = (field: ValidationMessage['field']) => fieldFeedback(messages, field);
  switch (s.method) {
    case 'grade': {
      const set = (i: number, patch: Partial<GradeOption>) => onChange({ ...s, grades: s.grades.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
      return (
        <Form.Item label="等级及得分比例" {...fb('grades')}>
          <Table<GradeOption & { i: number }>
            size="small"
            pagination={false}
            rowKey="i"
            dataSource={s.grades.map((g, i) => ({ ...g, i }))}
            columns={[
              { title: '等级', width: 90, render: (_, g) => <Input aria-label="等级名称" value={g.label} onChange={(e) => set(g.i, { label: e.target.value })} /> },
              {
                title: '得分比例',
                width: 110,
                render: (_, g) => <InputNumber aria-label="得分比例" min={0} max={100} value={pct(g.share)} suffix="%" onChange={(v) => set(g.i, { share: (v ?? 0) / 100 })} />,
              },
              { title: '算达标', width: 70, render: (_, g) => <Switch size="small" checked={g.met} onChange={(met) => set(g.i, { met })} /> },
              { title: '等级说明', render: (_, g) => <Input value={g.description} onChange={(e) => set(g.i, { description: e.target.value })} /> },
              {
                width: 40,
                render: (_, g) => (
                  <Button size="small" type="text" aria-label="删除等级" icon={<DeleteOutlined />} disabled={s.grades.length <= 1} onClick={() => onChange({ ...s, grades: s.grades.filter((_, j) => j !== g.i) })} />
                ),
              },
            ]}
          />
          <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => onChange({ ...s, grades: [...s.grades, { label: `等级${s.grades.length + 1}`, share: 0, met: false, description: '' }] })}>
            添加等级
          </Button>
        </Form.Item>
      );
    }
    case 'points':
      return (
        <Space wrap align="start">
          <Form.Item label="步长（0 为任意）" {...fb('step')}>
            <InputNumber min={0} value={s.step} onChange={(v) => onChange({ ...s, step: v ?? 0 })} />
          </Form.Item>
          <Form.Item label="达标线（占满分）">
            <InputNumber min={0} max={100} suffix="%" value={pct(s.metShare)} onChange={(v) => onChange({ ...s, metShare: (v ?? 100) / 100 })} />
          </Form.Item>
        </Space>
      );
    case 'bonus':
    case 'deduction':
      return (
        <Form.Item label="步长（0 为任意）" {...fb('step')}>
          <InputNumber min={0} value={s.step} onChange={(v) => onChange({ ...s, step: v ?? 0 })} />
        </Form.Item>
      );
    case 'veto':
      return (
        <Form.Item label="否决理由（为空时用指标名称）">
          <Input value={s.reason} onChange={(e) => onChange({ ...s, reason: e.target.value })} />
        </Form.Item>
      );
    case 'count':
      return (
        <>
          <Form.Item label="计数的指标" {...fb('itemIds')}>
            <Select
              mode="multiple"
              value={s.itemIds}
              onChange={(itemIds) => onChange({ ...s, itemIds })}
              options={leaves.filter((l) => l.scoring && !['count', 'veto', 'bonus', 'deduction'].includes(l.scoring.method)).map((l) => ({ value: l.id, label: `${l.code} ${l.title}` }))}
            />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label="至少达标项数" {...fb('minMet')}>
              <InputNumber min={0} value={s.minMet} onChange={(v) => onChange({ ...s, minMet: v ?? 0 })} />
            </Form.Item>
            <Form.Item label="其余各项不低于标准的">
              <InputNumber min={0} max={100} suffix="%" placeholder="不限" value={s.othersMinRatio === null ? null : pct(s.othersMinRatio)} onChange={(v) => onChange({ ...s, othersMinRatio: v === null ? null : v / 100 })} />
            </Form.Item>
          </Space>
        </>
      );
    case 'formula': {
      const compiled = compileFormula(s.expression);
      const th = s.threshold ?? {};
      const setTh = (k: 'all' | 'primary' | 'junior', v: number | null) => {
        const next = { ...th, [k]: v ?? undefined };
        if (v === null) delete next[k];
        onChange({ ...s, threshold: next });
      };
      // The formula and its data in the users' words: the declared Chinese labels and units.
      const lookup = new Map(resolveValues(system).map((v) => [v.name, v]));
      const scale = formulaScale(s, lookup);
      const show = (x: number) => formatScaled(x, scale, 6, s.unit);
      const thresholds = [th.all, th.primary, th.junior].filter((x): x is number => x !== undefined);
      const partial =
        s.partialCredit && s.mode === 'threshold' && thresholds.length
          ? thresholds.map((t) => describePartialCredit(s.comparator, t, s.partialCredit!.zeroAtRatio * t, points ?? 0, show)).join('；')
          : null;
      return (
        <>
          <Form.Item
            label="公式（可用加减乘除、min、max、round 等；数据写“数据项”中的公式名称）"
            {...fb('expression')}
            extra={
              compiled.ok ? (
                <Flex vertical>
                  <span data-testid="formula-reading">读作：{compiled.formula.read((n) => captionOf(lookup, n, false))}</span>
                  <span>使用的数据：{compiled.formula.variables.map((n) => captionOf(lookup, n)).join('、') || '（无）'}</span>
                </Flex>
              ) : undefined
            }
          >
            <Input aria-label="公式" value={s.expression} onChange={(e) => onChange({ ...s, expression: e.target.value })} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="判定方式">
              <Select style={{ width: 150 }} value={s.mode} onChange={(mode) => onChange({ ...s, mode })} options={[{ value: 'threshold', label: '与标准值比较' }, { value: 'score', label: '计算值即得分' }]} />
            </Form.Item>
            <Form.Item label="比较">
              <Select style={{ width: 80 }} value={s.comparator} onChange={(comparator) => onChange({ ...s, comparator })} options={COMPARATORS.map((c) => ({ value: c, label: COMPARATOR_LABELS[c] }))} />
            </Form.Item>
            <Form.Item label="单位">
              <Input style={{ width: 90 }} value={s.unit} onChange={(e) => onChange({ ...s, unit: e.target.value })} />
            </Form.Item>
            <Form.Item label="显示小数位">
              <InputNumber min={0} max={6} value={s.decimals} onChange={(v) => onChange({ ...s, decimals: v ?? 2 })} />
            </Form.Item>
          </Space>
          <Form.Item label="标准值（通用 / 小学 / 初中，按学段取值，未设学段值时用通用值）" {...fb('threshold')}>
            <Space wrap>
              <InputNumber aria-label="通用标准值" prefix="通用" value={th.all ?? null} onChange={(v) => setTh('all', v)} />
              <InputNumber aria-label="小学标准值" prefix="小学" value={th.primary ?? null} onChange={(v) => setTh('primary', v)} />
              <InputNumber aria-label="初中标准值" prefix="初中" value={th.junior ?? null} onChange={(v) => setTh('junior', v)} />
            </Space>
          </Form.Item>
          <Form.Item label="部分得分：零分点（标准值的倍数；不填则未达标准得 0 分）" {...fb('partialCredit')} extra={partial ?? undefined}>
            <InputNumber
              min={0}
              step={0.05}
              aria-label="零分点"
              placeholder="不设部分得分"
              value={s.partialCredit?.zeroAtRatio ?? null}
              onChange={(v) => onChange({ ...s, partialCredit: v === null ? null : { zeroAtRatio: v } })}
            />
          </Form.Item>
        </>
      );
    }
    default:
      return <Typography.Text type="secondary">达标 / 未达标，无需其他参数。</Typography.Text>;
  }
}
