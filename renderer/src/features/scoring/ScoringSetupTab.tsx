import { DeleteOutlined, EditOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Form, Input, InputNumber, Popconfirm, Radio, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import { FORFEIT_OUTCOME_LABELS, type Expert, type RoundScoringSetup } from '../../../../shared/api/contracts/scoring';
import { RECONCILE_RULE_LABELS } from '../../../../shared/domain/scoring/reconcile';
import { TIE_RULE_LABELS } from '../../../../shared/domain/scoring/rank';
import { errorMessage } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';
import { schemaRule, showServerIssues } from '../documents/form-issues';
import { AssignModal } from './AssignModal';
import { BlocksCard } from './BlocksCard';
import { ExpertModal } from './ExpertModal';
import { ExpertPackagesCard } from './ExpertPackagesCard';
import { settingsFieldOf, settingsIssues, valueNamedIn, settingsKey, settingsValuesOf, toSettingsInput, type SettingsValues } from './score-view';

/** What each rule does, in the words the office explains it to a school. */
const RULE_HELP: Record<SettingsValues['rule'], string> = {
  mean: '取全部专家评分的平均分。',
  median: '取专家评分的中位数，个别专家偏高或偏低时影响较小。',
  trimmed_mean: '去掉最高分和最低分后取平均；专家人数须多于去掉的个数的两倍。',
  consensus: '专家评分的分差（最高分减最低分）不超过允许的分差时取平均分；超过时不给出建议得分，须合议或增加评分人。',
};

/**
 * 专家与设置: the round's scoring settings (saved with 保存; leaving with unsaved edits asks) and
 * the experts taking part, each with the units they score — added from the office's expert list
 * (a new expert can be put on the list from here), their units changed, or taken off the round.
 */
export function ScoringSetupTab({ round, setup }: { round: RoundDetail; setup: RoundScoringSetup }) {
  return (
    <Flex vertical gap={16}>
      {/* A new answer from the service (after saving) starts the form again from what is stored. */}
      <SettingsCard key={settingsKey(settingsValuesOf(setup.settings))} round={round} setup={setup} />
      <ExpertsCard round={round} setup={setup} />
      <BlocksCard round={round} setup={setup} />
      <ExpertPackagesCard roundId={round.id} setup={setup} />
    </Flex>
  );
}

function SettingsCard({ round, setup }: { round: RoundDetail; setup: RoundScoringSetup }) {
  const [form] = Form.useForm<SettingsValues>();
  const [initial] = useState(() => settingsValuesOf(setup.settings));
  const [problem, setProblem] = useState<string | null>(null);
  const values = Form.useWatch([], { form, preserve: true }) as Partial<SettingsValues> | undefined;
  const rule = (values?.rule ?? initial.rule) as SettingsValues['rule'];
  const dirty = values !== undefined && settingsKey(values) !== settingsKey(initial);
  const save = useOpMutation('scoring.saveSettings', { silent: true, success: '已保存评分设置' });

  const check = useCallback(() => settingsIssues(form.getFieldsValue(true) as SettingsValues), [form]);
  const rules = (name: keyof SettingsValues) => [schemaRule(name, check)];

  // A change takes back the refusal; a round value's box marked by it is cleared when it is edited
  // (those boxes have no rule of their own that would clear it).
  const onValuesChange = (changed: Partial<SettingsValues>) => {
    setProblem(null);
    if (changed.roundValues) form.setFields(Object.keys(changed.roundValues).map((k) => ({ name: ['roundValues', k], errors: [] })));
  };

  // The guard is known only after submit is defined (its dialog saves through it): reached through a ref.
  const markCleanRef = useRef<() => void>(() => undefined);
  const submit = async (): Promise<boolean> => {
    setProblem(null);
    try {
      await form.validateFields();
    } catch {
      return false; // the messages stand beside the fields
    }
    try {
      await save.mutateAsync({ roundId: round.id, settings: toSettingsInput(form.getFieldsValue(true) as SettingsValues) });
      markCleanRef.current();
      return true;
    } catch (e) {
      const rest = showServerIssues(form, e, settingsFieldOf);
      const message = rest === null ? errorMessage(e) : rest.join('；') || null;
      setProblem(message);
      // A refused round value is named in the message: its box is marked and brought into view.
      const named = message ? valueNamedIn(message, setup.values) : null;
      if (named) {
        form.setFields([{ name: ['roundValues', named], errors: [message!] }]);
        form.scrollToField(['roundValues', named], { block: 'center' });
      }
      return false;
    }
  };
  // The round and the tab replace this form; the units tab's filters do not touch it.
  const guard = useUnsavedChanges(dirty, `“${round.name}”的评分设置`, submit, ['round', 'tab']);
  useEffect(() => {
    markCleanRef.current = guard.markClean;
  }, [guard]);

  return (
    <Card title="评分设置" size="small">
      <Form<SettingsValues> form={form} name="scoring-settings" layout="vertical" initialValues={initial} onFinish={() => void submit()} onValuesChange={onValuesChange} data-testid="scoring-settings-form">
        <Form.Item name="rule" label="汇总规则" required extra={RULE_HELP[rule]} rules={rules('rule')}>
          <Radio.Group aria-label="汇总规则" options={(Object.keys(RECONCILE_RULE_LABELS) as SettingsValues['rule'][]).map((k) => ({ value: k, label: RECONCILE_RULE_LABELS[k] }))} />
        </Form.Item>
        {rule === 'trimmed_mean' && (
          <Form.Item name="trim" label="去掉最高分和最低分各几个" required rules={rules('trim')}>
            <InputNumber aria-label="去掉最高分和最低分各几个" min={1} max={5} precision={0} suffix="个" style={{ width: 160 }} />
          </Form.Item>
        )}
        {rule === 'consensus' && (
          <Form.Item name="tolerance" label="允许的分差（分）" required rules={rules('tolerance')} extra="最高分与最低分之差不超过此值时视为一致。">
            <InputNumber aria-label="允许的分差（分）" min={0} suffix="分" style={{ width: 160 }} />
          </Form.Item>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          按等级、达标或否决情形评分的指标，平均分没有意义：除“须合议”外都取专家评定的中间等级，两个中间等级不同时取较严的一个；“须合议”时须全部专家评定一致。建议得分保留两位小数。
        </Typography.Paragraph>
        <Form.Item
          name="departureThreshold"
          label="最终得分与学校自评相差超过多少分时须写明理由"
          rules={rules('departureThreshold')}
          extra="留空表示不要求写明理由。等级按其得分比例折算为分值后比较。"
        >
          <InputNumber aria-label="与自评相差超过多少分须写明理由" min={0} suffix="分" placeholder="不要求" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="tieRule" label="并列名次规则" required rules={rules('tieRule')}>
          <Radio.Group aria-label="并列名次规则" options={(Object.keys(TIE_RULE_LABELS) as SettingsValues['tieRule'][]).map((k) => ({ value: k, label: TIE_RULE_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="forfeitOutcome" label="弃权单位的结果" required rules={rules('forfeitOutcome')} extra="弃权单位不评分，锁定时按此得出结论；弃权单位不参加排名。">
          <Radio.Group aria-label="弃权单位的结果" options={(Object.keys(FORFEIT_OUTCOME_LABELS) as SettingsValues['forfeitOutcome'][]).map((k) => ({ value: k, label: FORFEIT_OUTCOME_LABELS[k] }))} />
        </Form.Item>
        {setup.values.length > 0 && (
          <Form.Item label="项目数据" extra="指标体系中按公式计分的数据：能从单位的统计数据读到的按统计数据计算；读不到的（如问卷满意度）按这里填写的数值计算；县域综合差异系数不填时按当年统计数据测算，填写则以填写的为准。比例可填 0.85 或 85%。">
            <Flex vertical gap={6} data-testid="round-values">
              {setup.values.map((v) => (
                <Flex key={v.name} gap={8} align="center">
                  <Typography.Text style={{ width: 280 }}>{v.caption}</Typography.Text>
                  <Form.Item name={['roundValues', v.name]} noStyle>
                    <Input aria-label={v.caption} style={{ width: 140 }} placeholder={v.statistics.length ? '取统计数据' : v.computed ? '取当年测算值' : '未填写'} maxLength={30} />
                  </Form.Item>
                  {(v.statistics.length > 0 || v.computed) && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {v.statistics.length > 0 ? `统计数据：${v.statistics.join(' / ')}` : `不填时：${v.computed}`}
                    </Typography.Text>
                  )}
                </Flex>
              ))}
            </Flex>
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!dirty} data-testid="save-scoring-settings">
            保存评分设置
          </Button>
          <Button disabled={!dirty} onClick={() => form.resetFields()}>
            放弃修改
          </Button>
        </Space>
        {/* Beside the button the user just pressed: a refusal at the card's top was out of view. */}
        {problem && <Alert type="error" showIcon title="未能保存评分设置" description={problem} style={{ marginTop: 12 }} data-testid="settings-save-error" />}
      </Form>
    </Card>
  );
}

type Assigned = RoundScoringSetup['experts'][number];

/** The unit names of an assignment, for its cell: all of them named when few, else the count. */
function unitsText(round: RoundDetail, unitIds: readonly number[]): string {
  if (unitIds.length === round.units.length) return `全部 ${unitIds.length} 个单位`;
  const names = round.units.filter((u) => unitIds.includes(u.id)).map((u) => u.name);
  return names.length <= 3 ? names.join('、') : `${names.slice(0, 3).join('、')} 等 ${names.length} 个单位`;
}

function ExpertsCard({ round, setup }: { round: RoundDetail; setup: RoundScoringSetup }) {
  // The assignment being edited: a new one (null expert) or an expert's units.
  const [assigning, setAssigning] = useState<{ expert: Expert | null } | null>(null);
  const [editing, setEditing] = useState<Expert | null>(null);
  const remove = useOpMutation('scoring.assign', { errorTitle: '移出专家未完成', success: (_, input) => `已将专家“${setup.experts.find((x) => x.expert.id === input.expertId)?.expert.name ?? ''}”移出本项目` });

  const columns: ColumnsType<Assigned> = [
    { title: '姓名', key: 'name', width: 110, render: (_, x) => <span data-testid="assigned-expert-name">{x.expert.name}</span> },
    { title: '工作单位', key: 'organisation', width: 200, render: (_, x) => x.expert.organisation || <Typography.Text type="secondary">—</Typography.Text> },
    { title: '专业领域', key: 'speciality', width: 140, render: (_, x) => x.expert.speciality || <Typography.Text type="secondary">—</Typography.Text> },
    {
      title: '评估单位',
      key: 'units',
      render: (_, x) => {
        const text = unitsText(round, x.unitIds);
        const names = round.units.filter((u) => x.unitIds.includes(u.id)).map((u) => u.name);
        return names.length > 3 && x.unitIds.length !== round.units.length ? (
          <Tooltip title={names.join('、')}>
            <span data-testid="assigned-expert-units">{text}</span>
          </Tooltip>
        ) : (
          <span data-testid="assigned-expert-units">{text}</span>
        );
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 250,
      render: (_, x) => (
        <Space size={4} wrap>
          <Button size="small" icon={<TeamOutlined />} onClick={() => setAssigning({ expert: x.expert })}>
            调整单位
          </Button>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(x.expert)}>
            修改信息
          </Button>
          <Popconfirm
            title={`将专家“${x.expert.name}”移出本项目？`}
            description="已在本项目中评过分的专家不能移出。"
            okText="移出"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => remove.mutateAsync({ roundId: round.id, expertId: x.expert.id, unitIds: [] }).catch(() => undefined)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={`移出专家${x.expert.name}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="评估专家"
      size="small"
      extra={
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAssigning({ expert: null })} data-testid="add-round-expert">
          添加专家
        </Button>
      }
    >
      {setup.experts.length === 0 ? (
        <Empty description="本项目还没有评估专家。添加专家并分配其评估的单位后，即可录入专家评分；初评和最终得分不需要专家。" />
      ) : (
        <Table<Assigned> data-testid="round-experts-table" rowKey={(x) => x.expert.id} size="small" columns={columns} dataSource={setup.experts} pagination={false} />
      )}
      {assigning && <AssignModal round={round} setup={setup} expert={assigning.expert} onClose={() => setAssigning(null)} />}
      {editing && <ExpertModal expert={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
