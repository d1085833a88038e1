/**
 * Files by reference (issue 9, item 2): the contract never carries file contents. A picked file is
 * staged first (streamed upload, or Electron's dialog in main) and the core gets its reference; a file
 * the core wrote is fetched by its reference.
 */
import type { Envelope, FileResult, StagedFile } from '../../../shared/api/envelope';
import { ApiError } from './client';

/** Upload and download endpoint of the local service (browser mode; Electron serves it on app://desk too). */
export const FILES_PATH = '/api/files';

/** Told how far an upload has got: bytes sent so far and the file's size in bytes. */
export type UploadProgress = (sentBytes: number, totalBytes: number) => void;

/** How one file is uploaded besides its bytes. */
export interface UploadOptions {
  /** Aborting stops the upload where it is; the service removes what it had received (UploadCancelled is thrown). */
  signal?: AbortSignal;
  /** One file of a folder the user picked: its path in the folder (`webkitRelativePath`), checked by the service. */
  relativePath?: string;
}

/** Thrown when the user cancelled an upload: nothing to report, nothing left staged. */
export class UploadCancelled extends Error {
  constructor() {
    super('已取消上传');
    this.name = 'UploadCancelled';
  }
}

/** True for the user's own cancel (not a failure to tell them about). */
export const isUploadCancelled = (e: unknown): e is UploadCancelled => e instanceof UploadCancelled;

const uploadUrl = (file: File, relativePath?: string) => `${FILES_PATH}?name=${encodeURIComponent(file.name)}${relativePath === undefined ? '' : `&path=${encodeURIComponent(relativePath)}`}`;
const unreachable = (file: File) => new ApiError({ code: 'internal', message: `无法上传文件“${file.name}”：无法连接到本机服务，请确认工作台仍在运行` });

/** The service's answer to an upload: the staged file's reference, or its refusal in Chinese. */
function stagedFrom(file: File, status: number, text: string): StagedFile {
  let envelope: Envelope<StagedFile>;
  try {
    envelope = JSON.parse(text) as Envelope<StagedFile>;
  } catch {
    throw new ApiError({ code: 'internal', message: `上传文件“${file.name}”时本机服务返回了无法识别的内容（HTTP ${status}）` });
  }
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value;
}

/**
 * The upload as an XMLHttpRequest, whose `upload` events count the bytes sent (fetch cannot report
 * the progress of a request body). Used in browser mode, where a large file crosses the loopback
 * connection and the user should see it move.
 */
function uploadWithProgress(file: File, onProgress: UploadProgress, options: UploadOptions): Promise<StagedFile> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) return reject(new UploadCancelled());
    const xhr = new XMLHttpRequest();
    const cancel = () => xhr.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    const settle = () => signal?.removeEventListener('abort', cancel);
    xhr.open('POST', uploadUrl(file, options.relativePath));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      settle();
      try {
        const staged = stagedFrom(file, xhr.status, xhr.responseText);
        onProgress(file.size, file.size);
        resolve(staged);
      } catch (e) {
        reject(e);
      }
    });
    xhr.addEventListener('error', () => {
      settle();
      reject(signal?.aborted ? new UploadCancelled() : unreachable(file));
    });
    xhr.addEventListener('abort', () => {
      settle();
      reject(signal?.aborted ? new UploadCancelled() : unreachable(file));
    });
    onProgress(0, file.size);
    xhr.send(file);
  });
}

/**
 * Stages one file the user chose in the page (file input, drag-and-drop): its bytes are streamed to
 * the local service, which hashes them on the way and answers with a reference the contract takes.
 * `onProgress`, when given, is told the bytes sent as they go (browser mode; in Electron the copy is
 * local and quick, and the answer alone is reported). `options.signal` cancels: the request is
 * aborted, the service drops what it had received, and UploadCancelled is thrown — and a file
 * staged just before the cancel arrived is discarded here, so a cancel never leaves one staged.
 * Throws ApiError-shaped errors with Chinese messages.
 */
export async function uploadFile(file: File, onProgress?: UploadProgress, options: UploadOptions = {}): Promise<StagedFile> {
  const staged = await sendFile(file, onProgress, options);
  if (options.signal?.aborted) {
    await discardUpload(staged.ref);
    throw new UploadCancelled();
  }
  return staged;
}

async function sendFile(file: File, onProgress: UploadProgress | undefined, options: UploadOptions): Promise<StagedFile> {
  if (onProgress && !window.desk && typeof XMLHttpRequest !== 'undefined') return uploadWithProgress(file, onProgress, options);
  if (options.signal?.aborted) throw new UploadCancelled();
  let response: Response;
  try {
    response = await fetch(uploadUrl(file, options.relativePath), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
      signal: options.signal,
    });
  } catch {
    throw options.signal?.aborted ? new UploadCancelled() : unreachable(file);
  }
  const staged = stagedFrom(file, response.status, await response.text().catch(() => ''));
  onProgress?.(file.size, file.size);
  return staged;
}

/**
 * Removes an upload the user cancelled after it had arrived (DELETE /api/files/<ref>); only staged
 * uploads can be removed this way. Best effort: an upload not removed now expires with its reference.
 */
export async function discardUpload(ref: string): Promise<void> {
  try {
    await fetch(`${FILES_PATH}/${encodeURIComponent(ref)}`, { method: 'DELETE', credentials: 'same-origin' });
  } catch {
    // the service is gone; so is what it staged, at its next start
  }
}

/** How far a folder's upload has got: bytes sent of all its files, and files complete of all. */
export interface FolderUploadProgress {
  sent: number;
  total: number;
  filesDone: number;
  files: number;
}

