/**
 * `scoring worksheets --round <项目> --out <文件夹> …` — 现场督导工作用表 and 迎检材料清单 (issue 12
 * item 5) from the command line, run as the same `scoring.worksheets` job as the screens' button
 * (progress on stderr). A round is named by its 编号 or name, units by 报送编码 or name, 评估组 by name.
 */
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import { nameKey } from '../../../shared/domain/text/normalize';
import { stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { printResult } from '../output';
import { outputFolder, runJob } from './rounds';

const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);

function formatsOf(ctx: CliContext): DocumentFormat[] {
  const raw = stringFlag(ctx.args, 'format') ?? 'docx,pdf';
  const formats = list(raw).map((f) => f.toLowerCase());
  if (formats.length === 0 || formats.some((f) => f !== 'docx' && f !== 'pdf')) throw new CliError(`--format 只能是 docx、pdf 或 docx,pdf，收到“${raw}”`);
  return formats as DocumentFormat[];
}

export const scoringWorksheetCommands: CliCommand[] = [
  {
    path: ['scoring', 'worksheets'],
    usage: 'scoring worksheets --round <项目> --out <文件夹> [--units <报送编码或单位名称,…>] [--groups <评估组名称,…>] [--format docx,pdf] [--materials <材料,…> | --no-materials]',
    summary: '生成现场督导工作用表（每个单位一份，各评估组分页）和迎检材料清单，写入 --out 指定的文件夹；不指定 --units 时为全部未弃权的单位',
    async run(ctx) {
      const raw = stringFlag(ctx.args, 'round')?.trim();
      if (!raw) throw new CliError('请用 --round 指定评估项目（编号或名称，见 rounds list）');
      const rounds = await ctx.call('rounds.list', {});
      const summary = (/^\d{1,9}$/.test(raw) ? rounds.find((r) => r.id === Number(raw)) : undefined) ?? rounds.find((r) => nameKey(r.name) === nameKey(raw));
      if (!summary) throw new CliError(`找不到评估项目“${raw}”（可用编号或名称，见 rounds list）`);
      const round = await ctx.call('rounds.get', { id: summary.id });
      const wantedUnits = list(stringFlag(ctx.args, 'units'));
      const units = wantedUnits.length
        ? wantedUnits.map((w) => {
            const u = round.units.find((x) => x.code === w) ?? round.units.find((x) => nameKey(x.name) === nameKey(w));
            if (!u) throw new CliError(`评估项目“${round.name}”中没有“${w}”`);
            return u;
          })
        : round.units.filter((u) => u.state !== 'forfeited');
      if (units.length === 0) throw new CliError(`评估项目“${round.name}”没有需要实地督导的单位`);
      const wantedGroups = list(stringFlag(ctx.args, 'groups'));
      let blockIds: number[] | undefined;
      if (wantedGroups.length) {
        const groups = (await ctx.call('scoring.blocks', { roundId: round.id })).blocks;
        blockIds = wantedGroups.map((w) => {
          const g = groups.find((x) => nameKey(x.name) === nameKey(w));
          if (!g) throw new CliError(`评估项目“${round.name}”中没有名为“${w}”的评估组${groups.length ? `（现有：${groups.map((x) => x.name).join('、')}）` : ''}`);
          return g.id;
        });
      }
      // --no-materials: no list; --materials: the office's own wording; neither: seed 000's list (the service's default).
      const materials = ctx.args.flags['no-materials'] !== undefined ? [] : stringFlag(ctx.args, 'materials') !== undefined ? list(stringFlag(ctx.args, 'materials')) : undefined;
      const formats = formatsOf(ctx);
      const { out, destination } = await outputFolder(ctx);
      const job = await runJob(ctx, { kind: 'scoring.worksheets', parameters: { roundId: round.id, unitIds: units.map((u) => u.id), blockIds, formats, materials, destination } });
      if (job.state !== '已完成') throw new CliError(job.message ?? `生成现场督导工作用表${job.state}`);
      await printResult(ctx, { roundId: round.id, units: job.done, folder: out, problems: job.errors }, () => {
        for (const e of job.errors) ctx.io.err(`未生成：${e}`);
        ctx.io.out(`已处理 ${job.done} 个单位的现场督导工作用表${materials?.length === 0 ? '' : '和迎检材料清单'}：${out}`);
      });
      return 0;
    },
  },
];
