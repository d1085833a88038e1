import { Form, Input, Modal, Select } from 'antd';
import { LEVEL_LABELS, SYSTEM_LEVELS, type SystemLevel } from '../../../../../shared/domain/indicators';
import { useOpMutation } from '../../../api/queries';
import { navigate } from '../../../app/navigation';

interface Values {
  name: string;
  level: SystemLevel;
  sourceDocument?: string;
}

/** 新建: an empty draft; the tree is built in the editor. */
export function NewSystemModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const create = useOpMutation('indicators.create', {
    errorTitle: '新建失败',
    success: (d) => `已新建“${d.summary.name}”（草稿）`,
    onSuccess: (d) => {
      onClose();
      navigate(`/indicators/${d.summary.id}`);
    },
  });
  const submit = (v: Values) => create.mutate({ name: v.name, level: v.level, sourceDocument: v.sourceDocument ?? '' });

  return (
    <Modal title="新建指标体系" open={open} onCancel={onClose} okText="新建" cancelText="取消" confirmLoading={create.isPending} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ level: 'school' }} preserve={false}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={100} placeholder="如：2026 年学校督导评估指标" />
        </Form.Item>
        <Form.Item name="level" label="评估对象" rules={[{ required: true }]}>
          <Select options={SYSTEM_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))} />
        </Form.Item>
        <Form.Item name="sourceDocument" label="依据文件">
          <Input maxLength={200} placeholder="如：某市教育督导室〔2026〕3 号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
