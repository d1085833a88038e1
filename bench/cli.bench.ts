/**
 * CLI start-up: wall time from spawning Node to its exit for `cli --help` and `cli schools list` on
 * an empty data directory (a new one per run, so the database is created and migrated, and an
 * existing one with an empty register), median of N runs. Side by side:
 *
 * - `bundle`: `node out/cli/index.cjs …`, the built CLI (vite.cli.config.ts) with its code cache;
 * - `launcher`: `node scripts/cli.mjs …`, what `npm run cli` runs (staleness check, then the bundle);
 * - `npm`: `npm run -s cli -- …`, the same with npm's own start-up (only when run through npm);
 * - `tsx`: `tsx main/cli/index.ts …`, how `npm run cli` ran before, as the anchor.
 *
 * Runs are interleaved (one of each variant per round) so that load from other processes on the
 * machine falls on all variants alike; the load average is recorded with the figures.
 * `BENCH_CLI_RUNS` (default 9) sets N. Run: `npx tsx bench/run.ts cli`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { round } from './measure';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
/** The start-up target of issue 9, item 9. */
export const TARGET_MS = 500;

interface Variant {
  name: 'bundle' | 'launcher' | 'npm' | 'tsx';
  argv: (cliArgs: string[]) => string[];
}

/** Wall time from spawn to exit, and the CPU time it used (Linux). */
export interface StartupFigures {
  medianMs: number;
  minMs: number;
  maxMs: number;
  cpuMedianMs: number | null;
}

export interface CliBenchResult {
  runs: number;
  targetMs: number;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  bundleKb: number;
  /** Per command, per variant. */
  commands: Record<string, Partial<Record<Variant['name'], StartupFigures>>>;
  /** tsx median ÷ bundle median, per command. */
  speedup: Record<string, number>;
  /** Whether the bundle's median stays within the target for every command. */
  bundleWithinTarget: boolean;
}

function variants(): Variant[] {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const list: Variant[] = [
    { name: 'bundle', argv: (a) => [path.join(ROOT, 'out/cli/index.cjs'), ...a] },
    { name: 'launcher', argv: (a) => [path.join(ROOT, 'scripts/cli.mjs'), ...a] },
    { name: 'tsx', argv: (a) => [tsxCli, path.join(ROOT, 'main/cli/index.ts'), ...a] },
  ];
  // npm sets npm_execpath for scripts it runs (`npm run bench`); otherwise npm is not measured.
  const npm = process.env.npm_execpath;
  if (npm && /\.(c?js|mjs)$/.test(npm)) list.splice(2, 0, { name: 'npm', argv: (a) => [npm, 'run', '-s', 'cli', '--', ...a] });
  return list;
}

/**
 * CPU time (user + system) of every finished child process and its descendants so far, ms: the
 * cutime and cstime fields of /proc/self/stat (Linux; null elsewhere). Unlike wall time it hardly
 * changes when other processes compete for the machine's cores.
 */
function childrenCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from `state` (field 3); clock ticks of 1/100 s (USER_HZ).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

interface Sample {
  wallMs: number;
  cpuMs: number | null;
}

function runOnce(argv: string[]): Sample {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SUPERVISION_DESK_DATA_DIR: undefined } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} → ${r.status}: ${r.stderr}`);
  const cpu1 = childrenCpuMs();
  return { wallMs, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function figures(samples: Sample[]): StartupFigures {
  const wall = samples.map((s) => s.wallMs);
  const cpu = samples.map((s) => s.cpuMs);
  return {
    medianMs: round(median(wall), 0),
    minMs: round(Math.min(...wall), 0),
    maxMs: round(Math.max(...wall), 0),
    cpuMedianMs: cpu.every((c) => c !== null) ? round(median(cpu as number[]), 0) : null,
  };
}

/** Measures CLI start-up as described at the top of this file; builds the CLI first when it is stale. */
export async function runCliBench(): Promise<CliBenchResult> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`命令行构建失败：${build.stderr}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-cli-'));
  try {
    const existing = path.join(work, 'existing');
    let fresh = 0;
    const commands: Record<string, () => string[]> = {
      '--help': () => ['--help'],
      'schools list (new data dir)': () => ['schools', 'list', '--data-dir', path.join(work, `new-${fresh++}`)],
      'schools list (empty register)': () => ['schools', 'list', '--data-dir', existing],
    };
    const list = variants();
    // Warm-up, not timed: creates the existing data dir, the code cache and tsx's transform cache.
    for (const v of list) for (const args of Object.values(commands)) runOnce(v.argv(args()));
    const loadAverageBefore = os.loadavg().map((l) => round(l, 2));
    const samples: Record<string, Record<string, Sample[]>> = {};
    for (let i = 0; i < RUNS; i++) {
      for (const [label, args] of Object.entries(commands)) {
        for (const v of list) ((samples[label] ??= {})[v.name] ??= []).push(runOnce(v.argv(args())));
      }
    }
    const result: CliBenchResult = {
      runs: RUNS,
      targetMs: TARGET_MS,
      loadAverageBefore,
      loadAverageAfter: os.loadavg().map((l) => round(l, 2)),
      bundleKb: Math.round(fs.statSync(path.join(ROOT, 'out/cli/cli-bundle.cjs')).size / 1024),
      commands: {},
      speedup: {},
      bundleWithinTarget: true,
    };
    for (const [label, byVariant] of Object.entries(samples)) {
      const row: CliBenchResult['commands'][string] = {};
      for (const [name, s] of Object.entries(byVariant)) row[name as Variant['name']] = figures(s);
      result.commands[label] = row;
      result.speedup[label] = round(row.tsx!.medianMs / row.bundle!.medianMs, 1);
      if (row.bundle!.medianMs > TARGET_MS) result.bundleWithinTarget = false;
    }
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCliBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
