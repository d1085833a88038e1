import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain } from 'electron';
import { JOB_EVENT } from '../../shared/api/contracts/jobs';
import { createAppCore, type AppCore } from '../app/create-app';
import { recoverStaleJobs, subscribeJobEvents } from '../services/jobs-service';
import { buildMenu } from './menu';
import { registerAppProtocol, registerSchemePrivileges } from './protocol';
import { startupErrorDialog } from './startup-error';
import { APP_ORIGIN, SECURE_WEB_PREFERENCES, hardenSession, hardenWebContents, isTrustedSender, revealFile } from './security';

// Electron is a thin shell: everything below the dispatcher is plain Node shared with browser mode and the CLI.
let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

registerSchemePrivileges();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => failStartup(error));
}

/**
 * A start-up failure (damaged or read-only database, a database from a newer version, a data
 * directory in use, …) is shown in a Chinese dialog, then the app quits: never a window that
 * silently fails to appear.
 */
async function failStartup(error: unknown) {
  const { title, content } = startupErrorDialog(error);
  dialog.showErrorBox(title, content);
  await core?.close().catch(() => undefined);
  app.exit(1);
}

async function start() {
  core = await createAppCore(app.getPath('userData'), 'electron');
  registerAppProtocol(path.join(import.meta.dirname, '../renderer'));
  ipcMain.handle('desk:invoke', async (event, op: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame, mainWindow, event.sender)) {
      return { ok: false, error: { code: 'forbidden', message: '拒绝来自未知页面的调用' } };
    }
    return core!.dispatch(String(op), input);
  });
  // Events from the core (job progress) are relayed to the window: the page never polls.
  subscribeJobEvents(core.ctx, (e) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('desk:event', JOB_EVENT, e);
  });
  // Jobs left 运行中 by a run of the app that died are marked 失败（程序已退出）.
  void recoverStaleJobs(core.ctx).catch(() => undefined);
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
  Menu.setApplicationMenu(buildMenu(() => mainWindow, core.dispatch));
  createWindow();
}

function createWindow() {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1100,
    minHeight: 700,
    title: '督导评估工作台',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: path.join(import.meta.dirname, '../preload/index.cjs') },
  });
  hardenSession(mainWindow.webContents.session);
  // Downloads from the renderer (exports, documents, backups) go through a Chinese save dialog in main,
  // never silently overwrite (the OS dialog asks), and the saved file is shown in Explorer.
  mainWindow.webContents.session.on('will-download', (_event, item) => {
    item.setSaveDialogOptions({ title: '保存文件', buttonLabel: '保存', defaultPath: path.join(app.getPath('documents'), item.getFilename()) });
    item.once('done', (_e, state) => {
      if (state === 'completed') revealFile(item.getSavePath());
    });
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', async () => {
  await core?.close();
  app.quit();
});
