/** A format-neutral view of a sheet: xlsx and CSV both become rows of typed cells. */
export type Cell =
  | { t: 'empty' }
  | { t: 'text'; v: string }
  | { t: 'number'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'date'; v: Date }
  /** A formula saved without its computed result (e.g. written by a program, never opened in Excel). */
  | { t: 'formula'; formula: string }
  | { t: 'error'; v: string };

export const EMPTY_CELL: Cell = { t: 'empty' };

export interface SheetTable {
  /** null for CSV, which has no sheets. */
  name: string | null;
  /** rows[0] is spreadsheet row 1; cells[0] is column A. Missing cells are empty. */
  rows: Cell[][];
  /**
   * Cells covered by a merge whose top-left cell is in the same row (key rowIndex * 16384 + colIndex).
   * They repeat the merged text, which would otherwise look like duplicate header columns.
   */
  mergedAcross?: Set<number>;
  /** xlsx: the workbook's date system; serial numbers stored as plain numbers count from 1904-01-01 when true. */
  date1904?: boolean;
  /** xlsx: the sheet is hidden or very hidden in the workbook. */
  hidden?: boolean;
  /** xlsx: 0-based indices (into `rows`) of rows marked hidden. */
  hiddenRows?: Set<number>;
  /** xlsx: merged ranges as the file states them (covered cells repeat the top-left value within `rows`). */
  merges?: MergeRange[];
  /** xlsx: cells whose value is a formula's saved result (key rowIndex * 16384 + colIndex), e.g. to tell a subtotal row from data. */
  formulaCells?: Set<number>;
}

/** A merged range, 0-based and inclusive: A1:C2 is { top: 0, left: 0, bottom: 1, right: 2 }. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function isMergedAcross(table: SheetTable, rowIndex: number, colIndex: number): boolean {
  return table.mergedAcross?.has(rowIndex * 16384 + colIndex) ?? false;
}

export interface SourceBook {
  kind: 'xlsx' | 'csv';
  sheets: SheetTable[];
}

export function cellAt(table: SheetTable, rowIndex: number, colIndex: number): Cell {
  return table.rows[rowIndex]?.[colIndex] ?? EMPTY_CELL;
}

export function isRowBlank(row: Cell[] | undefined): boolean {
  return !row || row.every((c) => c.t === 'empty');
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(colIndex: number): string {
  let n = colIndex + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
