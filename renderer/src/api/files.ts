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

const uploadUrl = (file: File) => `${FILES_PATH}?name=${encodeURIComponent(file.name)}`;
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
function uploadWithProgress(file: File, onProgress: UploadProgress): Promise<StagedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(file));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      try {
        const staged = stagedFrom(file, xhr.status, xhr.responseText);
        onProgress(file.size, file.size);
        resolve(staged);
      } catch (e) {
        reject(e);
      }
    });
    xhr.addEventListener('error', () => reject(unreachable(file)));
    xhr.addEventListener('abort', () => reject(unreachable(file)));
    onProgress(0, file.size);
    xhr.send(file);
  });
}

/**
 * Stages one file the user chose in the page (file input, drag-and-drop): its bytes are streamed to
 * the local service, which hashes them on the way and answers with a reference the contract takes.
 * `onProgress`, when given, is told the bytes sent as they go (browser mode; in Electron the copy is
 * local and quick, and the answer alone is reported). Throws ApiError-shaped errors with Chinese messages.
 */
export async function uploadFile(file: File, onProgress?: UploadProgress): Promise<StagedFile> {
  if (onProgress && !window.desk && typeof XMLHttpRequest !== 'undefined') return uploadWithProgress(file, onProgress);
  let response: Response;
  try {
    response = await fetch(uploadUrl(file), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw unreachable(file);
  }
  const staged = stagedFrom(file, response.status, await response.text().catch(() => ''));
  onProgress?.(file.size, file.size);
  return staged;
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

/** Browser: a hidden file input, then each chosen file streamed up. Resolves [] when the user cancels. */
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
