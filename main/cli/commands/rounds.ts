/**
 * `rounds create | list | show | close | forfeit` — 评估项目 from the command line (issue 11 item 8).
 * A round is named by its 编号 or its name; a unit by its 报送编码 or name.
 */
import type { RoundDetail, RoundSummary, RoundUnit } from '../../../shared/api/contracts/rounds';
import { STAGE_PHASE_LABELS, stagePhase, UNIT_STATE_LABELS } from '../../../shared/domain/rounds/rounds';
import { formatDate, formatDateTime } from '../../../shared/domain/text/datetime';
import { nameKey } from '../../../shared/domain/text/normalize';
import { intFlag, stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { requirePositional, requireYear } from '../options';
import { printResult } from '../output';

/** The round named by the positional at `index` (编号 or name). */
async function roundOf(ctx: CliContext, index: number): Promise<RoundSummary> {
  const raw = requirePositional(ctx, index, '评估项目（编号或名称，见 rounds list）').trim();
  const rounds = await ctx.call('rounds.list', {});
  const found = (/^\d{1,9}$/.test(raw) ? rounds.find((r) => r.id === Number(raw)) : undefined) ?? rounds.find((r) => nameKey(r.name) === nameKey(raw));
  if (!found) throw new CliError(`找不到评估项目“${raw}”（可用编号或名称，见 rounds list）`);
  return found;
}

/** `名称=开始~结束` items separated by commas, e.g. `学校自评=2026-12-18~2026-12-30,实地督导=2027-01-04~2027-01-08`. */
function parseStages(raw: string, collect: string | undefined) {
  const stages = raw
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const m = /^(.+?)=(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})$/.exec(item);
      if (!m) throw new CliError(`阶段“${item}”的写法不对，应为 名称=开始日期~结束日期（如 学校自评=2026-12-18~2026-12-30）`);
      return { name: m[1]!.trim(), startsOn: m[2]!, endsOn: m[3]!, collects: false };
    });
  if (stages.length === 0) throw new CliError('请用 --stages 设置至少一个阶段');
  const collecting = collect ? stages.find((s) => s.name === collect.trim()) : stages[0];
  if (!collecting) throw new CliError(`--collect 指定的阶段“${collect}”不在 --stages 中`);
  collecting.collects = true;
  return stages;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);

function today(): string {
  return formatDate(new Date());
}

function printUnits(ctx: CliContext, units: RoundUnit[]) {
  ctx.io.out(['报送编码', '单位', '类型', '状态', '版本', '最近导入', '说明'].join('\t'));
  for (const u of units) {
    const notes = [u.late ? '逾期' : '', u.forfeit ? `弃权原因：${u.forfeit.reason}` : '', ...u.extensions.slice(0, 1).map((e) => `${e.stageName}延期至 ${e.until}`), u.openQueries ? `待答复意见 ${u.openQueries} 条` : '']
      .filter(Boolean)
      .join('；');
    ctx.io.out([u.code, u.name, u.schoolType, UNIT_STATE_LABELS[u.state], u.revision ? `第 ${u.revision} 版` : '—', formatDateTime(u.lastImportAt), notes].join('\t'));
  }
}

