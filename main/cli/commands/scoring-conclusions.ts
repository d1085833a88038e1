/**
 * `scoring conclusions <项目> --out <文件夹> …` — 一校一案 (issue 13 item 5) from the command line,
 * run as the same `scoring.conclusions` job as the 结果与排名 tab's button (progress on stderr): per
 * locked unit its 督导意见书 (--format) and one-page 结果摘要, and the 一校一案汇总 workbook, written
 * into --out. A round is named by its 编号 or name, units by 报送编码 or name (as in `rounds`).
 */
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import { BELOW_STANDARD_SHARE } from '../../../shared/api/contracts/scoring';
import { stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { printResult } from '../output';
import { outputFolder, roundOf, runJob, unitsNamed } from './rounds';

const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** --format: docx, pdf or both (also read by `scoring report` and `scoring publication`). */
export function formatsOf(ctx: CliContext): DocumentFormat[] {
  const raw = stringFlag(ctx.args, 'format') ?? 'docx,pdf';
  const formats = list(raw).map((f) => f.toLowerCase());
  if (formats.length === 0 || formats.some((f) => f !== 'docx' && f !== 'pdf')) throw new CliError(`--format 只能是 docx、pdf 或 docx,pdf，收到“${raw}”`);
  return formats as DocumentFormat[];
}

/** --threshold as a percentage (60 or 60%) → the share (0.6). */
export function thresholdOf(ctx: CliContext): number {
  const raw = stringFlag(ctx.args, 'threshold');
  if (raw === undefined) return BELOW_STANDARD_SHARE;
  const n = Number(raw.trim().replace(/[%％]$/, ''));
  if (!Number.isFinite(n) || n <= 0 || n > 100) throw new CliError(`--threshold 应为 1 到 100 之间的百分数（如 60），收到“${raw}”`);
  return n / 100;
}

export const scoringConclusionCommands: CliCommand[] = [
  {
    path: ['scoring', 'conclusions'],
    usage: 'scoring conclusions <项目> --out <文件夹> [--units <报送编码或单位名称,…>] [--format docx,pdf] [--no-summary] [--date YYYY-MM-DD] [--deadline YYYY-MM-DD] [--threshold 60]',
    summary:
      '生成一校一案：每个评分已锁定的单位一份督导意见书（--format）和一页结果摘要（PDF），以及全部单位的汇总表（Excel），写入 --out；未锁定的单位跳过并说明；--threshold 为列为“低于标准”的得分率（默认 60%），--deadline 默认为成文日期后 3 个月',
    async run(ctx) {
      const round = await ctx.call('rounds.get', { id: (await roundOf(ctx, 2)).id });
      const wanted = list(stringFlag(ctx.args, 'units'));
      const unitIds = wanted.length ? unitsNamed(round, wanted).map((u) => u.id) : undefined;
      const formats = formatsOf(ctx);
      const threshold = thresholdOf(ctx);
      const { out, destination } = await outputFolder(ctx);
      const job = await runJob(ctx, {
        kind: 'scoring.conclusions',
        parameters: { roundId: round.id, unitIds, formats, summary: ctx.args.flags['no-summary'] === undefined, date: stringFlag(ctx.args, 'date'), deadline: stringFlag(ctx.args, 'deadline'), threshold, destination },
      });
      if (job.state !== '已完成') throw new CliError(job.message ?? `生成一校一案${job.state}`);
      const made = job.done - job.errors.length;
      await printResult(ctx, { roundId: round.id, units: job.done, generated: made, folder: out, problems: job.errors }, () => {
        for (const e of job.errors) ctx.io.err(`未生成：${e}`);
        ctx.io.out(`已为 ${made} 个单位生成一校一案（共 ${job.done} 个单位），汇总表一并写入：${out}`);
      });
      return 0;
    },
  },
];
