/**
 * One worksheet, streamed: only cells holding a value are kept, so a sheet whose formatting reaches
 * row 1,048,576 costs the time to scan it and nothing more. The sheet's rows end at the last row
 * with a value.
 *
 * Cell semantics (the file holds what Excel showed when it was saved; we never evaluate formulas):
 *  - a formula with a saved result is that result: 0 is 0, FALSE is false, an empty string result
 *    (t="str" with an empty <v>) is an empty cell, an error result is an error;
 *  - a formula saved without a result (no <v>, or an empty <v> on a number cell as openpyxl writes)
 *    stays { t: 'formula' } so the importer can ask for the file to be recalculated;
 *  - numbers shown through a date format are dates, in the workbook's date system.
 */
import { EMPTY_CELL, type Cell, type MergeRange, type SheetTable } from '../register/table';
import { FICTITIOUS_1900_02_29, serialToDate } from './dates';
import { shiftFormula } from './formula';
import { limitMessages, WorkbookLimitError } from './limits';
import { decodeXString } from './parts';
import { isTrue, parseXmlPart, type Attrs } from './xml';
import type { ZipArchive } from './zip';

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** Rows without a value share this one frozen array. */
const EMPTY_ROW: Cell[] = Object.freeze([]) as unknown as Cell[];

export interface SheetContext {
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  /** Cells with a value still allowed (shared over the workbook); decremented as cells are kept. */
  budget: { cells: number; max: number };
}

export interface SheetMeta {
  name: string;
  hidden: boolean;
}

/** Parses “C12” into 0-based row and column; null when it is not a cell reference. */
export function parseRef(ref: string): { row: number; col: number } | null {
  let i = 0;
  let col = 0;
  while (i < ref.length) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else if (ch !== 36) break; // $
    i++;
  }
  let row = 0;
  let digits = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch === 36 && digits === 0) continue;
    if (ch < 48 || ch > 57) return null;
    row = row * 10 + (ch - 48);
    digits++;
  }
  if (col === 0 || digits === 0 || row === 0) return null;
  return { row: row - 1, col: col - 1 };
}

