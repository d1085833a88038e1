import { Modal } from 'antd';
import type { School } from '../../../../shared/api/contracts/schools';
import { call } from '../../api/client';
import { useNotify } from '../../components/use-notify';
import { SchoolForm } from './SchoolForm';

export function NewSchoolModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (s: School) => void }) {
  const notify = useNotify();
  return (
    <Modal title="新增学校" open={open} onCancel={onClose} footer={null} width={880} destroyOnHidden>
      <SchoolForm
        submitLabel="创建"
        onCancel={onClose}
        onSubmit={async (input) => {
          try {
            const created = await call('schools.create', input);
            notify.success(`已创建“${created.name}”`);
            onCreated(created);
          } catch (e) {
            notify.error(e, '创建失败');
          }
        }}
      />
    </Modal>
  );
}
