/**
 * 计算口径 (calculation basis): which rows the coefficients and attainment are computed over, and how
 * a school's and its campuses' statistics records become those rows. See README.md § 计算口径.
 *
 * Records: a school-level record (campusId null) describes the whole school under its 学校标识码, as
 * the national statistics report it; a campus record describes that campus only.
 *
 * - 'school' (按学校, default, the national statistics): one row per school — its school-level
 *   record, or, without one, the sum of its campus records. A campus marked 单独评估 that has its own
 *   record is folded into its school, and a note says so.
 * - 'unit' (按评估单位): a campus marked 单独评估 *with its own record for the year* is its own row.
 *   Its school keeps a row for the rest when the school is an evaluated unit itself
 *   (shared/domain/schools/evaluated-units.ts) or a flagged campus without figures stays in it:
 *   the school-level record minus the split campuses' records, or, without a school-level record,
 *   the sum of the other campuses' records. A flagged campus without a record cannot be computed on
 *   its own: it stays in its school, and a note says so. A school whose every campus is split off is
 *   no unit itself, but if its school-level record has pupils beyond its campuses' (a main site not
 *   registered as a campus), the rest is still a row, with a note: pupils are never dropped.
 *
 * Arithmetic on records (both bases):
 * - counts, areas and money add up (and subtract) when every part recorded the field; otherwise the
 *   result is left missing (a partial sum would understate the school; missing is never zero) and
 *   named in the row's note;
 * - fields an indicator reads as 0 when blank (the gym, `zeroIfAbsent` of the built-in profiles)
 *   count a blank part as 0, by that same rule;
 * - a remainder below zero (the school-level record smaller than its campuses) stays negative, which
 *   the computation treats as an invalid value (missing, “数值无效”), and the note says by how much;
 * - lists (class sizes, room areas) are concatenated when summed and cannot be subtracted;
 *   percentages are neither added nor subtracted.
 * - results are rounded to 6 decimals to drop float noise (figures carry at most 2).
 */
import { z } from 'zod';
import { campusUnitName, schoolIsUnit, separateCampuses, unitKey, type UnitSchool } from '../schools/evaluated-units';
import type { SchoolType } from '../schools/school-enums';
import { STAT_FIELD_BY_KEY, type StatValues } from '../schools/statistics-fields';
import { BUILT_IN_PROFILES } from './profiles';

export const CALCULATION_BASES = ['school', 'unit'] as const;
export const CalculationBasis = z.enum(CALCULATION_BASES);
export type CalculationBasis = z.infer<typeof CalculationBasis>;
export const DEFAULT_BASIS: CalculationBasis = 'school';

/** Short labels for the option and the page. */
export const BASIS_LABELS: Record<CalculationBasis, string> = {
  school: '按学校（国家统计口径）',
  unit: '按评估单位（单独评估的校区单列）',
};

/** One sentence stating the basis, for the page and the 差异系数测算报告. */
export function describeBasis(basis: CalculationBasis): string {
  return basis === 'school'
    ? '按学校计算（国家统计口径）：每个学校标识码计为一所学校，单独评估的校区并入所属学校计算。'
    : '按评估单位计算：单独评估且有本年统计数据的校区单列为一个单位，所属学校按其余部分计算。';
}

/** Fields that the built-in profiles read as 0 when blank (L5's gym). */
export const ZERO_IF_BLANK_FIELDS: ReadonlySet<string> = new Set(
  Object.values(BUILT_IN_PROFILES).flatMap((p) => p.indicators.flatMap((i) => (i.numerator.kind === 'shared' ? (i.numerator.zeroIfAbsent ?? []) : []))),
);

type Values = Readonly<Record<string, unknown>>;
const isBlank = (v: unknown) => v === undefined || v === null;
const clean = (x: number) => Math.round(x * 1e6) / 1e6;
const label = (key: string) => STAT_FIELD_BY_KEY.get(key)?.label ?? key;

