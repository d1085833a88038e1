import { Upload } from 'antd';
import type { RcFile } from 'antd/es/upload';
import { useState, type ReactNode } from 'react';
import type { StagedFile } from '../../../shared/api/envelope';
import { discardUpload, hasNativeDialogs, isUploadCancelled, pickFiles, uploadFile, UploadCancelled } from '../api/files';
import { useNotify } from './use-notify';

/** Bytes of the chosen files sent so far, of their total, and how many files there are. */
export interface UploadState {
  sent: number;
  total: number;
  files: number;
  /** Stops the upload: nothing of it stays staged and onPicked is not called (browser uploads only). */
  cancel?: () => void;
}

export interface FilePickerProps {
  /** Extensions with the dot: ['.xlsx', '.csv']. */
  accept: string[];
  multiple?: boolean;
  /** Title of Electron's open dialog. */
  title?: string;
  /** A drop zone (Upload.Dragger) instead of a plain clickable area. */
  dragger?: boolean;
  disabled?: boolean;
  /** Told the staged files (references, never bytes) once all are in. */
  onPicked: (files: StagedFile[]) => void | Promise<void>;
  /** Told while files are being staged (a large upload takes a moment). */
  onBusy?: (busy: boolean) => void;
  /**
   * Told how far the upload of the chosen files has got (browser mode: bytes sent of all files and
   * their total), then null when it is over. In Electron the files are read in place and only the end is told.
   */
  onProgress?: (progress: UploadState | null) => void;
  children: ReactNode;
  'data-testid'?: string;
}

/**
 * Choosing files, the same way everywhere: a click opens Electron's dialog in main (which hands
 * back references) or the browser's picker; a drop or a browser pick is streamed to the local
 * service. Either way the caller gets references to pass to the contract, never file contents.
 */
export function FilePicker({ accept, multiple = false, title, dragger, disabled, onPicked, onBusy, onProgress, children, ...rest }: FilePickerProps) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const native = hasNativeDialogs();

  const stage = async (produce: () => Promise<StagedFile[]>) => {
    setBusy(true);
    onBusy?.(true);
    try {
      const files = await produce();
      // The upload is over; what the caller does next (a job) has progress of its own.
      onProgress?.(null);
      if (files.length > 0) await onPicked(files);
    } catch (e) {
      // A cancel is the user's own choice: nothing to tell them.
      if (!isUploadCancelled(e)) notify.error(e, '无法读取所选文件');
    } finally {
      setBusy(false);
      onBusy?.(false);
      onProgress?.(null);
    }
  };

  /**
   * Uploads the files side by side, adding up what each has sent for one progress figure, with a
   * cancel that aborts them all; files that arrived before the cancel (or before another failed)
   * are discarded, so nothing of the choice stays staged.
   */
  const uploadAll = async (files: File[]) => {
    const controller = new AbortController();
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      controller.abort();
    };
    const total = files.reduce((n, f) => n + f.size, 0);
    const sent = files.map(() => 0);
    const report = onProgress && ((i: number) => (bytes: number) => {
      sent[i] = bytes;
      onProgress({ sent: sent.reduce((a, b) => a + b, 0), total, files: files.length, cancel });
    });
    let failure: unknown = null;
    const results = await Promise.allSettled(
      files.map((f, i) =>
        uploadFile(f, report?.(i), { signal: controller.signal }).catch((e: unknown) => {
          // The first refusal stops the others (their aborts are not the reason).
          if (failure === null && !cancelled && !isUploadCancelled(e)) failure = e;
          controller.abort();
          throw e;
        }),
      ),
    );
    const staged = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (cancelled || failure !== null) {
      await Promise.all(staged.map((f) => discardUpload(f.ref)));
      throw cancelled ? new UploadCancelled() : failure;
    }
    return staged;
  };

  const props = {
    accept: accept.join(','),
    multiple,
    disabled: disabled || busy,
    showUploadList: false,
    // In Electron a click opens main's dialog instead; a drop still arrives here.
    openFileDialogOnClick: !native,
    beforeUpload: (file: RcFile, list: RcFile[]) => {
      // antd calls this once per file with the whole list: stage the list once, on its last file.
      if (file.uid === list[list.length - 1]?.uid) void stage(() => uploadAll(multiple ? list : [file]));
      return false;
    },
  };
  // On the wrapper: antd's Upload does not pass data attributes to the DOM.
  const testId = rest['data-testid'];
  const click = native && !disabled && !busy ? () => void stage(() => pickFiles({ accept, multiple, title })) : undefined;
  return dragger ? (
    <div onClick={click} data-testid={testId}>
      <Upload.Dragger {...props}>{children}</Upload.Dragger>
    </div>
  ) : (
    <span onClick={click} data-testid={testId}>
      <Upload {...props}>{children}</Upload>
    </span>
  );
}
