import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { Dispatch } from '../api/dispatcher';
import type { FileAccess, PublishedFile } from '../files/file-refs';
import { AppError } from '../../shared/api/envelope';
import { CONTENT_SECURITY_POLICY, INLINE_FILE_CONTENT_SECURITY_POLICY, checkHostAndOrigin, fileDisposition, newToken, readCookie, resolveStaticPath, sessionCookieName, tokenMatches } from './security';

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

// API calls carry JSON only (files go through FILES_PATH as streams), so a small cap suffices.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Header alternative to the session cookie, for tests and scripts that hold the session secret. */
export const TOKEN_HEADER = 'x-desk-token';
/** The operator chosen in the calling window (a positive integer id); absent before one is chosen. */
export const OPERATOR_HEADER = 'x-desk-operator';
/** Query parameter of the printed address that carries the one-time launch code. */
export const LAUNCH_PARAM = 'launch';

export const UNAUTHORIZED_MESSAGE = '未登录或会话已失效：请用启动浏览器模式时终端里显示的地址打开页面（每个地址只能使用一次）';

export interface WebServer {
  /** The address to open: carries a one-time launch code, never the session secret. */
  url: string;
  port: number;
  /** The session secret (the session cookie's value, also accepted in the x-desk-token header). Never print it. */
  token: string;
  close(): Promise<void>;
}

export interface WebServerOptions {
  dispatch: Dispatch;
  staticRoot: string;
  port?: number;
  /** The session secret; a random one per launch when absent. */
  token?: string;
  /** Told a fresh launch address when a spent one is opened again (start.ts prints it in the terminal). */
  onLaunchUrl?: (url: string) => void;
  /** Told about a request that failed unexpectedly (the server itself keeps running). */
  onError?: (error: unknown) => void;
  /**
   * The core's events (job progress) for GET /api/events: called once per connected page with a
   * `send(name, data)`; returns the unsubscribe, called when the page goes away.
   */
  events?: (send: (name: string, data: unknown) => void) => () => void;
  /** The core's file references: POST /api/files stages an upload, GET /api/files/<ref> streams a result. */
  files?: FileAccess;
}

/**
 * Streamed uploads (POST, `?name=<file name>`, raw body; `&path=<relative path>` for one file of a
 * folder picked in the page), downloads (GET `/<ref>`), and a cancelled upload removed (DELETE `/<ref>`).
 */
export const FILES_PATH = '/api/files';

/** The Server-Sent Events endpoint (same session and Host/Origin checks as every API call). */
export const EVENTS_PATH = '/api/events';
const HEARTBEAT_MS = 20_000;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8', extra: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': type, ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, message: string, code = 'forbidden') {
  send(res, status, JSON.stringify({ ok: false, error: { code, message } }));
}

/**
 * A page a browser shows instead of the workbench (a spent launch address, no session): the title
 * and plain Chinese paragraphs, the product's icon, nothing technical (no code, no JSON, no stack).
 */
