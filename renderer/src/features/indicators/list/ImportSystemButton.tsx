import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import type { StagedFile } from '../../../../../shared/api/envelope';
import { useOpMutation } from '../../../api/queries';
import { navigate } from '../../../app/navigation';
import { FilePicker } from '../../../components/FilePicker';

/** 导入 Excel: the picked file goes to the core by reference (never its bytes); opens the imported version. */
export function ImportSystemButton() {
  // Picking (staging the file) is busy too; then the import call is.
  const [picking, setPicking] = useState(false);
  const importSystem = useOpMutation('indicators.import', {
    errorTitle: '导入失败',
    success: (r) => r.message,
    onSuccess: (r) => navigate(`/indicators/${r.detail.summary.id}`),
  });
  const busy = picking || importSystem.isPending;
  const importFile = ([file]: StagedFile[]) => importSystem.mutate({ file: { ref: file.ref } });

  return (
    <FilePicker accept={['.xlsx']} title="导入指标体系" onPicked={importFile} onBusy={setPicking}>
      <Button icon={<UploadOutlined />} loading={busy}>
        导入 Excel
      </Button>
    </FilePicker>
  );
}
