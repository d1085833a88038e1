#!/usr/bin/env node
/**
 * CI step (run by .ci/run after the apt install, before the tests): tests must not depend on files
 * a fresh machine lacks. Scans every test file and test helper for absolute system paths
 * (/usr/…, /opt/…, /etc/…, /var/…, C:\…) and fails when such a path
 *   - does not exist on this machine, or
 *   - exists but no Debian package owns it (dpkg -S), or
 *   - is owned only by packages that neither .ci/apt-packages.txt (with what those depend on) nor
 *     the base image below provides.
 * A line that names a path as data only (never opened) may say so with `check-test-paths: ignore`.
 *
 * Plain Node, no dependencies. The functions are exported for tests/unit/check-test-paths.test.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Packages of the base image (Node 20 on Debian 12, before .ci/run installs anything) whose
 * programs tests may call by absolute path, besides Debian's Essential packages (bash, coreutils,
 * …), which every Debian system has. Kept to what tests use; each is in the base image's package
 * list (the environment's packages/installed-*.txt for this kind of machine): /usr/bin/python3,
 * Debian's interpreter, where python3-openpyxl installs, is python3-minimal's. python3-openpyxl
 * pulls these in anyway; they are listed so that a test may run Python without it.
 */
export const BASE_IMAGE_PACKAGES = ['python3-minimal', 'python3.11-minimal', 'python3', 'python3.11'];

/** Folders whose tests and test helpers are scanned, and root-level test configurations. */
const SCANNED_DIRS = ['main', 'shared', 'renderer', 'tests', 'bench'];
const ROOT_TEST_CONFIGS = /^(playwright|vitest)\.config\.[cm]?[jt]s$/;

const IGNORE_MARK = 'check-test-paths: ignore';

/** Whether a repository path is a test, a spec, a benchmark or a test helper. */
export function isTestFile(file) {
  const f = file.replace(/\\/g, '/');
  if (ROOT_TEST_CONFIGS.test(f)) return true;
  if (!SCANNED_DIRS.some((d) => f.startsWith(`${d}/`))) return false;
  if (!/\.[cm]?[jt]sx?$/.test(f)) return false;
  return (
    /\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(f) ||
    /(^|\/)(testing|__tests__|fixtures)\//.test(f) ||
    /(^|\/)test-[^/]*\.[cm]?[jt]sx?$/.test(f) ||
    f.startsWith('tests/') ||
    f.startsWith('bench/')
  );
}

