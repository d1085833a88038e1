import { FolderOpenOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { StagedFile } from '../../../../../shared/api/envelope';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { call } from '../../../api/client';
import { discardUpload, isUploadCancelled, relativePathOf, uploadFolderFiles, type FolderUploadProgress } from '../../../api/files';
import { useNotify } from '../../../components/use-notify';

/** A folder uploaded and put back together by the service: its reference, and how many files it holds. */
export type UploadedFolder = StagedFile & { files: number };

/** What the progress line says: the folder, files and bytes so far, or that the files are being put together. */
export function folderUploadText(name: string, p: FolderUploadProgress, assembling: boolean): string {
  if (assembling) return `正在整理文件夹“${name}”（${p.files} 个文件）…`;
  const percent = p.total > 0 ? Math.floor((p.sent / p.total) * 100) : 100;
  return `正在上传文件夹“${name}”：${p.filesDone}/${p.files} 个文件，${formatBytes(p.sent)} / ${formatBytes(p.total)}（${percent}%）`;
}

/**
 * 选择文件夹 in browser mode (the desktop app uses its own folder dialog): the browser's folder
 * picker (`<input webkitdirectory>`), then every file uploaded with its path in the folder, with
 * progress and 取消, then the service puts them back together as the folder (`rounds.assembleFolder`),
 * whose reference the import reads like a folder picked in the desktop app — one package folder or a
 * USB stick's folder holding many. A cancel or a refusal leaves nothing staged.
 */
export function FolderUpload({ disabled, onUploaded }: { disabled?: boolean; onUploaded: (folder: UploadedFolder) => void }) {
  const notify = useNotify();
  const input = useRef<HTMLInputElement | null>(null);
  const controller = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<{ name: string; p: FolderUploadProgress; assembling: boolean } | null>(null);
  // The browser's folder picker: typed by the DOM, not by React's attributes.
  const setInput = useCallback((el: HTMLInputElement | null) => {
    input.current = el;
    if (el) el.webkitdirectory = true;
  }, []);

  const upload = async (files: File[]) => {
    if (files.length === 0) {
      notify.info('所选文件夹中没有文件');
      return;
    }
    const name = relativePathOf(files[0]).split('/')[0] || '文件夹';
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ name, p: { sent: 0, total: files.reduce((n, f) => n + f.size, 0), filesDone: 0, files: files.length }, assembling: false });
    try {
      const staged = await uploadFolderFiles(files, { signal: abort.signal, onProgress: (p) => setProgress({ name, p, assembling: false }) });
      setProgress((s) => s && { ...s, assembling: true });
      const folder = await call('rounds.assembleFolder', { refs: staged.map((f) => f.ref) });
      // Cancelled while the files were being put together: the folder goes too.
      if (abort.signal.aborted) {
        await discardUpload(folder.ref);
        return;
      }
      onUploaded({ ...folder, files: files.length });
    } catch (e) {
      if (!isUploadCancelled(e)) notify.error(e, '无法上传所选文件夹');
    } finally {
      controller.current = null;
      setProgress(null);
    }
  };

  return (
    <Flex vertical gap={8} data-testid="folder-upload">
      <input
        ref={setInput}
        type="file"
        multiple
        style={{ display: 'none' }}
        data-testid="folder-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // The same folder may be chosen again later.
          e.target.value = '';
          void upload(files);
        }}
      />
      <Button icon={<FolderOpenOutlined />} style={{ alignSelf: 'flex-start' }} disabled={disabled || progress !== null} onClick={() => input.current?.click()}>
        选择文件夹…
      </Button>
      {progress && (
        <Flex align="center" gap={12} wrap data-testid="folder-upload-progress">
          <Typography.Text type="secondary" data-user-text>
            {folderUploadText(progress.name, progress.p, progress.assembling)}
          </Typography.Text>
          <Progress
            percent={progress.p.total > 0 ? Math.floor((progress.p.sent / progress.p.total) * 100) : 100}
            size="small"
            status="active"
            style={{ width: 200 }}
            aria-label="文件夹上传进度"
          />
          <Button danger size="small" icon={<StopOutlined />} onClick={() => controller.current?.abort()} data-testid="folder-upload-cancel">
            取消上传
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
