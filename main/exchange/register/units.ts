/**
 * Where a statistics file states the unit of its money and area columns, and which unit each
 * column is read in. Offices state it in the header (资产值（万元）), in a title row above the
 * header (金额单位：万元), in a row of units under the header (人 | 平方米 | 万元), or in a unit
 * column (单位: 万元) per row. A money column with no unit anywhere is a question for the user,
 * never a guess (issue 8 §3; architecture.md §3: never mix 万元 and 元 silently).
 */
import type { StatFieldDef } from '../../../shared/domain/schools/statistics-fields';
import { canonicalUnit, cellHeaderText, type ColumnSpec, type LocatedHeader, type MatchedColumn } from './header-match';
import { ALT_UNITS } from './stats-columns';
import { cellAt, columnLetter, type SheetTable } from './table';

/** Factors into the stored unit, per kind of field that has alternatives. */
export const UNIT_FACTORS: Readonly<Record<'money' | 'area', Readonly<Record<string, number>>>> = {
  money: { 元: 1, ...ALT_UNITS.money },
  area: { 平方米: 1, ...ALT_UNITS.area },
};

export type UnitKind = keyof typeof UNIT_FACTORS;

export function unitKindOf(def: StatFieldDef): UnitKind | null {
  return def.kind === 'money' ? 'money' : def.kind === 'area' ? 'area' : null;
}

/** The column that states a unit per row. */
export const UNIT_COLUMN_SPEC: ColumnSpec<'unitColumn'> = { key: 'unitColumn', label: '金额单位', aliases: ['单位', '计量单位', '货币单位'] };

/** Every word a units row may hold (canonical forms). */
const UNIT_WORDS = new Set(['人', '平方米', '万平方米', '元', '万元', '千元', '个', '间', '册', '台', '所', '%']);

export interface TitleUnits {
  money?: { unit: string; row: number };
  area?: { unit: string; row: number };
}

const TITLE_MONEY = /(?:金额|资金|经费|货币|价值)?单位\s*[:：]\s*(万元|千元|元)/;
const TITLE_AREA = /面积(?:单位)?\s*[:：]\s*(万平方米|平方米|㎡|m2|平米)/i;

/** Units stated in the rows above the header (金额单位：万元；面积单位：平方米). */
export function titleUnits(table: SheetTable, headerRowIndex: number): TitleUnits {
  const found: TitleUnits = {};
  for (let r = 0; r < headerRowIndex; r++) {
    for (const cell of table.rows[r] ?? []) {
      if (cell.t !== 'text') continue;
      const text = cell.v.normalize('NFKC');
      const money = TITLE_MONEY.exec(text);
      if (money && !found.money) found.money = { unit: canonicalUnit(money[1]), row: r + 1 };
      const area = TITLE_AREA.exec(text);
      if (area && !found.area) found.area = { unit: canonicalUnit(area[1]), row: r + 1 };
    }
  }
  return found;
}

/** Labels an office writes at the start of a units row (单位 | 人 | 平方米 | 万元). */
const UNITS_ROW_LABELS = new Set(['单位', '计量单位', '单位名称']);

/** A unit word as a units row writes it: “人”, “（人）”, “(万元)”, “单位：万元”. */
function unitWord(text: string): string {
  return canonicalUnit(text.normalize('NFKC').trim().replace(/^[(（［[]\s*(.*?)\s*[)）］\]]$/, '$1'));
}

/**
 * A row directly under the header holding only unit words (人 | 平方米 | 万元, also in brackets, and
 * optionally led by a 单位 label); returns the units by column index, or null.
 */
export function unitsRowBelow(table: SheetTable, header: LocatedHeader): Map<number, string> | null {
  const r = header.rowIndex + 1;
  const row = table.rows[r];
  if (!row) return null;
  const units = new Map<number, string>();
  let labels = 0;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (!cell || cell.t === 'empty') continue;
    const text = cellHeaderText(table, r, c);
    if (!text) return null;
    const unit = unitWord(text);
    const plain = text.normalize('NFKC').replace(/[\s:：]+/g, '');
    if (UNIT_WORDS.has(unit)) units.set(c, unit);
    else if (UNITS_ROW_LABELS.has(plain) && labels === 0 && units.size === 0) labels++;
    else return null;
  }
  return units.size >= 2 ? units : null;
}

