import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { RoundDetail, RoundUnit, Stage } from '../../../../shared/api/contracts/rounds';
import { stagePhase, STAGE_PHASE_LABELS } from '../../../../shared/domain/rounds/rounds';
import { formatDate, formatDateTime } from '../../../../shared/domain/text/datetime';
import { useOpMutation } from '../../api/queries';
import { dateRange, STAGE_PHASE_COLORS, todayOnTimeline } from './round-view';
import './rounds.css';
import { UnitStateTag } from './UnitStateTags';

/**
 * The round's stages as a horizontal timeline, one equal slot each, coloured by phase, with today
 * as a marker (今天); below each slot its name, dates, phase (未开始 / 进行中 / 已到期 / 已关闭) and
 * 关闭阶段 or 重新开放. Closing the receiving stage lists the units without a submission, for the
 * user to confirm as 弃权 with a reason.
 */
export function StageTimeline({ round, today }: { round: RoundDetail; today: string }) {
  const [reopening, setReopening] = useState<Stage | null>(null);
  const [withoutSubmission, setWithoutSubmission] = useState<RoundUnit[] | null>(null);
  const close = useOpMutation('rounds.closeStage', {
    success: (r) => `已关闭“${r.stage.name}”阶段`,
    errorTitle: '关闭阶段未完成',
    onSuccess: (r) => {
      if (r.stage.collects && r.withoutSubmission.length > 0) setWithoutSubmission(r.withoutSubmission);
    },
  });
  const n = round.stages.length;
  const marker = todayOnTimeline(round.stages, today);
  const markerWords = { before: '，尚未开始', within: '', between: '，两阶段之间', after: '，各阶段均已结束' }[marker.where];

  return (
    <Card title="工作阶段" size="small" style={{ marginBottom: 16 }} data-testid="stage-timeline">
      <div className="round-timeline">
        <div className="round-timeline-track">
          {round.stages.map((s, i) => (
            <div key={s.id} className="round-timeline-segment" data-phase={stagePhase(s, today)} style={{ left: `${(i / n) * 100}%`, width: `${100 / n}%` }} />
          ))}
          <div
            className="round-timeline-today"
            data-testid="today-marker"
            data-edge={marker.at < 0.08 ? 'start' : marker.at > 0.92 ? 'end' : undefined}
            style={{ left: `${marker.at * 100}%` }}
            title={`今天 ${formatDate(today)}${markerWords}`}
          >
            <span className="round-timeline-today-label">
              今天 {formatDate(today)}
              {markerWords}
            </span>
          </div>
        </div>
        <div className="round-timeline-stages" style={{ gridTemplateColumns: `repeat(${n}, minmax(0, 1fr))` }}>
          {round.stages.map((s) => {
            const phase = stagePhase(s, today);
            return (
              <Flex key={s.id} vertical gap={4} className="round-timeline-stage" data-phase={phase} data-testid={`stage-${s.position}`} role="group" aria-label={`阶段：${s.name}`}>
                <Flex gap={4} align="center" wrap>
                  <Typography.Text strong>{s.name}</Typography.Text>
                  <Tag color={STAGE_PHASE_COLORS[phase]} style={{ marginInlineEnd: 0 }} data-testid="stage-phase">
                    {STAGE_PHASE_LABELS[phase]}
                  </Tag>
                  {s.collects && (
                    <Tag color="purple" style={{ marginInlineEnd: 0 }}>
                      接收填报
                    </Tag>
                  )}
                </Flex>
                <Typography.Text type="secondary" data-testid="stage-dates">
                  {dateRange(s.startsOn, s.endsOn)}
                </Typography.Text>
                {s.closedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.closedBy ?? ''} 于 {formatDateTime(s.closedAt)} 关闭
                  </Typography.Text>
                )}
                <div>
                  {s.closedAt ? (
                    <Button size="small" icon={<UnlockOutlined />} onClick={() => setReopening(s)}>
                      重新开放
                    </Button>
                  ) : (
                    <Popconfirm
                      title={`关闭“${s.name}”阶段？`}
                      description={
                        <div style={{ maxWidth: 320 }}>
                          {phase === 'upcoming' || phase === 'open' ? `该阶段 ${formatDate(s.endsOn)} 才截止，将提前关闭。` : ''}
                          {s.collects
                            ? '关闭后不再接收学校交回的填报包（办理延期的单位除外，或项目设置允许逾期提交）；随后列出尚未提交的单位，供确认弃权。'
                            : '关闭后该阶段的日期不能再修改；需要时可重新开放。'}
                        </div>
                      }
                      okText="关闭阶段"
                      cancelText="取消"
                      onConfirm={() => close.mutateAsync({ roundId: round.id, stageId: s.id }).catch(() => undefined)}
                    >
                      <Button size="small" icon={<LockOutlined />} loading={close.isPending && close.variables?.stageId === s.id}>
                        关闭阶段
                      </Button>
                    </Popconfirm>
                  )}
                </div>
              </Flex>
            );
          })}
        </div>
      </div>
      {reopening && <ReopenModal roundId={round.id} stage={reopening} onClose={() => setReopening(null)} />}
      {withoutSubmission && <ForfeitAtCloseModal roundId={round.id} units={withoutSubmission} onClose={() => setWithoutSubmission(null)} />}
    </Card>
  );
}

