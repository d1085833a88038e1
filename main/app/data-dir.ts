import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = '督导评估工作台';

/**
 * Where data lives when no --data-dir is given: the same folder Electron's userData uses
 * (%APPDATA%\督导评估工作台 on Windows), so the app, the CLI and browser mode share one database.
 */
export function defaultDataDir(): string {
  if (process.env.SUPERVISION_DESK_DATA_DIR) return path.resolve(process.env.SUPERVISION_DESK_DATA_DIR);
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_DIR_NAME);
}
