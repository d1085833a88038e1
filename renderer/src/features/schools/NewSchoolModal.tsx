import { Modal } from 'antd';
import { useRef } from 'react';
import type { School } from '../../../../shared/api/contracts/schools';
import { useOpMutation } from '../../api/queries';
import { SchoolForm, type SchoolFormHandle } from './SchoolForm';

/** 新增学校: the school form in a dialog; closing it with typed-in data asks first. */
export function NewSchoolModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (s: School) => void }) {
  const create = useOpMutation('schools.create', { success: (s) => `已创建“${s.name}”`, errorTitle: '创建失败' });
  const form = useRef<SchoolFormHandle>(null);
  const close = async () => {
    if (!form.current || (await form.current.confirmDiscard())) onClose();
  };
  return (
    <Modal title="新增学校" open={open} onCancel={() => void close()} footer={null} width={880} destroyOnHidden mask={{ closable: false }}>
      <SchoolForm ref={form} submitLabel="创建" onCancel={onClose} onSubmit={(input) => create.mutateAsync(input)} onSaved={onCreated} />
    </Modal>
  );
}
