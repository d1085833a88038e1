import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import type { StagedFile } from '../../../../../shared/api/envelope';
import { call } from '../../../api/client';
import { navigate } from '../../../app/hash-router';
import { FilePicker } from '../../../components/FilePicker';
import { useNotify } from '../../../components/use-notify';

/** 导入 Excel: the picked file goes to the core by reference (never its bytes); opens the imported version. */
export function ImportSystemButton({ onImported }: { onImported: () => void }) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const importFile = async ([file]: StagedFile[]) => {
    setBusy(true);
    try {
      const r = await call('indicators.import', { file: { ref: file.ref } });
      notify.success(r.message);
      onImported();
      navigate(`/indicators/${r.detail.summary.id}`);
    } catch (e) {
      notify.error(e, '导入失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <FilePicker accept={['.xlsx']} title="导入指标体系" onPicked={importFile} onBusy={setBusy}>
      <Button icon={<UploadOutlined />} loading={busy}>
        导入 Excel
      </Button>
    </FilePicker>
  );
}