export interface RecordArithmetic {
  values: StatValues;
  /** Chinese labels of fields left missing because not every part recorded them. */
  partial: string[];
  /** Chinese labels of list fields a subtraction cannot split (class sizes, room areas). */
  unsplit: string[];
  /** Chinese labels of zero-if-blank fields where a blank part counted as 0. */
  zeroed: string[];
  /** Fields whose remainder came out below zero: label and the amount (positive) by which. */
  negative: { label: string; unit: string; by: number }[];
}

/** The sum of several records (campus records of one school). A single record is taken as it is. */
export function sumRecords(records: readonly Values[]): RecordArithmetic {
  if (records.length === 1) return { values: { ...(records[0] as StatValues) }, partial: [], unsplit: [], zeroed: [], negative: [] };
  const out: RecordArithmetic = { values: {}, partial: [], unsplit: [], zeroed: [], negative: [] };
  const keys = new Set(records.flatMap((r) => Object.keys(r)));
  for (const key of keys) {
    const def = STAT_FIELD_BY_KEY.get(key);
    if (!def || def.kind === 'percent') continue;
    const parts = records.map((r) => r[key]);
    const blanks = parts.filter(isBlank).length;
    if (blanks === parts.length) continue;
    if (def.kind === 'list') {
      if (blanks) out.partial.push(def.label);
      else out.values[key] = parts.flatMap((p) => (Array.isArray(p) ? (p as number[]) : [p as number]));
      continue;
    }
    const invalid = parts.find((p) => !isBlank(p) && typeof p !== 'number');
    // An invalid part keeps the result invalid (the computation flags it), rather than vanishing.
    if (invalid !== undefined) out.values[key] = invalid as number[];
    else if (blanks && !ZERO_IF_BLANK_FIELDS.has(key)) out.partial.push(def.label);
    else {
      if (blanks) out.zeroed.push(def.label);
      out.values[key] = clean(parts.reduce<number>((s, p) => s + ((p as number | undefined) ?? 0), 0));
    }
  }
  return out;
}

/** A whole-school record minus some of its campuses' records (the rest of the school). */
export function subtractRecords(whole: Values, parts: readonly Values[]): RecordArithmetic {
  const out: RecordArithmetic = { values: {}, partial: [], unsplit: [], zeroed: [], negative: [] };
  const keys = new Set([...Object.keys(whole), ...parts.flatMap((p) => Object.keys(p).filter((k) => ZERO_IF_BLANK_FIELDS.has(k)))]);
  for (const key of keys) {
    const def = STAT_FIELD_BY_KEY.get(key);
    if (!def || def.kind === 'percent') continue;
    const zeroIfBlank = ZERO_IF_BLANK_FIELDS.has(key);
    const w = whole[key];
    const ps = parts.map((p) => p[key]);
    if (def.kind === 'list') {
      if (!isBlank(w)) out.unsplit.push(def.label);
      continue;
    }
    if (isBlank(w) && !zeroIfBlank) continue;
    const invalid = [w, ...ps].find((p) => !isBlank(p) && typeof p !== 'number');
    if (invalid !== undefined) {
      out.values[key] = invalid as number[];
      continue;
    }
    if (ps.some(isBlank) && !zeroIfBlank) {
      out.partial.push(def.label);
      continue;
    }
    if ([w, ...ps].some(isBlank)) out.zeroed.push(def.label);
    const rest = clean(((w as number | undefined) ?? 0) - ps.reduce<number>((s, p) => s + ((p as number | undefined) ?? 0), 0));
    if (rest < 0) out.negative.push({ label: def.label, unit: def.unit, by: -rest });
    // Blank everywhere (no gym anywhere) stays blank: the indicator's own rule reads it as 0 with its note.
    if (!(isBlank(w) && ps.every(isBlank))) out.values[key] = rest;
  }
  return out;
}

/** A statistics record of the year (register shape, without provenance). */
export interface YearRecord {
  schoolId: number;
  campusId: number | null;
  values: StatValues;
}

/** One row of the computation: a school (or the rest of it), or a campus evaluated separately. */
export interface ComposedRow {
  /** The computation's id: the register id of the school, or `c<campusId>` for a campus row. */
  id: string;
  schoolId: number;
  campusId: number | null;
  name: string;
  type: SchoolType;
  stats: StatValues;
}

