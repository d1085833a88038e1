import type { FileDownload, FilePayload } from '../../../shared/api/envelope';

// Chunked so large workbooks do not overflow the argument limit of String.fromCharCode.
function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads a user-picked file into the upload payload; the renderer never sends paths. */
export async function readFilePayload(file: File): Promise<FilePayload> {
  const buffer = await file.arrayBuffer();
  return { fileName: file.name, contentBase64: bytesToBase64(new Uint8Array(buffer)) };
}

/** Saves a download through the browser's own mechanism (Electron's main shows a save dialog for it). */
export function saveDownload(download: FileDownload): void {
  const blob = new Blob([base64ToBytes(download.contentBase64)], { type: download.mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = download.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
