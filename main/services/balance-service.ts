/**
 * 资源配置与校际均衡: builds the year's input from the register, applies the office's overrides
 * and options, and runs the shared computation (shared/domain/balance) — the page runs the same
 * code for its live what-if. Nothing computed here is stored.
 */
import type { BalanceQuery, BalanceView, TrendView, WhatIfView } from '../../shared/api/contracts/balance';
import { AppError, type FileResult } from '../../shared/api/envelope';
import {
  BASIS_LABELS,
  checkPriorYears,
  computeBalance,
  describeBasis,
  resolveOptions,
  trendFromResults,
  whatIf,
  type BalanceSection,
  type CalculationBasis,
  type PlannedChange,
  type ProfileId,
} from '../../shared/domain/balance';
import { listOverrides as listOverrideRows } from '../db/repositories/balance-overrides-repo';
import { listSchools } from '../db/repositories/schools-repo';
import { statsForYear, statsYears } from '../db/repositories/stats-repo';
import { listOverrides } from './balance/overrides';
import { getBalanceSettings, optionsFrom } from './balance/settings';
import { buildYearInput, type YearInputBuild } from './balance/year-input';
import { reader, type ServiceContext } from './context';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function yearInput(ctx: ServiceContext, year: number, basis: CalculationBasis): Promise<YearInputBuild> {
  const db = reader(ctx);
  const [schools, stats, overrides] = await Promise.all([listSchools(db), statsForYear(db, year), listOverrideRows(db, { year })]);
  return buildYearInput(year, schools, stats, overrides, basis);
}

async function requireYear(ctx: ServiceContext, year: number): Promise<number[]> {
  const years = await statsYears(reader(ctx));
  if (!years.includes(year)) {
    throw new AppError('not_found', years.length ? `没有 ${year} 年的统计数据（已有：${years.join('、')} 年）` : '还没有任何统计数据，请先在“学校”中录入或导入统计数据');
  }
  return years;
}

/**
 * The year's coefficients and attainment with the stored options, over the rows of the stored
 * 计算口径 (按学校 by default; 按评估单位 splits off campuses marked 单独评估 that have figures).
 * Errors: not_found (Chinese) when the year has no statistics.
 */
export async function computeYear(ctx: ServiceContext, query: BalanceQuery): Promise<BalanceView> {
  const years = await requireYear(ctx, query.year);
  const settings = await getBalanceSettings(ctx);
  const built = await yearInput(ctx, query.year, settings.basis);
  const result = computeBalance(built.input, optionsFrom(settings, query));
  return {
    year: query.year,
    years,
    settings,
    input: built.input,
    result,
    notInOperation: built.notInOperation,
    sourceNotes: built.sourceNotes,
    basis: { id: settings.basis, label: BASIS_LABELS[settings.basis], description: describeBasis(settings.basis) },
    basisNotes: built.basisNotes,
    overrides: await listOverrides(ctx, { year: query.year }),
  };
}

/** Planned values for some schools: every coefficient and attainment recomputed; nothing stored. */
export async function runWhatIf(ctx: ServiceContext, query: BalanceQuery, changes: PlannedChange[]): Promise<WhatIfView> {
  await requireYear(ctx, query.year);
  const settings = await getBalanceSettings(ctx);
  const built = await yearInput(ctx, query.year, settings.basis);
  const base = computeBalance(built.input, optionsFrom(settings, query));
  const w = whatIf(built.input, base, changes);
  if (w.unknownSchoolIds.length) throw new AppError('not_found', `${query.year} 年的计算中没有这些学校：${w.unknownSchoolIds.join('、')}`);
  return { result: w.result, changedSchoolIds: w.changedSchoolIds, unknownSchoolIds: w.unknownSchoolIds, coefficientChanges: w.coefficientChanges, attainmentChanges: w.attainmentChanges };
}

/** Every year on record, oldest first, with the prior-years check where the profile has one. */
export async function trend(ctx: ServiceContext, query: { profile?: ProfileId; section?: BalanceSection }): Promise<TrendView> {
  const settings = await getBalanceSettings(ctx);
  const options = resolveOptions(optionsFrom(settings, query));
  const years = [...(await statsYears(reader(ctx)))].sort((a, b) => a - b);
  const results = [];
  for (const y of years) results.push(computeBalance((await yearInput(ctx, y, settings.basis)).input, options));
  const t = trendFromResults(results, options);
  const priorYears = t.priorYearsRequired && years.length ? checkPriorYears(t, years[years.length - 1] + 1) : null;
  return { trend: t, priorYears };
}

/** The year's tables as xlsx, written for the user and handed out by reference. */
export async function exportYear(ctx: ServiceContext, query: BalanceQuery): Promise<FileResult> {
  const view = await computeYear(ctx, query);
  const { buffer } = await ctx.tasks.run('workbook', { kind: 'balance', view });
  const profile = view.result.profile;
  return ctx.files.writeResult(`差异系数-${query.year}-${profile.id === 'quality2017' ? '优质均衡' : profile.id === 'basic2012' ? '基本均衡' : '申报条件'}.xlsx`, XLSX_MIME, buffer);
}