/** The years a title row names (2025年义务教育学校办学条件统计表 → 2025). */
export function titleYear(table: SheetTable, headerRowIndex: number): { year: number; row: number } | null {
  for (let r = 0; r < headerRowIndex; r++) {
    for (const cell of table.rows[r] ?? []) {
      if (cell.t !== 'text') continue;
      const m = /((?:19|20)\d{2})\s*(?:年|学年|年度)/.exec(cell.v.normalize('NFKC'));
      if (m) return { year: Number(m[1]), row: r + 1 };
    }
  }
  return null;
}

export type UnitSource = 'header' | 'unitsRow' | 'title' | 'unitColumn' | 'answer' | 'assumed';

/** How one money or area column is read. */
export interface ColumnUnit {
  unit: string;
  factor: number;
  source: UnitSource;
  /** Row of the title or units row that stated it (1-based), for the notice. */
  row?: number;
  /** A different unit the file also states for the column, set aside by the user's answer (see UnitConflict). */
  setAside?: { unit: string; where: string };
}

/**
 * A column whose own unit (in its header, or the units row) differs from the title's (单位：元 over
 * 经费（万元）). Either may be the slip — a title copied from another form, or a header edited
 * without the title — and they differ a thousand- or ten-thousand-fold, so the user decides
 * (`answers[titleUnitQuestionId(kind)]`: 'header' or 'title'); the column is not read until then.
 */
export interface UnitConflict {
  column: MatchedColumn;
  def: StatFieldDef;
  kind: UnitKind;
  own: { unit: string; factor: number; source: 'header' | 'unitsRow' };
  title: { unit: string; factor: number; row: number };
}

/** The question id for title units that differ from column units, per kind (money, area). */
export function titleUnitQuestionId(kind: UnitKind): string {
  return `titleUnit:${kind}`;
}

/** The answers a title-unit question takes. */
export const TITLE_UNIT_ANSWERS = ['header', 'title'] as const;

/** The Chinese words for where a unit came from, for notices. */
export function describeUnitSource(u: ColumnUnit): string {
  switch (u.source) {
    case 'header':
      return '表头注明';
    case 'unitsRow':
      return `第 ${u.row} 行的单位行注明`;
    case 'title':
      return `第 ${u.row} 行标题注明`;
    case 'unitColumn':
      return '“单位”列注明';
    case 'answer':
      return '您在预览中选择';
    case 'assumed':
      return '未注明单位，按';
  }
}

export interface ResolvedUnits {
  /** By field key; a money column missing here has no unit stated and needs the user's answer. */
  byField: Map<string, ColumnUnit>;
  /** Money/area fields whose unit is not stated anywhere (and not answered). */
  unknown: MatchedColumn[];
  /** Problems with a stated unit (a units row saying 人 over a money column). */
  problems: { column: MatchedColumn; message: string }[];
  /** Columns whose own unit differs from the title's, not answered yet: not read until the user says which holds. */
  conflicts: UnitConflict[];
  unitsRow: number | null;
  unitColumn: MatchedColumn | null;
}

/**
 * Decides the unit of each money and area column: the header's own unit, else the units row, else
 * the title row, else the user's answer (`answers['unit:<field>']`). A per-row unit column is applied
 * row by row on top (see rowUnit). Area columns with no unit anywhere are read in 平方米 (no school's
 * floor area is stated in 万平方米 without saying so); money columns are a question. A column whose
 * own unit differs from the title's is a question too (see UnitConflict), never settled silently.
 */
