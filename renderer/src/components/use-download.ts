import { useState } from 'react';
import type { FileResult } from '../../../shared/api/envelope';
import { saveResult } from '../api/files';
import { useNotify } from './use-notify';

/**
 * Runs a call that writes a file for the user (it comes back by reference) and saves it — Electron's
 * save dialog, or the browser's download — with a busy flag and Chinese feedback.
 */
export function useDownload() {
  const notify = useNotify();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, produce: () => Promise<FileResult>) => {
    setBusy(key);
    try {
      const file = await produce();
      // A cancelled save dialog is the user's choice, not a failure: no message.
      if (await saveResult(file)) notify.success(`已生成“${file.fileName}”`);
    } catch (e) {
      notify.error(e, '导出失败');
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