export function parseRange(ref: string): MergeRange | null {
  const [a, b] = ref.split(':');
  const p = parseRef(a);
  const q = b === undefined ? p : parseRef(b);
  if (!p || !q) return null;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

function textCell(s: string): Cell {
  return s.trim() === '' ? EMPTY_CELL : { t: 'text', v: s };
}

export async function readSheet(zip: ZipArchive, part: string, meta: SheetMeta, ctx: SheetContext): Promise<SheetTable> {
  const rows: Cell[][] = [];
  let lastRow = -1;
  let maxCol = -1;
  const hiddenRowList: number[] = [];
  const merges: MergeRange[] = [];
  const formulaCells: number[] = [];
  const sharedMasters = new Map<string, { formula: string; row: number; col: number }>();

  let curRow = -1;
  let rowStart = true;
  let ref: string | undefined;
  let prevRef: string | undefined;
  let prevCol = -1;
  let located = false;
  // The cell being read.
  let inCell = false;
  let row = 0;
  let col = 0;
  let type = 'n';
  let style: string | undefined;
  let v: string | null = null;
  let f: string | null = null;
  let fType: string | undefined;
  let fSi: string | undefined;
  let inline: string | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let rph = 0;

  // Where the cell is. Most cells of a formatted sheet hold nothing, so the reference is parsed only
  // for cells that hold something; a cell without r follows the previous one in its row.
  const locate = () => {
    if (located) return;
    located = true;
    const p = ref !== undefined ? parseRef(ref) : null;
    if (p) {
      row = p.row;
      col = p.col;
    } else {
      row = curRow;
      col = predecessorCol() + 1;
    }
  };
  const predecessorCol = () => (prevRef !== undefined ? (parseRef(prevRef)?.col ?? -1) : prevCol);

  const finishCell = () => {
    inCell = false;
    let formula: string | null = null;
    if (f !== null) {
      locate();
      if (fType === 'shared' && fSi !== undefined) {
        if (f.trim() !== '') sharedMasters.set(fSi, { formula: f, row, col });
        else {
          const m = sharedMasters.get(fSi);
          f = m ? shiftFormula(m.formula, row - m.row, col - m.col) : '';
        }
      }
      formula = f;
    }
    const cell = toCell(type, style, v, formula, inline, ctx);
    if (cell.t === 'empty') return;
    locate();
    if (row >= MAX_ROWS || col >= MAX_COLS) return;
    if (--ctx.budget.cells < 0) throw new WorkbookLimitError(limitMessages.cells(ctx.budget.max));
    (rows[row] ??= [])[col] = cell;
    if (formula !== null && cell.t !== 'formula') formulaCells.push(row * 16384 + col);
    if (row > lastRow) lastRow = row;
    if (col > maxCol) maxCol = col;
  };

  await parseXmlPart(zip, part, {
    open(name: string, a: Attrs) {
      switch (name) {
        case 'row': {
          const r = a.r !== undefined ? Number(a.r) - 1 : curRow + 1;
          curRow = Number.isInteger(r) && r >= 0 ? r : curRow + 1;
          ref = undefined;
          rowStart = true;
          prevRef = undefined;
          prevCol = -1;
          if (isTrue(a.hidden)) hiddenRowList.push(curRow);
          break;
        }
        case 'c': {
          if (!rowStart) {
            // Remember where the previous cell was, for a cell without r (rare: most writers always write r).
            if (ref !== undefined) prevRef = ref;
            else {
              prevCol = predecessorCol() + 1;
              prevRef = undefined;
            }
          }
          rowStart = false;
          ref = a.r;
          located = false;
          inCell = true;
          type = a.t ?? 'n';
          style = a.s;
          v = null;
          f = null;
          fType = undefined;
          fSi = undefined;
          inline = null;
          rph = 0;
          break;
        }
        case 'v':
          if (inCell) {
            v = '';
            capture = 'v';
          }
          break;
        case 'f':
          if (inCell) {
            f = '';
            fType = a.t;
            fSi = a.si;
            capture = 'f';
          }
          break;
        case 'is':
          if (inCell) inline = '';
          break;
        case 'rPh':
          rph++;
          break;
        case 't':
          if (inCell && inline !== null && rph === 0) capture = 't';
          break;
        case 'mergeCell': {
          const m = a.ref ? parseRange(a.ref) : null;
          if (m) merges.push(m);
          break;
        }
      }
    },
    close(name: string) {
      switch (name) {
        case 'v':
        case 'f':
        case 't':
          capture = null;
          break;
        case 'rPh':
          rph--;
          break;
        case 'c':
          if (inCell) finishCell();
          break;
      }
    },
    text(t: string) {
      if (capture === 'v') v += t;
      else if (capture === 'f') f += t;
      else if (capture === 't') inline += t;
    },
  });

  const table = buildTable(meta, rows, lastRow, maxCol, hiddenRowList, merges, ctx);
  table.formulaCells = new Set(formulaCells);
  return table;
}

function toCell(type: string, style: string | undefined, v: string | null, formula: string | null, inline: string | null, ctx: SheetContext): Cell {
  if (type === 'inlineStr' || (inline !== null && v === null)) return inline === null ? EMPTY_CELL : textCell(decodeXString(inline));
  // No result saved: no <v>, or an empty one on anything but a text result (openpyxl writes formulas
  // it never calculated as <f>…</f><v/>). A formula that returned "" is t="str" with an empty <v>.
  if (v === null || (type !== 'str' && v.trim() === '')) return formula !== null ? { t: 'formula', formula } : EMPTY_CELL;
  switch (type) {
    case 's': {
      const s = ctx.sharedStrings[Number(v)];
      return s === undefined ? EMPTY_CELL : textCell(s);
    }
    case 'str':
      // A formula's text result; empty means the formula returned "" (the file holds that result).
      return textCell(decodeXString(v));
    case 'b':
      return { t: 'bool', v: v.trim() === '1' || v.trim().toLowerCase() === 'true' };
    case 'e':
      return { t: 'error', v: v.trim() };
    case 'd': {
      const s = v.trim();
      const d = new Date(/T.*(Z|[+-]\d\d:?\d\d)$/.test(s) || !s.includes('T') ? s : `${s}Z`);
      return Number.isNaN(d.getTime()) ? textCell(s) : { t: 'date', v: d };
    }
    default: {
      const s = v.trim();
      const n = Number(s);
      if (!Number.isFinite(n)) return { t: 'error', v: s };
      if (style !== undefined && ctx.dateStyles[Number(style)]) {
        const d = serialToDate(n, ctx.date1904);
        if (d === FICTITIOUS_1900_02_29) return { t: 'text', v: d };
        if (d) return { t: 'date', v: d };
      }
      return { t: 'number', v: n };
    }
  }
}

function buildTable(
  meta: SheetMeta,
  sparse: Cell[][],
  lastRow: number,
  maxCol: number,
  hiddenRowList: number[],
  merges: MergeRange[],
  ctx: SheetContext,
): SheetTable {
  const rows: Cell[][] = new Array(lastRow + 1);
  for (let r = 0; r <= lastRow; r++) rows[r] = sparse[r] ?? EMPTY_ROW;
  const mergedAcross = new Set<number>();
  // Covered cells repeat the merged value (as Excel shows it), within the rows and columns that hold values.
  for (const m of merges) {
    if (m.top > lastRow) continue;
    const master = rows[m.top][m.left] ?? EMPTY_CELL;
    const right = Math.min(m.right, maxCol);
    for (let c = m.left + 1; c <= right; c++) {
      if (--ctx.budget.cells < 0) throw new WorkbookLimitError(limitMessages.cells(ctx.budget.max));
      mergedAcross.add(m.top * 16384 + c);
    }
    if (master.t === 'empty') continue;
    for (let r = m.top; r <= Math.min(m.bottom, lastRow); r++) {
      for (let c = m.left; c <= right; c++) {
        if (r === m.top && c === m.left) continue;
        if (rows[r] === EMPTY_ROW) rows[r] = [];
        if (rows[r][c] === undefined && --ctx.budget.cells < 0) throw new WorkbookLimitError(limitMessages.cells(ctx.budget.max));
        rows[r][c] = master;
      }
    }
  }
  for (const r of rows) {
    if (r === EMPTY_ROW) continue;
    for (let c = 0; c < r.length; c++) if (!r[c]) r[c] = EMPTY_CELL;
  }
  const hiddenRows = new Set<number>();
  for (const r of hiddenRowList) if (r <= lastRow) hiddenRows.add(r);
  return { name: meta.name, rows, mergedAcross, date1904: ctx.date1904, hidden: meta.hidden, hiddenRows, merges };
}
