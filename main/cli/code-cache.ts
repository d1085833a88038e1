/**
 * Runs the built CLI bundle (out/cli/cli-bundle.cjs) through a V8 code cache. Node 20 has no
 * compile cache of its own (module.enableCompileCache arrived in Node 22), and compiling the 6 MB
 * bundle is a third of the CLI's start-up, so the first run after a build stores V8's compiled code
 * next to the bundle and later runs reuse it. Plain Node only: imports nothing from the app.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** File name of the bundle that vite.cli.config.ts writes next to the launcher. */
export const BUNDLE_FILE = 'cli-bundle.cjs';

/** The first line of every build: `/* supervision-desk cli <build id> *\/`. */
const BUILD_ID_LINE = /^\/\* supervision-desk cli ([0-9a-z-]+) \*\//;

/**
 * Where the code cache of this exact build lives, or null when the source carries no build id (then
 * no cache is used: V8 checks little more than the source's length, so a cache must never outlive
 * the build it was made from).
 */
export function codeCacheFile(dir: string, source: string): string | null {
  const id = BUILD_ID_LINE.exec(source)?.[1];
  return id ? path.join(dir, `${BUNDLE_FILE}.${id}.v8cache`) : null;
}

/** What a run did with the cache (for tests and the benchmark). */
export type CacheUse = 'used' | 'written' | 'none';

/**
 * Loads and runs `dir/cli-bundle.cjs` as CommonJS, with its code cache when there is a valid one;
 * otherwise writes one when the process exits (then it also holds the functions this run compiled).
 * A cache that cannot be read or written (read-only folder) only costs speed.
 */
export function runBundle(dir: string): CacheUse {
  // Node ≥ 22.1 can cache the packages loaded from node_modules too (pdfkit, pino, …); Node 20 cannot.
  (Module as { enableCompileCache?: (cacheDir: string) => unknown }).enableCompileCache?.(path.join(dir, 'node-compile-cache'));
  const file = path.join(dir, BUNDLE_FILE);
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(dir, source);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // First run of this build.
    }
  }
  // Same wrapper as Node's own CommonJS loader, on the bundle's first line so line numbers match.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const use: CacheUse = cacheFile && cachedData && !script.cachedDataRejected ? 'used' : cacheFile ? 'written' : 'none';
  if (use === 'written') process.once('exit', () => writeCache(script, cacheFile!));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  return use;
}

function writeCache(script: vm.Script, cacheFile: string) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
