import { useMutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { FileResult } from '../../../shared/api/envelope';
import { saveResult } from '../api/files';

interface DownloadRequest {
  key: string;
  produce: () => Promise<FileResult>;
}

/**
 * Runs a call that writes a file for the user (it comes back by reference) and saves it — Electron's
 * save dialog, or the browser's download. `busy` is the key of the download under way (one button
 * of several shows the spinner). Feedback goes through the window's one handler (query-client.ts):
 * `done`“…” after saving (已生成 for a new export, 已保存 for a stored file), the Chinese error with
 * its 错误编号 under `errorTitle` otherwise; a cancelled save dialog is the user's choice and says nothing.
 */
export function useDownload(errorTitle = '导出失败', done = '已生成') {
  const mutation = useMutation<FileResult | null, Error, DownloadRequest>({
    mutationFn: async ({ produce }) => {
      const file = await produce();
      return (await saveResult(file)) ? file : null;
    },
    meta: { errorTitle, success: (file: FileResult | null) => (file ? `${done}“${file.fileName}”` : null) },
  });
  const { mutate } = mutation;
  const run = useCallback((key: string, produce: () => Promise<FileResult>) => mutate({ key, produce }), [mutate]);
  return { busy: mutation.isPending ? (mutation.variables?.key ?? null) : null, run };
}