export type BasisNoteKind = 'folded' | 'ownRow' | 'noStatistics';

/** What the basis did with one campus marked 单独评估 (shown in 排除与提示). */
export interface BasisNote {
  schoolId: number;
  campusId: number;
  schoolName: string;
  /** 学校名 + 校区名. */
  unitName: string;
  kind: BasisNoteKind;
  /** Chinese, without the unit's name. */
  note: string;
}

/** How one school's rows were read from its records (shown in 排除与提示 as 数据来源). */
export interface RowSourceNote {
  schoolId: number;
  schoolName: string;
  note: string;
}

export interface ComposedYear {
  rows: ComposedRow[];
  sourceNotes: RowSourceNote[];
  basisNotes: BasisNote[];
}

function arithmeticNote(a: RecordArithmetic): string {
  const bits: string[] = [];
  if (a.partial.length) bits.push(`${a.partial.map((l) => `“${l}”`).join('、')}只有部分校区填报，按缺失处理`);
  if (a.unsplit.length) bits.push(`${a.unsplit.map((l) => `“${l}”`).join('、')}无法按校区拆分，按缺失处理`);
  if (a.zeroed.length) bits.push(`${a.zeroed.map((l) => `“${l}”`).join('、')}未填报的部分按 0 计（视为没有）`);
  for (const n of a.negative) bits.push(`“${n.label}”全校数据比单列校区之和少 ${n.by} ${n.unit}，数据不一致，按无效处理`);
  return bits.length ? `；${bits.join('；')}` : '';
}

const PUPIL_KEYS = ['pupilsPrimary', 'pupilsJunior', 'pupilsSenior'] as const;

/**
 * The rows of one year under a basis. `schools` are the register's schools in the year's census
 * (closed schools are the caller's to list); `records` the year's statistics records. Rows come in
 * register order: a school's row first, then its campus rows.
 */
