import type ExcelJS from 'exceljs';
import { GUIDE_SHEET } from './sheet-names';

/**
 * A new workbook with the product as its creator. ExcelJS (27 MB once loaded) is loaded on first
 * use, so a worker thread that only renders documents never loads it.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
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

/**
 * A data validation whose enumerated attributes take only the values of the OOXML schema
 * (CT_DataValidation in ECMA-376 sml.xsd). exceljs types them as plain strings and writes
 * whatever it is given; Excel repairs, and openpyxl and pandas refuse, a workbook with any
 * other value (errorStyle="error" once made every statistics template unreadable to them).
 */
export interface SchemaDataValidation extends Omit<ExcelJS.DataValidation, 'errorStyle' | 'type'> {
  type: 'whole' | 'decimal' | 'list' | 'date' | 'textLength' | 'custom';
  /** stop = reject the value (Excel's default), warning / information = ask or tell and accept. */
  errorStyle?: 'stop' | 'warning' | 'information';
}

/** Excel's own limits (not in the schema; a longer text makes Excel repair the file). */
const MAX_TITLE = 32;
const MAX_MESSAGE = 255;
const MAX_LIST_LITERAL = 255;

const clip = (text: string | undefined, max: number): string | undefined =>
  text === undefined || [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;

/** The one place the product writes data validations. */
export function addDataValidation(ws: ExcelJS.Worksheet, range: string, v: SchemaDataValidation): void {
  const list = v.type === 'list' ? v.formulae[0] : undefined;
  if (typeof list === 'string' && list.startsWith('"') && [...list].length - 2 > MAX_LIST_LITERAL) {
    throw new Error(`下拉列表超过 Excel 允许的 ${MAX_LIST_LITERAL} 个字符：${list}`);
  }
  (ws as ValidationSheet).dataValidations.add(range, {
    ...v,
    errorTitle: clip(v.errorTitle, MAX_TITLE),
    error: clip(v.error, MAX_MESSAGE),
    promptTitle: clip(v.promptTitle, MAX_TITLE),
    prompt: clip(v.prompt, MAX_MESSAGE),
  } as ExcelJS.DataValidation);
}

/**
 * Validations of single cells (one per cell, possibly different), written as the fewest ranges:
 * runs of consecutive rows of one column with the same validation. Adding them cell by cell lets
 * exceljs merge them itself, and its merge sorts addresses as text (H10 before H6), so it wrote
 * overlapping ranges (H6:H14 beside H10:H14) that Excel reports as damaged content.
 * `cells`: 1-based row and column of each cell with its validation.
 */
export function addCellValidations(ws: ExcelJS.Worksheet, cells: readonly { row: number; col: number; validation: SchemaDataValidation }[]): void {
  const sorted = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i]!;
    const key = JSON.stringify(first.validation);
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.col === first.col && sorted[j]!.row === sorted[j - 1]!.row + 1 && JSON.stringify(sorted[j]!.validation) === key) j++;
    const last = sorted[j - 1]!;
    const top = ws.getCell(first.row, first.col).address;
    addDataValidation(ws, last.row === first.row ? top : `${top}:${ws.getCell(last.row, last.col).address}`, first.validation);
    i = j;
  }
}

/** A drop-down list on one column's data rows. */
export function addListValidation(ws: ExcelJS.Worksheet, letter: string, options: readonly string[], lastRow: number, title: string): void {
  addDataValidation(ws, `${letter}2:${letter}${lastRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${options.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
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
  addDataValidation(ws, `${letter}2:${letter}${lastRow}`, {
    type: rule.whole ? 'whole' : 'decimal',
    operator: rule.max === undefined ? 'greaterThanOrEqual' : 'between',
    formulae: rule.max === undefined ? [rule.min] : [rule.min, rule.max],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: rule.title,
    error: rule.max === undefined ? `请填写不小于 ${rule.min} 的${rule.whole ? '整数' : '数值'}；没有数据请留空` : `请填写 ${rule.min}—${rule.max} 之间的${rule.whole ? '整数' : '数值'}`,
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
