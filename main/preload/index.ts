import { contextBridge, ipcRenderer } from 'electron';

// The only surface the page gets: one invoke over the validated dispatcher. Type-only knowledge of the contract.
contextBridge.exposeInMainWorld('desk', {
  invoke: (op: string, input: unknown) => ipcRenderer.invoke('desk:invoke', op, input),
});
