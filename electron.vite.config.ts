import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererPlugins } from './vite.renderer-plugins';

// main and preload run in Electron; the renderer bundle is the same one browser mode serves.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Worker-thread entries loaded next to index.js: core-worker (main/app/core-host.ts), heavy-worker (main/workers/task-runner.ts).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/electron/index.ts'),
          'core-worker': resolve(__dirname, 'main/app/core-worker.ts'),
          'heavy-worker': resolve(__dirname, 'main/workers/heavy-worker.ts'),
        },
      },
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
    plugins: rendererPlugins(),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // An office PC parses every byte at start-up: minified, split per route (renderer/src/app/router.tsx).
      minify: 'esbuild',
      sourcemap: false,
      chunkSizeWarningLimit: 1000,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