export function composeYearRows(year: number, schools: readonly UnitSchool[], records: readonly YearRecord[], basis: CalculationBasis): ComposedYear {
  const bySchool = new Map<number, YearRecord[]>();
  for (const r of records) {
    const list = bySchool.get(r.schoolId) ?? [];
    list.push(r);
    bySchool.set(r.schoolId, list);
  }
  const rows: ComposedRow[] = [];
  const sourceNotes: RowSourceNote[] = [];
  const basisNotes: BasisNote[] = [];

  for (const s of schools) {
    const recs = bySchool.get(s.id) ?? [];
    const own = recs.find((r) => r.campusId === null);
    const campusRecs = recs.filter((r) => r.campusId !== null);
    const recordOf = (campusId: number) => campusRecs.find((r) => r.campusId === campusId);
    const campusName = (id: number) => s.campuses.find((c) => c.id === id)?.name ?? `校区 ${id}`;
    const flagged = separateCampuses(s);
    const split = basis === 'unit' ? flagged.filter((c) => recordOf(c.id)) : [];
    const schoolRow = (stats: StatValues): ComposedRow => ({ id: String(s.id), schoolId: s.id, campusId: null, name: s.name, type: s.type, stats });
    const note = (text: string) => sourceNotes.push({ schoolId: s.id, schoolName: s.name, note: text });
    const campusNote = (c: { id: number; name: string }, kind: BasisNoteKind, text: string) =>
      basisNotes.push({ schoolId: s.id, campusId: c.id, schoolName: s.name, unitName: campusUnitName(s.name, c.name), kind, note: text });

    if (split.length === 0) {
      // The whole school is one row (the national statistics' school).
      if (own) rows.push(schoolRow({ ...own.values }));
      else if (campusRecs.length) {
        const sum = sumRecords(campusRecs.map((r) => r.values));
        const names = campusRecs.map((r) => campusName(r.campusId!));
        note(`未填报全校统计数据，按 ${names.length} 个校区（${names.join('、')}）的统计数据汇总${arithmeticNote(sum)}`);
        rows.push(schoolRow(sum.values));
      } else {
        note(`${year} 年没有统计数据，各项指标按缺失处理`);
        rows.push(schoolRow({}));
      }
      for (const c of flagged) {
        if (basis === 'unit') {
          campusNote(c, 'noStatistics', `单独评估，但没有 ${year} 年的校区统计数据，不能单列，仍计入${s.name}`);
        } else if (recordOf(c.id)) {
          const how = own ? '采用全校统计数据，该校区的数据已含在内，不另计' : campusRecs.length > 1 ? '与其他校区的统计数据汇总计算' : '按该校区的统计数据计算';
          campusNote(c, 'folded', `单独评估，有 ${year} 年的校区统计数据；按学校计算（国家统计口径），并入${s.name}：${how}。按评估单位计算时单列`);
        }
      }
      continue;
    }

    // Per evaluated unit with at least one campus split off.
    const splitRecs = split.map((c) => recordOf(c.id)!);
    const splitNames = split.map((c) => c.name).join('、');
    const withoutFigures = flagged.filter((c) => !recordOf(c.id));
    const rest = own ? subtractRecords(own.values, splitRecs.map((r) => r.values)) : null;
    // Pupils the whole-school record has beyond the split campuses: positive, or not derivable.
    const restPupils = rest ? PUPIL_KEYS.filter((k) => own!.values[k] !== undefined && !((rest.values[k] as number) <= 0)) : [];
    if (schoolIsUnit(s) || withoutFigures.length) {
      if (rest) {
        note(`按评估单位计算：全校统计数据减去单列的${splitNames}后计算${arithmeticNote(rest)}`);
        rows.push(schoolRow(rest.values));
      } else {
        const others = campusRecs.filter((r) => !split.some((c) => c.id === r.campusId));
        if (others.length) {
          const sum = sumRecords(others.map((r) => r.values));
          const names = others.map((r) => campusName(r.campusId!));
          note(`按评估单位计算：未填报全校统计数据，按单列校区（${splitNames}）以外的 ${names.length} 个校区（${names.join('、')}）的统计数据汇总${arithmeticNote(sum)}`);
          rows.push(schoolRow(sum.values));
        } else {
          note(`按评估单位计算：除单列的${splitNames}外，${year} 年没有统计数据，各项指标按缺失处理`);
          rows.push(schoolRow({}));
        }
      }
    } else if (rest && restPupils.length) {
      // Every registered campus is its own unit, yet the whole-school record has pupils beyond them
      // (a main site not registered as a campus): those pupils are never dropped.
      const extra = restPupils.map((k) => (typeof rest.values[k] === 'number' ? `${label(k)} ${rest.values[k]} 人` : `${label(k)}无法推算`)).join('，');
      note(
        `按评估单位计算：各校区均单独评估，但全校统计数据比各校区之和多出学生（${extra}），这部分仍按学校单列计算${arithmeticNote(rest)}。如学校本部也单独评估，请在学校名册中把本部登记为校区并填报其统计数据`,
      );
      rows.push(schoolRow(rest.values));
    } else if (rest) {
      const off = rest.negative.filter((n) => (PUPIL_KEYS as readonly string[]).some((k) => label(k) === n.label)).map((n) => `${n.label}少 ${n.by} 人`);
      note(`按评估单位计算：各校区均单独评估，学校不再单列，全校统计数据不参与计算${off.length ? `；全校数据比各校区之和${off.join('，')}，请核对数据` : ''}`);
    }
    for (const c of withoutFigures) campusNote(c, 'noStatistics', `单独评估，但没有 ${year} 年的校区统计数据，不能单列，仍计入${s.name}`);
    for (const c of split) {
      campusNote(c, 'ownRow', `单独评估，按评估单位计算，以该校区 ${year} 年的统计数据单列为一个单位`);
      rows.push({ id: unitKey(s.id, c.id), schoolId: s.id, campusId: c.id, name: campusUnitName(s.name, c.name), type: s.type, stats: { ...recordOf(c.id)!.values } });
    }
  }
  return { rows, sourceNotes, basisNotes };
}
