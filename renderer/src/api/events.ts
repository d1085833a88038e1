/**
 * Events pushed by the core (job progress), never polled: IPC events relayed by Electron's main
 * process, or Server-Sent Events from GET /api/events in browser mode (the session cookie
 * authenticates, as for every API call). One connection per page, shared by every subscriber.
 */
import { JOB_EVENT, type Job, type JobEvent } from '../../../shared/api/contracts/jobs';

type Listener = (name: string, data: unknown) => void;
/** Told when the stream (re)connects: events missed while it was down are fetched once then. */
type Connected = () => void;

const listeners = new Set<Listener>();
const connectedListeners = new Set<Connected>();
let source: EventSource | null = null;
let stopIpc: (() => void) | null = null;

function dispatch(name: string, data: unknown) {
  for (const l of [...listeners]) l(name, data);
}

function open() {
  if (window.desk) {
    if (!stopIpc && window.desk.onEvent) stopIpc = window.desk.onEvent(dispatch);
    return;
  }
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/events', { withCredentials: true });
  source.addEventListener(JOB_EVENT, (e) => {
    try {
      dispatch(JOB_EVENT, JSON.parse((e as MessageEvent<string>).data));
    } catch {
      // A malformed event is ignored; the next one carries the whole job again.
    }
  });
  source.addEventListener('open', () => {
    for (const c of [...connectedListeners]) c();
  });
}

// Switching pages unsubscribes one page before the next subscribes: the connection waits a moment
// before closing, so the next page finds it open instead of reconnecting (and reading again).
const CLOSE_GRACE_MS = 2000;
let closing: ReturnType<typeof setTimeout> | null = null;

function closeIfUnused() {
  if (listeners.size > 0 || closing) return;
  closing = setTimeout(() => {
    closing = null;
    if (listeners.size > 0) return;
    source?.close();
    source = null;
    stopIpc?.();
    stopIpc = null;
  }, CLOSE_GRACE_MS);
}

/**
 * True when events already reach this page (Electron's IPC, or the browser-mode stream is open):
 * a read made now misses nothing. While the stream is still connecting, a caller that reads and
 * then subscribes does better to read once it connects (its `onConnected`), not twice.
 */
export function eventsConnected(): boolean {
  if (window.desk) return true;
  return source !== null && typeof EventSource !== 'undefined' && source.readyState === EventSource.OPEN;
}

/** Calls `listener` with every event of the core; returns the unsubscribe. */
export function subscribe(listener: Listener, onConnected?: Connected): () => void {
  listeners.add(listener);
  if (onConnected) connectedListeners.add(onConnected);
  open();
  return () => {
    listeners.delete(listener);
    if (onConnected) connectedListeners.delete(onConnected);
    closeIfUnused();
  };
}

/**
 * Calls `listener` with a job every time it changes (started, progressed, finished); `onConnected`
 * runs when the browser-mode stream (re)connects, so the caller can fetch what it may have missed.
 */
export function subscribeJobEvents(listener: (job: Job) => void, onConnected?: Connected): () => void {
  return subscribe((name, data) => {
    if (name === JOB_EVENT) listener((data as JobEvent).job);
  }, onConnected);
}
