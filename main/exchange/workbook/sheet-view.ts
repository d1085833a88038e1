/**
 * Sheets addressed the way Excel numbers them (row 1, column 1 = A1), for importers that walk a
 * workbook cell by cell and name cells in their messages (the indicator-system import).
 */
import { EMPTY_CELL, isRowBlank, type Cell, type SheetTable, type SourceBook } from '../register/table';
import { isCoveredByMerge } from './merges';

export interface RowView {
  /** 1-based row number. */
  readonly number: number;
  /** Columns up to the last one holding a value (merged cells repeat their value). */
  readonly width: number;
  /** 1-based column. */
  cell(col: number): Cell;
  /** Covered by a merge without being its top-left cell. */
  isCovered(col: number): boolean;
}

export class SheetView {
  constructor(readonly table: SheetTable) {}

  get name(): string {
    return this.table.name ?? '';
  }

  get hidden(): boolean {
    return this.table.hidden ?? false;
  }

  /** The last row holding a value. */
  get rowCount(): number {
    return this.table.rows.length;
  }

  row(number: number): RowView {
    const cells = this.table.rows[number - 1] ?? [];
    const table = this.table;
    return {
      number,
      width: cells.length,
      cell: (col) => cells[col - 1] ?? EMPTY_CELL,
      isCovered: (col) => isCoveredByMerge(table, number - 1, col - 1),
    };
  }

  /** Rows holding at least one value, in order. */
  eachRow(fn: (row: RowView, number: number) => void): void {
    this.table.rows.forEach((cells, i) => {
      if (!isRowBlank(cells)) fn(this.row(i + 1), i + 1);
    });
  }
}

export class BookView {
  readonly sheets: SheetView[];

  constructor(book: SourceBook) {
    this.sheets = book.sheets.map((s) => new SheetView(s));
  }

  sheet(name: string): SheetView | undefined {
    return this.sheets.find((s) => s.name === name);
  }
}
