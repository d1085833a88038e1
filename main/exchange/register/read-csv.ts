import Papa from 'papaparse';
import { decodeText } from './decode-text';
import { EMPTY_CELL, type Cell, type SheetTable } from './table';

export interface CsvProblem {
  row: number | null;
  message: string;
}

/** CSV cells are all text; numbers are recognised later, per column. */
export function readCsv(buf: Buffer): { table: SheetTable; problems: CsvProblem[] } {
  const text = decodeText(buf);
  const result = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const rows: Cell[][] = result.data.map((r) => (Array.isArray(r) ? r.map(toCell) : []));
  const problems: CsvProblem[] = result.errors
    // A one-column file has no delimiter to detect; that is not a defect.
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({
      row: typeof e.row === 'number' ? e.row + 1 : null,
      message: e.code === 'MissingQuotes' ? '引号没有闭合，文件格式有误' : e.code === 'TooManyFields' || e.code === 'TooFewFields' ? '' : `CSV 格式有误：${e.message}`,
    }))
    .filter((p) => p.message !== '');
  return { table: { name: null, rows }, problems };
}

function toCell(s: string): Cell {
  return s.trim() === '' ? EMPTY_CELL : { t: 'text', v: s };
}
