/**
 * The year's balance values a scoring formula may read (issue 12 item 1: “formulas read the unit's
 * statistics and the year's balance values”): the county's 综合差异系数 of each section, computed by
 * the balance engine (main/services/balance-service.ts) on the year's statistics with the stored
 * options, under the value names the presets use — `cvPrimary` (小学) and `cvJunior` (初中). A year
 * without statistics, or a coefficient that cannot be computed, gives nothing (the value stays
 * missing and the result incomplete; never a guess). The source names the year and the section, and
 * is stored with the result, so a later change of the statistics shows in a new result only.
 */
import { AppError } from '../../../shared/api/envelope';
import type { IndicatorSystem } from '../../../shared/domain/indicators';
import { resolveValues } from '../../../shared/domain/indicators/values';
import type { YearValue } from '../../../shared/domain/scoring/result';
import { computeYear } from '../balance-service';
import type { ServiceContext } from '../context';

const NAMES = { primary: 'cvPrimary', junior: 'cvJunior' } as const;

/** What the year's computation gives for a value name, in words for the settings form; null when nothing. */
export function computedSourceOf(name: string): string | null {
  if (name === NAMES.primary) return '按当年统计数据测算的小学综合差异系数';
  if (name === NAMES.junior) return '按当年统计数据测算的初中综合差异系数';
  return null;
}

/** The year's 综合差异系数 by value name; {} when the year has no statistics or `system` reads none of them (nothing is computed then). */
export async function yearBalanceValues(ctx: ServiceContext, year: number, system: Pick<IndicatorSystem, 'nodes' | 'passRules' | 'values'>): Promise<Record<string, YearValue>> {
  const wanted = new Set<string>(Object.values(NAMES));
  if (!resolveValues(system).some((v) => wanted.has(v.name))) return {};
  let view: Awaited<ReturnType<typeof computeYear>>;
  try {
    view = await computeYear(ctx, { year });
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return {};
    throw e;
  }
  const out: Record<string, YearValue> = {};
  for (const s of view.result.sections) {
    if (s.composite.cv === null) continue;
    out[NAMES[s.section]] = { value: s.composite.cv, source: `${year} 年差异系数测算：${s.label}综合差异系数` };
  }
  return out;
}