/** 重新开放 a closed stage, with the reason the audit log keeps. */
function ReopenModal({ roundId, stage, onClose }: { roundId: number; stage: Stage; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const reopen = useOpMutation('rounds.reopenStage', { success: (s) => `已重新开放“${s.name}”阶段`, errorTitle: '重新开放未完成', onSuccess: onClose });
  const submit = async () => {
    try {
      const v = await form.validateFields();
      reopen.mutate({ roundId, stageId: stage.id, reason: v.reason.trim() });
    } catch {
      // the message stands beside the field
    }
  };
  return (
    <Modal open title={`重新开放“${stage.name}”阶段`} okText="重新开放" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={reopen.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">重新开放后，该阶段按原日期（及各单位的延期）再次接收填报包，日期也可在项目设置中修改。</Typography.Paragraph>
      <Form form={form} layout="vertical" name="reopen-stage" preserve={false}>
        <Form.Item name="reason" label="重新开放的原因" required rules={[{ required: true, whitespace: true, message: '请填写重新开放的原因' }]}>
          <Input.TextArea aria-label="重新开放的原因" autoSize={{ minRows: 2 }} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * After the receiving stage closed: the units without a submission, each to tick for 确认弃权, with
 * one reason. Nothing is ticked at first — a forfeit is an outcome later steps read, so each is the
 * user's choice; 暂不处理 leaves them as they are (the units table can record it later).
 */
function ForfeitAtCloseModal({ roundId, units, onClose }: { roundId: number; units: RoundUnit[]; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [chosen, setChosen] = useState<number[]>([]);
  const forfeit = useOpMutation('rounds.changeUnitState', { success: (r) => `已确认弃权：${r.changed} 个单位`, errorTitle: '确认弃权未完成', onSuccess: onClose });
  const submit = async () => {
    try {
      const v = await form.validateFields();
      forfeit.mutate({ roundId, unitIds: chosen, change: 'forfeit', reason: v.reason.trim() });
    } catch {
      // the message stands beside the field
    }
  };
  return (
    <Modal
      open
      width={720}
      title="尚未提交材料的单位"
      okText={`确认弃权（${chosen.length} 个单位）`}
      okButtonProps={{ danger: true, disabled: chosen.length === 0 }}
      cancelText="暂不处理"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={forfeit.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        接收填报的阶段已关闭，以下 {units.length} 个单位没有提交材料。请勾选确认弃权的单位并填写原因；弃权记录在案，评分、报告和台账都会读取，需要时可撤销弃权。
      </Typography.Paragraph>
      <Table<RoundUnit>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ y: 280 }}
        dataSource={units}
        columns={[
          { title: '报送编码', dataIndex: 'code', key: 'code', width: 110 },
          { title: '单位', dataIndex: 'name', key: 'name' },
          { title: '状态', key: 'state', width: 110, render: (_, u) => <UnitStateTag state={u.state} /> },
        ]}
        rowSelection={{
          selectedRowKeys: chosen,
          onChange: (keys) => setChosen(keys as number[]),
          getTitleCheckboxProps: () => ({ 'aria-label': '选择全部未提交的单位' }),
          getCheckboxProps: (u) => ({ 'aria-label': `确认“${u.name}”弃权` }),
        }}
      />
      <Form form={form} layout="vertical" name="forfeit-at-close" preserve={false} style={{ marginTop: 12 }}>
        <Form.Item name="reason" label="弃权原因" required rules={[{ required: true, whitespace: true, message: '请填写确认弃权的原因' }]}>
          <Input.TextArea aria-label="弃权原因" autoSize={{ minRows: 2 }} maxLength={200} showCount placeholder="如：截止日期前未提交材料，电话确认放弃" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
