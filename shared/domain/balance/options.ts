/**
 * Computation options: profile, sections, split weights, teaching-point exclusion, and the
 * calculation basis the input's rows were formed under (basis.ts).
 */
import { z } from 'zod';
import { CalculationBasis, DEFAULT_BASIS } from './basis';
import { PROFILE_IDS, resolveProfile, type ProfileId } from './profiles';
import { StandardsProfile } from './profile-schema';
import { BALANCE_SECTIONS, type BalanceSection } from './types';

const Weight = z.number().positive();

/**
 * Split weights for multi-section schools (domain.md §2.3, provincial practice, so configurable).
 * 'weighted' apportions shared facilities by weighted pupils; 'pupilRatio' by plain pupils.
 */
export const SplitOptions = z.object({
  mode: z.enum(['weighted', 'pupilRatio']).default('weighted'),
  nineYear: z.object({ primary: Weight, junior: Weight }).default({ primary: 1, junior: 1.1 }),
  twelveYear: z.object({ primary: Weight, junior: Weight, senior: Weight }).default({ primary: 1, junior: 1.1, senior: 1.32 }),
  completeMiddle: z.object({ junior: Weight, senior: Weight }).default({ junior: 1, senior: 1.2 }),
});
export type SplitOptions = z.infer<typeof SplitOptions>;

export const BalanceOptionsInput = z.object({
  profile: z.union([z.enum(PROFILE_IDS), StandardsProfile]).optional(),
  sections: z.array(z.enum(['primary', 'junior'])).min(1).optional(),
  split: SplitOptions.partial().optional(),
  /** Teaching points (教学点) with fewer pupils are excluded; null = none excluded (default). */
  excludeTeachingPointsBelow: z.number().int().positive().nullable().optional(),
  /**
   * The basis the input's rows were formed under (composeYearRows); default 'school'. The
   * computation does not re-form rows: it carries the basis so every result states it.
   */
  basis: CalculationBasis.optional(),
});
export type BalanceOptionsInput = z.input<typeof BalanceOptionsInput>;

export interface ResolvedBalanceOptions {
  /** Marks options that already went through resolveOptions. */
  readonly resolved: true;
  profile: StandardsProfile;
  sections: readonly BalanceSection[];
  split: SplitOptions;
  excludeTeachingPointsBelow: number | null;
  basis: CalculationBasis;
}

export const DEFAULT_SPLIT: SplitOptions = SplitOptions.parse({});

/** Fill defaults. Does not re-validate built-in data; custom profiles are validated. */
export function resolveOptions(options: BalanceOptionsInput | ResolvedBalanceOptions | undefined): ResolvedBalanceOptions {
  if (options && isResolved(options)) return options;
  const o = (options ?? {}) as BalanceOptionsInput;
  const profileArg = o.profile as ProfileId | StandardsProfile | undefined;
  const sections = o.sections ? BALANCE_SECTIONS.filter((s) => o.sections!.includes(s)) : BALANCE_SECTIONS;
  return {
    resolved: true,
    profile: resolveProfile(profileArg),
    sections,
    split: { ...DEFAULT_SPLIT, ...(o.split ?? {}) } as SplitOptions,
    excludeTeachingPointsBelow: o.excludeTeachingPointsBelow ?? null,
    basis: o.basis ?? DEFAULT_BASIS,
  };
}

function isResolved(o: BalanceOptionsInput | ResolvedBalanceOptions): o is ResolvedBalanceOptions {
  return (o as ResolvedBalanceOptions).resolved === true;
}
