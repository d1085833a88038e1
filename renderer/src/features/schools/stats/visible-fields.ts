import { sectionsOfType, type SchoolType } from '../../../../../shared/domain/schools/school-enums';
import { STAT_FIELDS, type StatFieldDef, type StatValues } from '../../../../../shared/domain/schools/statistics-fields';

/**
 * Fields of sections the school does not run are noise (a 小学 has no 初中 pupils), so they are
 * hidden — unless a value was recorded, which must stay visible and editable.
 */
export function visibleFields(type: SchoolType, values: StatValues | undefined): StatFieldDef[] {
  const sections = new Set(sectionsOfType(type));
  return STAT_FIELDS.filter((f) => !f.section || sections.has(f.section) || values?.[f.key] !== undefined);
}

export function groupFields(fields: StatFieldDef[]): { group: string; fields: StatFieldDef[] }[] {
  const groups: { group: string; fields: StatFieldDef[] }[] = [];
  for (const f of fields) {
    let g = groups.find((x) => x.group === f.group);
    if (!g) groups.push((g = { group: f.group, fields: [] }));
    g.fields.push(f);
  }
  return groups;
}
