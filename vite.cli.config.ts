import fs from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Build of the command line (`npm run build:cli`; `npm run cli` runs it when the bundle is missing
 * or older than the sources, see scripts/build-cli.mjs). Two CommonJS files in out/cli/:
 *
 * - `cli-bundle.cjs`: main/cli/index.ts with our code and the pure-JS packages listed in INLINE;
 * - `index.cjs`: main/cli/bin.ts, the file to run (`node out/cli/index.cjs <命令>`), which loads the
 *   bundle through a V8 code cache so that its 6 MB are not compiled again on every start.
 *
 * `npx vite build -c vite.cli.config.ts` builds the bundle, `… --mode loader` the launcher; use
 * `npm run build:cli`, which builds both into a temporary folder and then swaps them in.
 *
 * Every other package stays external (loaded from node_modules at run time): native addons
 * (better-sqlite3, @resvg/resvg-js), packages that read files next to their own code (subset-font's
 * wasm, pdfmake's font metrics, loaded through createRequire by the PDF printer, and fontkit, which
 * is pdfkit's own copy, main/documents/fonts/fontkit.ts), pino, and any
 * package added later, until someone measures that inlining it is worth it and that it still works
 * bundled (the CLI tests can run against the bundle: SUPERVISION_DESK_CLI=bundle).
 *
 * Why inline at all: loaded from node_modules as hundreds of separate ES modules, mathjs, echarts,
 * exceljs, kysely and fontkit alone took 1.8 s before the first line of output; bundled and
 * code-cached, the CLI starts in about a third of a second (bench/cli.bench.ts).
 */
const INLINE = ['docx', 'echarts', 'exceljs', 'jsep', 'jszip', 'kysely', 'papaparse', 'saxes', 'yauzl', 'zod'];

const pkg = JSON.parse(fs.readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !INLINE.includes(name));
const packageOf = (id: string) => id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');

/** Node built-ins and every declared package not in INLINE stay `require(...)` calls in the bundle. */
function isExternal(id: string): boolean {
  if (id.startsWith('node:') || builtinModules.includes(id)) return true;
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
  return declared.includes(packageOf(id));
}

/**
 * `mode` picks the file: the default (production) builds the bundle, `--mode loader` the launcher.
 * Two builds, because one build with both entries moves shared helpers into a third file.
 */
export default defineConfig(({ mode }) => ({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: mode !== 'loader',
    copyPublicDir: false,
    reportCompressedSize: false,
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      input: (mode === 'loader'
        ? { index: resolve(import.meta.dirname, 'main/cli/bin.ts') }
        : { 'cli-bundle': resolve(import.meta.dirname, 'main/cli/index.ts') }) as Record<string, string>,
      external: isExternal,
      output: {
        format: 'cjs',
        entryFileNames: '[name].cjs',
        // One file, all of it under the code cache: ExcelJS is imported on first use (so rendering
        // threads never load it), which would otherwise split it into a chunk of its own.
        codeSplitting: false,
        // Whitespace only: no renaming or rewriting, so names and stack traces stay readable.
        minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
        // main/cli/bin.ts keys its code cache on this line (a new id for every build).
        postBanner: (chunk) => (chunk.name === 'cli-bundle' ? `/* supervision-desk cli ${Date.now().toString(36)}-${process.pid.toString(36)} */` : ''),
      },
    },
  },
}));
