import type { MergeRange, SheetTable } from '../register/table';

/** Covered cells (key rowIndex * 16384 + colIndex) per table, within the rows and columns that hold values. */
const coveredCache = new WeakMap<SheetTable, Set<number>>();
/** A hostile file may state thousands of overlapping merges; past this many covered cells the rest is ignored. */
const MAX_COVERED = 2_000_000;

function coveredCells(table: SheetTable): Set<number> {
  let set = coveredCache.get(table);
  if (set) return set;
  set = new Set<number>();
  const width = table.rows.reduce((w, r) => Math.max(w, r.length), 0);
  outer: for (const m of table.merges ?? []) {
    for (let r = m.top; r <= Math.min(m.bottom, table.rows.length - 1); r++) {
      for (let c = m.left; c <= Math.min(m.right, width - 1); c++) {
        if (r === m.top && c === m.left) continue;
        set.add(r * 16384 + c);
        if (set.size >= MAX_COVERED) break outer;
      }
    }
  }
  coveredCache.set(table, set);
  return set;
}

/** The merged range a cell belongs to, if any (0-based indices). */
export function mergeAt(table: SheetTable, rowIndex: number, colIndex: number): MergeRange | undefined {
  return table.merges?.find((m) => rowIndex >= m.top && rowIndex <= m.bottom && colIndex >= m.left && colIndex <= m.right);
}

/** A cell within the table covered by a merge but not its top-left cell: it only repeats the merged value. */
export function isCoveredByMerge(table: SheetTable, rowIndex: number, colIndex: number): boolean {
  if (!table.merges?.length) return false;
  return coveredCells(table).has(rowIndex * 16384 + colIndex);
}
