/**
 * `rectification list | create | recheck | export | notices | report` — the 整改台账 (issue 14 items
 * 1, 5, 7 and 9) from the command line: the ledger as a table with filters, items proposed from a
 * round's locked results or a year's balance computation (listed, and created with --yes), the data
 * re-check, its export (DOCX/PDF/xlsx) into a file, and the
 * 督导整改通知书 and 整改情况报告 run as the same jobs as the ledger page's buttons (progress on
 * stderr), written into a folder. Filters: --state 未启动,整改中 (labels or keys), --owner 责任单位,
 * --overdue (only overdue; `--overdue 否` for the others).
 */
import path from 'node:path';
import type { LedgerFilter, RectificationState } from '../../../shared/api/contracts/rectification';
import type { LedgerExportFormat } from '../../../shared/api/contracts/rectification-outputs';
import type { NoticesJobResult } from '../../../shared/api/contracts/rectification-outputs';
import { RECTIFICATION_STATES, RECTIFICATION_STATE_LABELS } from '../../../shared/domain/rectification';
import { intFlag, stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { requireOut, requireYear } from '../options';
import { printResult, saveResult } from '../output';
import { outputFolder, roundOf, runJob } from './rounds';
import { formatsOf } from './scoring-conclusions';

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** --state as keys or Chinese labels (未启动, 整改中, 已完成待核验 or 待核验, 已销号). */
function statesOf(raw: string | undefined): RectificationState[] {
  return list(raw).map((w) => {
    const found = RECTIFICATION_STATES.find((s) => s === w || RECTIFICATION_STATE_LABELS[s] === w || (s === 'awaiting_verification' && w === '待核验'));
    if (!found) throw new CliError(`参数 --state 应为：${RECTIFICATION_STATES.map((s) => RECTIFICATION_STATE_LABELS[s]).join('、')}，收到“${w}”`);
    return found;
  });
}

/** --overdue alone (or 是/yes/true) → only overdue items; 否/no/false → only the others. */
function overdueOf(ctx: CliContext): boolean | undefined {
  const v = ctx.args.flags.overdue;
  if (v === undefined) return undefined;
  if (v === true || ['是', 'yes', 'true', '1'].includes(String(v).trim().toLowerCase())) return true;
  if (['否', 'no', 'false', '0'].includes(String(v).trim().toLowerCase())) return false;
  throw new CliError(`参数 --overdue 只能单独使用，或写“是”“否”，收到“${v}”`);
}

/** The ledger filter of --state, --owner and --overdue. */
export function filterOf(ctx: CliContext): LedgerFilter {
  const states = statesOf(stringFlag(ctx.args, 'state'));
  const owner = stringFlag(ctx.args, 'owner')?.trim();
  const overdue = overdueOf(ctx);
  return { ...(states.length ? { states } : {}), ...(owner ? { owner } : {}), ...(overdue !== undefined ? { overdue } : {}) };
}

/** --format of `export`: docx, pdf or xlsx; absent: from the --out file's extension. */
function exportFormatOf(ctx: CliContext, out: string): LedgerExportFormat {
  const raw = (stringFlag(ctx.args, 'format') ?? path.extname(out).slice(1)).trim().toLowerCase();
  if (raw === 'docx' || raw === 'pdf' || raw === 'xlsx') return raw;
  throw new CliError(`--format 只能是 docx、pdf 或 xlsx${raw ? `，收到“${raw}”` : '（或让 --out 的文件以 .docx、.pdf、.xlsx 结尾）'}`);
}

const FILTER_USAGE = '[--state 未启动,整改中] [--owner 责任单位] [--overdue]';
const dash = (s: string | null | undefined) => (s ? s : '—');

export const rectificationCommands: CliCommand[] = [
  {
    path: ['rectification', 'list'],
    usage: `rectification list ${FILTER_USAGE}`,
    summary: '列出整改台账（按编号）：编号、责任单位、状态、整改时限、逾期和督办情况、问题描述；末尾为全台账各状态的事项数',
    async run(ctx) {
      const ledger = await ctx.call('rectification.list', filterOf(ctx));
      await printResult(ctx, ledger, () => {
        if (ledger.items.length === 0) ctx.io.out('没有符合条件的整改事项');
        else ctx.io.out(['编号', '责任单位', '状态', '整改时限', '督办情况', '问题描述'].join('\t'));
        for (const i of ledger.items) ctx.io.out([i.number, i.ownerName, i.stateLabel, dash(i.deadline), dash(i.supervision.text), i.problem].join('\t'));
        const c = ledger.counts;
        ctx.io.out(
          `显示 ${ledger.items.length} 项；全台账 ${c.total} 项：${RECTIFICATION_STATES.map((s) => `${RECTIFICATION_STATE_LABELS[s]} ${c.byState[s] ?? 0}`).join('，')}；逾期 ${c.overdue}，即将到期 ${c.dueSoon}（${ledger.today}）`,
        );
      });
      return 0;
    },
  },
  {
    path: ['rectification', 'create'],
    usage: 'rectification create (<项目> [--threshold 60] | --year Y [--profile quality2017|basic2012|application2019]) [--yes]',
    summary:
      '从评估项目的锁定结果（得分低于满分一定比例的指标、否决项、专家提出的存在问题）或某年差异系数测算（未达标学校的指标、超标的差异系数）生成整改事项：先列出待登记的问题（台账中已有的注明编号），加 --yes 才登记；同一批再次登记不会重复',
    async run(ctx) {
      const year = ctx.args.positionals.length > 2 ? undefined : requireYear(ctx);
      const threshold = intFlag(ctx.args, 'threshold');
      if (threshold !== undefined && (threshold < 1 || threshold > 100)) throw new CliError('--threshold 为百分数，应在 1 到 100 之间');
      const profile = stringFlag(ctx.args, 'profile') as 'quality2017' | 'basic2012' | 'application2019' | undefined;
      const spec =
        year === undefined
          ? { from: 'round' as const, roundId: (await roundOf(ctx, 2)).id, ...(threshold !== undefined ? { threshold: threshold / 100 } : {}) }
          : { from: 'balance' as const, year, ...(profile ? { profile } : {}) };
      const list = await ctx.call('rectification.propose', spec);
      const fresh = list.proposals.filter((p) => !p.existing);
      if (ctx.args.flags.yes !== true) {
        await printResult(ctx, list, () => {
          ctx.io.out(list.basis);
          for (const n of list.notes) ctx.io.err(`注意：${n}`);
          for (const p of list.proposals) ctx.io.out([p.existing ? `已登记 ${p.existing.number}` : '待登记', p.ownerName, p.problem].join('\t'));
          ctx.io.out(`共 ${list.proposals.length} 条，其中待登记 ${fresh.length} 条${fresh.length ? '；确认无误后加 --yes 登记' : ''}`);
        });
        return 0;
      }
      if (fresh.length === 0) {
        ctx.io.out('没有待登记的问题（台账中均已有）');
        return 0;
      }
      const r = await ctx.call('rectification.confirm', { spec, items: fresh.map((p) => ({ key: p.key })) });
      await printResult(ctx, r, () => {
        for (const i of r.created) ctx.io.out([i.number, i.ownerName, i.deadline ?? '—', i.problem].join('\t'));
        ctx.io.out(r.message);
      });
      return 0;
    },
  },
  {
    path: ['rectification', 'recheck'],
    usage: 'rectification recheck',
    summary: '数据复核：由数据生成且未销号的整改事项与最新统计数据、后续评估结果比对，已达标的转为“已完成待核验”，变差的标注；导入统计数据和锁定评分后也会自动进行',
    async run(ctx) {
      const r = await ctx.call('rectification.recheck', {});
      await printResult(ctx, r, () => ctx.io.out(r.message));
      return 0;
    },
  },
  {
    path: ['rectification', 'export'],
    usage: `rectification export --out <文件> [--format docx|pdf|xlsx] ${FILTER_USAGE} [--force]`,
    summary: '导出整改台账：DOCX、PDF 为横排表格（公文格式），xlsx 每项一行含全部字段和“说明”表；格式缺省时按 --out 的扩展名',
    async run(ctx) {
      const out = requireOut(ctx);
      const format = exportFormatOf(ctx, out);
      await saveResult(ctx, await ctx.call('rectification.export', { filter: filterOf(ctx), format }), out, { done: '已导出整改台账' });
      return 0;
    },
  },
  {
    path: ['rectification', 'notices'],
    usage: 'rectification notices --out <文件夹> [--owners 单位1,单位2] [--format docx,pdf] [--date YYYY-MM-DD]',
    summary: '生成督导整改通知书：每个责任单位一份（缺省为所有有未启动或整改中问题的单位），列出该单位待整改的问题、整改要求和时限，各占发文登记中的一个文号；写入 --out',
    async run(ctx) {
      const owners = list(stringFlag(ctx.args, 'owners'));
      const { out, destination } = await outputFolder(ctx);
      const job = await runJob(ctx, { kind: 'rectification.notices', parameters: { owners: owners.length ? owners : undefined, formats: formatsOf(ctx), date: stringFlag(ctx.args, 'date'), destination } });
      if (job.state !== '已完成') throw new CliError(job.message ?? `${job.title}${job.state}`);
      const result = (job.result as NoticesJobResult | null) ?? { notices: [] };
      await printResult(ctx, { notices: result.notices, folder: out, notes: job.errors }, () => {
        for (const e of job.errors) ctx.io.err(`注意：${e}`);
        for (const n of result.notices) ctx.io.out(`${n.docNumber}  ${n.owner}：${n.items.length} 项（${n.items.join('、')}）`);
        ctx.io.out(`${job.title}：已写入 ${job.outputs.length || job.done} 份到 ${out}`);
      });
      return 0;
    },
  },
  {
    path: ['rectification', 'report'],
    usage: 'rectification report --out <文件夹> [--format docx,pdf] [--date YYYY-MM-DD]',
    summary: '生成整改情况报告：按状态、责任学校、责任部门、问题来源统计，逾期问题按三色督办分列，附图表；数字取自整改台账；写入 --out',
    async run(ctx) {
      const { out, destination } = await outputFolder(ctx);
      const job = await runJob(ctx, { kind: 'rectification.report', parameters: { formats: formatsOf(ctx), date: stringFlag(ctx.args, 'date'), destination } });
      if (job.state !== '已完成') throw new CliError(job.message ?? `${job.title}${job.state}`);
      await printResult(ctx, { files: job.done, folder: out }, () => ctx.io.out(`${job.title}：已写入 ${job.done} 个文件到 ${out}`));
      return 0;
    },
  },
];
