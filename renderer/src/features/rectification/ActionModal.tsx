/**
 * One move of an item (开始整改, 报告整改完成, 核验通过并销号, 核验未通过, 重新整改, 退回上一状态) as a
 * dialog asking what the rules want: a reason for a move back, evidence for completion and 销号,
 * the date and the words of a completion or a verification. A refusal of the core (another person
 * must verify; evidence missing) is shown in the dialog exactly as the core words it.
 */
import { Alert, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { RectificationAction, RectificationDetail } from '../../../../shared/api/contracts/rectification';
import type { StagedFile } from '../../../../shared/api/envelope';
import { errorMessage } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { EvidenceInput } from './EvidenceInput';
import { ISO } from './ItemFields';

type ActionDef = RectificationDetail['actions'][number];

/** What the dialog says and asks for, per move. */
const WORDS: Record<RectificationAction, { hint: string; text?: string; date?: string }> = {
  start: { hint: '事项改为“整改中”。记录第一条整改进展时也会自动开始整改。' },
  report_done: { hint: '报告整改已完成，须附佐证材料；之后由另一位操作人核验销号。', text: '完成情况', date: '完成日期' },
  verify_pass: { hint: '核验整改到位并销号，须附核验佐证材料；报告完成的人不能自己核验销号。', text: '核验结论', date: '核验日期' },
  verify_fail: { hint: '核验未通过，事项退回“整改中”，须说明原因。', text: '核验结论', date: '核验日期' },
  reopen: { hint: '已销号的事项重新列为“整改中”，须说明原因。' },
  revert: { hint: '退回上一状态，须说明原因。' },
};

interface Values {
  reason: string;
  text: string;
  date: Dayjs | null;
}

export function ActionModal({ detail, action, onClose }: { detail: RectificationDetail; action: ActionDef; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<StagedFile[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const move = useOpMutation('rectification.move', { silent: true, success: `已${action.label}`, onSuccess: onClose });
  const words = WORDS[action.action];

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    // Missing evidence is left to the core, so the dialog says exactly what the rule says.
    setRefusal(null);
    move.mutate(
      {
        id: detail.item.id,
        version: detail.item.version,
        action: action.action,
        reason: v.reason ?? '',
        text: v.text ?? '',
        date: words.date && v.date ? v.date.format(ISO) : undefined,
        files: files.map((f) => ({ ref: f.ref })),
      },
      { onError: (e) => setRefusal(errorMessage(e)) },
    );
  };

  return (
    <Modal open title={`${action.label}：${detail.item.number}`} okText={action.label} cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={move.isPending} destroyOnHidden width={600} mask={{ closable: false }}>
      <Typography.Paragraph type="secondary">{words.hint}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ reason: '', text: '', date: dayjs() }} data-testid="action-form">
        {action.reason && (
          <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请说明原因' }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
        {words.date && (
          <Form.Item name="date" label={words.date} rules={[{ required: true, message: `请选择${words.date}` }]}>
            <DatePicker format={ISO} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        )}
        {words.text && (
          <Form.Item name="text" label={words.text}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
        {action.evidence && (
          <Form.Item label="佐证材料" required>
            <EvidenceInput value={files} onChange={setFiles} testId="action-evidence" />
          </Form.Item>
        )}
      </Form>
      {refusal && <Alert type="error" showIcon title={refusal} data-testid="action-refusal" />}
    </Modal>
  );
}
