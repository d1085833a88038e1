/**
 * `rounds create | list | show | close | forfeit` — 评估项目 from the command line (issue 11 item 8).
 * A round is named by its 编号 or its name; a unit by its 报送编码 or name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpInput } from '../../../shared/api/contract';
import { ACTIVE_JOB_STATES, type Job } from '../../../shared/api/contracts/jobs';
import { PACKAGE_VERDICT_LABELS, type RoundDetail, type RoundSummary, type RoundUnit, type SubmissionImportReport } from '../../../shared/api/contracts/rounds';
import { STAGE_PHASE_LABELS, stagePhase, UNIT_STATE_LABELS } from '../../../shared/domain/rounds/rounds';
import { STAT_FIELDS } from '../../../shared/domain/schools/statistics-fields';
import { formatDate, formatDateTime } from '../../../shared/domain/text/datetime';
import { nameKey } from '../../../shared/domain/text/normalize';
import { intFlag, stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { requirePositional, requireYear } from '../options';
import { printResult } from '../output';

/** The round named by the positional at `index` (编号 or name). */
export async function roundOf(ctx: CliContext, index: number): Promise<RoundSummary> {
  const raw = requirePositional(ctx, index, '评估项目（编号或名称，见 rounds list）').trim();
  const rounds = await ctx.call('rounds.list', {});
  const found = (/^\d{1,9}$/.test(raw) ? rounds.find((r) => r.id === Number(raw)) : undefined) ?? rounds.find((r) => nameKey(r.name) === nameKey(raw));
  if (!found) throw new CliError(`找不到评估项目“${raw}”（可用编号或名称，见 rounds list）`);
  return found;
}

/** The units named by 报送编码 or name, in the order given; an unknown one is refused. */
/**
 * The `--out` folder of a command that writes packages: created when missing and registered with
 * the core (which writes only into folders the user named). Returns its absolute path and ref.
 * @throws CliError when --out is missing.
 */
export async function outputFolder(ctx: CliContext): Promise<{ out: string; destination: { ref: string } }> {
  const given = stringFlag(ctx.args, 'out');
  if (!given) throw new CliError('请用 --out 指定输出文件夹（如 U 盘上的文件夹）');
  const out = path.resolve(given);
  fs.mkdirSync(out, { recursive: true });
  return { out, destination: await ctx.files.registerFolder(out) };
}

