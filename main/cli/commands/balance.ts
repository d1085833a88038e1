import { PROFILE_IDS, type ProfileId } from '../../../shared/domain/balance';
import { stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { requireOut, requireYear } from '../options';
import { printResult, saveResult } from '../output';
import { balanceJson, printBalance } from './balance-output';

const SECTIONS = { primary: 'primary', junior: 'junior', 小学: 'primary', 初中: 'junior' } as const;

function query(ctx: CliContext) {
  const year = requireYear(ctx);
  const p = stringFlag(ctx.args, 'profile');
  if (p !== undefined && !(PROFILE_IDS as readonly string[]).includes(p)) throw new CliError(`未知的评估标准“${p}”，可选：${PROFILE_IDS.join('、')}`);
  const s = stringFlag(ctx.args, 'section');
  if (s !== undefined && !(s in SECTIONS)) throw new CliError(`未知的学段“${s}”，可选：primary（小学）、junior（初中）`);
  return { year, profile: p as ProfileId | undefined, section: s ? SECTIONS[s as keyof typeof SECTIONS] : undefined };
}

export const balanceCommands: CliCommand[] = [
  {
    path: ['balance'],
    usage: 'balance --year <年份> [--profile P] [--section S]',
    summary: '计算资源配置差异系数与各校达标情况（P：quality2017 | basic2012 | application2019）',
    async run(ctx) {
      const view = await ctx.call('balance.compute', query(ctx));
      await printResult(ctx, balanceJson(view), () => printBalance(ctx.io, view));
      return 0;
    },
  },
  {
    path: ['balance', 'export'],
    usage: 'balance export --year <年份> --out <文件> [--profile P] [--force]',
    summary: '导出差异系数、学校达标、贡献度与达标差距为 xlsx',
    async run(ctx) {
      const out = requireOut(ctx);
      await saveResult(ctx, await ctx.call('balance.export', query(ctx)), out);
      return 0;
    },
  },
];
