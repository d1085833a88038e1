import { Alert, DatePicker, Flex, Form, Input, List, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { RoundDetail, RoundUnit } from '../../../../shared/api/contracts/rounds';
import { formatDate, formatDateTime } from '../../../../shared/domain/text/datetime';
import { ApiError, errorMessage } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { showServerIssues } from '../documents/form-issues';
import { collectingStage } from './round-view';

interface ExtendValues {
  stageId: number;
  until: Dayjs | null;
  reason: string;
}

const fieldOf = (path: readonly PropertyKey[]) => (path[0] === 'until' ? 'until' : path[0] === 'reason' ? 'reason' : path[0] === 'stageId' ? 'stageId' : null);

/**
 * 办理延期: one unit's deadline for one stage (the receiving stage by default) moved to a later day,
 * with a reason; the latest extension applies. Earlier extensions are listed. The service's
 * messages (a day not after the stage's end, a reason missing) stand beside their fields.
 */
export function ExtendModal({ round, unit, onClose }: { round: RoundDetail; unit: RoundUnit; onClose: () => void }) {
  const [form] = Form.useForm<ExtendValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const stageId = Form.useWatch('stageId', form) as number | undefined;
  const stage = round.stages.find((s) => s.id === stageId);
  const current = unit.extensions.find((e) => e.stageId === stageId);
  const extend = useOpMutation('rounds.extend', { silent: true, success: (u, input) => `已为“${u.name}”办理延期至 ${formatDate(input.until)}`, onSuccess: onClose });

  const submit = async () => {
    setProblem(null);
    let v: ExtendValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the messages stand beside the fields
    }
    try {
      await extend.mutateAsync({ unitId: unit.id, stageId: v.stageId, until: v.until ? v.until.format('YYYY-MM-DD') : '', reason: v.reason ?? '' });
    } catch (e) {
      const rest = showServerIssues(form, e, fieldOf);
      if (rest !== null) setProblem(rest.join('；') || null);
      // A refusal about the day (not after the stage's end) belongs beside the day.
      else if (e instanceof ApiError && e.code === 'invalid_input') form.setFields([{ name: 'until', errors: [e.message] }]);
      else setProblem(errorMessage(e));
    }
  };

  return (
    <Modal open title={`办理延期：${unit.name}`} okText="办理延期" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={extend.isPending} destroyOnHidden>
      <Flex vertical gap={12}>
        {problem && <Alert type="error" showIcon title={problem} />}
        <Form<ExtendValues> form={form} layout="vertical" name="extend" preserve={false} initialValues={{ stageId: collectingStage(round)?.id, until: null, reason: '' }}>
          <Form.Item name="stageId" label="阶段" required rules={[{ required: true, message: '请选择阶段' }]}>
            <Select aria-label="延期的阶段" options={round.stages.map((s) => ({ value: s.id, label: `${s.name}（${formatDate(s.endsOn)} 截止${s.collects ? '，接收填报' : ''}）` }))} />
          </Form.Item>
          <Form.Item name="until" label="延期至" required extra={stage ? `原截止日期 ${formatDate(stage.endsOn)}${current ? `，目前已延期至 ${formatDate(current.until)}` : ''}；延期至当天仍可提交` : undefined}>
            <DatePicker aria-label="延期至" placeholder="选择日期" style={{ width: 200 }} disabledDate={(d) => Boolean(stage && d.format('YYYY-MM-DD') <= stage.endsOn)} />
          </Form.Item>
          <Form.Item name="reason" label="延期原因" required>
            <Input.TextArea aria-label="延期原因" autoSize={{ minRows: 2 }} maxLength={200} showCount placeholder="如：学校因停电无法按时完成填报，经分管领导同意" />
          </Form.Item>
        </Form>
        {unit.extensions.length > 0 && (
          <List
            size="small"
            header={<Typography.Text strong>已办理的延期（最近的在前）</Typography.Text>}
            dataSource={unit.extensions}
            renderItem={(e) => (
              <List.Item>
                {e.stageName} 延期至 {formatDate(e.until)}：{e.reason}（{e.by}，{formatDateTime(e.at)}）
              </List.Item>
            )}
          />
        )}
      </Flex>
    </Modal>
  );
}
