import path from 'node:path';
import type { OpName } from '../../shared/api/contract';
import { createAppCore } from '../app/create-app';
import { defaultDataDir } from '../app/data-dir';
import { parseCliArgs, stringFlag } from './args';
import { CliError, type CliCommand, type CliContext, type CliIo } from './cli-types';
import { COMMANDS } from './commands';

function findCommand(positionals: string[]): CliCommand | undefined {
  return [...COMMANDS].sort((a, b) => b.path.length - a.path.length).find((c) => c.path.every((p, i) => positionals[i] === p));
}

function help(io: CliIo) {
  io.out('督导评估工作台 命令行\n用法：npm run cli -- <命令> [--data-dir 数据目录] [--json]\n');
  for (const c of COMMANDS) io.out(`  ${c.usage.padEnd(52)}${c.summary}`);
}

/** Runs one CLI invocation and returns the exit code; errors print in Chinese on stderr. */
export async function runCli(argv: string[], io: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) }): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }
  const command = findCommand(args.positionals);
  if (!command || args.flags.help) {
    help(io);
    return command || args.flags.help ? 0 : args.positionals.length ? 1 : 0;
  }
  const dataDir = path.resolve(stringFlag(args, 'data-dir') ?? defaultDataDir());
  let core;
  try {
    core = await createAppCore(dataDir, 'cli');
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }
  const ctx: CliContext = {
    io,
    args,
    files: core.ctx.files,
    call: async (op: OpName, input: unknown) => {
      const r = await core.dispatch(op, input);
      if (!r.ok) throw new CliError(r.error.message, 1, r.error.details, r.error.errorId);
      return r.value as never;
    },
  };
  try {
    return await command.run(ctx);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const errorId = e instanceof CliError ? e.errorId : undefined;
    if (args.json) io.err(JSON.stringify({ ok: false, error: message, ...(errorId ? { errorId } : {}) }));
    else io.err(`错误：${message}${errorId ? `（错误编号 ${errorId}）` : ''}`);
    return e instanceof CliError ? e.exitCode : 1;
  } finally {
    await core.close();
  }
}
