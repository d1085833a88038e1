/**
 * Everything about one school that does not depend on the other schools: exclusions, section
 * values, attainment and gaps. The what-if recomputes only this for the changed school.
 */
import type { SchoolType } from '../schools/school-enums';
import { evaluateAttainment, type SchoolAttainment } from './attainment';
import { evaluatedSections, noPupilsExclusion, schoolExclusion, type Exclusion } from './exclusions';
import { planSectionGaps, type GapItem } from './gaps';
import type { SchoolBalanceInput } from './input';
import type { ResolvedBalanceOptions } from './options';
import { computeSectionValues, type SectionValues } from './school-values';

export interface SchoolSectionBalance extends SectionValues {
  /** null when the profile has no per-school rule (2012 / 2019 profiles). */
  attainment: SchoolAttainment | null;
  gaps: GapItem[];
}

export interface SchoolBalance {
  schoolId: string;
  schoolName: string;
  schoolType: SchoolType;
  /** Whole-school exclusion (special education, small teaching point, manual); sections is then empty. */
  exclusion: Exclusion | null;
  /** Sections that enter the calculation (missing pupils included: they show as 数据不全). */
  sections: SchoolSectionBalance[];
  /** Sections left out because they have no pupils. */
  sectionExclusions: Exclusion[];
  /** A campus evaluated separately, its own row under the per-unit basis: its school's register id. */
  campusOf?: string;
}

export function computeSchool(school: SchoolBalanceInput, options: ResolvedBalanceOptions): SchoolBalance {
  const out = computeRow(school, options);
  if (school.campusOf !== undefined) out.campusOf = school.campusOf;
  return out;
}

function computeRow(school: SchoolBalanceInput, options: ResolvedBalanceOptions): SchoolBalance {
  const exclusion = schoolExclusion(school, options);
  if (exclusion) return { schoolId: school.id, schoolName: school.name, schoolType: school.type, exclusion, sections: [], sectionExclusions: [] };
  const sections: SchoolSectionBalance[] = [];
  const sectionExclusions: Exclusion[] = [];
  for (const section of evaluatedSections(school, options)) {
    const sv = computeSectionValues(school, section, options);
    if (sv.pupils === 0) {
      sectionExclusions.push(noPupilsExclusion(school, section));
      continue;
    }
    const attainment = evaluateAttainment(sv.values, options.profile, section);
    const gaps = planSectionGaps(school, section, sv.pupils, sv.values, attainment, options.profile);
    // Explicit fields rather than a spread: this runs once per school section (hot in the benchmark).
    sections.push({
      section: sv.section,
      pupils: sv.pupils,
      missingPupils: sv.missingPupils,
      shares: sv.shares,
      values: sv.values,
      notes: sv.notes,
      overrides: sv.overrides,
      attainment,
      gaps,
    });
  }
  return { schoolId: school.id, schoolName: school.name, schoolType: school.type, exclusion: null, sections, sectionExclusions };
}
