import fs from 'node:fs';
import path from 'node:path';
import { stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { stageInput } from '../files';
import { requireOut, requirePositional } from '../options';
import { printResult, saveResult } from '../output';
import { printFamilies, printTrial } from './indicators-output';

/**
 * `<id>` is the version's number (编号) from `systems list`, or a system key: `key@2` names
 * version 2, a bare key the newest published version (else the newest version).
 */
async function resolveVersion(ctx: CliContext, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  const [key, ver] = ref.split('@');
  const family = (await ctx.call('indicators.list', {})).find((f) => f.key === key);
  if (!family) throw new CliError(`找不到标识为“${key}”的指标体系；用 systems list 查看编号和标识`);
  if (ver !== undefined) {
    const v = family.versions.find((x) => String(x.version) === ver);
    if (!v) throw new CliError(`“${family.name}”没有第 ${ver} 版`);
    return v.id;
  }
  return (family.versions.find((v) => v.state === 'published') ?? family.versions[0]!).id;
}

/** The `<编号>` argument of systems export/publish/trial, resolved to a version id. */
function versionArg(ctx: CliContext): Promise<number> {
  return resolveVersion(ctx, requirePositional(ctx, 2, '指标体系编号'));
}

/** Whether `full` is a zip (a 试算录入 .xlsx), judged by its first bytes as every import judges files. */
function isWorkbookFile(full: string): boolean {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(full, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

/**
 * The trial input of `systems trial --input`: a 试算录入 workbook (the 试算 page's 导出本次录入, read
 * by the service for version `id`; what it left out is told on stderr) or JSON (README format).
 */
async function readTrialInput(ctx: CliContext, file: string, id: number): Promise<unknown> {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliError(`找不到试算输入文件“${full}”`);
  if (isWorkbookFile(full)) {
    const { system } = await ctx.call('indicators.get', { id });
    const read = await ctx.call('indicators.readTrialInput', { system, file: await stageInput(ctx.files, full) });
    for (const n of read.notices) ctx.io.err(`提示：${n}`);
    return read.input;
  }
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`试算输入文件“${full}”不是有效的 JSON：${(e as Error).message}`);
  }
}

export const indicatorCommands: CliCommand[] = [
  {
    path: ['systems', 'list'],
    usage: 'systems list',
    summary: '列出指标体系及其各版本、状态',
    async run(ctx) {
      const list = await ctx.call('indicators.list', {});
      await printResult(ctx, list, () => printFamilies(ctx.io, list));
      return 0;
    },
  },
  {
    path: ['systems', 'presets'],
    usage: 'systems presets',
    summary: '列出可用的指标体系模板',
    async run(ctx) {
      const list = await ctx.call('indicators.presets', {});
      await printResult(ctx, list, () => {
        for (const p of list) ctx.io.out(`${p.key}\t${p.name}\t${p.leafCount} 个末级指标`);
      });
      return 0;
    },
  },
  {
    path: ['systems', 'create'],
    usage: 'systems create --preset <模板标识>',
    summary: '从模板新建指标体系（草稿）',
    async run(ctx) {
      const presetKey = stringFlag(ctx.args, 'preset');
      if (!presetKey) throw new CliError('请用 --preset 指定模板标识（systems presets 可查看）');
      const d = await ctx.call('indicators.createFromPreset', { presetKey });
      await printResult(ctx, d.summary, () => ctx.io.out(`已新建“${d.summary.name}”第 ${d.summary.version} 版（草稿），编号 ${d.summary.id}，标识 ${d.summary.key}`));
      return 0;
    },
  },
  {
    path: ['systems', 'import'],
    usage: 'systems import <xlsx 文件>',
    summary: '从 Excel 导入指标体系（保存为草稿）',
    async run(ctx) {
      const file = await stageInput(ctx.files, requirePositional(ctx, 2, '要导入的 Excel 文件'));
      const r = await ctx.call('indicators.import', { file });
      await printResult(ctx, { status: r.status, message: r.message, summary: r.detail.summary }, () => {
        ctx.io.out(`${r.message}（编号 ${r.detail.summary.id}）`);
        for (const m of r.detail.validation) ctx.io.out(`${m.severity === 'error' ? '错误' : '提示'}：${m.message}`);
      });
      return 0;
    },
  },
  {
    path: ['systems', 'export'],
    usage: 'systems export <编号> --out <文件> [--force]',
    summary: '把指标体系导出为 Excel',
    async run(ctx) {
      const out = requireOut(ctx);
      const id = await versionArg(ctx);
      await saveResult(ctx, await ctx.call('indicators.export', { id }), out);
      return 0;
    },
  },
  {
    path: ['systems', 'publish'],
    usage: 'systems publish <编号>',
    summary: '发布指标体系草稿（有错误时拒绝；发布后不可修改）',
    async run(ctx) {
      const id = await versionArg(ctx);
      const d = await ctx.call('indicators.publish', { id });
      await printResult(ctx, d.summary, () => ctx.io.out(`已发布“${d.summary.name}”第 ${d.summary.version} 版`));
      return 0;
    },
  },
  {
    path: ['systems', 'trial'],
    usage: 'systems trial <编号> --input <试算录入 .xlsx 或 JSON 文件>',
    summary: '试算：按输入计算各项得分、否决、是否通过和等级',
    async run(ctx) {
      const file = stringFlag(ctx.args, 'input');
      if (!file) throw new CliError('请用 --input 指定试算输入文件（试算页“导出本次录入”得到的 .xlsx，或 JSON，格式见 README“指标体系试算输入格式”）');
      const id = await versionArg(ctx);
      const input = await readTrialInput(ctx, file, id);
      const result = await ctx.call('indicators.trial', { id, input: input as never });
      await printResult(ctx, result, async () => printTrial(ctx.io, (await ctx.call('indicators.get', { id })).summary.name, result));
      return 0;
    },
  },
];
