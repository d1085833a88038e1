import { DatePicker, Form, Modal, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { School } from '../../../../shared/api/contracts/schools';
import { SCHOOL_STATUSES, type SchoolStatus } from '../../../../shared/domain/schools/school-enums';
import { useOpMutation } from '../../api/queries';

interface StatusValues {
  status: SchoolStatus;
  closedOn?: Dayjs | null;
}

/** Asks for the new status (and the closing date for 撤并) and sets it on every selected school in one step. */
export default function StatusModal({ schools, onClose }: { schools: School[]; onClose: () => void }) {
  const [form] = Form.useForm<StatusValues>();
  const status = Form.useWatch('status', form);
  const ids = schools.map((s) => s.id);
  const setStatus = useOpMutation('schools.setStatus', {
    errorTitle: '更改办学状态失败',
    success: (r, input) => `已将 ${r.changed} 所学校改为“${input.status}”${r.unchanged ? `（${r.unchanged} 所原本就是）` : ''}`,
    onSuccess: onClose,
  });

  const submit = async () => {
    let v: StatusValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the messages stand beside the fields
    }
    setStatus.mutate({ ids, status: v.status, closedOn: v.status === '撤并' && v.closedOn ? v.closedOn.format('YYYY-MM-DD') : null });
  };

  return (
    <Modal
      title={`更改 ${schools.length} 所学校的办学状态`}
      open
      onCancel={onClose}
      onOk={() => void submit()}
      okText="确定"
      cancelText="取消"
      confirmLoading={setStatus.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {schools
          .slice(0, 8)
          .map((s) => s.name)
          .join('、')}
        {schools.length > 8 ? ` 等 ${schools.length} 所` : ''}
      </Typography.Paragraph>
      <Form<StatusValues> form={form} layout="vertical" name="batch-status" initialValues={{ status: '撤并', closedOn: null }} preserve={false}>
        <Form.Item name="status" label="办学状态" required>
          <Radio.Group optionType="button" options={SCHOOL_STATUSES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        {status !== '在办' && (
          <Form.Item name="closedOn" label="撤并日期" rules={[{ required: true, message: '撤并的学校须填写撤并日期' }]} tooltip="撤并的学校保留历年数据，只是不再参加之后的评估">
            <DatePicker style={{ width: 200 }} placeholder="选择日期" aria-label="撤并日期" />
          </Form.Item>
        )}
        {status === '在办' && <Typography.Text type="secondary">改为在办后，原来的撤并日期会清除。</Typography.Text>}
      </Form>
    </Modal>
  );
}
