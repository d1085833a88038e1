/**
 * The command line as built: vite.cli.config.ts compiles this file to out/cli/index.cjs, the file to
 * run (`node out/cli/index.cjs <命令>`; `npm run cli` rebuilds first when the sources are newer). It
 * runs the bundle of main/cli/index.ts next to it through a V8 code cache (code-cache.ts).
 */
import { runBundle } from './code-cache';

runBundle(import.meta.dirname);
