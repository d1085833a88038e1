import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { StagedFile } from '../../shared/api/envelope';
import { startCoreHost, type CoreClient } from '../app/core-host';
import { refusedByName } from '../exchange/packages/archive/file-type';
import { tmpRootOf } from '../files/file-refs';
import { buildMenu } from './menu';
import { registerAppProtocol, registerSchemePrivileges } from './protocol';
import { startupErrorDialog } from './startup-error';
import { APP_ORIGIN, SECURE_WEB_PREFERENCES, hardenSession, hardenWebContents, isTrustedSender, openWithSystem, revealFile } from './security';

// Electron is a thin shell: the core (dispatcher, database, jobs) runs on a thread of its own and heavy
// work on its worker pool; this main thread only shows windows and dialogs and relays (core-host.ts).
let mainWindow: BrowserWindow | null = null;
let core: CoreClient | null = null;

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
  core = await startCoreHost(app.getPath('userData'), 'electron');
  registerAppProtocol(path.join(import.meta.dirname, '../renderer'), core.files);
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame, mainWindow, event.sender);
  ipcMain.handle('desk:invoke', async (event, op: unknown, input: unknown) => {
    if (!trusted(event)) {
      return { ok: false, error: { code: 'forbidden', message: '拒绝来自未知页面的调用' } };
    }
    return core!.dispatch(String(op), input);
  });
  // Files by reference: the dialogs run here, the page gets references and never a path.
  // A failure is shown here in Chinese; the page gets [] / false, never Electron's English error text.
  ipcMain.handle('desk:open-files', async (event, options: unknown) => (trusted(event) ? openFiles(options).catch(showFileError('无法读取所选文件', [])) : []));
  ipcMain.handle('desk:save-file', async (event, ref: unknown) => (trusted(event) && typeof ref === 'string' ? saveFile(ref).catch(showFileError('保存失败', false)) : false));
  ipcMain.handle('desk:open-folder', async (event, options: unknown) => (trusted(event) ? openFolder(options).catch(showFileError('无法读取所选文件夹', null)) : null));
  ipcMain.handle('desk:open-file', async (event, ref: unknown) => (trusted(event) && isRef(ref) ? openFile(ref).catch(showFileError('无法打开文件', false)) : false));
  // Events from the core (job progress) are relayed to the window: the page never polls. (The core
  // thread marks jobs a dead run left 运行中 as 失败（程序已退出） when it starts.)
  core.subscribe((name, data) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('desk:event', name, data);
  });
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
  Menu.setApplicationMenu(buildMenu(() => mainWindow, core.dispatch));
  createWindow();
}

/** Shows a file dialog's failure (the core's Chinese message) and answers the page with `fallback`. */
function showFileError<T>(title: string, fallback: T) {
  return (error: unknown): T => {
    dialog.showErrorBox(title, error instanceof Error && error.message ? error.message : '发生意外错误，请重试');
    return fallback;
  };
}

/** Extensions such as `xlsx` (no dot), at most 20; anything else is ignored. */
function extensionsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((e): e is string => typeof e === 'string' && /^[A-Za-z0-9]{1,10}$/.test(e)).slice(0, 20);
}

/** Main's open dialog; every chosen file is registered in the core and comes back as a reference. */
async function openFiles(options: unknown): Promise<StagedFile[]> {
  const o = (typeof options === 'object' && options !== null ? options : {}) as { title?: unknown; extensions?: unknown; multiple?: unknown };
  const extensions = extensionsOf(o.extensions);
  const picked = await dialog.showOpenDialog(mainWindow!, {
    title: typeof o.title === 'string' ? o.title.slice(0, 60) : '选择文件',
    buttonLabel: '选择',
    filters: extensions.length ? [{ name: '支持的文件', extensions }] : [],
    properties: o.multiple === true ? ['openFile', 'multiSelections'] : ['openFile'],
  });
  if (picked.canceled) return [];
  const staged: StagedFile[] = [];
  for (const file of picked.filePaths) staged.push(await core!.files.registerPath(file));
  return staged;
}

/** A file reference as the core makes them (random, base64url); anything else never reaches the core. */
const isRef = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(value);

/**
 * Main's folder dialog (a USB stick holding many schools' 填报包): the folder is registered in the
 * core and comes back as a reference (its name only, never its path); null when cancelled.
 */
async function openFolder(options: unknown): Promise<StagedFile | null> {
  const o = (typeof options === 'object' && options !== null ? options : {}) as { title?: unknown };
  const picked = await dialog.showOpenDialog(mainWindow!, {
    title: typeof o.title === 'string' ? o.title.slice(0, 60) : '选择文件夹',
    buttonLabel: '选择',
    properties: ['openDirectory'],
  });
  if (picked.canceled || !picked.filePaths[0]) return null;
  return core!.files.registerFolder(picked.filePaths[0]);
}

/**
 * Opens a file the core published (a received 佐证材料 or report) with the program Windows
 * associates with its type. The store keeps contents without names, so a copy under the file's own
 * name is made in the data directory's outgoing folder (swept like every result). Programs, scripts
 * and shortcuts are never opened, whatever the core says (the import refused them already).
 */
async function openFile(ref: string): Promise<boolean> {
  const file = await core!.files.download(ref);
  const name = path.basename(file.fileName);
  const refused = refusedByName(name);
  if (refused) throw new Error(`“${name}”${refused}`);
  const dir = path.join(tmpRootOf(core!.dataDir), 'outgoing', `open-${randomBytes(8).toString('hex')}`);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const copy = path.join(dir, name);
  await fs.promises.copyFile(file.path, copy);
  const failure = await openWithSystem(copy);
  if (failure) throw new Error(`无法打开“${name}”：这台电脑上可能没有能打开此类文件的程序。请用“下载”保存后再打开`);
  return true;
}

/**
 * Main's save dialog for a file the core wrote: copied (never read whole) under a temporary name
 * beside the target, then renamed, so a full USB stick never leaves half a file under the real name.
 */
async function saveFile(ref: string): Promise<boolean> {
  const file = await core!.files.download(ref);
  const chosen = await dialog.showSaveDialog(mainWindow!, { title: '保存文件', buttonLabel: '保存', defaultPath: path.join(app.getPath('documents'), file.fileName) });
  if (chosen.canceled || !chosen.filePath) return false;
  const temp = `${chosen.filePath}.~desk-${process.pid}.tmp`;
  try {
    await fs.promises.copyFile(file.path, temp);
    await fs.promises.rename(temp, chosen.filePath);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    dialog.showErrorBox('保存失败', `无法保存到“${chosen.filePath}”：${(error as NodeJS.ErrnoException).code === 'ENOSPC' ? '磁盘空间不足' : (error as Error).message}`);
    return false;
  }
  revealFile(chosen.filePath);
  return true;
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
  // The page refuses to unload while an editor holds unsaved changes (renderer/src/app/unsaved.tsx).
  // Electron would then silently keep the window open; ask here, in Chinese, as a browser would.
  mainWindow.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(mainWindow!, {
      type: 'question',
      title: '有未保存的修改',
      message: '有修改尚未保存。',
      detail: '关闭或重新加载后，这些修改将丢失。',
      buttons: ['继续编辑', '放弃修改并关闭'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    // preventDefault on this event lets the unload go ahead.
    if (choice === 1) event.preventDefault();
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', async () => {
  await core?.close();
  app.quit();
});
