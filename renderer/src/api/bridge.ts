import type { Envelope, StagedFile } from '../../../shared/api/envelope';

/** What the Electron preload exposes; absent in browser mode. */
export interface DeskBridge {
  invoke(op: string, input: unknown): Promise<Envelope<unknown>>;
  /** Events main relays from the core (job progress); returns the unsubscribe. */
  onEvent?(listener: (name: string, data: unknown) => void): () => void;
  /** main's open dialog: the chosen files as references (never paths); [] when cancelled. */
  openFiles?(options: { title: string; extensions: string[]; multiple: boolean }): Promise<StagedFile[]>;
  /** main's save dialog for a file the core wrote; false when cancelled. */
  saveFile?(ref: string): Promise<boolean>;
  /** main's folder dialog: the chosen folder as a reference (its name, never its path); null when cancelled. */
  openFolder?(options: { title: string }): Promise<StagedFile | null>;
  /** Opens a file the core published with the system's program (Electron only); false when it could not (main said why). */
  openFile?(ref: string): Promise<boolean>;
}

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

/** Query parameters that once carried a credential; none should stay in the address bar. */
const CREDENTIAL_PARAMS = ['launch', 'token'];

/**
 * Browser mode: the server exchanges the one-time launch code in the printed address for an
 * HttpOnly session cookie and redirects to the bare address before this page loads, so the page
 * never sees or stores a secret. Should an address still carry such a parameter (an old bookmark),
 * drop it from the address bar.
 */
export function captureToken(): void {
  const params = new URLSearchParams(window.location.search);
  if (!CREDENTIAL_PARAMS.some((p) => params.has(p))) return;
  for (const p of CREDENTIAL_PARAMS) params.delete(p);
  const query = params.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
}

// The operator chosen in this window. Browser mode sends it with every call, so two tabs used by two
// people record each person; Electron has one window and the core's own choice suffices.
let windowOperatorId: number | null = null;

/** Called by the operator provider whenever this window's operator changes. */
export function setWindowOperator(id: number | null): void {
  windowOperatorId = id;
}

/** The message of a call that never reached the local service (browser mode: the server stopped). */
export const SERVICE_UNREACHABLE = '无法连接到本机服务，请确认工作台仍在运行';

/**
 * Whether the local service answers at all: one cheap read (`app.info`). False when the request
 * cannot be sent (the service stopped) or no answer comes within `timeoutMs`; any answer, even an
 * error, means the service is there. For telling a stopped service from a damaged page file.
 */
export async function serviceReachable(timeoutMs = 4000): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answer = invoke('app.info', {}).then(
    (e) => e.ok || e.error.message !== SERVICE_UNREACHABLE,
    () => false,
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function invokeOverHttp(op: string, input: unknown): Promise<Envelope<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(op)}`, {
      method: 'POST',
      // The session cookie (HttpOnly, SameSite=Strict) authenticates; same-origin requests send it.
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...(windowOperatorId !== null ? { 'x-desk-operator': String(windowOperatorId) } : {}) },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: SERVICE_UNREACHABLE } };
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
