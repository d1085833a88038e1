import type { FileResult } from '../../shared/api/envelope';
import type { CliContext } from './cli-types';
import { copyResult } from './files';

/**
 * Prints `json` with --json (indented, for scripts; `compact` keeps it on one line), else runs
 * `human` (which may load more, e.g. a name) for the readable Chinese form. One place so every
 * command honours --json the same way.
 */
export async function printResult(ctx: CliContext, json: unknown, human: () => void | Promise<void>, options: { compact?: boolean } = {}): Promise<void> {
  if (ctx.args.json) ctx.io.out(options.compact ? JSON.stringify(json) : JSON.stringify(json, null, 2));
  else await human();
}

/**
 * Copies a file the core wrote to `out` (never overwriting unless `force`, which defaults to --force)
 * and reports the path: `{"file": …}` with --json, else `<done>：<path>`.
 */
export async function saveResult(ctx: CliContext, result: FileResult, out: string, options: { done?: string; force?: boolean } = {}): Promise<void> {
  const file = await copyResult(ctx.files, result, out, options.force ?? ctx.args.flags.force === true);
  ctx.io.out(ctx.args.json ? JSON.stringify({ file }) : `${options.done ?? '已导出'}：${file}`);
}
