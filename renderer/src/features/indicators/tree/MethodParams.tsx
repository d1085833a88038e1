import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import {
  COMPARATOR_LABELS,
  COMPARATORS,
  compileFormula,
  type GradeOption,
  type IndicatorNode,
  type Scoring,
} from '../../../../../shared/domain/indicators';

interface Props {
  scoring: Scoring;
  leaves: IndicatorNode[];
  onChange: (s: Scoring) => void;
}

const pct = (share: number) => Math.round(share * 10000) / 100;

/** Parameters of a leaf's scoring method (等级表、步长、公式与标准值、计数规则、否决理由). */
export function MethodParams({ scoring: s, leaves, onChange }: Props) {
  switch (s.method) {
    case 'grade': {
      const set = (i: number, patch: Partial<GradeOption>) => onChange({ ...s, grades: s.grades.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
      return (
        <Form.Item label="等级及得分比例">
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
        <Space wrap>
          <Form.Item label="步长（0 为任意）">
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
        <Form.Item label="步长（0 为任意）">
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
          <Form.Item label="计数的指标">
            <Select
              mode="multiple"
              value={s.itemIds}
              onChange={(itemIds) => onChange({ ...s, itemIds })}
              options={leaves.filter((l) => l.scoring && !['count', 'veto', 'bonus', 'deduction'].includes(l.scoring.method)).map((l) => ({ value: l.id, label: `${l.code} ${l.title}` }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item label="至少达标项数">
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
      return (
        <>
          <Form.Item label="公式（可用加减乘除、min、max、round 等，变量为试算数据名称）" validateStatus={compiled.ok ? undefined : 'error'} help={compiled.ok ? undefined : compiled.error}>
            <Input value={s.expression} onChange={(e) => onChange({ ...s, expression: e.target.value })} style={{ fontFamily: 'monospace' }} />
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
          <Space wrap>
            <Form.Item label="标准值（通用）">
              <InputNumber value={th.all ?? null} onChange={(v) => setTh('all', v)} />
            </Form.Item>
            <Form.Item label="小学">
              <InputNumber value={th.primary ?? null} onChange={(v) => setTh('primary', v)} />
            </Form.Item>
            <Form.Item label="初中">
              <InputNumber value={th.junior ?? null} onChange={(v) => setTh('junior', v)} />
            </Form.Item>
            <Form.Item label="部分得分：零分点（标准的倍数）">
              <InputNumber
                min={0}
                step={0.05}
                placeholder="不设部分得分"
                value={s.partialCredit?.zeroAtRatio ?? null}
                onChange={(v) => onChange({ ...s, partialCredit: v === null ? null : { zeroAtRatio: v } })}
              />
            </Form.Item>
          </Space>
          {compiled.ok && (
            <Typography.Text type="secondary">使用的数据：{compiled.formula.variables.join('、') || '（无）'}</Typography.Text>
          )}
        </>
      );
    }
    default:
      return <Typography.Text type="secondary">达标 / 未达标，无需其他参数。</Typography.Text>;
  }
}
