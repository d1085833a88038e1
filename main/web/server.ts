import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Dispatch } from '../api/dispatcher';
import { CONTENT_SECURITY_POLICY, checkHostAndOrigin, newToken, resolveStaticPath, tokenMatches } from './security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// Uploads arrive base64-encoded; 50 MB of file is about 67 MB of JSON.
const MAX_BODY_BYTES = 80 * 1024 * 1024;
export const TOKEN_HEADER = 'x-desk-token';

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, message: string) {
  send(res, status, JSON.stringify({ ok: false, error: { code: 'forbidden', message } }));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('请求过大');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Browser mode: the renderer bundle plus the API over HTTP, on 127.0.0.1 only. Every API call must
 * carry the per-launch token; Host and Origin are checked on every request.
 */
export async function startWebServer(opts: { dispatch: Dispatch; staticRoot: string; port?: number; token?: string }): Promise<WebServer> {
  const token = opts.token ?? newToken();
  let port = 0;
  const server = http.createServer(async (req, res) => {
    const denied = checkHostAndOrigin(req, port);
    if (denied) return sendError(res, 403, denied);
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, '只接受 POST 请求');
      if (!tokenMatches(token, req.headers[TOKEN_HEADER])) return sendError(res, 401, '访问令牌无效，请使用启动时显示的地址打开页面');
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length ? JSON.parse(body) : {};
      } catch (e) {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: `请求内容无法解析：${(e as Error).message}` } }));
      }
      const op = decodeURIComponent(url.slice('/api/'.length).split('?')[0]);
      const result = await opts.dispatch(op, input);
      return send(res, 200, JSON.stringify(result));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, '不支持的请求方法');
    const file = resolveStaticPath(opts.staticRoot, url);
    if (!file) return sendError(res, 404, '找不到该文件');
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return send(res, 404, '找不到该文件', 'text/plain; charset=utf-8');
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
