import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../db/connection';
import { tempDir } from '../testing/temp-core';

// The Electron binary is not installed here: the shell runs against a stand-in of the few APIs it
// touches, which records what the app asked Electron to do.
const calls = vi.hoisted(() => ({ dataDir: '', errorBoxes: [] as [string, string][], exits: [] as number[] }));
vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => true,
    on: () => undefined,
    whenReady: () => Promise.resolve(),
    getPath: () => calls.dataDir,
    exit: (code: number) => void calls.exits.push(code),
    quit: () => undefined,
    getVersion: () => '0.0.0',
  },
  dialog: { showErrorBox: (title: string, content: string) => void calls.errorBoxes.push([title, content]) },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  BrowserWindow: class {},
  Menu: { setApplicationMenu: () => undefined, buildFromTemplate: () => ({}) },
  ipcMain: { handle: () => undefined },
  shell: { openPath: async () => '', showItemInFolder: () => undefined },
}));

afterAll(() => {
  if (calls.dataDir) fs.rmSync(calls.dataDir, { recursive: true, force: true });
});

describe('Electron start-up', () => {
  it('a database that cannot be opened shows a Chinese error dialog and quits, instead of nothing', async () => {
    calls.dataDir = tempDir('desk-electron-start-');
    fs.writeFileSync(path.join(calls.dataDir, DB_FILE_NAME), '');
    await import('./index');
    await vi.waitFor(() => expect(calls.exits).toEqual([1]), { timeout: 10_000 });
    expect(calls.errorBoxes).toHaveLength(1);
    const [title, content] = calls.errorBoxes[0];
    expect(title).toBe('督导评估工作台无法启动');
    expect(content).toMatch(/数据库文件“.*supervision-desk\.sqlite”是空的（0 字节）/);
    // Nothing was created over the empty file.
    expect(fs.statSync(path.join(calls.dataDir, DB_FILE_NAME)).size).toBe(0);
  });
});

describe('window and session hardening', () => {
  it('creates windows with isolation, sandbox and no Node', async () => {
    const { SECURE_WEB_PREFERENCES } = await import('./security');
    expect(SECURE_WEB_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
  });

  it('denies navigation, redirects and frame navigation away from the app, webviews and new windows', async () => {
    const { hardenWebContents } = await import('./security');
    const contents = Object.assign(new EventEmitter(), { openHandler: null as null | (() => unknown) });
    (contents as any).setWindowOpenHandler = (h: () => unknown) => (contents.openHandler = h);
    hardenWebContents(contents as never);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://example.com/', preventDefault: vi.fn() };
      contents.emit(event, away);
      expect(away.preventDefault).toHaveBeenCalled();
      const home = { url: 'app://desk/index.html#/schools', preventDefault: vi.fn() };
      contents.emit(event, home);
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and check', async () => {
    const { hardenSession } = await import('./security');
    let request: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    hardenSession({ setPermissionRequestHandler: (h: typeof request) => (request = h), setPermissionCheckHandler: (h: typeof check) => (check = h) } as never);
    const answer = vi.fn();
    request!(null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(check!()).toBe(false);
  });

  it('accepts IPC only from our own top-level page', async () => {
    const { isTrustedSender } = await import('./security');
    const sender = {};
    const window = { webContents: sender };
    expect(isTrustedSender({ url: 'app://desk/index.html' }, window as never, sender as never)).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/' }, window as never, sender as never)).toBe(false);
    expect(isTrustedSender(null, window as never, sender as never)).toBe(false);
    expect(isTrustedSender({ url: 'app://desk/index.html' }, window as never, {} as never)).toBe(false);
  });
});
