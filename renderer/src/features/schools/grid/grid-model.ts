import { byPinyin } from '../../../../../shared/domain/text/pinyin';
/**
 * The year grid's data, apart from the grid component: one row per school (its whole-school record
 * of the year; campus records stay in the school's own page), every statistics field as text the
 * way a spreadsheet cell holds it. Cells are read with the shared rules (stat-validation.ts), so a
 * pasted “-5” or “八百” is kept as typed, marked with its Chinese message, and never saved.
 */
import type { StatRecord } from '../../../../../shared/api/contracts/statistics';
import { sectionsOfType, type SchoolType } from '../../../../../shared/domain/schools/school-enums';
import { parseStatText, statValueText } from '../../../../../shared/domain/schools/stat-validation';
import { STAT_FIELDS, type StatFieldDef, type StatValue } from '../../../../../shared/domain/schools/statistics-fields';
import { inOperation } from '../../../../../shared/domain/schools/evaluated-units';

/** What the grid needs of a school. */
export interface GridSchool {
  id: number;
  name: string;
  type: SchoolType;
  status: '在办' | '撤并';
  closedOn: string | null;
}

/** One grid row: `_id` is the school id; every field key holds the cell's text (null = empty). */
export type GridRow = { _id: string } & Record<string, string | null>;

/** A refused cell: which school and field, and the message naming both. */
export interface GridCellIssue {
  schoolId: number;
  schoolName: string;
  field: string;
  label: string;
  message: string;
}

/**
 * Whether a field is asked of a school of this type: fields of sections the type does not run (a
 * 小学's 初中在校生数) are not — unless a value is stored, which must stay visible and clearable.
 */
export function fieldApplies(type: SchoolType, def: StatFieldDef, stored: string | null | undefined): boolean {
  if (!def.section || sectionsOfType(type).includes(def.section)) return true;
  return stored !== null && stored !== undefined && stored !== '';
}

/**
 * Why a cell is read-only, in the words the cell's tooltip and the paste notice use; null when it can
 * be edited. A school recorded per campus this year is edited on its own page (campusOnlySchools);
 * a field the school's type does not have (fieldApplies) is not asked of it.
 */
export function readOnlyReason(school: { name: string; type: SchoolType }, def: StatFieldDef, perCampus: boolean, stored: string | null | undefined): string | null {
  if (perCampus) return `${school.name}本年按校区填报，请在该校的“统计数据”页修改`;
  return fieldApplies(school.type, def, stored) ? null : `${school.type}不填${def.label}`;
}

/**
 * The grid's rows: schools in the year's census (the same rule as the balance and the units: a
 * school closed on or after 1 September still counts) and any school with a record of the year,
 * in pinyin order of name.
 */
export function buildRows(schools: readonly GridSchool[], records: readonly StatRecord[], year: number): GridRow[] {
  const bySchool = new Map(records.filter((r) => r.campusId === null).map((r) => [r.schoolId, r]));
  return schools
    .filter((s) => inOperation(s, year) || bySchool.has(s.id))
    .sort((a, b) => byPinyin(a.name, b.name))
    .map((s) => rowFromValues(s.id, bySchool.get(s.id)?.values));
}

/**
 * Schools whose figures of the year are recorded per campus only (no whole-school record): the
 * grid leaves their row read-only, since a whole-school record typed there would change how the
 * school is evaluated (its campuses' sum is used while it has none).
 */
export function campusOnlySchools(records: readonly StatRecord[]): Set<number> {
  const whole = new Set(records.filter((r) => r.campusId === null).map((r) => r.schoolId));
  return new Set(records.filter((r) => r.campusId !== null && !whole.has(r.schoolId)).map((r) => r.schoolId));
}

/** A row holding stored values as cell text. */
export function rowFromValues(schoolId: number, values: Readonly<Record<string, StatValue | undefined>> | undefined): GridRow {
  const row: GridRow = { _id: String(schoolId) } as GridRow;
  for (const f of STAT_FIELDS) row[f.key] = values?.[f.key] === undefined ? null : statValueText(values[f.key]);
  return row;
}

/** The message of a cell that cannot be saved; null when it is empty or reads as a valid value. */
export function cellIssue(def: StatFieldDef, text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const r = parseStatText(def, text);
  return r.ok ? null : r.message;
}

/** A row's values as they would be stored (empty cells missing); refused cells are left out. */
export function rowValues(row: GridRow): Record<string, StatValue> {
  const values: Record<string, StatValue> = {};
  for (const f of STAT_FIELDS) {
    const text = row[f.key];
    if (text === null || text === undefined) continue;
    const r = parseStatText(f, text);
    if (r.ok && r.value !== null) values[f.key] = r.value;
  }
  return values;
}

