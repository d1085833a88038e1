#!/usr/bin/env node
/**
 * Puts the OFL fonts the Windows installer ships into resources/fonts (issue 13): an office PC
 * rarely has 方正小标宋 or 仿宋_GB2312, and without shipped faces every PC would set the PDF in
 * whatever it happens to have. The faces come from npm packages pinned in
 * resources/fonts/fonts-lock.json and are never committed.
 *
 * Run by `npm run fonts` and as the first step of `npm run dist:win`; deliberately not by npm ci,
 * postinstall or CI (the packages are ~180 MB of tarballs). For each package of the lock:
 *   1. skip it when every file it yields is already in place with the pinned SHA-256;
 *   2. `npm pack <name>@<version>` into a temporary folder (the registry and npm's cache, so a
 *      configured mirror is honoured);
 *   3. check the tarball against the pinned SRI integrity (sha512);
 *   4. extract only the listed files; a `convert: "woff2"` file is decompressed to TrueType with
 *      wawoff2 (Google's woff2 decoder) because pdfkit, svg-to-pdfkit and resvg read sfnt fonts;
 *   5. check each result against its pinned SHA-256 before it replaces the file in place.
 *
 * Usage: node scripts/prepare-fonts.mjs [--out <folder>] [--lock <fonts-lock.json>]
 * The functions are exported for tests/unit/prepare-fonts.test.ts (which never downloads).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tar from 'tar';
import wawoff2 from 'wawoff2';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_LOCK = path.join(ROOT, 'resources', 'fonts', 'fonts-lock.json');
export const DEFAULT_OUT = path.join(ROOT, 'resources', 'fonts');

/** The typeface roles of main/documents/model.ts (FontRole). */
export const FONT_ROLES = ['xiaobiaosong', 'heiti', 'kaiti', 'fangsong', 'songti'];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');
const fileEntry = z.strictObject({
  /** Path inside the tarball (npm tarballs put everything below package/). */
  from: z.string().regex(/^package\/[^\0]+$/, 'from must be a path below package/').refine((p) => !p.split('/').includes('..'), 'from must not climb out'),
  /** Plain file name written in the output folder. */
  to: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'to must be a plain file name'),
  sha256: sha256Hex,
  convert: z.literal('woff2').optional(),
  roles: z.array(z.enum(FONT_ROLES)).min(1).optional(),
});
const packageEntry = z.strictObject({
  name: z.string().regex(/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be exact'),
  integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]{86}==$/, 'integrity must be an SRI sha512'),
  files: z.array(fileEntry).min(1),
});
/** Schema of resources/fonts/fonts-lock.json. */
export const fontsLockSchema = z.strictObject({
  $comment: z.string().optional(),
  packages: z.array(packageEntry).min(1),
}).superRefine((lock, ctx) => {
  const seen = new Set();
  for (const p of lock.packages)
    for (const f of p.files) {
      if (seen.has(f.to)) ctx.addIssue({ code: 'custom', message: `${f.to} is written twice` });
      seen.add(f.to);
    }
});

/**
 * Reads and validates a lock file.
 * @param {string} file path of fonts-lock.json
 * @returns {z.infer<typeof fontsLockSchema>}
 * @throws Error naming the file and every problem when it does not match the schema.
 */
