import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { protocol } from 'electron';
import { AppError } from '../../shared/api/envelope';
import type { FileAccess } from '../files/file-refs';
import { CONTENT_SECURITY_POLICY, INLINE_FILE_CONTENT_SECURITY_POLICY, fileDisposition, resolveStaticPath } from '../web/security';

/** Same path as browser mode (main/web/server.ts FILES_PATH), so the page's code is one for both doors. */
const FILES_PATH = '/api/files';

export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

/**
 * Serves the renderer bundle from app://desk/ with the same CSP as browser mode; nothing outside the
 * bundle. A file that cannot be read (locked by antivirus, removed by an update) answers that
 * request with an error status; it never throws out of the handler.
 */
export function registerAppProtocol(bundleRoot: string, files: FileAccess): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'desk') return new Response('Not found', { status: 404 });
    if (url.pathname === FILES_PATH || url.pathname.startsWith(`${FILES_PATH}/`)) return serveFiles(request, url, files);
    const file = resolveStaticPath(bundleRoot, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    let body: Buffer;
    try {
      const handle = await fs.promises.open(file, 'r');
      try {
        if (!(await handle.stat()).isFile()) return new Response('Not found', { status: 404 });
        body = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return new Response('Not found', { status: 404 });
      return new Response(`无法读取界面文件（${code ?? '未知错误'}），请重新启动程序`, { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });

function failure(e: unknown): Response {
  if (e instanceof AppError) return json(e.code === 'not_found' ? 404 : 400, { ok: false, error: { code: e.code, message: e.message } });
  return json(500, { ok: false, error: { code: 'internal', message: `文件传输失败：${e instanceof Error ? e.message : String(e)}` } });
}

/**
 * A file dropped on the page is streamed here (POST /api/files?name=…) and staged like a browser-mode
 * upload; a result is streamed back (GET /api/files/<ref>). Only our own page reaches app://desk.
 */
async function serveFiles(request: Request, url: URL, files: FileAccess): Promise<Response> {
  try {
    if (url.pathname === FILES_PATH) {
      if (request.method !== 'POST' || !request.body) return json(405, { ok: false, error: { code: 'invalid_input', message: '只接受 POST 请求' } });
      const name = url.searchParams.get('name') ?? '';
      if (!name.trim()) return json(400, { ok: false, error: { code: 'invalid_input', message: '上传时须给出文件名' } });
      const relativePath = url.searchParams.get('path') ?? undefined;
      const staged = await files.stage(Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>), name, relativePath === undefined ? undefined : { relativePath });
      return json(200, { ok: true, value: { ref: staged.ref, fileName: staged.fileName, bytes: staged.bytes } });
    }
    // The page cancelled an upload whose reference it has (as in browser mode; only staged uploads go).
    if (request.method === 'DELETE') return json(200, { ok: true, value: { removed: await files.discard(decodeURIComponent(url.pathname.slice(FILES_PATH.length + 1))) } });
    const file = await files.download(decodeURIComponent(url.pathname.slice(FILES_PATH.length + 1)));
    const stream = Readable.toWeb(fs.createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>;
    // ?inline=1: an image shown in place (the evidence viewer), as in browser mode; everything else downloads.
    const disposition = fileDisposition(file.fileName, file.mimeType, url.searchParams.get('inline') === '1');
    return new Response(stream, {
      headers: {
        'Content-Type': file.mimeType,
        'Content-Length': String(file.bytes),
        'Content-Disposition': disposition.header,
        'Content-Security-Policy': disposition.inline ? INLINE_FILE_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    return failure(e);
  }
}