/** Files of one folder sent side by side: enough to keep the loopback busy with many small files. */
const FOLDER_UPLOAD_CONCURRENCY = 4;

/** The path a picked folder's file is uploaded under: the browser's `webkitRelativePath` (`folder/sub/file`). */
export const relativePathOf = (file: File): string => file.webkitRelativePath || file.name;

/**
 * Uploads every file of a folder the user picked in the page (`<input webkitdirectory>`), each with
 * its path in the folder, a few at a time, telling `onProgress` the bytes and files done. All or
 * nothing: when one is refused (a hostile path, too large) or the user cancels (`signal`), the
 * others are aborted and every file already staged is discarded, then the error (or
 * UploadCancelled) is thrown. Resolves the staged files in the order given.
 */
export async function uploadFolderFiles(files: readonly File[], options: { onProgress?: (p: FolderUploadProgress) => void; signal?: AbortSignal } = {}): Promise<StagedFile[]> {
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const total = files.reduce((n, f) => n + f.size, 0);
  const sent = files.map(() => 0);
  const staged: (StagedFile | undefined)[] = files.map(() => undefined);
  let filesDone = 0;
  let sentSum = 0;
  const report = () => options.onProgress?.({ sent: sentSum, total, filesDone, files: files.length });
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (!stop.signal.aborted && next < files.length) {
      const i = next++;
      try {
        staged[i] = await uploadFile(
          files[i],
          (bytes) => {
            sentSum += bytes - sent[i];
            sent[i] = bytes;
            report();
          },
          { signal: stop.signal, relativePath: relativePathOf(files[i]) },
        );
        filesDone++;
        report();
      } catch (e) {
        // The first failure speaks; the aborts it causes in the other uploads do not.
        if (failure === null && !(isUploadCancelled(e) && stop.signal.aborted && !options.signal?.aborted)) failure = e;
        stop.abort();
      }
    }
  };
  report();
  try {
    await Promise.all(Array.from({ length: Math.min(FOLDER_UPLOAD_CONCURRENCY, files.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
  }
  if (failure !== null || options.signal?.aborted) {
    await Promise.all(staged.filter((s): s is StagedFile => s !== undefined).map((s) => discardUpload(s.ref)));
    throw options.signal?.aborted ? new UploadCancelled() : failure;
  }
  return staged as StagedFile[];
}

/** What a picker offers: extensions with the dot (`.xlsx`), and whether several files may be chosen. */
export interface PickOptions {
  accept: string[];
  multiple?: boolean;
  /** The dialog's title (Electron). */
  title?: string;
}

/** Electron: main's open dialog, which hands back references (the page never learns a path). */
function pickInMain(options: PickOptions): Promise<StagedFile[]> {
  return window.desk!.openFiles!({ title: options.title ?? '选择文件', extensions: options.accept.map((e) => e.replace(/^\./, '')), multiple: options.multiple ?? false });
}

/** Browser: a hidden file input, then each chosen file streamed up. Resolves [] when the user cancels the picker. */
function pickInPage(options: PickOptions): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = options.accept.join(',');
    input.multiple = options.multiple ?? false;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve([...(input.files ?? [])]);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve([]);
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  });
}

/** True when the Electron shell offers its own dialogs. */
export const hasNativeDialogs = (): boolean => typeof window.desk?.openFiles === 'function';

/**
 * Lets the user choose files and stages them: in Electron through main's dialog, in the browser
 * through the page's picker plus a streamed upload (`onProgress`: bytes sent of all files, and
 * their total). Resolves [] when the user cancels.
 */
export async function pickFiles(options: PickOptions, onProgress?: UploadProgress): Promise<StagedFile[]> {
  if (hasNativeDialogs()) return pickInMain(options);
  const files = await pickInPage(options);
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const staged: StagedFile[] = [];
  for (const f of files) {
    staged.push(await uploadFile(f, onProgress && ((sent) => onProgress(done + sent, total))));
    done += f.size;
  }
  return staged;
}

/**
 * Saves a file the core wrote: Electron asks where through main's save dialog and copies it there;
 * the browser downloads it from the local service (its own dialog or download bar).
 * Resolves false when the user cancelled the save dialog.
 */
export async function saveResult(result: FileResult): Promise<boolean> {
  if (typeof window.desk?.saveFile === 'function') return window.desk.saveFile(result.ref);
  const a = document.createElement('a');
  a.href = resultUrl(result);
  a.download = result.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return true;
}

/** True when the Electron shell can pick a whole folder (a USB stick of 填报包). */
export const hasFolderDialog = (): boolean => typeof window.desk?.openFolder === 'function';

/** Electron: main's folder dialog; the folder comes back as a reference (null when cancelled). */
export async function pickFolder(title: string): Promise<StagedFile | null> {
  if (!window.desk?.openFolder) return null;
  return window.desk.openFolder({ title });
}

/** True when the Electron shell can open a file with the system's program. */
export const canOpenWithSystem = (): boolean => typeof window.desk?.openFile === 'function';

/**
 * The address a published file is read from in the page: `inline` asks for it to be shown in place
 * (only images and PDFs are; the service sends anything else as a download).
 */
export function resultUrl(result: Pick<FileResult, 'ref'>, inline = false): string {
  return `${FILES_PATH}/${encodeURIComponent(result.ref)}${inline ? '?inline=1' : ''}`;
}

/**
 * Opens a published file (a received Word document, a spreadsheet): Electron hands it to the
 * system's program; the browser downloads it (the browser offers to open it). False when main
 * could not open it (it told the user why) or the save dialog was cancelled.
 */
export async function openResult(result: FileResult): Promise<boolean> {
  if (window.desk?.openFile) return window.desk.openFile(result.ref);
  return saveResult(result);
}
