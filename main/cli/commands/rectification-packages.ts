/**
 * `rectification packages | import | receipt` — 整改进展包 by USB from the command line (issue 14
 * items 6 and 9): the schools' open items out as packages, a returned package checked (--dry-run)
 * or imported, and the 回执 of an accepted one. A school is named by its name or 学校代码.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RECTIFICATION_IMPORT_VERDICT_LABELS, type RectificationImportReport } from '../../../shared/api/contracts/rectification-packages';
import { formatDateTime } from '../../../shared/domain/text/datetime';
import { nameKey } from '../../../shared/domain/text/normalize';
import { stringFlag } from '../args';
import { CliError, type CliCommand, type CliContext } from '../cli-types';
import { requirePositional } from '../options';
import { printResult, saveResult } from '../output';
import { outputFolder } from './rounds';

/** The report of a check or an import, line by line (issues with file, sheet, row and column). */
function printReport(ctx: CliContext, r: RectificationImportReport, dryRun: boolean): void {
  ctx.io.out(`${r.source}\t${r.schoolName ?? '—'}\t${RECTIFICATION_IMPORT_VERDICT_LABELS[r.verdict]}${r.issuedAt ? `\t生成于 ${formatDateTime(r.issuedAt)}` : ''}${r.revision ? `\t第 ${r.revision} 版` : ''}`);
  for (const i of r.issues) {
    const where = [i.file, i.sheet, i.row ? `第 ${i.row} 行` : '', i.column ? `${i.column} 列` : ''].filter(Boolean).join(' ');
    ctx.io.out(`  ${i.severity === 'error' ? '错误' : '提醒'}：${where ? `${where} ` : ''}${i.message}`);
  }
  for (const e of r.entries) ctx.io.out(`  进展 ${e.number}\t${e.date}\t${e.text}${e.files.length ? `\t佐证材料：${e.files.join('、')}` : ''}${e.complete ? '\t已完成整改' : ''}`);
  for (const m of r.moves) ctx.io.out(`  状态 ${m.number}：${m.from} → ${m.to}`);
  for (const s of r.skipped) ctx.io.out(`  未导入 ${s.number}：${s.reason}`);
  if (r.verdict === 'refused') ctx.io.out('未导入任何内容：请按上面的错误修改后重新交回');
  else if (r.verdict === 'unchanged') ctx.io.out('整改进展包中没有新的内容（此前已导入），未作任何修改');
  else if (r.revision) ctx.io.out(`导入完成：${r.entries.length} 条整改进展，接收记录编号 ${r.importId}（回执：rectification receipt ${r.importId} --out <文件夹>）`);
  else if (r.verdict === 'conflict') ctx.io.out(`版本冲突：该整改进展包生成于 ${formatDateTime(r.issuedAt)}，早于已导入的第 ${r.latestRevision} 版所用的整改进展包（${formatDateTime(r.latestIssuedAt)}）；确认要导入请加 --accept-conflict${dryRun ? '' : '（未导入任何内容）'}`);
  else ctx.io.out(`检查完成：可导入 ${r.entries.length} 条整改进展（未导入任何内容）`);
}

export const rectificationPackageCommands: CliCommand[] = [
  {
    path: ['rectification', 'packages'],
    usage: 'rectification packages --out <文件夹> [--school <学校名称或代码>]',
    summary: '生成整改进展包：每所有未完成整改事项（未启动、整改中）的学校一个文件夹（内含整改进展表、佐证材料文件夹和校验信息），写入 --out 指定的文件夹',
    async run(ctx) {
      const wanted = stringFlag(ctx.args, 'school');
      let schoolIds: number[] = [];
      if (wanted) {
        const schools = await ctx.call('rectification.packageSchools', {});
        const register = await ctx.call('schools.list', {});
        const byCode = register.find((s) => s.code === wanted.trim());
        const found = schools.find((s) => nameKey(s.schoolName) === nameKey(wanted) || s.schoolId === byCode?.id);
        if (!found) throw new CliError(`“${wanted}”没有未完成的整改事项，或不在学校名录中（有未完成事项的学校：${schools.map((s) => s.schoolName).join('、') || '无'}）`);
        schoolIds = [found.schoolId];
      }
      const { out, destination } = await outputFolder(ctx);
      const made = await ctx.call('rectification.packages', { schoolIds, destination: { ref: destination.ref } });
      // The zips are for the screens' downloads; the CLI wrote the folders.
      for (const m of made) await ctx.files.release(m.zip.ref);
      await printResult(
        ctx,
        made.map(({ zip: _zip, ...m }) => ({ ...m, path: path.join(out, m.folder) })),
        () => {
          for (const m of made) ctx.io.out(`${m.schoolName}\t${m.items} 项\t${path.join(out, m.folder)}`);
          ctx.io.out(`已生成 ${made.length} 个整改进展包：${out}`);
        },
      );
      return 0;
    },
  },
  {
    path: ['rectification', 'import'],
    usage: 'rectification import <压缩包或文件夹> [--dry-run] [--accept-conflict]',
    summary: '导入学校交回的整改进展包：--dry-run 只检查不导入；早于该校已导入版本的整改进展包须加 --accept-conflict 才导入',
    async run(ctx) {
      const given = requirePositional(ctx, 2, '整改进展包（压缩包或文件夹）');
      const full = path.resolve(given);
      let st: fs.Stats;
      try {
        st = fs.statSync(full);
      } catch {
        throw new CliError(`找不到“${full}”`);
      }
      const source = st.isDirectory() ? await ctx.files.registerFolder(full) : await ctx.files.registerPath(full);
      const dryRun = ctx.args.flags['dry-run'] === true;
      const report = await ctx.call('rectification.importPackage', { source: { ref: source.ref }, dryRun, acceptConflict: ctx.args.flags['accept-conflict'] === true });
      await printResult(ctx, report, () => printReport(ctx, report, dryRun));
      return report.verdict === 'refused' || (report.verdict === 'conflict' && !dryRun && report.revision === null) ? 1 : 0;
    },
  },
  {
    path: ['rectification', 'receipt'],
    usage: 'rectification receipt <接收记录编号> --out <文件夹> [--force]',
    summary: '导出一次整改进展包接收的回执（PDF 和 Excel），接收记录编号见 rectification import 的输出',
    async run(ctx) {
      const raw = requirePositional(ctx, 2, '接收记录编号');
      if (!/^\d{1,9}$/.test(raw)) throw new CliError(`接收记录编号应为数字（填写的是“${raw}”）`);
      const given = stringFlag(ctx.args, 'out');
      if (!given) throw new CliError('请用 --out 指定输出文件夹');
      const { pdf, xlsx } = await ctx.call('rectification.packageReceipt', { importId: Number(raw) });
      await saveResult(ctx, pdf, path.join(given, pdf.fileName), { done: '已导出回执' });
      await saveResult(ctx, xlsx, path.join(given, xlsx.fileName), { done: '已导出回执' });
      return 0;
    },
  },
];
