import type { School } from '../../../shared/api/contracts/schools';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import { inOperation } from '../../../shared/domain/schools/evaluated-units';
import { STAT_FIELDS, type StatFieldDef, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { STATS_SHEET, TEMPLATE_ROWS } from './sheet-names';
import { STATS_IDENTITY_COLUMNS, statColumnWidth, statHeader } from './stats-columns';
import { columnLetter } from './table';
import { addGuideSheet, addNumberValidation, newWorkbook, styleHeaderRow, workbookBuffer } from './workbook-style';

interface StatsSheetRow {
  code: string | null;
  name: string;
  campus: string | null;
  year: number | null;
  values?: StatValues;
}

const KIND_NOTES: Record<StatFieldDef['kind'], string> = {
  count: '整数',
  area: '数值，可有小数',
  money: '金额，可有两位小数',
  percent: '百分数，0—100',
  list: '多个数值，用逗号或顿号分隔',
};

const GUIDE_NOTES = [
  '学校统计导入说明：在“学校统计”工作表中每行填写一所学校（或一个校区）一年的统计数据，第一行是表头，请勿修改列名。',
  '空白单元格表示“没有数据”，不会当作 0，也不会清除已有数据；确实为 0 的请填 0。',
  '学校按学校标识码匹配，没有标识码的按学校名称匹配，学校须已在学校名册中登记；“校区”可不填，填写时须是该校已登记的校区。',
  '金额以元为单位；若表头改为“（万元）”，则按万元填写，导入时自动换算为元。',
  '导入前会先预览新增、修改和未变的行、全部错误以及与上一年相比需要核实的数据，确认后才写入。',
];

function listText(v: StatValues[string]): string | number | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(',') : v;
}

async function statsWorkbook(rows: StatsSheetRow[]): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(STATS_SHEET);
  const identity = STATS_IDENTITY_COLUMNS.map((c) => ({ header: c.label, key: c.key, width: c.width }));
  const fields = STAT_FIELDS.map((d) => ({ header: statHeader(d), key: d.key, width: statColumnWidth(d) }));
  ws.columns = [...identity, ...fields];
  const total = identity.length + fields.length;
  styleHeaderRow(ws, total);
  ws.getColumn(1).numFmt = '@';
  // Lists stay text: Excel would read “96,100” as the number 96100.
  STAT_FIELDS.forEach((d, i) => {
    if (d.kind === 'list') ws.getColumn(identity.length + i + 1).numFmt = '@';
  });

  for (const r of rows) {
    ws.addRow([r.code, r.name, r.campus, r.year, ...STAT_FIELDS.map((d) => listText(r.values?.[d.key]))]);
  }
  const lastRow = Math.max(TEMPLATE_ROWS, rows.length + 1);
  addNumberValidation(ws, 'D', lastRow, { whole: true, min: 2000, max: 2100, title: '年份' });
  STAT_FIELDS.forEach((d, i) => {
    if (d.kind === 'list') return;
    const letter = columnLetter(identity.length + i);
    if (d.kind === 'percent') addNumberValidation(ws, letter, lastRow, { whole: false, min: 0, max: 100, title: d.label });
    else addNumberValidation(ws, letter, lastRow, { whole: d.kind === 'count', min: 0, title: d.label });
  });

  addGuideSheet(wb, {
    notes: GUIDE_NOTES,
    headers: ['列名', '单位', '填写要求', '说明'],
    widths: [34, 10, 24, 60],
    rows: [
      ...STATS_IDENTITY_COLUMNS.map((c) => [c.label, '', c.key === 'year' ? '四位年份' : '文本', c.hint]),
      ...STAT_FIELDS.map((d) => [statHeader(d), d.unit, KIND_NOTES[d.kind], d.hint ?? '']),
    ],
  });
  return workbookBuffer(wb);
}

export function buildStatsTemplate(opts: { year?: number; schools?: { code: string | null; name: string }[] } = {}): Promise<Buffer> {
  const year = opts.year ?? null;
  return statsWorkbook((opts.schools ?? []).map((s) => ({ code: s.code, name: s.name, campus: null, year })));
}

/**
 * One row per school in the year's census (blank figures when none are stored, so the file doubles as
 * a form), plus one row per campus record. Same layout as the template. Left out:
 * - schools closed (撤并) before 1 September of the year — not in that year's census, the same rule as
 *   the 差异系数 (shared/domain/schools/evaluated-units.ts `inOperation`); the balance would not use
 *   their figures and re-importing such a row would only raise a question;
 * - campus rows without a record, even for a campus marked 单独评估: an empty row says nothing, and
 *   the template (schools in operation, no campus rows) is the form to fill.
 */
export function exportStatsWorkbook(year: number, schools: School[], stats: StatRecord[]): Promise<Buffer> {
  const forYear = stats.filter((r) => r.year === year);
  const rows: StatsSheetRow[] = [];
  for (const s of schools) {
    if (!inOperation(s, year)) continue;
    const mine = forYear.filter((r) => r.schoolId === s.id);
    rows.push({ code: s.code, name: s.name, campus: null, year, values: mine.find((r) => r.campusId === null)?.values });
    for (const c of s.campuses) {
      const rec = mine.find((r) => r.campusId === c.id);
      if (rec) rows.push({ code: s.code, name: s.name, campus: c.name, year, values: rec.values });
    }
  }
  return statsWorkbook(rows);
}
