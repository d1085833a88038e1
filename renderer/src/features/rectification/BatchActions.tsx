/**
 * 批量操作 on the selected items: 开始整改, 退回上一状态 and 重新整改 (each asking a reason where the
 * rules want one), and 批量修改 of the 整改时限, 严重程度 and 责任人. Each item is checked alone by
 * the core; the refused ones are listed with the core's reason.
 */
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { Severity } from '../../../../shared/api/contracts/rectification';
import { useOpMutation } from '../../api/queries';
import { ISO, SEVERITY_OPTIONS } from './ItemFields';
import type { Dayjs } from 'dayjs';

type Refused = { number: string; message: string }[];
type MoveAction = 'start' | 'revert' | 'reopen';
const MOVE_LABELS: Record<MoveAction, string> = { start: '开始整改', revert: '退回上一状态', reopen: '重新整改' };

function Outcome({ message, refused }: { message: string; refused: Refused }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="batch-outcome">
      <Alert type={refused.length ? 'warning' : 'success'} showIcon title={message} />
      {refused.length > 0 && (
        <Table
          size="small"
          rowKey="number"
          pagination={false}
          scroll={{ y: 300 }}
          dataSource={refused}
          columns={[
            { title: '编号', dataIndex: 'number', width: 100 },
            { title: '未处理的原因', dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

export function BatchActions({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const [move, setMove] = useState<MoveAction | null>(null);
  const [edit, setEdit] = useState(false);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ message: string; refused: Refused } | null>(null);
  const [form] = Form.useForm<{ deadline?: Dayjs | null; severity?: Severity; person?: string }>();
  const moveMany = useOpMutation('rectification.moveMany', { errorTitle: '批量操作未完成', onSuccess: (r) => setOutcome(r) });
  const updateMany = useOpMutation('rectification.updateMany', { errorTitle: '批量修改未完成', onSuccess: (r) => setOutcome(r) });
  const close = () => {
    if (outcome) onDone();
    setMove(null);
    setEdit(false);
    setReason('');
    setOutcome(null);
    form.resetFields();
  };
  const needsReason = move === 'revert' || move === 'reopen';
  const applyEdit = async () => {
    const v = await form.validateFields();
    const person = v.person?.trim();
    updateMany.mutate({ ids, deadline: v.deadline ? v.deadline.format(ISO) : undefined, severity: v.severity, person: person ? person : undefined });
  };
  const editEmpty = (v: { deadline?: Dayjs | null; severity?: Severity; person?: string }) => !v.deadline && !v.severity && !v.person?.trim();
  const editValues = Form.useWatch([], form) as { deadline?: Dayjs | null; severity?: Severity; person?: string } | undefined;

  return (
    <>
      <Space wrap data-testid="batch-actions">
        <Typography.Text>已选 {ids.length} 项：</Typography.Text>
        <Button onClick={() => setMove('start')}>开始整改</Button>
        <Button onClick={() => setMove('revert')}>退回上一状态</Button>
        <Button onClick={() => setMove('reopen')}>重新整改</Button>
        <Button onClick={() => setEdit(true)}>批量修改</Button>
      </Space>
      {move && (
        <Modal
          open
          title={`${MOVE_LABELS[move]}（${ids.length} 项）`}
          okText={outcome ? '完成' : MOVE_LABELS[move]}
          cancelText="取消"
          cancelButtonProps={{ style: outcome ? { display: 'none' } : undefined }}
          onOk={() => (outcome ? close() : moveMany.mutate({ ids, action: move, reason }))}
          okButtonProps={{ disabled: !outcome && needsReason && !reason.trim() }}
          confirmLoading={moveMany.isPending}
          onCancel={close}
          destroyOnHidden
        >
          {outcome ? (
            <Outcome {...outcome} />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Paragraph style={{ marginBottom: 0 }}>
                {move === 'start' ? '将所选的“未启动”事项改为“整改中”。' : move === 'revert' ? '将所选事项退回上一状态，须说明原因。' : '将所选的已销号事项重新列为“整改中”，须说明原因。'}
                不符合条件的事项不做处理，并列出原因。
              </Typography.Paragraph>
              {needsReason && <Input.TextArea aria-label="原因" placeholder="原因" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} />}
            </Space>
          )}
        </Modal>
      )}
      {edit && (
        <Modal
          open
          title={`批量修改（${ids.length} 项）`}
          okText={outcome ? '完成' : '修改'}
          cancelText="取消"
          cancelButtonProps={{ style: outcome ? { display: 'none' } : undefined }}
          onOk={() => (outcome ? close() : void applyEdit())}
          okButtonProps={{ disabled: !outcome && (!editValues || editEmpty(editValues)) }}
          confirmLoading={updateMany.isPending}
          onCancel={close}
          destroyOnHidden
        >
          {outcome ? (
            <Outcome {...outcome} />
          ) : (
            <Form form={form} layout="vertical">
              <Typography.Paragraph type="secondary">只修改填写了的项目；已销号的事项不做修改。</Typography.Paragraph>
              <Form.Item name="deadline" label="整改时限">
                <DatePicker format={ISO} placeholder="不修改" />
              </Form.Item>
              <Form.Item name="severity" label="严重程度">
                <Select allowClear placeholder="不修改" options={SEVERITY_OPTIONS} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="person" label="责任人">
                <Input placeholder="不修改" maxLength={60} />
              </Form.Item>
            </Form>
          )}
        </Modal>
      )}
    </>
  );
}
