/**
 * `audit verify | list | export` — the 操作日志 from the command line, in the same Chinese as the
 * page; and `--operator 名字` for every command (who the changes are recorded as).
 */
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType, type AuditFilter } from '../../../shared/api/contracts/audit';
import { formatDateTime } from '../../../shared/domain/text/datetime';
import { nameKey } from '../../../shared/domain/text/normalize';
import { intFlag, stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { requireOut } from '../options';
import { printResult, saveResult } from '../output';

/** Exit code of `audit verify` when the chain is broken (0 = intact, 1 = could not check). */
export const AUDIT_BROKEN_EXIT = 4;

function pick<K extends string>(flag: string, raw: string | undefined, keys: readonly K[], labels: Record<K, string>): K | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim();
  const found = keys.find((k) => k === t || labels[k] === t);
  if (!found) throw new CliError(`参数 --${flag} 应为：${keys.map((k) => labels[k]).join('、')}，收到“${raw}”`);
  return found;
}

/** `2025-03-01` (local day) → ISO start of that day; `--to` is inclusive, so the day after. */
function dayStart(flag: string, raw: string | undefined, plusDays = 0): string | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw.trim());
  if (!m) throw new CliError(`参数 --${flag} 应为日期，如 2025-03-01，收到“${raw}”`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

/** The filter flags shared by `audit list` and `audit export`. */
function filterFrom(ctx: CliContext): AuditFilter {
  return {
    from: dayStart('from', stringFlag(ctx.args, 'from')),
    to: dayStart('to', stringFlag(ctx.args, 'to'), 1),
    operator: stringFlag(ctx.args, 'by'),
    entityType: pick<AuditEntityType>('type', stringFlag(ctx.args, 'type'), AUDIT_ENTITY_TYPES, AUDIT_ENTITY_LABELS),
    action: pick<AuditAction>('action', stringFlag(ctx.args, 'action'), AUDIT_ACTIONS, AUDIT_ACTION_LABELS),
  };
}

const FILTER_USAGE = '[--from 日期] [--to 日期] [--by 操作人] [--type 对象类型] [--action 操作]';

/** `audit verify`, `audit list`, `audit export`. */
export const auditCommands: CliCommand[] = [
  {
    path: ['audit', 'verify'],
    usage: 'audit verify',
    summary: `校验操作日志的记录链：逐条核对，指出被改动、删除或插入的记录（发现问题时退出码 ${AUDIT_BROKEN_EXIT}）`,
    async run(ctx) {
      const r = await ctx.call('audit.verify', {});
      await printResult(ctx, r, () => {
        (r.ok ? ctx.io.out : ctx.io.err)(r.message);
        for (const p of r.problems) ctx.io.err(`  ${p.message}`);
        if (r.headHash) ctx.io.out(`链尾校验值：${r.headHash}`);
      });
      return r.ok ? 0 : AUDIT_BROKEN_EXIT;
    },
  },
  {
    path: ['audit', 'list'],
    usage: `audit list [--limit N] ${FILTER_USAGE}`,
    summary: '列出操作日志（最新在前）：时间、操作人、对象、操作和改动的字段',
    async run(ctx) {
      const limit = intFlag(ctx.args, 'limit') ?? 50;
      const page = await ctx.call('audit.query', { ...filterFrom(ctx), page: 1, pageSize: Math.min(Math.max(limit, 1), 200) });
      await printResult(ctx, page, () => {
        for (const e of page.rows) {
          // The product's one date style (2026-11-30 10:26), not the locale's 2026/11/30 10:26:23.
          const at = formatDateTime(e.at);
          ctx.io.out(`第 ${e.seq} 条  ${at}  ${e.operatorLabel}  ${e.actionLabel}${e.entityTypeLabel}“${e.entityName}”：${e.summary}`);
          for (const c of e.changes) ctx.io.out(`    ${c.label}：${c.before} → ${c.after}`);
        }
        ctx.io.out(`共 ${page.total} 条，显示最新 ${page.rows.length} 条`);
      });
      return 0;
    },
  },
  {
    path: ['audit', 'export'],
    usage: `audit export --out <文件> ${FILTER_USAGE} [--force]`,
    summary: '导出操作日志为 xlsx（含校验结果）',
    async run(ctx) {
      await saveResult(ctx, await ctx.call('audit.export', filterFrom(ctx)), requireOut(ctx), { done: '已导出操作日志' });
      return 0;
    },
  },
];

/**
 * Every command with `--operator 名字`: the named operator acts for this run (the one active last
 * when it is not given). With `--office 科室` a name not yet known is added first.
 */
export function withOperator(command: CliCommand): CliCommand {
  return {
    ...command,
    async run(ctx) {
      const name = stringFlag(ctx.args, 'operator');
      if (ctx.args.flags.operator === true) throw new CliError('参数 --operator 后应写操作人姓名');
      if (name !== undefined) {
        const office = stringFlag(ctx.args, 'office');
        const known = (await ctx.call('operators.list', {})).operators.some((o) => nameKey(o.name) === nameKey(name));
        if (!known && office) await ctx.call('operators.create', { name, office });
        else await ctx.call('operators.select', { name });
      }
      return command.run(ctx);
    },
  };
}
