/**
 * 评估单位 (evaluated units): what the office evaluates as one unit in a year. Rounds, scoring,
 * per-unit documents and the balance's per-unit basis all take their units from here, so the rule
 * lives in one place.
 *
 * Seed 000 (柳州市城中区) evaluates campuses (景行小学本部, 总部, 潭中校区 …) as units with their own
 * accounts; the national statistics count one school per 学校标识码. The register models both: a
 * school with campuses, and a 单独评估 flag per campus. The rule:
 *
 *  1. A school closed (撤并) before 1 September of the year is not in that year's census (taken at
 *     the start of the school year) and has no unit that year.
 *  2. Every campus marked 单独评估 is a unit of its own, named 学校名 + 校区名 (景行小学潭中校区).
 *  3. The school itself is a unit covering its campuses not evaluated separately (and any site not
 *     registered as a campus) — unless every one of its campuses is evaluated separately: it is then
 *     evaluated only through them. An office that wants the main site evaluated as well registers it
 *     as a campus (本部) and marks it, as seed 000 does.
 *
 * The rule depends on the register only, never on which statistics happen to be stored: an account
 * or a round must not appear or vanish because a figure was typed. How statistics are read for a
 * unit (and what happens to a flagged campus without figures) is the balance's concern
 * (shared/domain/balance/basis.ts).
 */
import type { SchoolStatus, SchoolType } from './school-enums';

/** The campus fields the rule reads. */
export interface UnitCampus {
  id: number;
  name: string;
  evaluatedSeparately: boolean;
}

/** The school fields the rule reads (a register School fits). */
export interface UnitSchool {
  id: number;
  name: string;
  type: SchoolType;
  status: SchoolStatus;
  closedOn: string | null;
  campuses: readonly UnitCampus[];
}

export type EvaluatedUnitKind = 'school' | 'campus';

export interface EvaluatedUnit {
  /** Stable key: `s<schoolId>` for a school, `c<campusId>` for a campus evaluated separately. */
  key: string;
  kind: EvaluatedUnitKind;
  schoolId: number;
  /** null for a school unit. */
  campusId: number | null;
  /** Display name (Chinese): the school's name, or 学校名 + 校区名 for a campus. */
  name: string;
  schoolName: string;
  campusName: string | null;
  /** A campus has its school's type. */
  type: SchoolType;
  /** The campuses this unit covers: a school unit's campuses not evaluated separately; a campus unit itself. */
  campusIds: number[];
}

/**
 * Whether a school is in the year's census: the statistics describe the autumn census, so a school
 * closed on or after 1 September of the year still counts for that year (domain rule, shared by the
 * balance, the units and the statistics export). A 撤并 school without a date is not in operation.
 */
export function inOperation(school: Pick<UnitSchool, 'status' | 'closedOn'>, year: number): boolean {
  if (school.status !== '撤并') return true;
  return school.closedOn !== null && school.closedOn >= `${year}-09-01`;
}

/** The key of a unit: `s12` for school 12, `c34` for campus 34. */
export function unitKey(schoolId: number, campusId: number | null): string {
  return campusId === null ? `s${schoolId}` : `c${campusId}`;
}

/**
 * A campus unit's name: 学校名 + 校区名 (景行小学 + 潭中校区 → 景行小学潭中校区); a campus name that
 * already starts with the school's name is used as it is.
 */
export function campusUnitName(schoolName: string, campusName: string): string {
  return campusName.startsWith(schoolName) ? campusName : `${schoolName}${campusName}`;
}

/** The school's campuses marked 单独评估, in register order. */
export function separateCampuses<C extends UnitCampus>(school: { campuses: readonly C[] }): C[] {
  return school.campuses.filter((c) => c.evaluatedSeparately);
}

/** Rule 3: the school is a unit itself unless it has campuses and every one is evaluated separately. */
export function schoolIsUnit(school: { campuses: readonly UnitCampus[] }): boolean {
  return school.campuses.length === 0 || school.campuses.some((c) => !c.evaluatedSeparately);
}

/**
 * The year's evaluated units, in register order: per school, the school unit (when it is one)
 * followed by its campuses evaluated separately. Schools not in the year's census are left out.
 */
export function evaluatedUnits(schools: readonly UnitSchool[], year: number): EvaluatedUnit[] {
  const out: EvaluatedUnit[] = [];
  for (const s of schools) {
    if (!inOperation(s, year)) continue;
    if (schoolIsUnit(s)) {
      out.push({
        key: unitKey(s.id, null),
        kind: 'school',
        schoolId: s.id,
        campusId: null,
        name: s.name,
        schoolName: s.name,
        campusName: null,
        type: s.type,
        campusIds: s.campuses.filter((c) => !c.evaluatedSeparately).map((c) => c.id),
      });
    }
    for (const c of separateCampuses(s)) {
      out.push({
        key: unitKey(s.id, c.id),
        kind: 'campus',
        schoolId: s.id,
        campusId: c.id,
        name: campusUnitName(s.name, c.name),
        schoolName: s.name,
        campusName: c.name,
        type: s.type,
        campusIds: [c.id],
      });
    }
  }
  return out;
}
