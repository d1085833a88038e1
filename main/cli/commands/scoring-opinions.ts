/**
 * `scoring opinions <项目> [--unit <单位>]` — a round's current opinions (做法成效, 存在问题,
 * 整改建议; issue 12 item 6) from the command line, as the per-school conclusions will read them.
 * A round is named by its 编号 or name, a unit by its 报送编码 or name (as in `rounds`).
 */
import { OPINION_KIND_LABELS } from '../../../shared/api/contracts/scoring';
import { formatDateTime } from '../../../shared/domain/text/datetime';
import { nameKey } from '../../../shared/domain/text/normalize';
import { stringFlag } from '../args';
import { CliError, type CliCommand } from '../cli-types';
import { printResult } from '../output';
import { roundOf } from './rounds';

/** One line per opinion: a text's own line breaks and tabs would break the columns. */
const oneLine = (text: string) => text.replace(/\s*[\r\n\t]+\s*/g, ' ');

export const scoringOpinionCommands: CliCommand[] = [
  {
    path: ['scoring', 'opinions'],
    usage: 'scoring opinions <项目> [--unit <报送编码或单位名称>]',
    summary: '列出评估项目的评估意见（做法成效、存在问题、整改建议）：单位、指标、提出人、意见、录入时间与录入人',
    async run(ctx) {
      const summary = await roundOf(ctx, 2);
      let list = await ctx.call('scoring.roundOpinions', { roundId: summary.id });
      const wanted = stringFlag(ctx.args, 'unit')?.trim();
      if (wanted !== undefined) {
        const round = await ctx.call('rounds.get', { id: summary.id });
        const unit = round.units.find((u) => u.code === wanted) ?? round.units.find((u) => nameKey(u.name) === nameKey(wanted));
        if (!unit) throw new CliError(`评估项目“${round.name}”中没有“${wanted}”`);
        list = list.filter((o) => o.unitId === unit.id);
      }
      await printResult(ctx, list, () => {
        if (list.length === 0) return ctx.io.out(`评估项目“${summary.name}”${wanted !== undefined ? `中的“${wanted}”` : ''}还没有评估意见`);
        ctx.io.out(['报送编码', '单位', '指标', '类别', '提出人', '意见', '录入时间', '录入人'].join('\t'));
        for (const o of list) {
          ctx.io.out([o.unitCode, o.unitName, o.code === null ? '整体' : `${o.code} ${o.title}`, OPINION_KIND_LABELS[o.kind], o.author, oneLine(o.text), formatDateTime(o.at), o.by].join('\t'));
        }
        ctx.io.out(`共 ${list.length} 条意见`);
      });
      return 0;
    },
  },
];
