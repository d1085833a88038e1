import { shell, type BrowserWindow, type Session, type WebContents } from 'electron';

export const APP_ORIGIN = 'app://desk';

/** The window baseline of architecture.md §6; every BrowserWindow is created with these. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
} as const;

/** Our own pages only (app://desk/…). */
export const isAppUrl = (url: string): boolean => url.startsWith(`${APP_ORIGIN}/`);

/** Every web contents: no navigation, redirect or frame navigation away from the app, no webviews, no new windows. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Every permission request and check (camera, notifications, clipboard, …) is refused. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** True only for our own top-level page: IPC from any other frame or origin is refused. */
export function isTrustedSender(frame: { url: string } | null, window: BrowserWindow | null, sender: WebContents): boolean {
  if (!frame || !window || sender !== window.webContents) return false;
  return frame.url.startsWith(`${APP_ORIGIN}/`);
}

/** The one place that may open something outside the app; only local folders we wrote to. */
export async function openFolder(folder: string): Promise<void> {
  await shell.openPath(folder);
}

/**
 * Opens a copy of a received file with the program the system associates with its type (main's
 * openFile checked the name first); resolves '' on success, else the system's reason.
 */
export function openWithSystem(file: string): Promise<string> {
  return shell.openPath(file);
}

/** Shows a file we just saved in Explorer, so the user finds what was exported. */
export function revealFile(file: string): void {
  shell.showItemInFolder(file);
}