function printRound(ctx: CliContext, r: RoundDetail) {
  ctx.io.out(`${r.name}（编号 ${r.id}，${r.year} 年）`);
  ctx.io.out(`评估主体：${r.evaluator.name}${r.evaluator.kind === 'third_party' ? '（第三方）' : ''}`);
  ctx.io.out(`指标体系：${r.system.name} 第 ${r.system.version} 版`);
  ctx.io.out('阶段：');
  const day = today();
  for (const s of r.stages) ctx.io.out(`  ${s.position}. ${s.name}\t${s.startsOn} 至 ${s.endsOn}\t${STAGE_PHASE_LABELS[stagePhase(s, day)]}${s.collects ? '\t接收填报' : ''}`);
  const counts = Object.entries(r.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${UNIT_STATE_LABELS[s as keyof typeof UNIT_STATE_LABELS]} ${n}`)
    .join('，');
  ctx.io.out(`参评单位 ${r.unitCount} 个${counts ? `：${counts}` : ''}`);
  printUnits(ctx, r.units);
}

export const roundCommands: CliCommand[] = [
  {
    path: ['rounds', 'list'],
    usage: 'rounds list',
    summary: '列出评估项目（编号、名称、年度、参评单位数、各状态数）',
    async run(ctx) {
      const rounds = await ctx.call('rounds.list', {});
      await printResult(ctx, rounds, () => {
        if (rounds.length === 0) return ctx.io.out('还没有评估项目（用 rounds create 新建）');
        for (const r of rounds) {
          const counts = Object.entries(r.counts)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${UNIT_STATE_LABELS[s as keyof typeof UNIT_STATE_LABELS]} ${n}`)
            .join('，');
          ctx.io.out([r.id, r.name, `${r.year} 年`, `${r.unitCount} 个单位`, counts].join('\t'));
        }
      });
      return 0;
    },
  },
  {
    path: ['rounds', 'show'],
    usage: 'rounds show <项目>',
    summary: '显示评估项目的阶段与参评单位（报送编码、状态、版本、延期、弃权）',
    async run(ctx) {
      const r = await ctx.call('rounds.get', { id: (await roundOf(ctx, 2)).id });
      await printResult(ctx, r, () => printRound(ctx, r));
      return 0;
    },
  },
  {
    path: ['rounds', 'create'],
    usage:
      'rounds create --name <名称> --year <年度> --system <指标体系编号> --evaluator <评估主体> --stages <名称=开始~结束,…> [--collect <接收填报的阶段>] [--third-party] [--late accept] [--types 小学,初中] [--townships 镇名,…]',
    summary: '新建评估项目：冻结已发布的指标体系版本，按名册选定参评单位（默认该年全部评估单位），生成报送编码',
    async run(ctx) {
      const name = stringFlag(ctx.args, 'name');
      if (!name) throw new CliError('请用 --name 指定项目名称');
      const year = requireYear(ctx);
      const systemId = intFlag(ctx.args, 'system');
      if (systemId === undefined) throw new CliError('请用 --system 指定已发布的指标体系编号（见 systems list）');
      const evaluator = stringFlag(ctx.args, 'evaluator');
      if (!evaluator) throw new CliError('请用 --evaluator 指定评估主体（如 某某县人民政府教育督导室）');
      const stages = parseStages(stringFlag(ctx.args, 'stages') ?? '', stringFlag(ctx.args, 'collect'));
      const late = stringFlag(ctx.args, 'late');
      if (late !== undefined && late !== 'accept' && late !== 'refuse') throw new CliError('--late 只能是 accept（接收逾期并标记）或 refuse（不接收）');
      const types = list(stringFlag(ctx.args, 'types'));
      const townships = list(stringFlag(ctx.args, 'townships'));
      const candidates = (await ctx.call('rounds.candidates', { year })).filter(
        (c) => (types.length === 0 || types.includes(c.schoolType)) && (townships.length === 0 || (c.township !== null && townships.includes(c.township))),
      );
      if (candidates.length === 0) throw new CliError(`${year} 年没有符合条件的评估单位（请检查 --types、--townships 与学校名册）`);
      const r = await ctx.call('rounds.create', {
        name,
        year,
        systemId,
        evaluator: { kind: ctx.args.flags['third-party'] === true ? 'third_party' : 'office', name: evaluator },
        stages,
        latePolicy: late === 'accept' ? 'accept' : 'refuse',
        units: candidates.map((c) => ({ schoolId: c.schoolId, campusId: c.campusId })),
      });
      await printResult(ctx, r, () => {
        ctx.io.out(`已新建评估项目“${r.name}”（编号 ${r.id}），${r.unitCount} 个参评单位`);
        printUnits(ctx, r.units);
      });
      return 0;
    },
  },
  {
    path: ['rounds', 'close'],
    usage: 'rounds close <项目> --stage <阶段名称>',
    summary: '关闭阶段；关闭接收填报的阶段时列出尚未提交的单位，供确认弃权（rounds forfeit）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const stageName = stringFlag(ctx.args, 'stage');
      if (!stageName) throw new CliError(`请用 --stage 指定阶段（${round.stages.map((s) => s.name).join('、')}）`);
      const stage = round.stages.find((s) => s.name === stageName.trim());
      if (!stage) throw new CliError(`评估项目“${round.name}”没有名为“${stageName}”的阶段（${round.stages.map((s) => s.name).join('、')}）`);
      const r = await ctx.call('rounds.closeStage', { roundId: round.id, stageId: stage.id });
      await printResult(ctx, r, () => {
        ctx.io.out(`已关闭“${round.name}”的“${stage.name}”阶段`);
        if (!stage.collects) return;
        if (r.withoutSubmission.length === 0) return ctx.io.out('全部单位均已提交');
        ctx.io.out(`以下 ${r.withoutSubmission.length} 个单位尚未提交；如确认弃权，请运行 rounds forfeit ${round.id} --units <报送编码,…> --reason <原因>`);
        printUnits(ctx, r.withoutSubmission);
      });
      return 0;
    },
  },
  {
    path: ['rounds', 'forfeit'],
    usage: 'rounds forfeit <项目> --units <报送编码或单位名称,…> --reason <原因>',
    summary: '将未提交的单位确认为弃权（记录操作人、时间与原因；可在界面中撤销）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const wanted = list(stringFlag(ctx.args, 'units'));
      if (wanted.length === 0) throw new CliError('请用 --units 列出报送编码或单位名称');
      const reason = stringFlag(ctx.args, 'reason');
      if (!reason) throw new CliError('请用 --reason 写明弃权原因');
      const detail = await ctx.call('rounds.get', { id: round.id });
      const units = wanted.map((w) => {
        const u = detail.units.find((x) => x.code === w) ?? detail.units.find((x) => nameKey(x.name) === nameKey(w));
        if (!u) throw new CliError(`评估项目“${round.name}”中没有“${w}”`);
        return u;
      });
      const r = await ctx.call('rounds.changeUnitState', { roundId: round.id, unitIds: units.map((u) => u.id), change: 'forfeit', reason });
      await printResult(ctx, r, () => ctx.io.out(`已将 ${r.changed} 个单位确认为弃权：${units.map((u) => u.name).join('、')}`));
      return 0;
    },
  },
];
