import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, resolveStaticPath } from '../web/security';

export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

/**
 * Serves the renderer bundle from app://desk/ with the same CSP as browser mode; nothing outside the
 * bundle. A file that cannot be read (locked by antivirus, removed by an update) answers that
 * request with an error status; it never throws out of the handler.
 */
export function registerAppProtocol(bundleRoot: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'desk') return new Response('Not found', { status: 404 });
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
