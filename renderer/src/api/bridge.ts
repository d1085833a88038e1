import type { Envelope } from '../../../shared/api/envelope';

/** What the Electron preload exposes; absent in browser mode. */
export interface DeskBridge {
  invoke(op: string, input: unknown): Promise<Envelope<unknown>>;
}

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

const TOKEN_KEY = 'desk.token';

/**
 * Browser mode hands the per-launch token over once in the URL. Keep it for this tab only and
 * drop it from the address bar so it does not end up in history, bookmarks or screenshots.
 */
export function captureToken(): void {
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token');
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  params.delete('token');
  const query = params.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
}

async function invokeOverHttp(op: string, input: unknown): Promise<Envelope<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(op)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-desk-token': sessionStorage.getItem(TOKEN_KEY) ?? '' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: '无法连接到本机服务，请确认工作台仍在运行' } };
  }
  try {
    return (await response.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `本机服务返回了无法识别的内容（HTTP ${response.status}）` } };
  }
}

/** One transport for both doors: Electron IPC when the preload is there, HTTP otherwise. */
export function invoke(op: string, input: unknown): Promise<Envelope<unknown>> {
  return window.desk ? window.desk.invoke(op, input) : invokeOverHttp(op, input);
}
