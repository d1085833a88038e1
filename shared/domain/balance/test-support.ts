/**
 * Builders for tests and the benchmark (not part of the runtime API).
 */
import type { SchoolType } from '../schools/school-enums';
import type { SchoolBalanceInput } from './input';

/** A primary school that meets every 2017 requirement comfortably, scaled to `pupils`. */
export function primarySchool(id: string, pupils: number, extra: Record<string, number | null> = {}, type: SchoolType = '小学'): SchoolBalanceInput {
  return {
    id,
    name: `${id}小学`,
    type,
    stats: {
      pupilsPrimary: pupils,
      teachersAboveDegreePrimary: pupils * 0.05,
      backboneTeachersPrimary: pupils * 0.012,
      peArtTeachersPrimary: pupils * 0.01,
      teachingAuxArea: pupils * 5,
      sportsGroundArea: pupils * 7,
      gymArea: pupils * 1,
      equipmentValue: pupils * 2200,
      multimediaRooms: pupils * 0.025,
      ...extra,
    } as Record<string, number>,
  };
}

/** A junior school meeting every 2017 requirement. */
export function juniorSchool(id: string, pupils: number, extra: Record<string, number | null> = {}): SchoolBalanceInput {
  return {
    id,
    name: `${id}中学`,
    type: '初中',
    stats: {
      pupilsJunior: pupils,
      teachersAboveDegreeJunior: pupils * 0.06,
      backboneTeachersJunior: pupils * 0.012,
      peArtTeachersJunior: pupils * 0.01,
      teachingAuxArea: pupils * 6,
      sportsGroundArea: pupils * 10,
      gymArea: pupils * 1,
      equipmentValue: pupils * 2600,
      multimediaRooms: pupils * 0.025,
      ...extra,
    } as Record<string, number>,
  };
}
