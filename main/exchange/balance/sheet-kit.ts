/** Small helpers for the balance workbook: header rows, number formats, status fills. */
import type ExcelJS from 'exceljs';
import { DISPLAY_DECIMALS, type AttainmentStatus, type DisplayKind } from '../../../shared/domain/balance';

/** Excel number format that shows exactly the display rounding; the cell keeps full precision. */
export function numFmt(kind: DisplayKind): string {
  const d = DISPLAY_DECIMALS[kind];
  if (kind === 'share' || kind === 'ratio') return `0.${'0'.repeat(d)}%`;
  return d === 0 ? '0' : `0.${'0'.repeat(d)}`;
}

export const STATUS_FILL: Record<AttainmentStatus, string> = {
  met: 'FFD9F2D9',
  within85: 'FFFFF2CC',
  below: 'FFF8D7DA',
  missing: 'FFE7E6E6',
};

export function fill(cell: ExcelJS.Cell, argb: string): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** Header row at `rowNumber` with the shared header style; sets column widths. */
export function header(ws: ExcelJS.Worksheet, titles: string[], widths: number[], rowNumber = 1): void {
  const row = ws.getRow(rowNumber);
  titles.forEach((t, i) => {
    const cell = row.getCell(i + 1);
    cell.value = t;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    fill(cell, 'FFDDEBF7');
    cell.border = { bottom: { style: 'thin' } };
  });
  row.height = 32;
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: rowNumber }];
}

/** Appends a row; numbers get the format of their column's kind (null = text/general). */
export function addRow(ws: ExcelJS.Worksheet, values: (string | number | null)[], kinds: (DisplayKind | null)[] = []): ExcelJS.Row {
  const row = ws.addRow(values.map((v) => (v === null ? '—' : v)));
  kinds.forEach((k, i) => {
    if (k && typeof values[i] === 'number') row.getCell(i + 1).numFmt = numFmt(k);
  });
  return row;
}
