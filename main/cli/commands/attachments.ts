/**
 * `attachments list | add | sweep | verify` — 佐证材料 from the command line: files named on the
 * command line are handed to the core by reference (read in place, copied into the store).
 */
import { MAX_ATTACHMENT_BYTES } from '../../../shared/api/contracts/attachments';
import { nameKey } from '../../../shared/domain/text/normalize';
import { formatBytes } from '../../files/file-refs';
import { intFlag, stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { stageInput, type InputLimit } from '../files';
import { requireYear } from '../options';
import { printResult } from '../output';

const ATTACHMENT_LIMIT: InputLimit = { maxBytes: MAX_ATTACHMENT_BYTES, tooLarge: (max) => `超过佐证材料单个文件上限 ${max}` };

/** `--school` as 编号 (id), 学校标识码 or name (compared as the register compares names). */
async function schoolOf(ctx: CliContext, required: true): Promise<{ id: number; name: string }>;
async function schoolOf(ctx: CliContext, required: false): Promise<{ id: number; name: string } | undefined>;
async function schoolOf(ctx: CliContext, required: boolean): Promise<{ id: number; name: string } | undefined> {
  const raw = stringFlag(ctx.args, 'school')?.trim();
  if (!raw) {
    if (required) throw new CliError('请用 --school 指定学校（编号、学校标识码或名称，见 schools list）');
    return undefined;
  }
  const schools = await ctx.call('schools.list', {});
  const found =
    (/^\d{1,9}$/.test(raw) ? schools.find((s) => s.id === Number(raw)) : undefined) ?? schools.find((s) => s.code === raw) ?? schools.find((s) => nameKey(s.name) === nameKey(raw));
  if (!found) throw new CliError(`找不到学校“${raw}”（可用编号、学校标识码或名称，见 schools list）`);
  return found;
}

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** `attachments list`, `attachments add`, `attachments sweep`, `attachments verify`. */
export const attachmentCommands: CliCommand[] = [
  {
    path: ['attachments', 'list'],
    usage: 'attachments list --school <学校> --year <年份>',
    summary: '列出某校某年的佐证材料（编号、文件名、大小、添加时间、添加人）',
    async run(ctx) {
      const school = await schoolOf(ctx, true);
      const year = requireYear(ctx);
      const list = await ctx.call('attachments.list', { schoolId: school.id, year });
      await printResult(ctx, list, () => {
        for (const a of list.attachments) ctx.io.out([a.id, a.fileName, formatBytes(a.bytes), localTime(a.addedAt), a.addedBy, a.note ?? ''].join('\t'));
        ctx.io.out(list.count ? `${school.name} ${year} 年共 ${list.count} 份佐证材料，${formatBytes(list.bytes)}` : `${school.name} ${year} 年还没有佐证材料`);
      });
      return 0;
    },
  },
  {
    path: ['attachments', 'add'],
    usage: 'attachments add <文件…> --school <学校> --year <年份> [--note 说明]',
    summary: '为某校某年添加佐证材料（图片、PDF、Word、Excel、视频等；相同内容不重复添加）',
    async run(ctx) {
      const paths = ctx.args.positionals.slice(2);
      if (paths.length === 0) throw new CliError('缺少要添加的文件');
      const school = await schoolOf(ctx, true);
      const year = requireYear(ctx);
      const files = [];
      for (const p of paths) files.push(await stageInput(ctx.files, p, ATTACHMENT_LIMIT));
      const r = await ctx.call('attachments.add', { schoolId: school.id, year, files, note: stringFlag(ctx.args, 'note') });
      await printResult(ctx, r, () => {
        for (const x of r.results) ctx.io.out(`${x.status === 'added' ? '已添加' : '已存在'}\t${x.fileName}\t${formatBytes(x.attachment.bytes)}`);
        ctx.io.out(`${school.name} ${year} 年：${r.message}`);
      });
      return 0;
    },
  },
  {
    path: ['attachments', 'sweep'],
    usage: 'attachments sweep',
    summary: '清理不再被任何佐证材料使用的文件（刚存入一小时内的保留；在用的从不删除）',
    async run(ctx) {
      const r = await ctx.call('attachments.sweep', {});
      await printResult(ctx, r, () => ctx.io.out(r.message));
      return 0;
    },
  },
  {
    path: ['attachments', 'verify'],
    usage: 'attachments verify [--school <学校>] [--year <年份>]',
    summary: '重新读取并校验佐证材料的文件内容，找出丢失或损坏的文件（有问题时退出码 4）',
    async run(ctx) {
      const school = await schoolOf(ctx, false);
      const r = await ctx.call('attachments.verify', { schoolId: school?.id, year: intFlag(ctx.args, 'year') });
      await printResult(ctx, r, () => {
        (r.ok ? ctx.io.out : ctx.io.err)(r.message);
        for (const p of r.problems) ctx.io.err(`  ${p.message}`);
      });
      return r.ok ? 0 : 4;
    },
  },
];
