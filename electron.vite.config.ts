import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// main and preload run in Electron; the renderer bundle is the same one browser mode serves.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // heavy-worker: the worker-thread entry (main/workers/task-runner.ts loads it next to index.js).
      rollupOptions: { input: { index: resolve(__dirname, 'main/electron/index.ts'), 'heavy-worker': resolve(__dirname, 'main/workers/heavy-worker.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'main/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
