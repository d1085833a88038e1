import { Modal } from 'antd';
import type { SystemFamily } from '../../../../../shared/api/contracts/indicators';
import { DiffPicker } from './DiffPicker';

/** 对比版本 from the list: the two newest versions by default. */
export function DiffModal({ family, onClose }: { family: SystemFamily | null; onClose: () => void }) {
  return (
    <Modal title={`对比版本：${family?.name ?? ''}`} open={family !== null} onCancel={onClose} footer={null} width={1100} destroyOnHidden>
      {family && <DiffPicker versions={family.versions} />}
    </Modal>
  );
}
