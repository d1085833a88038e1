import { formatBytes } from '../../../shared/domain/text/bytes';
import type { ImportReport } from '../../../shared/api/contracts/exchange';
import { intFlag, stringFlag } from '../args';
import type { FileResult } from '../../../shared/api/envelope';
import type { CliCommand, CliContext } from '../cli-types';
import { BACKUP_LIMIT, stageInput } from '../files';
import { requireOut, requirePositional, requireYear } from '../options';
import { printResult, saveResult } from '../output';

async function printReport(ctx: CliContext, report: ImportReport): Promise<number> {
  await printResult(ctx, report, () => {
    const c = report.counts;
    ctx.io.out(`文件：${report.fileName}${report.year ? `（${report.year} 年）` : ''}`);
    ctx.io.out(`新增 ${c.new}，修改 ${c.changed}，无变化 ${c.unchanged}`);
    for (const n of report.notices) ctx.io.out(`说明：${n.message}`);
    for (const w of report.warnings) ctx.io.out(`提示：${w.message}`);
    for (const e of report.errors) ctx.io.err(`错误：${e.message}`);
    for (const q of report.questions) {
      ctx.io.err(`待确认：${q.message}`);
      for (const o of q.options) ctx.io.err(`  --answers "${q.id}=${o.value}"  ${o.label}`);
    }
    if (report.errors.length) ctx.io.err(`共 ${report.errors.length} 处错误，未导入任何数据。`);
    else if (report.questions.length) ctx.io.err(`有 ${report.questions.length} 个问题待确认，未导入任何数据。用 --answers 给出选择后重新运行（多个用分号分隔）。`);
    else if (report.dryRun) ctx.io.out('预览完成（未写入数据）。去掉 --dry-run 即可导入。');
    else ctx.io.out(report.committed ? '导入完成。' : '没有需要写入的变化。');
  });
  return report.errors.length || report.questions.length ? 2 : 0;
}

/** `--answers "unit:equipmentValue=万元;year=file"` → { 'unit:equipmentValue': '万元', year: 'file' }. */
export function parseAnswers(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split(/[;；]/)) {
    const t = part.trim();
    if (t === '') continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new Error(`参数 --answers 的“${t}”应写成 问题编号=选项，如 unit:equipmentValue=万元`);
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return out;
}

/** A command whose whole job is to copy one file the core wrote to --out (templates, exports). */
function downloadCommand(spec: { path: string[]; usage: string; summary: string; done: string; fetch: (ctx: CliContext) => Promise<FileResult> }): CliCommand {
  return {
    path: spec.path,
    usage: spec.usage,
    summary: spec.summary,
    async run(ctx) {
      await saveResult(ctx, await spec.fetch(ctx), requireOut(ctx), { done: spec.done });
      return 0;
    },
  };
}

