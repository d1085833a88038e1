import { DeleteOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Modal, Popconfirm, Space, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import { UNIT_STATE_LABELS } from '../../../../shared/domain/rounds/rounds';
import { useOp, useOpMutation } from '../../api/queries';
import { choiceKey, refsOfKeys, settingsIssues, settingsKey, settingsValuesOf, toSettingsInput, type SettingsValues } from './round-form-values';
import { RoundSettingsFields } from './RoundSettingsFields';
import { UnitChooser } from './UnitChooser';
import { useRoundForm } from './use-round-form';

/**
 * 项目设置: name, 评估主体, stages and late policy (rounds.update; leaving with unsaved edits asks),
 * 调整参评单位 (rounds.setUnits with the candidates chooser; units whose package was issued stay),
 * and 删除项目 while no unit has submitted anything.
 */
export function SettingsTab({ round, onDelete, deleting }: { round: RoundDetail; onDelete: () => void; deleting: boolean }) {
  const [adjusting, setAdjusting] = useState(false);
  const submitted = round.units.filter((u) => u.revision > 0).length;
  return (
    <Flex vertical gap={16}>
      {/* A new answer from the service (after saving) starts the form again from what is stored. */}
      <SettingsForm key={settingsKey(settingsValuesOf(round))} round={round} submitted={submitted} />
      <Card title="参评单位" size="small">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Typography.Text>
            本项目共 {round.unitCount} 个参评单位。可加入 {round.year} 年的其他评估单位；未下发填报包的单位可以移出，新加入的单位排在最后并获得新的报送编码。
          </Typography.Text>
          <Button icon={<TeamOutlined />} onClick={() => setAdjusting(true)} data-testid="adjust-units">
            调整参评单位
          </Button>
        </Flex>
      </Card>
      <Card title="删除项目" size="small">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Typography.Text type="secondary">
            {submitted > 0 ? `已有 ${submitted} 个单位提交了材料，项目不能删除。` : '项目还没有收到任何填报材料，可以删除；删除后参评单位、阶段和延期记录一并删除，操作日志保留。'}
          </Typography.Text>
          <Popconfirm
            title={`删除评估项目“${round.name}”？`}
            description="此操作不能撤销。已生成的填报包文件不会删除，但之后无法再导入。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={onDelete}
            disabled={submitted > 0}
          >
            <Button danger icon={<DeleteOutlined />} disabled={submitted > 0} loading={deleting}>
              删除项目
            </Button>
          </Popconfirm>
        </Flex>
      </Card>
      {adjusting && <AdjustUnitsModal round={round} onClose={() => setAdjusting(false)} />}
    </Flex>
  );
}

function SettingsForm({ round, submitted }: { round: RoundDetail; submitted: number }) {
  const [form] = Form.useForm<SettingsValues>();
  const [initial] = useState(() => settingsValuesOf(round));
  const update = useOpMutation('rounds.update', { silent: true, success: '已保存项目设置' });
  const { problems, recheck, submit, dirty } = useRoundForm(form, {
    initial,
    keyOf: settingsKey,
    label: `“${round.name}”的项目设置`,
    // Only the tab replaces this form; the units' state filter is another tab's.
    watch: ['tab'],
    save: (values: SettingsValues) => update.mutateAsync({ id: round.id, settings: toSettingsInput(values) }),
  });
  const check = useCallback(() => settingsIssues(form.getFieldsValue(true) as SettingsValues), [form]);
  const closed = useMemo(() => new Map(round.stages.filter((s) => s.closedAt).map((s) => [s.id, s.closedAt!])), [round.stages]);

  return (
    <Card title="项目设置" size="small">
      <Form<SettingsValues> form={form} name="round-settings" layout="vertical" initialValues={initial} onFinish={() => void submit()} onValuesChange={recheck} data-testid="round-settings-form">
        {problems.length > 0 && <Alert type="error" showIcon title="未能保存" description={problems.map((p) => <div key={p}>{p}</div>)} style={{ marginBottom: 16 }} />}
        <Typography.Paragraph type="secondary">
          年度（{round.year} 年）和指标体系（{round.system.name} 第 {round.system.version} 版）在创建时已固定，不能修改。
        </Typography.Paragraph>
        <RoundSettingsFields form={form} check={check} closed={closed} collectingLocked={submitted > 0 ? '已有单位提交材料，接收填报的阶段不能再改为其他阶段' : undefined} />
        <Space>
          <Button type="primary" htmlType="submit" loading={update.isPending} disabled={!dirty} data-testid="save-settings">
            保存
          </Button>
          <Button disabled={!dirty} onClick={() => form.resetFields()}>
            放弃修改
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** 调整参评单位: the candidates of the round's year, the current units chosen; issued ones cannot leave. */
function AdjustUnitsModal({ round, onClose }: { round: RoundDetail; onClose: () => void }) {
  const candidates = useOp('rounds.candidates', { year: round.year }, { silent: true });
  const current = useMemo(() => round.units.map((u) => choiceKey(u)), [round.units]);
  const [keys, setKeys] = useState<string[]>(current);
  const locked = useMemo(() => new Map(round.units.filter((u) => u.state !== 'pending').map((u) => [choiceKey(u), `${UNIT_STATE_LABELS[u.state]}，不能移出`])), [round.units]);
  const added = keys.filter((k) => !current.includes(k)).length;
  const removed = current.filter((k) => !keys.includes(k)).length;
  const save = useOpMutation('rounds.setUnits', { errorTitle: '调整参评单位未完成', success: (r) => `已调整参评单位：现有 ${r.unitCount} 个`, onSuccess: onClose });

  return (
    <Modal
      open
      width={960}
      title="调整参评单位"
      okText={`保存（加入 ${added} 个，移出 ${removed} 个）`}
      okButtonProps={{ disabled: added + removed === 0 || keys.length === 0 }}
      cancelText="取消"
      onOk={() => save.mutate({ id: round.id, units: refsOfKeys(keys) })}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {candidates.error && <Alert type="error" showIcon title="无法读取学校名册" description={candidates.error.message} style={{ marginBottom: 12 }} />}
      <UnitChooser candidates={candidates.data ?? []} loading={candidates.isPending && !candidates.error} value={keys} onChange={setKeys} locked={locked} />
    </Modal>
  );
}
