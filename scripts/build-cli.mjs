/**
 * Builds the command line into out/cli/ (vite.cli.config.ts) when it is missing or older than its
 * sources, or always with `--force`. `npm run build:cli` runs this file; `npm run cli` (scripts/cli.mjs)
 * and the tests that run the built CLI call ensureCliBundle() first, so nobody has to remember to build.
 *
 * The check is cheap (one stat per source file, no vite loaded) and the build is safe to run from
 * several processes at once: each builds into its own temporary folder, and only a complete build
 * replaces the files in out/cli/ (by rename), so a failed or concurrent build never leaves a broken
 * or half-written CLI behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the built CLI lives; `node out/cli/index.cjs <命令>` runs it. */
export const CLI_DIR = path.join(ROOT, 'out', 'cli');
/** The file to run. */
export const CLI_ENTRY = path.join(CLI_DIR, 'index.cjs');
const BUNDLE = path.join(CLI_DIR, 'cli-bundle.cjs');
const CONFIG = path.join(ROOT, 'vite.cli.config.ts');

/** Folders whose TypeScript goes into the bundle, and single files that shape it. */
const SOURCE_DIRS = ['main', 'shared'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'vite.cli.config.ts', 'scripts/build-cli.mjs'];

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|js|mjs|cjs|json)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
  for (const file of SOURCE_FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
    } catch {
      // package-lock.json may be absent.
    }
  }
  return newest;
}

/** True when out/cli/ lacks a file or any source is newer than the build. */
export function cliBundleIsStale() {
  let built;
  try {
    built = Math.min(fs.statSync(CLI_ENTRY).mtimeMs, fs.statSync(BUNDLE).mtimeMs);
  } catch {
    return true;
  }
  return newestSourceMtime() > built;
}

/**
 * Builds out/cli/ now. The finished files get the build's start time as their modification time, so
 * a source saved while the build ran still counts as newer and triggers the next build.
 */
export async function buildCli() {
  const started = new Date();
  const temp = path.join(ROOT, 'out', `.cli-build-${process.pid}-${Date.now().toString(36)}`);
  const { build } = await import('vite');
  try {
    // logLevel 'warn': vite prints only warnings and errors, both on stderr.
    await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir: temp, emptyOutDir: true } });
    await build({ configFile: CONFIG, mode: 'loader', logLevel: 'warn', build: { outDir: temp, emptyOutDir: false } });
    fs.mkdirSync(CLI_DIR, { recursive: true });
    for (const name of fs.readdirSync(temp)) {
      fs.utimesSync(path.join(temp, name), started, started);
      fs.renameSync(path.join(temp, name), path.join(CLI_DIR, name));
    }
    // Code caches of earlier builds can never be used again (each is keyed to its build id).
    for (const name of fs.readdirSync(CLI_DIR)) {
      if (name.endsWith('.v8cache') && !isCacheOf(name)) fs.rmSync(path.join(CLI_DIR, name), { force: true });
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

function isCacheOf(cacheName) {
  const head = fs.readFileSync(BUNDLE, 'utf8').slice(0, 80);
  const id = /^\/\* supervision-desk cli ([0-9a-z-]+) \*\//.exec(head)?.[1];
  return Boolean(id) && cacheName.includes(`.${id}.`);
}

/**
 * Builds out/cli/ when it is stale; returns whether it built. Prints one Chinese line on stderr
 * while building unless `quiet`.
 */
export async function ensureCliBundle({ quiet = false } = {}) {
  if (!cliBundleIsStale()) return false;
  if (!quiet) process.stderr.write('正在构建命令行（out/cli 缺失或比源代码旧）……\n');
  await buildCli();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = process.argv.includes('--force');
  const run = force ? buildCli().then(() => true) : ensureCliBundle({ quiet: true });
  run.then(
    (built) => console.log(built ? `命令行已构建：${path.relative(ROOT, CLI_ENTRY)}` : '命令行已是最新，无需构建'),
    (error) => {
      // Vite has printed the details above; one line of ours is enough.
      console.error(`命令行构建失败：${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
      process.exitCode = 1;
    },
  );
}
