/**
 * `scoring report <项目>` and `scoring publication <项目>` — the round's 督导评估报告 and its 结果公示
 * (issue 13 item 6) from the command line, run as the same `scoring.report` job as the 结果与排名
 * tab's button (progress on stderr), written into --out. A round is named by its 编号 or name.
 */
import type { ReportParameters } from '../../../shared/api/contracts/scoring';
import { stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { printResult } from '../output';
import { outputFolder, roundOf, runJob } from './rounds';
import { formatsOf, thresholdOf } from './scoring-conclusions';

/** Runs the job for `parts` and prints the files written (Chinese) or, with --json, the summary. */
async function run(ctx: CliContext, parts: ReportParameters['parts'], publication: ReportParameters['publication']): Promise<number> {
  const round = await roundOf(ctx, 2);
  const formats = formatsOf(ctx);
  const threshold = thresholdOf(ctx);
  const { out, destination } = await outputFolder(ctx);
  const job = await runJob(ctx, {
    kind: 'scoring.report',
    parameters: { roundId: round.id, parts, formats, date: stringFlag(ctx.args, 'date'), byCategory: ctx.args.flags['by-type'] === true, threshold, publication, destination },
  });
  if (job.state !== '已完成') throw new CliError(job.message ?? `${job.title}${job.state}`);
  await printResult(ctx, { roundId: round.id, files: job.done, folder: out, notIncluded: job.errors }, () => {
    for (const e of job.errors) ctx.io.err(`注意：${e}`);
    ctx.io.out(`${job.title}：已写入 ${job.done} 个文件到 ${out}`);
  });
  return 0;
}

const required = (ctx: CliContext, name: string, what: string): string => {
  const v = stringFlag(ctx.args, name)?.trim();
  if (!v) throw new CliError(`请用 --${name} 指定${what}`);
  return v;
};

export const scoringReportCommands: CliCommand[] = [
  {
    path: ['scoring', 'report'],
    usage: 'scoring report <项目> --out <文件夹> [--format docx,pdf] [--date YYYY-MM-DD] [--by-type] [--threshold 60]',
    summary:
      '生成督导评估报告：参评情况、总分和等级分布、排名及较上一轮的变化、各级指标和各类学校平均分、低于标准较多的指标和图表，附件为各单位评估结果表；数字均取自已锁定的评分结果，未锁定的单位列明未纳入；写入 --out',
    run: (ctx) => run(ctx, ['report'], undefined),
  },
  {
    path: ['scoring', 'publication'],
    usage: 'scoring publication <项目> --out <文件夹> --from YYYY-MM-DD --to YYYY-MM-DD --phone <联系电话> --supervision <监督方式> [--format docx,pdf] [--date YYYY-MM-DD] [--by-type]',
    summary: '生成结果公示（--format 的文书和 Excel 名单）：已锁定单位的总分、等级和名次，公示期、联系电话和监督方式按所填写入；写入 --out',
    run: (ctx) =>
      run(ctx, ['publication'], {
        start: required(ctx, 'from', '公示期开始日期（YYYY-MM-DD）'),
        end: required(ctx, 'to', '公示期结束日期（YYYY-MM-DD）'),
        phone: required(ctx, 'phone', '联系电话'),
        supervision: required(ctx, 'supervision', '监督方式（如受理异议的地址或邮箱）'),
      }),
  },
];
