import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Input, InputNumber, Select, Switch, Table, Typography } from 'antd';
import { describeBand, type GradeBand, type Grading, type ValidationMessage } from '../../../../../shared/domain/indicators';

const DEFAULT: Grading = {
  basis: 'points',
  vetoLabel: null,
  gradeWhenFailed: '不合格',
  bands: [
    { label: '不合格', min: null, minInclusive: true, max: 60, maxInclusive: false },
    { label: '合格', min: 60, minInclusive: true, max: 75, maxInclusive: false },
    { label: '良好', min: 75, minInclusive: true, max: 90, maxInclusive: false },
    { label: '优秀', min: 90, minInclusive: true, max: null, maxInclusive: false },
  ],
};

interface Props {
  grading: Grading | null;
  /** Whether results get a verdict 通过 / 未通过 (judgesPass): then the failed grade is chosen here. */
  judged: boolean;
  messages: ValidationMessage[];
  onChange: (g: Grading | null) => void;
}

/** Select value standing for gradeWhenFailed = null (grades only among passing results). */
const NO_GRADE = '\u0000none';

/**
 * 等级划分: bands over the total or the score rate (percent scale 0–100), checked for gaps and
 * overlaps, and how the grade relates to the pass rules (未通过时的等级, verdict.ts).
 */
export function GradingEditor({ grading: g, judged, messages, onChange }: Props) {
  const setBand = (i: number, patch: Partial<GradeBand>) => {
    if (!g) return;
    const old = g.bands[i]?.label;
    // Renaming a band renames the references to it (未通过时 / 否决时), so they do not go stale.
    const follow = (l: string | null) => (patch.label !== undefined && l !== null && l === old ? patch.label : l);
    onChange({ ...g, bands: g.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)), gradeWhenFailed: follow(g.gradeWhenFailed), vetoLabel: follow(g.vetoLabel) });
  };
  const subject = g?.basis === 'percent' ? '得分率' : '得分';
  const unit = g?.basis === 'percent' ? '%' : '分';
  const general = messages.filter((m) => m.bandIndex === undefined && m.ruleIndex === undefined && m.valueIndex === undefined && m.categoryGroupIndex === undefined && m.message.includes('等级'));
  const failedOptions = g
    ? [
        ...g.bands.map((b) => ({ value: b.label, label: b.label })),
        ...(g.gradeWhenFailed !== null && !g.bands.some((b) => b.label === g.gradeWhenFailed) ? [{ value: g.gradeWhenFailed, label: g.gradeWhenFailed }] : []),
        { value: NO_GRADE, label: '不评等级（只在通过的结果中评定）' },
      ]
    : [];
  return (
    <Card
      size="small"
      title="等级划分"
      data-testid="grading"
      extra={
        <Flex gap={8} align="center">
          <Typography.Text>评定等级</Typography.Text>
          <Switch checked={g !== null} onChange={(on) => onChange(on ? DEFAULT : null)} aria-label="评定等级" />
        </Flex>
      }
    >
      {!g ? (
        <Typography.Text type="secondary">不评定等级，只判断是否通过。</Typography.Text>
      ) : (
        <Flex vertical gap={10}>
          <Flex gap={16} align="center" wrap>
            <span>
              依据：
              <Select style={{ width: 160 }} value={g.basis} onChange={(basis) => onChange({ ...g, basis })} options={[{ value: 'points', label: '总分' }, { value: 'percent', label: '得分率（%）' }]} />
            </span>
            {judged ? (
              <span>
                未通过时的等级：
                <Select
                  style={{ width: 240 }}
                  aria-label="未通过时的等级"
                  value={g.gradeWhenFailed ?? NO_GRADE}
                  onChange={(v) => onChange({ ...g, gradeWhenFailed: v === NO_GRADE ? null : v })}
                  options={failedOptions}
                />
              </span>
            ) : (
              <span>
                触发一票否决时：
                <Select
                  style={{ width: 160 }}
                  value={g.vetoLabel ?? ''}
                  onChange={(v) => onChange({ ...g, vetoLabel: v || null })}
                  options={[{ value: '', label: '最低等级' }, ...g.bands.map((b) => ({ value: b.label, label: b.label }))]}
                />
              </span>
            )}
          </Flex>
          <Typography.Text type="secondary" data-testid="grade-pass-relation">
            {judged
              ? g.gradeWhenFailed === null
                ? '设有通过规则：未通过的结果不评定等级，等级只在通过的结果中评定。'
                : `设有通过规则：未通过的结果（含触发一票否决）一律评为“${g.gradeWhenFailed}”，通过的结果不会评为“${g.gradeWhenFailed}”。`
              : '未设通过规则：只评定等级，试算结果不显示“通过/未通过”。'}
            {g.basis === 'percent' ? ' 得分率按百分数填写（60 即 60%），含加分超过满分时按 100% 计。' : ''}
          </Typography.Text>
          <Table<GradeBand & { i: number }>
            size="small"
            pagination={false}
            rowKey="i"
            dataSource={g.bands.map((b, i) => ({ ...b, i }))}
            columns={[
              { title: '等级', width: 110, render: (_, b) => <Input aria-label="等级名称" value={b.label} onChange={(e) => setBand(b.i, { label: e.target.value })} /> },
              {
                title: '下限（空 = 不限）',
                width: 210,
                render: (_, b) => (
                  <Flex gap={6} align="center">
                    <InputNumber style={{ width: 110 }} aria-label={`${b.label} 下限`} value={b.min} suffix={unit} onChange={(v) => setBand(b.i, { min: v })} />
                    <Checkbox checked={b.minInclusive} onChange={(e) => setBand(b.i, { minInclusive: e.target.checked })}>含</Checkbox>
                  </Flex>
                ),
              },
              {
                title: '上限（空 = 不限）',
                width: 210,
                render: (_, b) => (
                  <Flex gap={6} align="center">
                    <InputNumber style={{ width: 110 }} aria-label={`${b.label} 上限`} value={b.max} suffix={unit} onChange={(v) => setBand(b.i, { max: v })} />
                    <Checkbox checked={b.maxInclusive} onChange={(e) => setBand(b.i, { maxInclusive: e.target.checked })}>含</Checkbox>
                  </Flex>
                ),
              },
              {
                title: '区间',
                render: (_, b) => (
                  <Flex vertical>
                    <Typography.Text type="secondary">{describeBand(b, subject)}</Typography.Text>
                    {messages
                      .filter((m) => m.bandIndex === b.i)
                      .map((m, k) => (
                        <Typography.Text key={k} type="danger">
                          {m.message}
                        </Typography.Text>
                      ))}
                  </Flex>
                ),
              },
              {
                width: 50,
                render: (_, b) => <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除等级" disabled={g.bands.length <= 1} onClick={() => onChange({ ...g, bands: g.bands.filter((_, j) => j !== b.i) })} />,
              },
            ]}
          />
          {general.map((m, k) => (
            <Typography.Text key={k} type="danger">
              {m.message}
            </Typography.Text>
          ))}
          <Button icon={<PlusOutlined />} style={{ width: 'fit-content' }} onClick={() => onChange({ ...g, bands: [...g.bands, { label: `等级${g.bands.length + 1}`, min: null, minInclusive: true, max: null, maxInclusive: false }] })}>
            添加等级
          </Button>
        </Flex>
      )}
    </Card>
  );
}
