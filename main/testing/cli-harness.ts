import { runCli } from '../cli/run-cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * A `cli(...argv)` for tests: runs one in-process CLI invocation against `dataDir()` and
 * collects stdout/stderr lines. The data dir is read on every call because tests create a
 * fresh temp dir in `beforeEach`.
 */
export function cliRunner(dataDir: () => string): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, '--data-dir', dataDir()], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
