/** 新增整改事项: a hand-entered item (责任督学日常督导, 群众反映 …), owned by a school, a department or a typed unit. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUnsavedChanges } from '../../app/unsaved';
import { emptyValues, inputOf, ItemFields, type ItemValues } from './ItemFields';
import { useSchoolNames } from './OwnerSelect';

function NewItemForm({ deadlineDays, onClose }: { deadlineDays: number; onClose: () => void }) {
  const [form] = Form.useForm<ItemValues>();
  const [dirty, setDirty] = useState(false);
  const schools = useSchoolNames();
  const save = useOpMutation('rectification.save', { success: (i) => `已登记整改事项 ${i.number}`, errorTitle: '无法保存整改事项' });
  const unsaved = useUnsavedChanges(dirty, '新增的整改事项');
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const input = inputOf(v, (id) => schools.get(id));
    if (!input) {
      form.setFields([{ name: 'owner', errors: ['请选择或输入责任单位'] }]);
      return;
    }
    const item = await save.mutateAsync(input).catch(() => null);
    if (!item) return;
    unsaved.markClean();
    onClose();
    navigate(`/rectification/${item.id}`);
  };
  const cancel = async () => {
    if (await unsaved.confirmDiscard()) {
      unsaved.markClean();
      onClose();
    }
  };
  return (
    <Modal open title="新增整改事项" okText="保存" cancelText="取消" onOk={() => void submit()} onCancel={() => void cancel()} confirmLoading={save.isPending} width={720} destroyOnHidden mask={{ closable: false }}>
      <Form form={form} layout="horizontal" labelCol={{ span: 4 }} initialValues={emptyValues(deadlineDays)} onValuesChange={() => setDirty(true)} data-testid="new-item-form">
        <ItemFields withSource />
      </Form>
    </Modal>
  );
}

export function NewItemButton() {
  const [open, setOpen] = useState(false);
  const settings = useOp('rectification.settings', {}, { silent: true });
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} disabled={!settings.data}>
        新增整改事项
      </Button>
      {open && settings.data && <NewItemForm deadlineDays={settings.data.defaultDeadlineDays} onClose={() => setOpen(false)} />}
    </>
  );
}
