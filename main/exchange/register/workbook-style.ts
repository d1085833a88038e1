import ExcelJS from 'exceljs';
import { GUIDE_SHEET } from './sheet-names';

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '督导评估工作台';
  wb.created = new Date(0);
  return wb;
}

export function styleHeaderRow(ws: ExcelJS.Worksheet, columnCount: number): void {
  const row = ws.getRow(1);
  row.height = 32;
  for (let c = 1; c <= columnCount; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  }
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
}

type ValidationSheet = ExcelJS.Worksheet & { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } };

/** A drop-down list on one column's data rows. */
export function addListValidation(ws: ExcelJS.Worksheet, letter: string, options: readonly string[], lastRow: number, title: string): void {
  (ws as ValidationSheet).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${options.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'error',
    errorTitle: title,
    error: `请从下拉列表中选择：${options.join('、')}`,
  });
}

export function addNumberValidation(
  ws: ExcelJS.Worksheet,
  letter: string,
  lastRow: number,
  rule: { whole: boolean; min: number; max?: number; title: string },
): void {
  (ws as ValidationSheet).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
    type: rule.whole ? 'whole' : 'decimal',
    operator: rule.max === undefined ? 'greaterThanOrEqual' : 'between',
    formulae: rule.max === undefined ? [rule.min] : [rule.min, rule.max],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'error',
    errorTitle: rule.title,
    error: rule.max === undefined ? `请填写不小于 ${rule.min} 的${rule.whole ? '整数' : '数值'}；没有数据请留空` : `请填写 ${rule.min}—${rule.max} 之间的整数`,
  });
}

export interface GuideTable {
  notes: string[];
  headers: string[];
  rows: string[][];
  widths: number[];
}

/** The 填写说明 sheet: general notes, then one line per column. */
export function addGuideSheet(wb: ExcelJS.Workbook, guide: GuideTable): void {
  const ws = wb.addWorksheet(GUIDE_SHEET);
  guide.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const note of guide.notes) {
    const row = ws.addRow([note]);
    ws.mergeCells(row.number, 1, row.number, guide.headers.length);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.addRow([]);
  const head = ws.addRow(guide.headers);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }));
  for (const r of guide.rows) ws.addRow(r).alignment = { wrapText: true, vertical: 'top' };
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