export const registerCommands: CliCommand[] = [
  {
    path: ['demo'],
    usage: 'demo [--replace]',
    summary: '加载演示数据（云溪区，约 20 所学校，三年统计数据）',
    async run(ctx) {
      const r = await ctx.call('demo.load', { replace: ctx.args.flags.replace === true });
      await printResult(ctx, r, () => ctx.io.out(`已加载演示数据：${r.schools} 所学校，${r.years.join('、')} 年统计数据。`), { compact: true });
      return 0;
    },
  },
  {
    path: ['schools', 'list'],
    usage: 'schools list [--search 关键词] [--type 类型]',
    summary: '列出学校名册',
    async run(ctx) {
      const schools = await ctx.call('schools.list', {
        search: stringFlag(ctx.args, 'search'),
        type: stringFlag(ctx.args, 'type') as never,
      });
      await printResult(ctx, schools, () => {
        for (const s of schools) ctx.io.out([s.code ?? '（无标识码）', s.name, s.type, s.locality, s.township ?? '', s.status].join('\t'));
        ctx.io.out(`共 ${schools.length} 所学校`);
      });
      return 0;
    },
  },
  {
    path: ['schools', 'import'],
    usage: 'schools import <文件> [--dry-run]',
    summary: '从 xlsx/csv 导入学校名册（--dry-run 只预览）',
    async run(ctx) {
      const file = await stageInput(ctx.files, requirePositional(ctx, 2, '要导入的文件'));
      const report = await ctx.call('exchange.import', { kind: 'schools', file, dryRun: ctx.args.flags['dry-run'] === true });
      return printReport(ctx, report);
    },
  },
  downloadCommand({
    path: ['schools', 'template'],
    usage: 'schools template --out <文件> [--force]',
    summary: '生成学校名册导入模板',
    done: '已生成模板',
    fetch: (ctx) => ctx.call('exchange.template', { kind: 'schools' }),
  }),
  downloadCommand({
    path: ['schools', 'export'],
    usage: 'schools export --out <文件> [--force]',
    summary: '导出学校名册为 xlsx',
    done: '已导出',
    fetch: (ctx) => ctx.call('exchange.export', { kind: 'schools' }),
  }),
  downloadCommand({
    path: ['stats', 'template'],
    usage: 'stats template --out <文件> [--force]',
    summary: '生成统计数据导入模板（预填在办学校）',
    done: '已生成模板',
    fetch: (ctx) => ctx.call('exchange.template', { kind: 'stats' }),
  }),
  {
    path: ['stats', 'import'],
    usage: 'stats import <文件> --year <年份> [--dry-run] [--answers "编号=选项;…"]',
    summary: '导入学校年度统计数据（--dry-run 只预览；--answers 回答预览中的待确认问题）',
    async run(ctx) {
      const file = await stageInput(ctx.files, requirePositional(ctx, 2, '要导入的文件'));
      const report = await ctx.call('exchange.import', {
        kind: 'stats',
        file,
        year: intFlag(ctx.args, 'year'),
        dryRun: ctx.args.flags['dry-run'] === true,
        answers: parseAnswers(stringFlag(ctx.args, 'answers')),
      });
      return printReport(ctx, report);
    },
  },
  downloadCommand({
    path: ['stats', 'export'],
    usage: 'stats export --year <年份> --out <文件> [--force]',
    summary: '导出某一年的统计数据为 xlsx',
    done: '已导出',
    fetch: (ctx) => ctx.call('exchange.export', { kind: 'stats', year: requireYear(ctx) }),
  }),
  {
    path: ['backup'],
    usage: 'backup --out <文件>',
    summary: '备份数据库（数据库使用中也能得到一致的副本）',
    async run(ctx) {
      // Backups take no --force: an existing (older) backup is never overwritten by accident.
      await saveResult(ctx, await ctx.call('backup.create', {}), requireOut(ctx), { done: '已备份到', force: false });
      return 0;
    },
  },
  {
    path: ['backup', 'list'],
    usage: 'backup list',
    summary: '列出数据目录中的备份（自动备份、恢复前备份、升级前备份）',
    async run(ctx) {
      const r = await ctx.call('backup.list', {});
      const kinds = { auto: '自动备份', manual: '手动备份', 'before-restore': '恢复前备份', 'before-migration': '升级前备份', other: '其他' } as const;
      await printResult(ctx, r, () => {
        for (const b of r.backups) ctx.io.out([b.name, kinds[b.kind], new Date(b.createdAt).toLocaleString('zh-CN', { hour12: false }), formatBytes(b.size)].join('\t'));
        ctx.io.out(`共 ${r.backups.length} 份备份（目录：${r.dir}；自动备份保留最近 ${r.settings.keep} 份）`);
      });
      return 0;
    },
  },
  {
    path: ['restore'],
    usage: 'restore <备份文件> | restore --backup <备份名称>',
    summary: '从备份恢复数据库（先检查文件并备份当前数据）',
    async run(ctx) {
      const name = stringFlag(ctx.args, 'backup');
      const r = await ctx.call('backup.restore', name ? { name } : { file: await stageInput(ctx.files, requirePositional(ctx, 1, '备份文件'), BACKUP_LIMIT) });
      await printResult(ctx, r, () => ctx.io.out(r.message));
      return 0;
    },
  },
];
