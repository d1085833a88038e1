import type { School } from '../../../shared/api/contracts/schools';
import { columnLetter } from './table';
import { CAMPUS_SEPARATOR, SCHOOL_COLUMNS, type SchoolColumn } from './school-columns';
import { SCHOOLS_SHEET, TEMPLATE_ROWS } from './sheet-names';
import { addGuideSheet, addListValidation, newWorkbook, styleHeaderRow, workbookBuffer } from './workbook-style';

const GUIDE_NOTES = [
  '学校名册导入说明：在“学校名册”工作表中每行填写一所学校，第一行是表头，请勿修改列名。',
  '有学校标识码的按标识码匹配已有学校，没有的按学校名称匹配；匹配到的学校会更新，匹配不到的新增。重复导入同一文件不会产生任何变化。',
  '支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）文件。导入前会先预览新增、修改和未变的学校以及全部错误，确认后才写入。',
];

function cellValue(col: SchoolColumn, s: School): string | null {
  if (col.key === 'campuses') return s.campuses.length ? s.campuses.map((c) => c.name).join(CAMPUS_SEPARATOR) : null;
  return s[col.key] ?? null;
}

/** Template and export share this layout, so an exported register re-imports with no changes. */
async function schoolsWorkbook(schools: School[]): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(SCHOOLS_SHEET);
  ws.columns = SCHOOL_COLUMNS.map((c) => ({ header: c.label, key: c.key, width: c.width }));
  // Text format keeps 标识码 digits, dates and campus lists exactly as typed.
  for (const [i, c] of SCHOOL_COLUMNS.entries()) if (c.kind !== 'enum') ws.getColumn(i + 1).numFmt = '@';
  styleHeaderRow(ws, SCHOOL_COLUMNS.length);
  for (const s of schools) ws.addRow(SCHOOL_COLUMNS.map((c) => cellValue(c, s)));
  const lastRow = Math.max(TEMPLATE_ROWS, schools.length + 1);
  for (const [i, c] of SCHOOL_COLUMNS.entries()) if (c.options) addListValidation(ws, columnLetter(i), c.options, lastRow, c.label);

  addGuideSheet(wb, {
    notes: GUIDE_NOTES,
    headers: ['列名', '是否必填', '说明', '可选值'],
    widths: [16, 10, 60, 50],
    rows: SCHOOL_COLUMNS.map((c) => [c.label, c.required ? '必填' : '选填', c.hint, c.options ? c.options.join('、') : '']),
  });
  return workbookBuffer(wb);
}

export function buildSchoolsTemplate(): Promise<Buffer> {
  return schoolsWorkbook([]);
}

export function exportSchoolsWorkbook(schools: School[]): Promise<Buffer> {
  return schoolsWorkbook(schools);
}