export function readLock(file = DEFAULT_LOCK) {
  const parsed = fontsLockSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** @param {Buffer} bytes @returns {string} lower-case hex SHA-256 */
export const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** @param {Buffer} bytes @returns {string} the SRI string npm records (sha512-<base64>) */
export const sriSha512 = (bytes) => `sha512-${crypto.createHash('sha512').update(bytes).digest('base64')}`;

/**
 * Whether every file a package yields is in `outDir` with its pinned hash (then nothing is fetched).
 * @param {z.infer<typeof packageEntry>} pkg
 * @param {string} outDir
 */
export function packageUpToDate(pkg, outDir) {
  return pkg.files.every((f) => {
    const file = path.join(outDir, f.to);
    return fs.existsSync(file) && sha256(fs.readFileSync(file)) === f.sha256;
  });
}

/**
 * Downloads a package's tarball with `npm pack` (through the configured registry and npm's cache).
 * @param {{ name: string, version: string }} pkg
 * @param {string} dir folder the tarball is written to
 * @returns {string} the tarball's path
 */
export function npmPack(pkg, dir) {
  const args = ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', dir, '--json', '--ignore-scripts'];
  const npmCli = process.env.npm_execpath;
  // Under `npm run`, npm names its own CLI script; run it with this Node (no shell, also on Windows).
  const out = npmCli && /\.[cm]?js$/.test(npmCli)
    ? execFileSync(process.execPath, [npmCli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    : execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' });
  const [info] = JSON.parse(out);
  return path.join(dir, info.filename);
}

/**
 * Checks a tarball against the lock, extracts the listed files, converts and verifies them, and
 * moves each into `outDir` only once its hash matches (a mismatch leaves the old file untouched).
 * @param {string} tarball path of the .tgz
 * @param {z.infer<typeof packageEntry>} pkg
 * @param {string} outDir
 * @returns {Promise<string[]>} the names written
 * @throws Error when the tarball's integrity, a listed file's presence or a result's hash differs.
 */
export async function installFromTarball(tarball, pkg, outDir) {
  const bytes = fs.readFileSync(tarball);
  const integrity = sriSha512(bytes);
  if (integrity !== pkg.integrity) {
    throw new Error(`${pkg.name}@${pkg.version}: 压缩包校验值不符（期望 ${pkg.integrity}，实际 ${integrity}）`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-fonts-x-'));
  try {
    const wanted = new Set(pkg.files.map((f) => f.from));
    await tar.x({ file: tarball, cwd: work, filter: (p) => wanted.has(p.replace(/^\.\//, '')) });
    const results = [];
    for (const f of pkg.files) {
      const src = path.join(work, ...f.from.split('/'));
      if (!fs.existsSync(src)) throw new Error(`${pkg.name}@${pkg.version}: 压缩包中没有 ${f.from}`);
      const raw = fs.readFileSync(src);
      const data = f.convert === 'woff2' ? Buffer.from(await wawoff2.decompress(raw)) : raw;
      const hash = sha256(data);
      if (hash !== f.sha256) throw new Error(`${pkg.name}@${pkg.version}: ${f.to} 的 SHA-256 不符（期望 ${f.sha256}，实际 ${hash}）`);
      results.push({ to: f.to, data });
    }
    // Every file checked before any is written: a package is installed whole or not at all.
    fs.mkdirSync(outDir, { recursive: true });
    for (const r of results) {
      const part = path.join(outDir, `${r.to}.part`);
      fs.writeFileSync(part, r.data);
      fs.renameSync(part, path.join(outDir, r.to));
    }
    return results.map((r) => r.to);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Prepares every package of the lock in `outDir`.
 * @param {{ lock?: string, outDir?: string, fetch?: (pkg: {name: string, version: string}, dir: string) => string | Promise<string>, log?: (line: string) => void }} [options]
 *   `fetch` returns a tarball's path (default: npmPack); tests pass a local one.
 * @returns {Promise<{ skipped: string[], installed: string[] }>} package specs left alone / fetched
 */
export async function prepareFonts(options = {}) {
  const lock = readLock(options.lock ?? DEFAULT_LOCK);
  const outDir = options.outDir ?? DEFAULT_OUT;
  const fetch = options.fetch ?? npmPack;
  const log = options.log ?? ((line) => console.log(line));
  const skipped = [];
  const installed = [];
  for (const pkg of lock.packages) {
    const spec = `${pkg.name}@${pkg.version}`;
    if (packageUpToDate(pkg, outDir)) {
      log(`已就绪，跳过 ${spec}：${pkg.files.map((f) => f.to).join('、')}`);
      skipped.push(spec);
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-fonts-'));
    try {
      log(`下载 ${spec} …`);
      const tarball = await fetch(pkg, dir);
      const names = await installFromTarball(tarball, pkg, outDir);
      log(`已写入 ${names.join('、')}`);
      installed.push(spec);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { skipped, installed };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out.outDir = path.resolve(argv[++i]);
    else if (argv[i] === '--lock') out.lock = path.resolve(argv[++i]);
    else throw new Error(`未知参数：${argv[i]}（用法：node scripts/prepare-fonts.mjs [--out <folder>] [--lock <fonts-lock.json>]）`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const { skipped, installed } = await prepareFonts(parseArgs(process.argv.slice(2)));
    console.log(`字体准备完成：新取 ${installed.length} 个包，跳过 ${skipped.length} 个。`);
  } catch (e) {
    console.error(`字体准备失败：${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
