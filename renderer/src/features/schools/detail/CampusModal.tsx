import { Form, Input, Modal, Switch } from 'antd';
import { useState } from 'react';
import type { Campus, School } from '../../../../../shared/api/contracts/schools';
import { call } from '../../../api/client';
import { useNotify } from '../../../components/use-notify';

interface CampusFormValues {
  name: string;
  address?: string;
  evaluatedSeparately: boolean;
}

export function CampusModal({
  schoolId,
  campus,
  open,
  onClose,
  onSaved,
}: {
  schoolId: number;
  campus?: Campus;
  open: boolean;
  onClose: () => void;
  onSaved: (s: School) => void;
}) {
  const notify = useNotify();
  const [form] = Form.useForm<CampusFormValues>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const s = await call('schools.saveCampus', {
        schoolId,
        campus: { id: campus?.id, name: v.name.trim(), address: v.address?.trim() || null, evaluatedSeparately: v.evaluatedSeparately },
      });
      notify.success(`已保存校区“${v.name.trim()}”`);
      onSaved(s);
    } catch (e) {
      notify.error(e, '保存校区失败');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={campus ? '编辑校区' : '新增校区'}
      open={open}
      onCancel={onClose}
      onOk={save}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<CampusFormValues>
        key={campus?.id ?? 'new'}
        name="campus"
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ name: campus?.name ?? '', address: campus?.address ?? '', evaluatedSeparately: campus?.evaluatedSeparately ?? false }}
      >
        <Form.Item name="name" label="校区名称" rules={[{ required: true, whitespace: true, message: '请填写校区名称' }, { max: 50, message: '不能超过 50 个字' }]}>
          <Input placeholder="如：本部、北校区" />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ max: 200, message: '不能超过 200 个字' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="evaluatedSeparately" label="单独评估" valuePropName="checked" tooltip="打开后，该校区在评估中作为独立单位，统计数据按校区填写">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
