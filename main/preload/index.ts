import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { StagedFile } from '../../shared/api/envelope';

// The only surface the page gets: one invoke over the validated dispatcher, the core's events (job
// progress) relayed by main, and main's file dialogs, which answer with references, never paths.
contextBridge.exposeInMainWorld('desk', {
  invoke: (op: string, input: unknown) => ipcRenderer.invoke('desk:invoke', op, input),
  /** Calls `listener(name, data)` for every event main relays; returns the unsubscribe. */
  onEvent: (listener: (name: string, data: unknown) => void) => {
    // The IPC event object (with its sender) never reaches the page.
    const relay = (_event: IpcRendererEvent, name: string, data: unknown) => listener(String(name), data);
    ipcRenderer.on('desk:event', relay);
    return () => void ipcRenderer.removeListener('desk:event', relay);
  },
  /** main's open dialog: references to the chosen files, never their paths. */
  openFiles: (options: { title: string; extensions: string[]; multiple: boolean }) => ipcRenderer.invoke('desk:open-files', options),
  /** main's save dialog for a file the core wrote (by reference); false when cancelled. */
  saveFile: (ref: string) => ipcRenderer.invoke('desk:save-file', ref),
  /** main's folder dialog: a reference to the chosen folder (its name only, never its path); null when cancelled. */
  openFolder: (options: { title: string }): Promise<StagedFile | null> => ipcRenderer.invoke('desk:open-folder', options),
  /** Opens a file the core published (by reference) with the system's program; false when it could not. */
  openFile: (ref: string): Promise<boolean> => ipcRenderer.invoke('desk:open-file', ref),
});
