import { intFlag, stringFlag } from './args';
import { CliError, type CliContext } from './cli-types';

/** Shared argument checks, so every command words a missing argument the same way. */

export function requirePositional(ctx: CliContext, index: number, what: string): string {
  const v = ctx.args.positionals[index];
  if (!v) throw new CliError(`缺少${what}`);
  return v;
}

export function requireOut(ctx: CliContext): string {
  const out = stringFlag(ctx.args, 'out');
  if (!out) throw new CliError('请用 --out 指定输出文件');
  return out;
}

export function requireYear(ctx: CliContext): number {
  const year = intFlag(ctx.args, 'year');
  if (year === undefined) throw new CliError('请用 --year 指定年份');
  return year;
}