export function unitsNamed(round: RoundDetail, wanted: string[]): RoundUnit[] {
  return wanted.map((w) => {
    const u = round.units.find((x) => x.code === w) ?? round.units.find((x) => nameKey(x.name) === nameKey(w));
    if (!u) throw new CliError(`评估项目“${round.name}”中没有“${w}”`);
    return u;
  });
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

interface TreeNode {
  id: string;
  code: string;
  children: TreeNode[];
}
const flatten = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

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

/** Starts a job and waits for it, printing its progress to stderr (not in --json mode); returns the finished job. */
export async function runJob(ctx: CliContext, start: OpInput<'jobs.start'>): Promise<Job> {
  let job = await ctx.call('jobs.start', start);
  let last = '';
  while (ACTIVE_JOB_STATES.includes(job.state)) {
    await new Promise((r) => setTimeout(r, 200));
    job = await ctx.call('jobs.get', { id: job.id });
    // Progress only while the job runs: a failed job's message is the error, printed once by the caller.
    if (!ACTIVE_JOB_STATES.includes(job.state)) break;
    const line = job.total ? `${job.done}/${job.total}${job.message ? ` ${job.message}` : ''}` : (job.message ?? '');
    if (line && line !== last && !ctx.args.json) ctx.io.err(line);
    last = line;
  }
  return job;
}

export const roundCommands: CliCommand[] = [
  {
    path: ['rounds', 'list'],
    usage: 'rounds list',
    summary: '列出评估项目（编号、名称、年度、今天所处的阶段、参评单位数、各状态数）',
    async run(ctx) {
      const rounds = await ctx.call('rounds.list', {});
      const day = today();
      await printResult(ctx, rounds, () => {
        if (rounds.length === 0) return ctx.io.out('还没有评估项目（用 rounds create 新建）');
        for (const r of rounds) {
          const counts = Object.entries(r.counts)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${UNIT_STATE_LABELS[s as keyof typeof UNIT_STATE_LABELS]} ${n}`)
            .join('，');
          // Today's stage: the open one, else the next to come, else the last (as the rounds page says it).
          const open = r.stages.find((s) => stagePhase(s, day) === 'open') ?? r.stages.find((s) => stagePhase(s, day) === 'upcoming') ?? r.stages[r.stages.length - 1];
          const stage = open ? `${open.name}（${STAGE_PHASE_LABELS[stagePhase(open, day)]}）` : '（无阶段）';
          ctx.io.out([r.id, r.name, `${r.year} 年`, stage, `${r.unitCount} 个单位`, counts].join('\t'));
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
    path: ['rounds', 'packages'],
    usage: 'rounds packages <项目> --out <文件夹> [--units <报送编码或单位名称,…>] [--zip]',
    summary: '生成填报包：每个单位一个文件夹（--zip 另附同名压缩包），写入 --out 指定的文件夹，并将这些单位记为“已下发”',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const { out, destination } = await outputFolder(ctx);
      const wanted = list(stringFlag(ctx.args, 'units'));
      const unitIds = wanted.length ? unitsNamed(await ctx.call('rounds.get', { id: round.id }), wanted).map((u) => u.id) : undefined;
      const job = await runJob(ctx, { kind: 'rounds.packages', parameters: { roundId: round.id, unitIds, zip: ctx.args.flags.zip === true, destination: { ref: destination.ref } } });
      if (job.state !== '已完成') throw new CliError(job.message ?? `生成填报包${job.state}`);
      await printResult(ctx, { roundId: round.id, packages: job.done, folder: out }, () => ctx.io.out(`已生成 ${job.done} 个填报包：${out}`));
      return 0;
    },
  },
  {
    path: ['rounds', 'import'],
    usage: 'rounds import <项目> <压缩包或文件夹…> [--dry-run] [--accept <冲突的填报包名称,…>]',
    summary: '导入学校交回的填报包（可一次给出 U 盘上存放多个填报包的文件夹）；--dry-run 只检查不导入；版本冲突的填报包须用 --accept 点名才导入',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const paths = ctx.args.positionals.slice(3);
      if (paths.length === 0) throw new CliError('缺少要导入的填报包（压缩包或文件夹）');
      const sources = [];
      for (const p of paths) {
        const full = path.resolve(p);
        let st: fs.Stats;
        try {
          st = fs.statSync(full);
        } catch {
          throw new CliError(`找不到“${full}”`);
        }
        sources.push({ ref: (st.isDirectory() ? await ctx.files.registerFolder(full) : await ctx.files.registerPath(full)).ref });
      }
      const dryRun = ctx.args.flags['dry-run'] === true;
      const accept = new Set(list(stringFlag(ctx.args, 'accept')));
      // A commit decides conflicts by the package's name as the dry run printed it.
      const resolutions: Record<string, 'accept'> = {};
      for (const name of accept) resolutions[name] = 'accept';
      const job = await runJob(ctx, { kind: 'rounds.import', parameters: { roundId: round.id, sources, dryRun, resolutions } });
      const report = job.result as SubmissionImportReport | null;
      if (!report) throw new CliError(job.message ?? `导入填报包${job.state}`);
      await printResult(ctx, report, () => {
        for (const p of report.packages) {
          const head = `${p.name}\t${p.unit ? `${p.unit.code} ${p.unit.name}` : '—'}\t${PACKAGE_VERDICT_LABELS[p.verdict]}${p.revision ? `\t第 ${p.revision} 版` : ''}${p.stored ? '\t已导入' : ''}`;
          ctx.io.out(head);
          if (p.reason) ctx.io.out(`  ${p.reason}`);
          for (const i of p.issues) {
            const where = [i.file, i.sheet, i.row ? `第 ${i.row} 行` : '', i.column ? `${i.column} 列` : ''].filter(Boolean).join(' ');
            ctx.io.out(`  ${i.severity === 'error' ? '错误' : '提醒'}：${where ? `${where} ` : ''}${i.message}`);
          }
          for (const r of p.refused) ctx.io.out(`  未接收：${r.path}（${r.reason}）`);
          if (p.changes) {
            for (const c of p.changes.indicators) ctx.io.out(`  指标 ${c.label}：${c.before} → ${c.after}`);
            for (const c of p.changes.statistics) ctx.io.out(`  统计 ${c.label}：${c.before} → ${c.after}`);
          }
        }
        for (const s of report.skipped) ctx.io.out(`跳过：${s.path}（${s.reason}）`);
        ctx.io.out(dryRun ? `检查完成：共 ${report.packages.length} 个填报包，可导入 ${report.counts.new} 个，版本冲突 ${report.counts.conflict} 个（未导入任何内容）` : `导入完成：共 ${report.packages.length} 个填报包，导入 ${report.stored} 个`);
      });
      return job.state === '已完成' ? 0 : 1;
    },
  },
  {
    path: ['rounds', 'return'],
    usage: 'rounds return <项目> <报送编码或单位名称> --out <文件夹> [--query <退回意见> [--indicator <指标编码> | --field <统计数据项名称>]]',
    summary: '退回修改：（可先用 --query 添加一条退回意见）生成带有学校当前材料和全部未关闭意见的退回修改填报包，写入 --out，并将该单位记为“已退回修改”',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const which = requirePositional(ctx, 3, '单位（报送编码或名称）');
      const [unit] = unitsNamed(await ctx.call('rounds.get', { id: round.id }), [which]);
      if (!stringFlag(ctx.args, 'out')) throw new CliError('请用 --out 指定输出文件夹（如 U 盘上的文件夹）');
      const query = stringFlag(ctx.args, 'query');
      if (query) {
        const code = stringFlag(ctx.args, 'indicator');
        const fieldName = stringFlag(ctx.args, 'field');
        let target: { kind: 'indicator' | 'statistic'; key: string } | { kind: 'report'; key: null } = { kind: 'report', key: null };
        if (code && fieldName) throw new CliError('--indicator 和 --field 只能选一个');
        if (fieldName) {
          // A statistics field by its name as the package's 统计数据 sheet writes it (with or without its unit).
          const wanted = nameKey(fieldName.replace(/（[^）]*）$/, ''));
          const def = STAT_FIELDS.find((f) => nameKey(f.label) === wanted);
          if (!def) throw new CliError(`没有名为“${fieldName}”的统计数据项`);
          target = { kind: 'statistic', key: def.key };
        }
        if (code) {
          const system = await ctx.call('indicators.get', { id: round.system.id });
          const node = flatten(system.system.nodes).find((n) => n.code === code.trim());
          if (!node) throw new CliError(`指标体系中没有编码为“${code}”的指标`);
          target = { kind: 'indicator', key: node.id };
        }
        await ctx.call('rounds.addQuery', { unitId: unit.id, target, text: query });
      }
      const { out, destination } = await outputFolder(ctx);
      const r = await ctx.call('rounds.returnPackage', { unitId: unit.id, destination: { ref: destination.ref } });
      await printResult(ctx, { unitId: unit.id, packageVersion: r.packageVersion, queries: r.queries, folder: out }, () =>
        ctx.io.out(`已生成“${unit.name}”的退回修改填报包（第 ${r.packageVersion - 1} 次退回，退回意见 ${r.queries} 条）：${out}`),
      );
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
      // By name, or by its number in the stage table (1, 2 …) as `rounds show` lists them.
      const stage = round.stages.find((s) => s.name === stageName.trim()) ?? round.stages.find((s) => String(s.position) === stageName.trim());
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
      const units = unitsNamed(await ctx.call('rounds.get', { id: round.id }), wanted);
      const r = await ctx.call('rounds.changeUnitState', { roundId: round.id, unitIds: units.map((u) => u.id), change: 'forfeit', reason });
      await printResult(ctx, r, () => ctx.io.out(`已将 ${r.changed} 个单位确认为弃权：${units.map((u) => u.name).join('、')}`));
      return 0;
    },
  },
];