/** One package name per line; blank lines and '#' comments are skipped. */
export function parsePackageList(text) {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

// Not preceded by a character that would make it part of a URL, a relative path or a word.
const POSIX_PATH = /(?<![\w.~:/\\-])\/(?:usr|opt|etc|var)\/[^\s'"`<>|;,()[\]{}]*/g;
// C:\… as written in source (the backslash usually escaped: 'C:\\Windows') or C:/….
// A letter after a backslash is a regex escape (\d\d:\d\d), not a drive.
const WINDOWS_PATH = /(?<![\w\\])[A-Za-z]:(?:\\\\|\\|\/)[^\s'"`<>|;,()[\]{}]*/g;

/** The part of a path before any interpolation or glob; a cut inside a name keeps its folder. */
function literalPrefix(p) {
  const cut = p.search(/[$*?]/);
  if (cut < 0) return p.replace(/[.:]+$/, '');
  const head = p.slice(0, cut);
  return head.endsWith('/') || head.endsWith('\\') ? head : head.slice(0, Math.max(head.lastIndexOf('/'), head.lastIndexOf('\\')) + 1);
}

/**
 * Absolute system paths in a file's text: `{ path, line, windows }` per occurrence, the path cut
 * before any `${…}` or glob, Windows paths with escaped backslashes unescaped.
 */
export function findAbsolutePaths(text) {
  const found = [];
  text.split('\n').forEach((lineText, i) => {
    if (lineText.includes(IGNORE_MARK)) return;
    for (const m of lineText.matchAll(POSIX_PATH)) {
      const p = literalPrefix(m[0]);
      if (p.length > 1) found.push({ path: p, line: i + 1, windows: false });
    }
    for (const m of lineText.matchAll(WINDOWS_PATH)) {
      found.push({ path: literalPrefix(m[0].replace(/\\\\/g, '\\')), line: i + 1, windows: true });
    }
  });
  return found;
}

/** `dpkg -S` output → owning packages (architecture qualifiers dropped); diversion lines skipped. */
export function parseDpkgSearch(output) {
  const owners = new Set();
  for (const line of output.split('\n')) {
    if (!line.trim() || line.startsWith('diversion ')) continue;
    const sep = line.indexOf(': /');
    if (sep < 0) continue;
    for (const pkg of line.slice(0, sep).split(',')) owners.add(pkg.trim().replace(/:[\w-]+$/, ''));
  }
  return [...owners];
}

const packageName = (relation) => relation.trim().replace(/\s*\(.*?\)/, '').replace(/:\w+$/, '').trim();

/** Package names of a relation field; of `a | b` only `a`, the one apt installs on a fresh machine. */
const relationNames = (field, firstAlternative = true) =>
  field
    .split(',')
    .flatMap((r) => (firstAlternative ? [r.split('|')[0]] : r.split('|')))
    .map(packageName)
    .filter(Boolean);

/**
 * Every installed package that `roots` bring in through Pre-Depends and Depends (recommends are
 * not installed by .ci/run; of alternatives only the first, which apt picks on a fresh machine). `installed` is the output of
 * dpkg-query -W -f='${Package}\t${Pre-Depends}\t${Depends}\t${Provides}\t${Essential}\n'.
 */
export function dependencyClosure(roots, installed) {
  const deps = new Map();
  const providers = new Map();
  for (const line of installed.split('\n')) {
    if (!line.trim()) continue;
    const [pkg, pre = '', dep = '', provides = ''] = line.split('\t');
    deps.set(pkg, [...relationNames(pre), ...relationNames(dep)]);
    for (const v of relationNames(provides, false)) providers.set(v, [...(providers.get(v) ?? []), pkg]);
  }
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift();
    const real = deps.has(name) ? [name] : (providers.get(name) ?? []);
    for (const pkg of real) {
      if (seen.has(pkg)) continue;
      seen.add(pkg);
      queue.push(...(deps.get(pkg) ?? []));
    }
  }
  return seen;
}

/** Packages marked Essential (bash, coreutils, dpkg, …): every Debian system has them. */
export function essentialPackages(installed) {
  return installed
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f[4]?.trim() === 'yes')
    .map((f) => f[0]);
}

/**
 * Verdict for one path: undefined when a fresh machine gets it from .ci/run or the base image,
 * else the reason. `owners` is what dpkg -S says (undefined when dpkg is not available).
 */
export function judgePath(found, { exists, owners, provided, aptList }) {
  if (found.windows) return `${found.path} is a Windows path; tests run on Debian (mark data-only lines with "${IGNORE_MARK}")`;
  if (!exists) return `${found.path} does not exist on this machine; no package in .ci/apt-packages.txt provides it`;
  if (owners === undefined) return undefined;
  if (owners.length === 0) return `${found.path} exists here but no Debian package owns it, so a fresh machine will not have it`;
  if (owners.some((o) => provided.has(o))) return undefined;
  return `${found.path} comes from ${owners.join(', ')}, which neither .ci/apt-packages.txt (${aptList.join(' ')}) nor the base-image packages listed in scripts/check-test-paths.mjs provide: add the package to .ci/apt-packages.txt, or build what the test needs in the test`;
}

function run(cmd, args) {
  try {
    return { ok: true, out: execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }) };
  } catch (e) {
    return { ok: false, out: String(e.stdout ?? ''), missing: e.code === 'ENOENT' };
  }
}

/**
 * Owners of a path per dpkg -S, also under the names dpkg may have registered it by: merged /usr
 * (/usr/bin/bash is registered as /bin/bash) and the target of a symbolic link.
 */
function dpkgOwners(p) {
  const names = [p, p.replace(/^\/usr\/(bin|sbin|lib|lib64)\//, '/$1/')];
  try {
    names.push(fs.realpathSync(p));
  } catch {
    // exists was checked; a dangling link simply has no target to try
  }
  for (const name of new Set(names)) {
    const owners = parseDpkgSearch(run('dpkg', ['-S', name]).out);
    if (owners.length) return owners;
  }
  return [];
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  process.chdir(root);
  const aptList = parsePackageList(fs.readFileSync('.ci/apt-packages.txt', 'utf8'));
  const files = run('git', ['ls-files', '--cached', '--others', '--exclude-standard'])
    .out.split('\n')
    .filter((f) => f && isTestFile(f) && fs.existsSync(f));

  const query = run('dpkg-query', ['-W', '-f=${Package}\t${Pre-Depends}\t${Depends}\t${Provides}\t${Essential}\n']);
  const haveDpkg = query.ok;
  if (!haveDpkg) console.warn('check-test-paths: dpkg-query not available; only checking that the paths exist');
  const provided = haveDpkg ? dependencyClosure([...aptList, ...BASE_IMAGE_PACKAGES, ...essentialPackages(query.out)], query.out) : new Set();

  const problems = [];
  const ownersOf = new Map();
  let count = 0;
  for (const file of files) {
    for (const found of findAbsolutePaths(fs.readFileSync(file, 'utf8'))) {
      count++;
      const exists = !found.windows && fs.existsSync(found.path);
      let owners;
      if (haveDpkg && exists) {
        if (!ownersOf.has(found.path)) ownersOf.set(found.path, dpkgOwners(found.path));
        owners = ownersOf.get(found.path);
      }
      const reason = judgePath(found, { exists, owners, provided, aptList });
      if (reason) problems.push(`${file}:${found.line}: ${reason}`);
    }
  }
  if (problems.length) {
    console.error(`check-test-paths: ${problems.length} system path(s) in tests that a fresh machine does not have:`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`check-test-paths: ${files.length} test files, ${count} system path(s), all provided by .ci/apt-packages.txt or the base image`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
