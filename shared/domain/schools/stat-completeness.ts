/**
 * Which statistics fields a school (or campus) of a given type is expected to fill, and which of
 * them a record leaves blank. Used by the statistics completeness view (per school and per campus)
 * and the evaluated-units listing.
 *
 * Applicable fields:
 *  - every field without a section (专任教师数, 校舍面积, 仪器设备值 …);
 *  - section fields of the sections the type runs (a 小学 has no 初中在校生数; 高中在校生数 only
 *    for 十二年一贯制 and 完全中学, which need it to apportion shared facilities);
 *  - except, for a single-section type, the per-section teacher breakdowns (小学专任教师数,
 *    小学县级及以上骨干教师数, 小学体育、艺术专任教师数 …): there the school total is the section's
 *    figure. A single-section school that filled the breakdown instead of the total has the total
 *    counted as filled (专任教师数 ← 小学专任教师数; 骨干教师 likewise).
 *
 * A value counts as filled when it is recorded at all (0 and an empty list are answers); absent
 * or null is missing — never zero (statistics-fields.ts).
 */
import { sectionsOfType, type SchoolType } from './school-enums';
import { STAT_FIELDS, type StatFieldDef, type StatValues } from './statistics-fields';

/** Per-section breakdowns of a school total, by section: total key → breakdown key. */
const BREAKDOWNS: Record<'primary' | 'junior', Record<string, string>> = {
  primary: { teachers: 'teachersPrimary', backboneTeachers: 'backboneTeachersPrimary' },
  junior: { teachers: 'teachersJunior', backboneTeachers: 'backboneTeachersJunior' },
};
/** Breakdown fields with no single total to stand in for (体育 + 音乐 + 美术 are three fields). */
const BREAKDOWN_ONLY = new Set(['peArtTeachersPrimary', 'peArtTeachersJunior']);
const ALL_BREAKDOWNS = new Set([...Object.values(BREAKDOWNS.primary), ...Object.values(BREAKDOWNS.junior), ...BREAKDOWN_ONLY]);

export interface ApplicableStatField {
  key: string;
  label: string;
  /** Keys whose recorded value fills this field (the field itself first). */
  filledBy: string[];
}

/**
 * Whether a field can hold a figure for a unit of this type at all: every field without a section,
 * and the fields of the sections the type runs (a 小学 has no 初中在校生数, whatever a file says).
 * The per-section breakdowns of a single-section type apply (they may stand in for the total).
 */
export function statFieldApplies(type: SchoolType, def: Pick<StatFieldDef, 'section'>): boolean {
  return !def.section || sectionsOfType(type).includes(def.section);
}

/** The fields a unit of this type is expected to fill, in catalogue order. */
export function applicableStatFields(type: SchoolType): ApplicableStatField[] {
  const sections = sectionsOfType(type);
  const single = sections.filter((s): s is 'primary' | 'junior' => s !== 'senior');
  const singleSection = sections.length === 1 ? single[0] : undefined;
  const out: ApplicableStatField[] = [];
  for (const d of STAT_FIELDS) {
    if (!statFieldApplies(type, d)) continue;
    if (singleSection && ALL_BREAKDOWNS.has(d.key)) continue;
    const breakdown = singleSection ? BREAKDOWNS[singleSection][d.key] : undefined;
    out.push({ key: d.key, label: d.label, filledBy: breakdown ? [d.key, breakdown] : [d.key] });
  }
  return out;
}

export interface StatCompleteness {
  /** Applicable fields with a recorded value. */
  filled: number;
  /** Applicable fields for the type. */
  applicable: number;
  /** Chinese labels of the applicable fields left blank, in catalogue order. */
  missing: string[];
}

const recorded = (v: unknown) => v !== undefined && v !== null;

/** How complete one record is for a unit of this type; no record at all → nothing filled. */
export function statCompleteness(type: SchoolType, values: StatValues | Record<string, unknown> | null | undefined): StatCompleteness {
  const fields = applicableStatFields(type);
  const missing: string[] = [];
  for (const f of fields) if (!values || !f.filledBy.some((k) => recorded((values as Record<string, unknown>)[k]))) missing.push(f.label);
  return { filled: fields.length - missing.length, applicable: fields.length, missing };
}
