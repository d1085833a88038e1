import { STAT_FIELD_BY_KEY, type StatValue, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { formatNumber } from './cell-values';

/** A figure worth a second look; `field` is the column the warning points at. */
export interface PlausibilityNote {
  field: string;
  message: string;
  /** Every field the note compares (the pointed one included). */
  involves: string[];
}

/** Year-on-year swings above this share of last year's figure are flagged. */
export const MAX_YEARLY_CHANGE = 0.3;

const SWING_FIELDS = ['pupilsPrimary', 'pupilsJunior', 'pupilsSenior', 'teachers', 'teachersPrimary', 'teachersJunior'];
/** Built area and assets rarely shrink; when they do it is usually a unit or typing slip. */
const NO_SHRINK_FIELDS = ['teachingAuxArea', 'sportsGroundArea', 'gymArea', 'equipmentValue'];

const num = (v: StatValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const label = (key: string) => STAT_FIELD_BY_KEY.get(key)?.label ?? key;
const unit = (key: string) => STAT_FIELD_BY_KEY.get(key)?.unit ?? '';
const withUnit = (key: string, n: number) => `${formatNumber(n)} ${unit(key)}`;

/**
 * Checks one school-year's figures against themselves and against last year's. A class over 45/50
 * is data, not a warning. With `fromFile`, only notes that involve at least one field the file
 * gives are returned: an import does not warn about figures it leaves as they were.
 */
export function checkPlausibility(values: StatValues, previous: StatValues | undefined, fromFile?: ReadonlySet<string>): PlausibilityNote[] {
  const all = collectNotes(values, previous);
  return fromFile ? all.filter((n) => n.involves.some((f) => fromFile.has(f))) : all;
}

function collectNotes(values: StatValues, previous: StatValues | undefined): PlausibilityNote[] {
  const notes: PlausibilityNote[] = [];
  if (previous) {
    for (const key of SWING_FIELDS) {
      const now = num(values[key]);
      const before = num(previous[key]);
      if (now === undefined || before === undefined || before === 0) continue;
      const change = (now - before) / before;
      if (Math.abs(change) > MAX_YEARLY_CHANGE) {
        notes.push({
          field: key,
          involves: [key],
          message: `${label(key)}由上一年的 ${withUnit(key, before)}变为 ${withUnit(key, now)}，${change > 0 ? '增加' : '减少'}了 ${(Math.abs(change) * 100).toFixed(1)}%，超过 30%，请核实`,
        });
      }
    }
    for (const key of NO_SHRINK_FIELDS) {
      const now = num(values[key]);
      const before = num(previous[key]);
      if (now !== undefined && before !== undefined && now < before) {
        notes.push({ field: key, involves: [key], message: `${label(key)}由上一年的 ${withUnit(key, before)}减少为 ${withUnit(key, now)}，请核实（是否填错单位）` });
      }
    }
  }

  const atMost = (part: string, whole: string) => {
    const p = num(values[part]);
    const w = num(values[whole]);
    if (p !== undefined && w !== undefined && p > w) {
      notes.push({ field: part, involves: [part, whole], message: `${label(part)}（${formatNumber(p)}）多于${label(whole)}（${formatNumber(w)}）` });
      return true;
    }
    return false;
  };
  // Section figures are bounded by the section total where given, else by the school total.
  const bound = (part: string, section: string) => (values[section] !== undefined ? atMost(part, section) : atMost(part, 'teachers'));
  bound('teachersAboveDegreePrimary', 'teachersPrimary');
  bound('teachersAboveDegreeJunior', 'teachersJunior');
  bound('backboneTeachersPrimary', 'teachersPrimary');
  bound('backboneTeachersJunior', 'teachersJunior');
  atMost('backboneTeachers', 'teachers');
  atMost('certifiedTeachers', 'teachers');
  atMost('trainingCompletedTeachers', 'teachers');

  sumMatches(values, 'classSizesPrimary', 'pupilsPrimary', '小学各班人数之和', notes);
  sumMatches(values, 'classSizesJunior', 'pupilsJunior', '初中各班人数之和', notes);
  gradesMatch(values, [1, 2, 3, 4, 5, 6], 'pupilsPrimary', notes);
  gradesMatch(values, [7, 8, 9], 'pupilsJunior', notes);
  classCountMatches(values, 'classSizesPrimary', 'classesPrimary', notes);
  classCountMatches(values, 'classSizesJunior', 'classesJunior', notes);
  return notes;
}

function sumMatches(values: StatValues, listKey: string, totalKey: string, what: string, notes: PlausibilityNote[]) {
  const list = values[listKey];
  const total = num(values[totalKey]);
  if (!Array.isArray(list) || list.length === 0 || total === undefined) return;
  const sum = list.reduce((a, b) => a + b, 0);
  if (sum !== total) notes.push({ field: listKey, involves: [listKey, totalKey], message: `${what}（${formatNumber(sum)}）与${label(totalKey)}（${formatNumber(total)}）不一致` });
}

function gradesMatch(values: StatValues, grades: number[], totalKey: string, notes: PlausibilityNote[]) {
  const given = grades.filter((g) => num(values[`pupilsGrade${g}`]) !== undefined);
  const total = num(values[totalKey]);
  if (given.length === 0 || total === undefined) return;
  const sum = given.reduce((a, g) => a + num(values[`pupilsGrade${g}`])!, 0);
  if (sum !== total) {
    notes.push({
      field: `pupilsGrade${given[0]}`,
      involves: [...given.map((g) => `pupilsGrade${g}`), totalKey],
      message: `${given[0]}—${given[given.length - 1]} 年级学生数之和（${formatNumber(sum)}）与${label(totalKey)}（${formatNumber(total)}）不一致`,
    });
  }
}

function classCountMatches(values: StatValues, listKey: string, countKey: string, notes: PlausibilityNote[]) {
  const list = values[listKey];
  const count = num(values[countKey]);
  if (!Array.isArray(list) || list.length === 0 || count === undefined || list.length === count) return;
  notes.push({ field: listKey, involves: [listKey, countKey], message: `${label(listKey)}列出了 ${list.length} 个班，与${label(countKey)}（${formatNumber(count)}）不一致` });
}
