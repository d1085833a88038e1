import ExcelJS from 'exceljs';
import { stripDataValidations } from './strip-validations';
import { EMPTY_CELL, type Cell, type SheetTable } from './table';

/** Throws when the bytes are a zip but not a readable workbook. */
export async function readXlsx(buf: Buffer): Promise<SheetTable[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await stripDataValidations(buf)) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: Cell[][] = [];
    const mergedAcross = new Set<number>();
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        cells[colNumber - 1] = toCell(cell.value);
        if (cell.isMerged && cell.master !== cell && Number(cell.master.row) === rowNumber) {
          mergedAcross.add((rowNumber - 1) * 16384 + (colNumber - 1));
        }
      });
      for (let i = 0; i < cells.length; i++) if (!cells[i]) cells[i] = EMPTY_CELL;
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
    return { name: ws.name, rows, mergedAcross };
  });
}

function toCell(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return EMPTY_CELL;
  if (typeof value === 'number') return Number.isFinite(value) ? { t: 'number', v: value } : { t: 'error', v: String(value) };
  if (typeof value === 'string') return value.trim() === '' ? EMPTY_CELL : { t: 'text', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { t: 'error', v: '无效日期' } : { t: 'date', v: value };
  if (typeof value === 'object') {
    const o = value as unknown as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      // Only the cached result counts: we never evaluate formulas ourselves.
      if (o.result === undefined || o.result === null) return { t: 'formula', formula: String(o.formula ?? o.sharedFormula ?? '') };
      return toCell(o.result as ExcelJS.CellValue);
    }
    if ('richText' in o && Array.isArray(o.richText)) {
      const text = (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
      return text.trim() === '' ? EMPTY_CELL : { t: 'text', v: text };
    }
    if ('error' in o) return { t: 'error', v: String(o.error) };
    if ('text' in o) return toCell(o.text as ExcelJS.CellValue);
  }
  return { t: 'text', v: String(value) };
}
