/**
 * Which schools and sections stay out of the balance calculation, each with its Chinese reason.
 */
import { sectionsOfType } from '../schools/school-enums';
import type { SchoolBalanceInput } from './input';
import type { ResolvedBalanceOptions } from './options';
import { PUPIL_FIELDS } from './split';
import { readNumber, type StatsLike } from './stat-read';
import { BALANCE_SECTION_LABELS, type BalanceSection } from './types';

export type ExclusionKind = 'specialEducation' | 'smallTeachingPoint' | 'manual' | 'noPupils';

export interface Exclusion {
  schoolId: string;
  schoolName: string;
  /** null: the whole school. */
  section: BalanceSection | null;
  kind: ExclusionKind;
  /** Chinese reason, shown in the exclusion list. */
  reason: string;
  /** A warning (unexpected data) rather than a rule-based exclusion. */
  warning: boolean;
}

/** Whole-school exclusion, or null. */
export function schoolExclusion(school: SchoolBalanceInput, options: ResolvedBalanceOptions): Exclusion | null {
  const base = { schoolId: school.id, schoolName: school.name, section: null };
  if (school.type === '特殊教育学校') {
    return { ...base, kind: 'specialEducation', reason: '特殊教育学校不参与校际均衡计算', warning: false };
  }
  if (school.exclude) return { ...base, kind: 'manual', reason: `人工排除：${school.exclude.reason}`, warning: false };
  const min = options.excludeTeachingPointsBelow;
  if (school.type === '教学点' && min !== null) {
    const pupils = readNumber(school.stats as StatsLike, PUPIL_FIELDS.primary);
    if (typeof pupils === 'number' && pupils < min) {
      return { ...base, kind: 'smallTeachingPoint', reason: `教学点在校生 ${pupils} 人，少于 ${min} 人，不参与计算`, warning: false };
    }
  }
  return null;
}

/** The compulsory sections the school runs that the options ask for. */
export function evaluatedSections(school: SchoolBalanceInput, options: ResolvedBalanceOptions): BalanceSection[] {
  return sectionsOfType(school.type).filter((s): s is BalanceSection => s !== 'senior' && options.sections.includes(s));
}

/** A section with zero pupils is left out, with a warning (the school type says it should have some). */
export function noPupilsExclusion(school: SchoolBalanceInput, section: BalanceSection): Exclusion {
  return {
    schoolId: school.id,
    schoolName: school.name,
    section,
    kind: 'noPupils',
    reason: `${BALANCE_SECTION_LABELS[section]}在校生数为 0，该学段不参与计算`,
    warning: true,
  };
}
