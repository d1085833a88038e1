/**
 * `scoring packages|import` — 专家评分包 out to a folder (a USB stick) and back in (issue 12, item
 * 2), with the same check-then-import as the screens: `--dry-run` shows what would change.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExpertImportReport } from '../../../shared/api/contracts/scoring';
import { stringFlag } from '../args';
import { CliError, type CliCommand } from '../cli-types';
import { requirePositional } from '../options';
import { printResult } from '../output';
import { outputFolder, roundOf, unitsNamed } from './rounds';

const VERDICT_WORDS: Record<ExpertImportReport['verdict'], string> = { refused: '有错误，不能导入', unchanged: '已导入过，没有变化', new: '可以导入', conflict: '版本冲突' };

export const scoringExpertCommands: CliCommand[] = [
  {
    path: ['scoring', 'expert'],
    usage: 'scoring expert <姓名> [--organisation <工作单位>] [--speciality <专业领域>]',
    summary: '把专家加入专家名单（同名同单位的专家已在名单中时修改其专业领域）',
    async run(ctx) {
      const name = requirePositional(ctx, 2, '专家姓名').trim();
      const organisation = stringFlag(ctx.args, 'organisation')?.trim() ?? '';
      const existing = (await ctx.call('experts.list', {})).find((e) => e.name === name && e.organisation === organisation);
      const e = await ctx.call('experts.save', { ...(existing ? { id: existing.id } : {}), name, organisation, speciality: stringFlag(ctx.args, 'speciality') ?? existing?.speciality ?? '' });
      await printResult(ctx, e, () => ctx.io.out(`${existing ? '已修改' : '已添加'}专家“${e.name}”${e.organisation ? `（${e.organisation}）` : ''}`));
      return 0;
    },
  },
  {
    path: ['scoring', 'assign'],
    usage: 'scoring assign <项目> <专家姓名> --units <报送编码或单位名称,…|all>',
    summary: '分配专家评估的单位（all 为全部单位；替换该专家原来的单位）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const name = requirePositional(ctx, 3, '专家姓名').trim();
      const experts = (await ctx.call('experts.list', {})).filter((e) => e.name === name);
      if (experts.length === 0) throw new CliError(`专家名单中没有“${name}”（先用 scoring expert 添加）`);
      if (experts.length > 1) throw new CliError(`专家名单中有 ${experts.length} 位“${name}”，请在界面中分配`);
      const raw = stringFlag(ctx.args, 'units')?.trim();
      if (!raw) throw new CliError('请用 --units 列出报送编码或单位名称（全部单位写 all）');
      const detail = await ctx.call('rounds.get', { id: round.id });
      const units = raw === 'all' ? detail.units : unitsNamed(detail, raw.split(/[,，、]/).map((s) => s.trim()).filter(Boolean));
      const setup = await ctx.call('scoring.assign', { roundId: round.id, expertId: experts[0]!.id, unitIds: units.map((u) => u.id) });
      await printResult(ctx, setup, () => ctx.io.out(`已分配专家“${name}”评估 ${units.length} 个单位`));
      return 0;
    },
  },
  {
    path: ['scoring', 'packages'],
    usage: 'scoring packages <项目> --out <文件夹> [--experts <姓名,…>]',
    summary: '生成专家评分包（每位专家一个文件夹，含评分表、评分说明和校验信息），写入 --out',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const setup = await ctx.call('scoring.setup', { roundId: round.id });
      const names = (stringFlag(ctx.args, 'experts') ?? '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
      const expertIds = names.map((n) => {
        const x = setup.experts.find((e) => e.expert.name === n);
        if (!x) throw new CliError(`评估项目“${round.name}”的专家名单中没有“${n}”`);
        return x.expert.id;
      });
      const { out, destination } = await outputFolder(ctx);
      const made = await ctx.call('scoring.expertPackages', { roundId: round.id, expertIds, destination: { ref: destination.ref } });
      await printResult(ctx, made, () => {
        for (const m of made) ctx.io.out(`${m.expertName}\t${m.units} 个单位\t${m.rows} 项\t${path.join(out, m.folder)}`);
        ctx.io.out(`已生成 ${made.length} 个专家评分包：${out}`);
      });
      return 0;
    },
  },
  {
    path: ['scoring', 'import'],
    usage: 'scoring import <项目> <评分包 zip 或文件夹> [--dry-run] [--accept-conflict]',
    summary: '导入专家交回的评分包（--dry-run 只检查并列出变化；版本冲突时须加 --accept-conflict 才导入）',
    async run(ctx) {
      const round = await roundOf(ctx, 2);
      const given = path.resolve(requirePositional(ctx, 3, '评分包（zip 文件或文件夹）'));
      if (!fs.existsSync(given)) throw new CliError(`找不到“${given}”`);
      const source = fs.statSync(given).isDirectory() ? await ctx.files.registerFolder(given) : await ctx.files.registerPath(given);
      const dryRun = ctx.args.flags['dry-run'] === true;
      const r = await ctx.call('scoring.importExpertPackage', { roundId: round.id, source: { ref: source.ref }, dryRun, acceptConflict: ctx.args.flags['accept-conflict'] === true });
      await printResult(ctx, r, () => {
        ctx.io.out(`${r.source}${r.expertName ? `（专家：${r.expertName}）` : ''}：${r.revision ? `已导入，第 ${r.revision} 版` : VERDICT_WORDS[r.verdict]}`);
        for (const i of r.issues) ctx.io.out(`${i.severity === 'error' ? '错误' : '提示'}\t${[i.file, i.sheet, i.row ? `第 ${i.row} 行` : '', i.column ? `${i.column} 列` : ''].filter(Boolean).join(' ')}\t${i.message}`);
        for (const c of r.changes) ctx.io.out(`变化\t${c.unitName}\t${c.code} ${c.title}\t${c.before} → ${c.after}${c.note ? `\t${c.note}` : ''}`);
        for (const o of r.opinions) ctx.io.out(`意见\t${o.unitName}\t${o.item} ${o.kind}\t${o.before || '（新增）'} → ${o.after || '（撤回）'}`);
        for (const s of r.skipped) ctx.io.out(`不导入\t${s.unitName}\t${s.code}\t${s.reason}`);
        if (r.verdict === 'conflict' && !r.revision) ctx.io.out(`该评分包按第 ${r.baseRevision} 版生成，之后已导入第 ${r.latestRevision} 版；确认以它为准时加 --accept-conflict`);
      });
      return r.verdict === 'refused' ? 1 : 0;
    },
  },
];
