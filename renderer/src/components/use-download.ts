import { useState } from 'react';
import type { FileDownload } from '../../../shared/api/envelope';
import { saveDownload } from '../api/files';
import { useNotify } from './use-notify';

/** Runs a download-producing call with a busy flag and Chinese feedback. */
export function useDownload() {
  const notify = useNotify();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, produce: () => Promise<FileDownload>) => {
    setBusy(key);
    try {
      const file = await produce();
      saveDownload(file);
      notify.success(`已生成“${file.fileName}”`);
    } catch (e) {
      notify.error(e, '导出失败');
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
