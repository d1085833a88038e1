/**
 * `npm run typecheck`: one TypeScript project per runtime (see tsconfig.base.json), two at a time,
 * failing when any reports an error. Each run also lists the files in its program, and a project
 * fails when a file its runtime lacks got in anyway — through a package's
 * `/// <reference types="node" />` or `/// <reference lib="dom" />`, which `types` and `lib` cannot
 * stop — since such a leak would silently let DOM or Node globals type-check where they do not exist.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const DOM = { pattern: /\/typescript\/lib\/lib\.dom[.\w]*\.d\.ts$/, what: 'the DOM library' };
const NODE = { pattern: /\/node_modules\/@types\/node\//, what: 'Node’s types (@types/node)' };

/** The projects, and the files that must not be in each one's program. */
export const PROJECTS = [
  { config: 'tsconfig.shared.json', forbidden: [DOM, NODE] },
  { config: 'tsconfig.renderer.json', forbidden: [NODE] },
  { config: 'tsconfig.main.json', forbidden: [DOM] },
  { config: 'tsconfig.json', forbidden: [] },
];

/**
 * Splits `tsc --listFiles` output into diagnostics and program files, and names the forbidden
 * files found. Pure, for tests.
 */
export function judge(project, output) {
  const lines = output.split(/\r?\n/).filter(Boolean);
  // Program files are absolute paths; diagnostics start with a relative path or an indent.
  const files = lines.filter((l) => path.isAbsolute(l) && !/\(\d+,\d+\): /.test(l));
  const diagnostics = lines.filter((l) => !files.includes(l));
  const leaks = [];
  for (const rule of project.forbidden) {
    const hit = files.find((f) => rule.pattern.test(f.replaceAll('\\', '/')));
    if (hit) leaks.push(`${rule.what} is in the program (${path.relative(ROOT, hit)}); run \`npx tsc -p ${project.config} --explainFiles\` to see which import brings it`);
  }
  return { files: files.length, diagnostics, leaks };
}

function check(project) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [TSC, '-p', project.config, '--listFiles', '--pretty', 'false'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ project, code, seconds: (Date.now() - t0) / 1000, ...judge(project, output) }));
  });
}

async function main() {
  const queue = [...PROJECTS];
  const results = [];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) results.push(await check(p));
  };
  await Promise.all([worker(), worker()]);
  let failed = false;
  for (const project of PROJECTS) {
    const r = results.find((x) => x.project === project);
    const ok = r.code === 0 && r.leaks.length === 0;
    failed ||= !ok;
    console.log(`${ok ? '✓' : '✗'} ${project.config} (${r.files} files, ${r.seconds.toFixed(1)} s)`);
    for (const line of [...r.diagnostics, ...r.leaks]) console.log(`  ${line}`);
  }
  if (failed) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
