import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererPlugins } from './vite.renderer-plugins';

// main and preload run in Electron; the renderer bundle is the same one browser mode serves.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // ECharts is bundled, only the parts main/documents/charts/render-chart.ts registers.
      externalizeDeps: { exclude: ['echarts', 'zrender'] },
      // Worker-thread entries loaded next to index.js: core-worker (main/app/core-host.ts), heavy-worker (main/workers/task-runner.ts).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/electron/index.ts'),
          'core-worker': resolve(__dirname, 'main/app/core-worker.ts'),
          'heavy-worker': resolve(__dirname, 'main/workers/heavy-worker.ts'),
        },
        output: {
          // The renderers (PDF, DOCX, charts, fonts) in a chunk of their own: left to itself the bundler
          // puts them with the domain code the core's thread loads at start, and that thread (which
          // hands rendering to the pool) would load pdfkit, docx, fontkit and echarts for nothing,
          // ~50 MB (bench/documents-batch.mjs). tests/e2e/built-worker.spec.ts keeps it so.
          codeSplitting: {
            includeDependenciesRecursively: false,
            groups: [{ name: 'renderers', test: /[\\/]main[\\/](documents[\\/](pdf|docx|charts|fonts)[\\/]|documents[\\/]export\.ts|services[\\/]documents[\\/](render|fonts)\.ts)/ }],
          },
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
