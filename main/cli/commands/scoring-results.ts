/**
 * `scoring results|lock|unlock` — a round's stored results with ranks and the change against the
 * previous round, and locking or unlocking a unit's scores (issue 12, items 4 and 7). A round is
 * named by its 编号 or name, a unit by its 报送编码 or name, as in `rounds`.
 */
import { RESULT_STATE_LABELS, type ResultLine } from '../../../shared/api/contracts/scoring';
import { stringFlag } from '../args';
import { CliError, type CliCommand } from '../cli-types';
import { requirePositional } from '../options';
import { copyResult } from '../files';
import { printResult } from '../output';
import { roundOf, unitsNamed } from './rounds';


function changeWords(p: ResultLine['previous']): string {
  if (!p) return '';
  if (p.change === null) return p.note;
  return p.change === 0 ? '持平' : `${p.change > 0 ? '+' : '-'}${Math.abs(p.change)}`;
}

export const scoringResultCommands: CliCommand[] = [
  {
    path: ['scoring', 'results'],
    usage: 'scoring results <项目> [--by-type] [--out 文件.xlsx [--force]]',
    summary: '列出评估项目各单位的评分结果：状态、总分、等级、结论、名次（--by-type 按学校类型分别排名）和较上一轮的变化；--out 导出为 Excel',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const out = stringFlag(ctx.args, 'out');
      if (out) {
        const file = await ctx.call('scoring.exportResults', { roundId: round.id, byCategory: ctx.args.flags['by-type'] === true });
        const saved = await copyResult(ctx.files, file, out, ctx.args.flags.force === true);
        await printResult(ctx, { file: saved }, () => ctx.io.out(`已导出评分结果：${saved}`));
        return 0;
      }
      const r = await ctx.call('scoring.results', { roundId: round.id, byCategory: ctx.args.flags['by-type'] === true });
      await printResult(ctx, r, () => {
        ctx.io.out(['报送编码', '单位', '类型', '状态', '总分', '等级', '结论', '名次', ...(r.previousRound ? ['较上一轮'] : [])].join('\t'));
        for (const l of r.lines) {
          const rank = l.rank ? `${l.rank.rank}/${l.rank.of}${l.rank.tied ? '（并列）' : ''}` : '';
          ctx.io.out([l.unitCode, l.unitName, l.schoolType, RESULT_STATE_LABELS[l.state], l.result?.total ?? '', l.result?.grade ?? '', l.result?.conclusion ?? '', rank, ...(r.previousRound ? [changeWords(l.previous)] : [])].join('\t'));
        }
        ctx.io.out(`已锁定 ${r.lines.filter((l) => l.result).length} / ${r.lines.length} 个单位；并列规则：${r.tieRule}${r.previousRound ? `；对比：${r.previousRound}` : ''}`);
      });
      return 0;
    },
  },
  {
    path: ['scoring', 'lock'],
    usage: 'scoring lock <项目> <报送编码或单位名称> [--note <备注>]',
    summary: '锁定单位的评分并保存结果（全部指标须已确定最终得分；弃权单位按本项目对弃权单位的处理）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const [unit] = unitsNamed(await ctx.call('rounds.get', { id: round.id }), [requirePositional(ctx, 3, '单位（报送编码或名称）')]);
      const r = await ctx.call('scoring.lock', { unitId: unit!.id, note: stringFlag(ctx.args, 'note') ?? '' });
      await printResult(ctx, r, () => ctx.io.out(`已锁定“${r.unitName}”的评分：${r.conclusion}`));
      return 0;
    },
  },
  {
    path: ['scoring', 'adopt'],
    usage: 'scoring adopt <项目> <报送编码或单位名称>',
    summary: '采用全部建议得分：专家评分按本项目的汇总规则一致的指标，以建议得分作为最终得分（已有最终得分和须合议的不动；与自评相差过大须写理由的列出，由人确定）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const [unit] = unitsNamed(await ctx.call('rounds.get', { id: round.id }), [requirePositional(ctx, 3, '单位（报送编码或名称）')]);
      const r = await ctx.call('scoring.adoptSuggestions', { unitId: unit!.id });
      await printResult(ctx, r, () => {
        for (const a of r.adopted) ctx.io.out(`已采用\t${a.code} ${a.title}\t${a.text}`);
        for (const k of r.skipped) ctx.io.err(`未采用\t${k.code} ${k.title}\t${k.message}`);
        ctx.io.out(`“${unit!.name}”：采用建议得分 ${r.adopted.length} 项${r.skipped.length ? `，${r.skipped.length} 项须人工确定` : ''}`);
      });
      return 0;
    },
  },
  {
    path: ['scoring', 'unlock'],
    usage: 'scoring unlock <项目> <报送编码或单位名称> --reason <解锁原因>',
    summary: '解锁单位的评分（须写明原因，记入操作日志；此前的结果及据此生成的文书标为已过时）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const [unit] = unitsNamed(await ctx.call('rounds.get', { id: round.id }), [requirePositional(ctx, 3, '单位（报送编码或名称）')]);
      const reason = stringFlag(ctx.args, 'reason')?.trim();
      if (!reason) throw new CliError('请用 --reason 写明解锁原因');
      const r = await ctx.call('scoring.unlock', { unitId: unit!.id, reason });
      await printResult(ctx, r, () => ctx.io.out(`已解锁“${unit!.name}”的评分，原因：${r.reason}`));
      return 0;
    },
  },
];