export function resolveUnits(
  table: SheetTable,
  header: LocatedHeader,
  fields: { column: MatchedColumn; def: StatFieldDef }[],
  answers: Readonly<Record<string, string>>,
): ResolvedUnits {
  const title = titleUnits(table, header.rowIndex);
  const row = unitsRowBelow(table, header);
  const unitColumn = header.columns.find((c) => c.spec.key === UNIT_COLUMN_SPEC.key) ?? null;
  const byField = new Map<string, ColumnUnit>();
  const unknown: MatchedColumn[] = [];
  const problems: ResolvedUnits['problems'] = [];
  const conflicts: UnitConflict[] = [];
  /**
   * The column's own unit, unless the title states another: then the user's answer, or a conflict
   * left open (the column unresolved).
   */
  const settle = (column: MatchedColumn, def: StatFieldDef, kind: UnitKind, own: ColumnUnit & { source: 'header' | 'unitsRow' }) => {
    const t = title[kind];
    const tf = t ? UNIT_FACTORS[kind][t.unit] : undefined;
    if (!t || tf === undefined || t.unit === own.unit) {
      byField.set(def.key, own);
      return;
    }
    const ownWhere = own.source === 'header' ? '表头' : `第 ${own.row} 行的单位行`;
    const answer = answers[titleUnitQuestionId(kind)];
    if (answer === 'header') byField.set(def.key, { ...own, setAside: { unit: t.unit, where: `第 ${t.row} 行标题` } });
    else if (answer === 'title') byField.set(def.key, { unit: t.unit, factor: tf, source: 'title', row: t.row, setAside: { unit: own.unit, where: ownWhere } });
    else conflicts.push({ column, def, kind, own: { unit: own.unit, factor: own.factor, source: own.source }, title: { unit: t.unit, factor: tf, row: t.row } });
  };
  for (const { column, def } of fields) {
    const kind = unitKindOf(def);
    const fromRow = row?.get(column.index);
    if (!kind) {
      if (fromRow && fromRow !== canonicalUnit(def.unit)) {
        problems.push({ column, message: `单位行写的是“${fromRow}”，但“${def.label}”的单位应为“${def.unit}”` });
      }
      continue;
    }
    const factors = UNIT_FACTORS[kind];
    if (column.statedUnit) {
      settle(column, def, kind, { unit: column.statedUnit, factor: column.factor, source: 'header' });
      if (fromRow && fromRow !== column.statedUnit) {
        problems.push({ column, message: `表头注明单位“${column.statedUnit}”，单位行却写“${fromRow}”，请统一后再导入` });
      }
      continue;
    }
    if (fromRow) {
      const f = factors[fromRow];
      if (f === undefined) problems.push({ column, message: `单位行写的是“${fromRow}”，不是“${def.label}”可用的单位（${Object.keys(factors).join('、')}）` });
      else settle(column, def, kind, { unit: fromRow, factor: f, source: 'unitsRow', row: header.rowIndex + 2 });
      continue;
    }
    const fromTitle = title[kind];
    if (fromTitle && factors[fromTitle.unit] !== undefined) {
      byField.set(def.key, { unit: fromTitle.unit, factor: factors[fromTitle.unit], source: 'title', row: fromTitle.row });
      continue;
    }
    const answered = answers[unitQuestionId(def.key)];
    if (answered && factors[answered] !== undefined) {
      byField.set(def.key, { unit: answered, factor: factors[answered], source: 'answer' });
      continue;
    }
    if (kind === 'area') {
      byField.set(def.key, { unit: '平方米', factor: 1, source: 'assumed' });
      continue;
    }
    // A per-row unit column may still state it; rows without one then make the question.
    unknown.push(column);
  }
  return { byField, unknown, problems, conflicts, unitsRow: row ? header.rowIndex + 2 : null, unitColumn };
}

/** The question id for a column's unit. */
export function unitQuestionId(fieldKey: string): string {
  return `unit:${fieldKey}`;
}

/** The unit a row's unit column states (canonical), or null when it has none. */
export function rowUnit(table: SheetTable, rowIndex: number, unitColumn: MatchedColumn | null): string | null {
  if (!unitColumn) return null;
  const c = cellAt(table, rowIndex, unitColumn.index);
  if (c.t !== 'text' || c.v.trim() === '') return null;
  return canonicalUnit(c.v);
}

/** “F 列“教学仪器设备资产值””, for messages (a header's line breaks shown as a space). */
export function columnName(column: MatchedColumn): string {
  return `${columnLetter(column.index)} 列“${column.header.replace(/\s+/g, ' ').trim()}”`;
}
