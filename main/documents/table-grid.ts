/** Places spanning cells on the table's logical grid (HTML rules: covered cells are omitted in the input). */
import type { PlanCell } from './plan-types.js';

export interface GridSlot {
  cell: PlanCell;
  row: number;
  col: number;
}

/** Returns rows of `columns` slots: a slot is the cell starting there, or null where a span covers it. */
export function expandGrid(rows: PlanCell[][], columns: number): (GridSlot | null)[][] {
  const covered: boolean[][] = rows.map(() => new Array<boolean>(columns).fill(false));
  const out: (GridSlot | null)[][] = rows.map(() => new Array<GridSlot | null>(columns).fill(null));
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < columns && covered[r][c]) c++;
      if (c >= columns) throw new Error(`表格第 ${r + 1} 行的单元格多于 ${columns} 列`);
      const colSpan = Math.min(cell.colSpan, columns - c);
      const rowSpan = Math.min(cell.rowSpan, rows.length - r);
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) covered[r + dr][c + dc] = true;
      out[r][c] = { cell: { ...cell, colSpan, rowSpan }, row: r, col: c };
      c += colSpan;
    }
  });
  return out;
}
