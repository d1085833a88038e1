import fs from 'node:fs';
import path from 'node:path';
import type { DocumentFormat, DocumentRequestInput, GeneratedDocuments } from '../../../shared/api/contracts/documents';
import { copyResult } from '../files';
import { intFlag, stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';

const FORMATS: readonly DocumentFormat[] = ['docx', 'pdf'];

function formatsOf(ctx: CliContext): DocumentFormat[] {
  const raw = stringFlag(ctx.args, 'format') ?? 'docx,pdf';
  const list = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !FORMATS.includes(f as DocumentFormat));
  if (bad.length || list.length === 0) throw new CliError(`--format 只能是 docx、pdf 或 docx,pdf，收到“${raw}”`);
  return list as DocumentFormat[];
}

function outDir(ctx: CliContext): string {
  const out = stringFlag(ctx.args, 'out');
  if (!out) throw new CliError('请用 --out 指定输出文件夹');
  const dir = path.resolve(out);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliError(`--out 应为文件夹：“${dir}”是一个文件`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Generates one document and writes its files atomically; an existing file is an error unless --force. */
async function generateInto(ctx: CliContext, document: DocumentRequestInput, dir: string, formats: DocumentFormat[]): Promise<{ files: string[]; result: GeneratedDocuments }> {
  const result = await ctx.call('documents.generate', { document, formats });
  const files: string[] = [];
  for (const f of result.files) {
    // Exit code 3 for an existing file, as documented for the documents commands.
    files.push(await copyResult(ctx.files, f, path.join(dir, f.fileName), ctx.args.flags.force === true, 3));
  }
  return { files, result };
}

function report(ctx: CliContext, outputs: { files: string[]; result: GeneratedDocuments }[]): number {
  if (ctx.args.json) {
    ctx.io.out(JSON.stringify(outputs.map((o) => ({ files: o.files, docNumber: o.result.docNumber, warnings: o.result.warnings, fontsUsed: o.result.fontsUsed })), null, 2));
    return 0;
  }
  for (const o of outputs) {
    if (o.result.docNumber) ctx.io.out(`文号：${o.result.docNumber}`);
    for (const f of o.files) ctx.io.out(`已生成：${f}`);
  }
  for (const w of new Set(outputs.flatMap((o) => o.result.warnings))) ctx.io.out(`提示：${w}`);
  return 0;
}

function readJson(file: string): unknown {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliError(`找不到文件“${full}”`);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`“${full}”不是有效的 JSON：${(e as Error).message}`);
  }
}

async function yearsOf(ctx: CliContext): Promise<number[]> {
  const raw = stringFlag(ctx.args, 'year');
  if (!raw) throw new CliError('请用 --year 指定年份（多个年份用逗号分隔，或 all 表示全部年份）');
  if (raw === 'all') {
    const years = await ctx.call('stats.years', {});
    if (!years.length) throw new CliError('还没有任何统计数据');
    return [...years].sort((a, b) => a - b);
  }
  const years = raw.split(',').map((s) => s.trim());
  if (years.some((y) => !/^\d{4}$/.test(y))) throw new CliError(`--year 应为四位年份，收到“${raw}”`);
  return years.map(Number);
}

export const documentCommands: CliCommand[] = [
  {
    path: ['documents', 'notice'],
    usage: 'documents notice --input <json> --out <文件夹> [--format docx,pdf] [--force]',
    summary: '生成通知（GB/T 9704 格式），输入格式见 README“通知输入格式”',
    async run(ctx) {
      const input = stringFlag(ctx.args, 'input');
      if (!input) throw new CliError('请用 --input 指定通知内容（JSON 文件）');
      const notice = readJson(input) as Extract<DocumentRequestInput, { kind: 'notice' }>['notice'];
      return report(ctx, [await generateInto(ctx, { kind: 'notice', notice }, outDir(ctx), formatsOf(ctx))]);
    },
  },
  {
    path: ['documents', 'balance'],
    usage:
      'documents balance --year <年份|2024,2025|all> --out <文件夹> [--profile quality2017] [--commissioner 委托单位] [--measurer 测算单位] [--reference-date 2025-09-01] [--format docx,pdf] [--force]',
    summary: '生成差异系数测算报告（多个年份在同一进程中批量生成）',
    async run(ctx) {
      const dir = outDir(ctx);
      const formats = formatsOf(ctx);
      const profile = stringFlag(ctx.args, 'profile') as never;
      // The report's opening names who commissioned and who measured; the 统计时点 of each year's data.
      const commissioner = stringFlag(ctx.args, 'commissioner');
      const measurer = stringFlag(ctx.args, 'measurer');
      const referenceDate = stringFlag(ctx.args, 'reference-date');
      const outputs = [];
      for (const year of await yearsOf(ctx)) outputs.push(await generateInto(ctx, { kind: 'balance', year, profile, commissioner, measurer, referenceDate }, dir, formats));
      return report(ctx, outputs);
    },
  },
  {
    path: ['documents', 'register'],
    usage: 'documents register --out <文件夹> [--all] [--format docx,pdf] [--force]',
    summary: '生成学校名册（横排表格；--all 含已撤并学校）',
    async run(ctx) {
      const doc: DocumentRequestInput = { kind: 'register', includeClosed: ctx.args.flags.all === true };
      return report(ctx, [await generateInto(ctx, doc, outDir(ctx), formatsOf(ctx))]);
    },
  },
  {
    path: ['documents', 'numbers'],
    usage: 'documents numbers [--year <年份>]',
    summary: '列出发文登记（已取文号）',
    async run(ctx) {
      const rows = await ctx.call('documents.listNumbers', { year: intFlag(ctx.args, 'year') });
      if (ctx.args.json) ctx.io.out(JSON.stringify(rows, null, 2));
      else {
        const label = { reserved: '已取号', used: '已发文', void: '已作废' } as const;
        for (const r of rows) ctx.io.out([r.number, label[r.status], r.title, r.issuedAt.slice(0, 10)].join('\t'));
        ctx.io.out(`共 ${rows.length} 个文号`);
      }
      return 0;
    },
  },
];