function sendPage(res: http.ServerResponse, status: number, title: string, ...paragraphs: string[]) {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = paragraphs.map((p) => `<p>${escape(p)}</p>`).join('');
  send(
    res,
    status,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>${escape(title)} - 督导评估工作台</title></head><body style="font-family:'Microsoft YaHei','PingFang SC',sans-serif;max-width:40em;margin:4em auto;padding:0 1em;line-height:1.8;color:#1f2937"><h1 style="font-size:1.3em">${escape(title)}</h1>${body}</body></html>`,
    'text/html; charset=utf-8',
  );
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

/** Launch codes kept live at once; an older unused one is dropped when a new one is issued. */
const MAX_LIVE_LAUNCH_CODES = 20;

/** One-time launch codes: each opens one browser session and is then spent. */
class LaunchCodes {
  readonly #live = new Set<string>();

  issue(): string {
    const code = newToken();
    this.#live.add(code);
    // Every visit without a session prints a fresh code: keep only the newest few (a Set keeps insertion order).
    for (const old of this.#live) {
      if (this.#live.size <= MAX_LIVE_LAUNCH_CODES) break;
      this.#live.delete(old);
    }
    return code;
  }

  /** True once per issued code (compared in constant time). */
  consume(given: string | null): boolean {
    if (!given) return false;
    for (const code of this.#live) {
      if (tokenMatches(code, given)) {
        this.#live.delete(code);
        return true;
      }
    }
    return false;
  }
}

/**
 * Browser mode: the renderer bundle plus the API over HTTP, on 127.0.0.1 only. The printed address
 * carries a one-time launch code that the server exchanges for an HttpOnly, SameSite=Strict session
 * cookie and then redirects to the bare address, so the secret never stays in the address bar,
 * history or cache. Every API call must carry the session (cookie, or the x-desk-token header for
 * tests and scripts); Host and Origin are checked on every request. Every request runs under one
 * guard: a failure answers that request with a Chinese 4xx/5xx and never stops the process.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? newToken();
  const launchCodes = new LaunchCodes();
  const onError = opts.onError ?? ((e: unknown) => console.error('浏览器模式：处理请求时出错', e instanceof Error ? (e.stack ?? e.message) : e));
  let port = 0;
  const launchUrl = () => `http://127.0.0.1:${port}/?${LAUNCH_PARAM}=${launchCodes.issue()}`;

  const authenticated = (req: http.IncomingMessage) => tokenMatches(token, req.headers[TOKEN_HEADER]) || tokenMatches(token, readCookie(req, sessionCookieName(port)));

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    if (req.method !== 'POST') return sendError(res, 405, '只接受 POST 请求');
    if (!authenticated(req)) return sendError(res, 401, UNAUTHORIZED_MESSAGE);
    let op: string;
    try {
      op = decodeURIComponent(pathname.slice('/api/'.length));
    } catch {
      return sendError(res, 400, '请求地址中的操作名称编码有误', 'invalid_input');
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.length ? JSON.parse(body) : {};
    } catch (e) {
      return sendError(res, 400, `请求内容无法解析：${(e as Error).message}`, 'invalid_input');
    }
    // The operator chosen in the calling tab (several people may use browser mode at once).
    const operator = req.headers[OPERATOR_HEADER];
    const operatorId = typeof operator === 'string' && /^[1-9]\d{0,8}$/.test(operator) ? Number(operator) : undefined;
    const result = await opts.dispatch(op, input, { operatorId });
    return send(res, 200, JSON.stringify(result));
  }

  /**
   * POST /api/files?name=…[&path=…]: the body is streamed to the staging folder, hashed and counted
   * on the way (never held in memory); the answer is the reference the contract takes. `path` is the
   * file's place in a folder the user picked (checked before a byte is written: no `..`, no absolute
   * path, …; see checkUploadPath). An upload the page aborts leaves nothing behind: a body cut off
   * half-way is removed by the staging itself, and one staged just as the page went away (it will
   * never learn the reference) is removed here. GET /api/files/<ref>: a file the core wrote,
   * streamed with its name for the browser's save dialog. DELETE /api/files/<ref>: the page
   * cancelled an upload whose reference it already has; only staged uploads are removed this way.
   */
  async function handleFiles(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, query: URLSearchParams) {
    if (!authenticated(req)) return sendError(res, 401, UNAUTHORIZED_MESSAGE);
    const files = opts.files;
    if (!files) return sendError(res, 404, '本机服务未提供文件传输', 'not_found');
    const answer = (e: unknown) => {
      const error = e instanceof AppError ? { code: e.code, message: e.message } : { code: 'internal', message: `文件传输失败：${(e as Error)?.message ?? String(e)}` };
      if (!(e instanceof AppError)) onError(e);
      if (!res.headersSent) send(res, e instanceof AppError && e.code === 'not_found' ? 404 : 400, JSON.stringify({ ok: false, error }));
      else res.destroy();
    };
    if (pathname === FILES_PATH) {
      if (req.method !== 'POST') return sendError(res, 405, '只接受 POST 请求');
      const name = query.get('name') ?? '';
      if (!name.trim()) return sendError(res, 400, '上传时须给出文件名', 'invalid_input');
      const relativePath = query.get('path') ?? undefined;
      // The page went away before it could read the answer (the user cancelled as the last bytes went).
      let gone = false;
      res.on('close', () => {
        if (!res.writableFinished) gone = true;
      });
      try {
        const staged = await files.stage(req, name, relativePath === undefined ? undefined : { relativePath });
        if (gone || res.destroyed) {
          await files.discard(staged.ref).catch(() => undefined);
          return;
        }
        return send(res, 200, JSON.stringify({ ok: true, value: { ref: staged.ref, fileName: staged.fileName, bytes: staged.bytes } }));
      } catch (e) {
        // Cancelled by the page: the staging removed the part it wrote; nobody is left to answer.
        if (gone || res.destroyed) return;
        // The rest of an upload that was refused (too large) is not read.
        req.resume();
        return answer(e);
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE') return sendError(res, 405, '只接受 GET 或 DELETE 请求');
    let ref: string;
    try {
      ref = decodeURIComponent(pathname.slice(FILES_PATH.length + 1));
    } catch {
      return sendError(res, 400, '文件地址编码有误', 'invalid_input');
    }
    if (req.method === 'DELETE') {
      try {
        const removed = await files.discard(ref);
        return send(res, 200, JSON.stringify({ ok: true, value: { removed } }));
      } catch (e) {
        return answer(e);
      }
    }
    let handle: fs.FileHandle;
    let file: PublishedFile;
    try {
      file = await files.download(ref);
      handle = await fs.open(file.path, 'r');
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      return answer(missing ? new AppError('not_found', '该文件已不在数据目录中，请重新生成后再下载') : e);
    }
    const size = (await handle.stat()).size;
    // ?inline=1: an image or PDF shown in place (the evidence viewer); everything else downloads.
    const disposition = fileDisposition(file.fileName, file.mimeType, query.get('inline') === '1');
    res.writeHead(200, {
      'Content-Type': file.mimeType,
      'Content-Length': String(size),
      'Content-Disposition': disposition.header,
      ...SECURITY_HEADERS,
      ...(disposition.inline ? { 'Content-Security-Policy': INLINE_FILE_CONTENT_SECURITY_POLICY } : {}),
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      await handle.close().catch(() => undefined);
      return res.end();
    }
    pipeline(handle.createReadStream(), res, (err) => {
      if (err && !res.destroyed) res.destroy();
    });
  }

  /** GET /api/events: a Server-Sent Events stream of the core's events, for as long as the page listens. */
  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'GET') return sendError(res, 405, '只接受 GET 请求');
    if (!authenticated(req)) return sendError(res, 401, UNAUTHORIZED_MESSAGE);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', ...SECURITY_HEADERS, 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n\n');
    const send = (name: string, data: unknown) => {
      if (res.destroyed || res.writableEnded) return;
      res.write(`event: ${name.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = opts.events?.(send) ?? (() => undefined);
    const heartbeat = setInterval(() => {
      if (!res.destroyed) res.write(': \n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', stop);
    res.on('error', stop);
  }

  /** `/?launch=<code>`: a live code becomes the session cookie; then back to the bare address. */
  function handleLaunch(req: http.IncomingMessage, res: http.ServerResponse, code: string | null) {
    const redirect = (extra: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(303, { Location: '/', ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...extra });
      res.end();
    };
    if (launchCodes.consume(code)) {
      return redirect({ 'Set-Cookie': `${sessionCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict` });
    }
    if (authenticated(req)) return redirect();
    opts.onLaunchUrl?.(launchUrl());
    return sendPage(
      res,
      401,
      '此启动地址已使用过或无效',
      `为了安全，每个启动地址只能打开一次。${opts.onLaunchUrl ? '运行浏览器模式的终端窗口里已显示一个新的地址，请用它打开。' : '请重新启动浏览器模式，用终端里新显示的地址打开。'}`,
    );
  }

  /**
   * The page itself without a session (the bare address typed or bookmarked, a reload after the
   * service restarted): a short explanation in Chinese instead of a workbench whose every call
   * would be refused. A fresh launch address is printed in the terminal, as for a spent one.
   */
  function handleNoSession(res: http.ServerResponse) {
    opts.onLaunchUrl?.(launchUrl());
    return sendPage(
      res,
      401,
      '请用启动地址打开督导评估工作台',
      '为了保护本机数据，浏览器模式只接受从启动地址打开的页面。启动地址显示在运行浏览器模式的终端窗口里，每个地址只能使用一次。',
      opts.onLaunchUrl
        ? '终端窗口里已显示一个新的启动地址，请把它复制到浏览器的地址栏中打开。'
        : '请重新启动浏览器模式，再用终端窗口里显示的地址打开。',
      '如果刚才还在正常使用，可能是浏览器模式已重新启动，原来的登录随之失效，按上面的方法重新打开即可，数据不受影响。',
    );
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    const file = resolveStaticPath(opts.staticRoot, pathname);
    if (!file) return sendError(res, 404, '找不到该文件', 'not_found');
    // Open first, then look at what was opened: no gap between an existence check and the read.
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
        const rootThere = await fs.stat(opts.staticRoot).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (!rootThere) return send(res, 503, '界面文件暂时不可用（可能正在重新构建），请稍后刷新页面', 'text/plain; charset=utf-8');
        return send(res, 404, '找不到该文件', 'text/plain; charset=utf-8');
      }
      onError(e);
      return send(res, 500, `无法读取界面文件（${code ?? '未知错误'}），请稍后刷新页面；如果反复出现，请重新启动浏览器模式`, 'text/plain; charset=utf-8');
    }
    let isFile = false;
    try {
      isFile = (await handle.stat()).isFile();
    } catch (e) {
      await handle.close().catch(() => undefined);
      throw e;
    }
    if (!isFile) {
      await handle.close().catch(() => undefined);
      return send(res, 404, '找不到该文件', 'text/plain; charset=utf-8');
    }
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      ...SECURITY_HEADERS,
      // The page itself is never stored; the hashed assets may be revalidated.
      'Cache-Control': ext === '.html' ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      await handle.close().catch(() => undefined);
      return res.end();
    }
    // A read that fails half-way (file locked, removed by a rebuild) ends this response only.
    pipeline(handle.createReadStream(), res, (err) => {
      if (err && !res.destroyed) res.destroy();
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const denied = checkHostAndOrigin(req, port);
    if (denied) return sendError(res, 403, denied);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    if (pathname === EVENTS_PATH) return handleEvents(req, res);
    if (pathname === FILES_PATH || pathname.startsWith(`${FILES_PATH}/`)) return handleFiles(req, res, pathname, query);
    if (pathname.startsWith('/api/')) return handleApi(req, res, pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, '不支持的请求方法');
    if (query.has(LAUNCH_PARAM)) return handleLaunch(req, res, query.get(LAUNCH_PARAM));
    // The page needs the session; its scripts, styles and icon do not (they hold no data).
    if ((pathname === '/' || pathname === '/index.html') && !authenticated(req)) return handleNoSession(res);
    return handleStatic(req, res, pathname);
  }

  /** The one guard per request: whatever escapes, this request gets an answer and the server lives on. */
  function fail(res: http.ServerResponse, error: unknown) {
    onError(error);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    try {
      sendError(res, 500, '本机服务处理该请求时出错，请重试；如果反复出现，请重新启动浏览器模式', 'internal');
    } catch {
      res.destroy();
    }
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res).catch((error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: launchUrl(),
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
