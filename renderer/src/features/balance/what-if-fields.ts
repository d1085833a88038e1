import type { SchoolBalanceInput, StandardsProfile } from '../../../../shared/domain/balance';
import { sectionsOfType } from '../../../../shared/domain/schools/school-enums';
import { STAT_FIELD_BY_KEY } from '../../../../shared/domain/schools/statistics-fields';

export interface PlanField {
  key: string;
  label: string;
  unit: string;
  whole: boolean;
}

const PUPILS = { primary: 'pupilsPrimary', junior: 'pupilsJunior', senior: 'pupilsSenior' } as const;

/** The statistics that feed the profile's indicators for this school: pupils first, then numerators. */
export function planFields(school: SchoolBalanceInput, profile: StandardsProfile): PlanField[] {
  const sections = sectionsOfType(school.type);
  const keys: string[] = sections.map((s) => PUPILS[s]);
  for (const ind of profile.indicators) {
    const n = ind.numerator;
    if (n.kind === 'shared') keys.push(...n.fields, ...(n.zeroIfAbsent ?? []));
    else {
      for (const s of sections) if (s !== 'senior' && n.sectionFields) keys.push(...n.sectionFields[s]);
      if (n.totalFields) keys.push(...n.totalFields);
    }
  }
  // Teacher totals matter only where a section figure is not recorded, but editing them is harmless.
  return [...new Set(keys)].map((key) => {
    const def = STAT_FIELD_BY_KEY.get(key);
    return { key, label: def?.label ?? key, unit: def?.unit ?? '', whole: def?.kind === 'count' };
  });
}
