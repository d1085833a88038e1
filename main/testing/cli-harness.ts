import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../cli/run-cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The built command line (vite.cli.config.ts), as `npm run cli` runs it. */
export const BUILT_CLI = path.join(ROOT, 'out/cli/index.cjs');

let building: Promise<void> | undefined;

/**
 * Builds out/cli/ when it is missing or older than the sources (scripts/build-cli.mjs; a no-op
 * taking milliseconds when it is current), once per test process, so no test depends on a manual
 * build step.
 */
export function ensureBuiltCli(): Promise<void> {
  building ??= promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).then(
    () => undefined,
    (error: Error & { stderr?: string }) => {
      building = undefined;
      throw new Error(`命令行构建失败：${error.stderr || error.message}`);
    },
  );
  return building;
}

/**
 * Runs the built CLI as a child process, exactly as a user would (`node out/cli/index.cjs …`), and
 * returns its exit code and output in the same shape as the in-process runner (one trailing newline
 * removed, so both compare equal).
 */
export async function runBuiltCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  await ensureBuiltCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...argv], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
      resolve({ code: code ?? 1, out: text(out), err: text(err) });
    });
  });
}

/**
 * A `cli(...argv)` for tests: runs one CLI invocation against `dataDir()` and collects stdout/stderr
 * lines. The data dir is read on every call because tests create a fresh temp dir in `beforeEach`.
 * In-process by default (fast); with `SUPERVISION_DESK_CLI=bundle` every call runs the built CLI
 * instead, which checks that the bundle behaves exactly like the sources:
 * `SUPERVISION_DESK_CLI=bundle npx vitest run main/cli`.
 */
export function cliRunner(dataDir: () => string): (...argv: string[]) => Promise<CliRun> {
  if (process.env.SUPERVISION_DESK_CLI === 'bundle') return (...argv) => runBuiltCli([...argv, '--data-dir', dataDir()]);
  return inProcessCliRunner(dataDir);
}

/** Always in-process, whatever SUPERVISION_DESK_CLI says (to compare against the built CLI). */
export function inProcessCliRunner(dataDir: () => string): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, '--data-dir', dataDir()], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
