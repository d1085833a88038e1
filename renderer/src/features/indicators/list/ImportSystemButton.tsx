import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import { useState } from 'react';
import { call } from '../../../api/client';
import { readFilePayload } from '../../../api/files';
import { navigate } from '../../../app/hash-router';
import { useNotify } from '../../../components/use-notify';

/** 导入 Excel: reads the file in the renderer and sends its bytes; opens the imported version. */
export function ImportSystemButton({ onImported }: { onImported: () => void }) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const r = await call('indicators.import', { file: await readFilePayload(file) });
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
    <Upload
      accept=".xlsx"
      showUploadList={false}
      beforeUpload={(file) => {
        void importFile(file);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} loading={busy}>
        导入 Excel
      </Button>
    </Upload>
  );
}