const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();

/** Rows whose cells differ from the rows as loaded (by text; saving compares values again). */
export function changedRows(rows: readonly GridRow[], original: ReadonlyMap<string, GridRow>): GridRow[] {
  return rows.filter((r) => {
    const o = original.get(r._id);
    return !o || STAT_FIELDS.some((f) => !sameText(r[f.key], o[f.key]));
  });
}

/** Every refused cell of the rows, row by row in grid order, naming school and field. */
export function gridIssues(rows: readonly GridRow[], names: ReadonlyMap<number, string>): GridCellIssue[] {
  const out: GridCellIssue[] = [];
  for (const r of rows) {
    for (const f of STAT_FIELDS) {
      const message = cellIssue(f, r[f.key]);
      if (message) out.push({ schoolId: Number(r._id), schoolName: names.get(Number(r._id)) ?? '', field: f.key, label: f.label, message });
    }
  }
  return out;
}

/** Whether every cell of a row is empty. */
export function rowIsEmpty(row: GridRow): boolean {
  return STAT_FIELDS.every((f) => row[f.key] === null || row[f.key] === undefined || row[f.key]!.trim() === '');
}

/**
 * Fills the rows of schools without a record this year (and still empty in the grid) with their
 * record of `previous` (a year earlier): unsaved, for the user to check and save. Returns the new
 * rows and the ids of the schools filled.
 */
export function copyPreviousYear(rows: readonly GridRow[], hasRecord: ReadonlySet<number>, previous: readonly StatRecord[]): { rows: GridRow[]; copied: number[] } {
  const last = new Map(previous.filter((r) => r.campusId === null).map((r) => [r.schoolId, r]));
  const copied: number[] = [];
  const next = rows.map((r) => {
    const id = Number(r._id);
    const source = last.get(id);
    if (hasRecord.has(id) || !source || !rowIsEmpty(r)) return r;
    copied.push(id);
    return rowFromValues(id, source.values);
  });
  return { rows: next, copied };
}

/** A cell of the grid by position: row index and field column index (the school column not counted). */
export interface GridPos {
  row: number;
  col: number;
}

/**
 * The cells a paste writes to, with the text for each, as react-datasheet-grid 4 applies a paste
 * (DataSheetGrid applyPasteDataToDatasheet): from the selection's top-left (or the active cell); one
 * pasted row fills every selected row; several rows start at the top-left and stop at the last row
 * and the last column (the grid adds no rows here). `data` is the clipboard as rows of cell texts.
 */
export function pasteTargets(data: readonly (readonly string[])[], min: GridPos, max: GridPos, rowCount: number, colCount: number): (GridPos & { text: string })[] {
  const out: (GridPos & { text: string })[] = [];
  if (data.length === 0) return out;
  const single = data.length === 1;
  const rows = single ? Array.from({ length: max.row - min.row + 1 }, (_, i) => ({ row: min.row + i, line: data[0] })) : data.map((line, i) => ({ row: min.row + i, line }));
  for (const { row, line } of rows) {
    if (row >= rowCount) break;
    line.forEach((text, i) => {
      const col = min.col + i;
      if (col < colCount) out.push({ row, col, text });
    });
  }
  return out;
}

/**
 * What a paste left out: the targets that hold a value (blank pasted cells lose nothing) but land on
 * a cell that cannot take it, and the distinct reasons, in order. `reasonOf` says why a cell is
 * read-only (“小学不填初中在校生数”), null for a cell that takes the value.
 */
export function ignoredPaste(targets: readonly (GridPos & { text: string })[], reasonOf: (pos: GridPos) => string | null): { count: number; reasons: string[] } {
  let count = 0;
  const reasons: string[] = [];
  for (const t of targets) {
    if (t.text.trim() === '') continue;
    const reason = reasonOf(t);
    if (reason === null) continue;
    count++;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return { count, reasons };
}

/**
 * The sentence after a paste that left values out: “3 个值粘贴到不适用的单元格，已忽略：小学不填初中在校生数”.
 * At most three reasons are named (then “等”); null when nothing was left out.
 */
export function ignoredPasteMessage(ignored: { count: number; reasons: readonly string[] }): string | null {
  if (ignored.count === 0) return null;
  const named = ignored.reasons.slice(0, 3).join('；');
  return `${ignored.count} 个值粘贴到不适用的单元格，已忽略：${named}${ignored.reasons.length > 3 ? ' 等' : ''}`;
}
