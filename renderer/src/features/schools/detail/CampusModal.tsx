import { Form, Input, Modal, Switch } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Campus } from '../../../../../shared/api/contracts/schools';
import { useOpMutation } from '../../../api/queries';
import { useUnsavedChanges } from '../../../app/unsaved';

interface CampusFormValues {
  name: string;
  address?: string;
  evaluatedSeparately: boolean;
}

const snapshot = (v: Partial<CampusFormValues>) => JSON.stringify([(v.name ?? '').trim(), (v.address ?? '').trim(), !!v.evaluatedSeparately]);

/** 新增校区 / 编辑校区. Mounted while open, so each opening starts from the campus as stored. */
export function CampusModal(props: { schoolId: number; campus?: Campus; open: boolean; onClose: () => void; onSaved: () => void }) {
  return props.open ? <CampusDialog {...props} /> : null;
}

/**
 * The campus form. Problems are shown beside their field (an empty name included) and nothing is
 * sent until they are fixed; closing with edits asks first, and leaving the page while the dialog
 * holds edits offers 保存并离开.
 */
function CampusDialog({ schoolId, campus, onClose, onSaved }: { schoolId: number; campus?: Campus; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<CampusFormValues>();
  const initialValues = useMemo<CampusFormValues>(() => ({ name: campus?.name ?? '', address: campus?.address ?? '', evaluatedSeparately: campus?.evaluatedSeparately ?? false }), [campus]);
  const [dirty, setDirty] = useState(false);
  // The guard's markClean, for after a save (the guard needs `save`, so it is created below).
  const markClean = useRef<() => void>(() => undefined);
  const saveCampus = useOpMutation('schools.saveCampus', { success: (_s, input) => `已保存校区“${input.campus.name}”`, errorTitle: '保存校区失败' });

  const save = async (): Promise<boolean> => {
    let v: CampusFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return false; // the messages stand beside the fields
    }
    try {
      await saveCampus.mutateAsync({ schoolId, campus: { id: campus?.id, name: v.name.trim(), address: v.address?.trim() || null, evaluatedSeparately: v.evaluatedSeparately } });
    } catch {
      return false; // shown by the data layer; the dialog keeps the edits
    }
    markClean.current();
    setDirty(false);
    onSaved();
    return true;
  };
  const guard = useUnsavedChanges(dirty, campus ? `校区“${campus.name}”的修改` : '新校区的信息', save);
  useEffect(() => {
    markClean.current = guard.markClean;
  }, [guard]);
  const cancel = async () => {
    if (await guard.confirmDiscard()) onClose();
  };

  return (
    <Modal
      title={campus ? '编辑校区' : '新增校区'}
      open
      onCancel={() => void cancel()}
      onOk={() => void save()}
      okText="保存"
      cancelText="取消"
      confirmLoading={saveCampus.isPending}
      mask={{ closable: false }}
    >
      <Form<CampusFormValues>
        name="campus"
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={() => setDirty(snapshot(form.getFieldsValue(true) as CampusFormValues) !== snapshot(initialValues))}
      >
        <Form.Item name="name" label="校区名称" rules={[{ required: true, whitespace: true, message: '请填写校区名称' }, { max: 50, message: '校区名称不能超过 50 个字' }]}>
          <Input placeholder="如：本部、北校区" />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ max: 200, message: '地址不能超过 200 个字' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="evaluatedSeparately" label="单独评估" valuePropName="checked" tooltip="打开后，该校区在评估中作为独立单位，统计数据按校区填写">
          <Switch checkedChildren="是" unCheckedChildren="否" aria-label="单独评估" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
