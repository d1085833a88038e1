/**
 * Section split of multi-section schools (九年一贯制 / 十二年一贯制 / 完全中学), domain.md §2.3.
 * Shared facilities are apportioned by weighted pupils; teacher totals (when no per-section figure
 * is recorded) by the plain pupil ratio.
 */
import { SCHOOL_TYPES, sectionsOfType, type SchoolType, type Section } from '../schools/school-enums';
import type { SplitOptions } from './options';
import { missingField, readNumber, type StatsLike } from './stat-read';
import type { MissingField } from './types';

export const PUPIL_FIELDS: Record<Section, string> = { primary: 'pupilsPrimary', junior: 'pupilsJunior', senior: 'pupilsSenior' };

const ONES: Partial<Record<SchoolType, Partial<Record<Section, number>>>> = Object.fromEntries(
  SCHOOL_TYPES.map((t) => [t, Object.fromEntries(sectionsOfType(t).map((s) => [s, 1]))]),
);

/** Weights by section for a school type; 1 for every section in pupil-ratio mode. */
export function splitWeights(type: SchoolType, split: SplitOptions): Partial<Record<Section, number>> {
  if (split.mode === 'pupilRatio') return { ...ONES[type] };
  switch (type) {
    case '九年一贯制':
      return { primary: split.nineYear.primary, junior: split.nineYear.junior };
    case '十二年一贯制':
      return { ...split.twelveYear };
    case '完全中学':
      return { ...split.completeMiddle };
    default:
      return { ...ONES[type] };
  }
}

export function isMultiSection(type: SchoolType): boolean {
  return sectionsOfType(type).length > 1;
}

export interface SectionShares {
  /** Share of shared facilities (weighted pupils). */
  facility: number;
  /** Share by plain pupils (teacher totals). */
  pupil: number;
}

/**
 * Pure apportioning: weights wᵢ and pupils Pᵢ by section → share of section s = wₛPₛ / Σ wᵢPᵢ.
 * Returns null when the weighted total is zero.
 */
export function weightedShare(pupils: Partial<Record<Section, number>>, weights: Partial<Record<Section, number>>, section: Section): number | null {
  let total = 0;
  for (const s of Object.keys(weights) as Section[]) total += (weights[s] ?? 0) * (pupils[s] ?? 0);
  if (total <= 0) return null;
  return ((weights[section] ?? 0) * (pupils[section] ?? 0)) / total;
}

/**
 * Shares of one section of a school. Single-section schools get 1/1. For multi-section schools every
 * section's pupils are needed (senior included); a missing count makes the shares missing.
 */
export function sectionShares(
  type: SchoolType,
  stats: StatsLike,
  section: Section,
  split: SplitOptions,
): { shares: SectionShares; missing: [] } | { shares: null; missing: MissingField[] } {
  const sections = sectionsOfType(type);
  if (sections.length === 1) return { shares: { facility: 1, pupil: 1 }, missing: [] };
  const pupils: Partial<Record<Section, number>> = {};
  const missing: MissingField[] = [];
  for (const s of sections) {
    const v = readNumber(stats, PUPIL_FIELDS[s]);
    if (typeof v === 'number') pupils[s] = v;
    else missing.push(v);
  }
  if (missing.length) return { shares: null, missing };
  const weights = splitWeights(type, split);
  const ones = ONES[type]!;
  const facility = weightedShare(pupils, weights, section);
  const pupil = weightedShare(pupils, ones, section);
  if (facility === null || pupil === null) return { shares: null, missing: [missingField(PUPIL_FIELDS[section], 'invalid')] };
  return { shares: { facility, pupil }, missing: [] };
}

/**
 * Display rule for apportioned whole items (books, rooms, computers): every section but the last is
 * floored, the last takes the remainder, so the parts add up to the total. This reproduces the
 * published §2.3 example (9 711 + 13 515 = 23 226); the full-precision parts are 9 711.68 and
 * 13 514.32, and the source's 9 711 comes from rounding the rate to 58.50 first.
 */
export function splitWholeForDisplay(total: number, exactParts: readonly number[]): number[] {
  const out: number[] = [];
  let used = 0;
  exactParts.forEach((p, i) => {
    if (i === exactParts.length - 1) out.push(Math.round(total) - used);
    else {
      const v = Math.floor(p + 1e-9);
      out.push(v);
      used += v;
    }
  });
  return out;
}
