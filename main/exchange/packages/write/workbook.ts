/**
 * 自评表.xlsx of a 填报包: sheets 说明, 自评, 统计数据 (and 退回意见 in a 退回修改 package), laid out
 * exactly as format.ts states (title rows, header rows, column order and texts), in the register's
 * house style (header fill, bold headers, frozen header, the one data-validation writer).
 *
 * Only the school's input cells are unlocked (light yellow); every sheet is protected without a
 * password — protection prevents accidents (a typed-over indicator code, a deleted row), not a
 * determined user, and the reader re-validates every cell whatever the workbook said. Every text
 * the office wrote is stored as a string with the text number format, so an indicator text starting
 * with “=”, “-”, “+” or “@” is never a formula, not even after the school edits the cell.
 */
import type ExcelJS from 'exceljs';
import { formatNumber, nominalTotal, type IndicatorNode, type Scoring } from '../../../../shared/domain/indicators';
import { formatChineseDate } from '../../../documents/dates';
import { wrappedLineCount } from '../../../documents/text-width';
import { columnLetter } from '../../register/table';
import { addCellValidations, addDataValidation, newWorkbook, workbookBuffer, type SchemaDataValidation } from '../../register/workbook-style';
import {
  answerKind,
  answerKindLabel,
  COMPUTED_ANSWER_TEXT,
  EVALUATION_COLUMN_ORDER,
  EVALUATION_COLUMNS,
  EVALUATION_HEADER_ROW,
  evidenceFolderName,
  FILES,
  MET_WORDS,
  QUERY_SHEET,
  SHEETS,
  STATISTICS_COLUMN_ORDER,
  STATISTICS_COLUMNS,
  STATISTICS_HEADER_ROW,
  VETO_WORDS,
  type EvaluationRow,
  type PackageSpec,
  type SelfAnswer,
} from '../format';
import { queryPlace, queryTarget, type QueryPlaces } from './queries';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
/** Light yellow: where the school types. */
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
/** Grey: computed by the office, no input. */
const COMPUTED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const BRANCH_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
/** Light orange: the code of a row the office sent back with a query. */
const QUERY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const TEXT_FORMAT = '@';

/**
 * Sheet protection of every sheet: no password; the school may still select cells and widen
 * columns or rows to read long criteria (formatColumns/formatRows true = allowed in exceljs).
 */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
};

/** Printing: A4, as wide as the paper (as many pages down as it takes). */
const PORTRAIT: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
const LANDSCAPE: Partial<ExcelJS.PageSetup> = { ...PORTRAIT, orientation: 'landscape' };

/** Column widths of the 自评 sheet, by column key. */
const EVALUATION_WIDTHS: Record<(typeof EVALUATION_COLUMN_ORDER)[number], number> = {
  code: 10,
  title: 24,
  content: 36,
  standard: 40,
  points: 8,
  evidence: 32,
  method: 20,
  answer: 16,
  explanation: 44,
  folder: 26,
};
const STATISTICS_WIDTHS: Record<(typeof STATISTICS_COLUMN_ORDER)[number], number> = { field: 44, lastYear: 14, value: 14, note: 48 };

/** What the workbook is built from besides the spec: the rows (format.ts evaluationRows) and query places. */
export interface WorkbookInput {
  spec: PackageSpec;
  rows: EvaluationRow[];
  places: QueryPlaces;
  /** Leaves of the system left out as not applicable to the unit (said on the 说明 sheet). */
  skippedLeaves: number;
}

/** 1-based column of a 自评 column key. */
export const evaluationColumn = (key: (typeof EVALUATION_COLUMN_ORDER)[number]): number => EVALUATION_COLUMN_ORDER.indexOf(key) + 1;
/** 1-based column of a 统计数据 column key. */
export const statisticsColumn = (key: (typeof STATISTICS_COLUMN_ORDER)[number]): number => STATISTICS_COLUMN_ORDER.indexOf(key) + 1;
const letterOf = (column: number) => columnLetter(column - 1);

/** Builds 自评表.xlsx. Throws only on a programming error (e.g. a validation Excel could not hold). */
export async function buildPackageWorkbook(input: WorkbookInput): Promise<Buffer> {
  const { spec } = input;
  const wb = await newWorkbook();
  // The issue time, not the time of writing: the workbook says when the package was issued.
  wb.created = new Date(spec.manifest.issuedAt);
  wb.modified = wb.created;
  wb.title = `${spec.round.name} 自评表`;
  wb.subject = spec.unit.name;

  await readmeSheet(wb, input);
  await evaluationSheet(wb, input);
  await statisticsSheet(wb, input);
  if (spec.manifest.packageVersion > 1) {
    await querySheet(wb, input);
    // A returned package opens on its queries: the first thing the school must read.
    wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 3, visibility: 'visible' }];
  }
  return workbookBuffer(wb);
}

// ---------------------------------------------------------------- 说明

async function readmeSheet(wb: ExcelJS.Workbook, input: WorkbookInput): Promise<void> {
  const { spec } = input;
  const ws = wb.addWorksheet(SHEETS.readme, { pageSetup: PORTRAIT });
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 100;
  const title = ws.addRow([`${spec.round.name} 自评表填写说明`]);
  title.font = { bold: true, size: 14 };
  ws.mergeCells(title.number, 1, title.number, 2);
  ws.addRow([]);
  const facts: [string, string][] = [
    ['评估项目', spec.round.name],
    ['年度', `${spec.round.year}年`],
    ['评估主体', spec.round.evaluator],
    ['单位', spec.unit.name],
    ['报送编码', spec.unit.code],
    ['指标体系', `${spec.system.name}（第 ${spec.manifest.systemVersion} 版）`],
    ['报送截止日期', formatChineseDate(spec.round.returnBy)],
    ['填报包', spec.manifest.packageVersion > 1 ? `第 ${spec.manifest.packageVersion - 1} 次退回修改` : '首次下发'],
  ];
  for (const [k, v] of facts) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    textCell(row.getCell(2)).alignment = { vertical: 'top', wrapText: true };
  }
  ws.addRow([]);
  const head = ws.addRow(['填写要求']);
  head.font = { bold: true };
  const notes = [
    `在“${SHEETS.evaluation}”工作表中逐项填写黄色单元格：“${EVALUATION_COLUMNS.answer}”按“${EVALUATION_COLUMNS.method}”一列的要求填写（自评等级、达标情况、是否存在该情形从下拉列表中选择；自评得分填写数字，不超过该项分值），“${EVALUATION_COLUMNS.explanation}”写明自评的依据。`,
    `灰色单元格“${COMPUTED_ANSWER_TEXT}”的指标由教育行政部门根据统计数据计算，学校不填写。`,
    `“${SHEETS.statistics}”工作表的“${STATISTICS_COLUMNS.value}”已按现有数据预填（本年尚无数据的按上年数值预填，这些单元格带有批注，请逐项核对更新为本年数值）：无误不必改动；有误请直接改正，并在“${STATISTICS_COLUMNS.note}”一列写明原因；没有数据的请留空，不要填 0。`,
    `每项指标的佐证材料放入“${FILES.evidenceDir}”文件夹中与“${EVALUATION_COLUMNS.folder}”一列同名的子文件夹。`,
    '除黄色单元格外，其他单元格已锁定。请不要插入、删除或移动行和列，不要修改工作表名称、指标编码和指标名称，否则自评表将无法导入。',
    `本表只列出适用于本单位（${spec.unit.schoolType}）的指标。${input.skippedLeaves > 0 ? `指标体系中另有 ${input.skippedLeaves} 项指标不适用于本单位，未列出，不计分。` : ''}`,
  ];
  if (spec.manifest.packageVersion > 1) {
    notes.unshift(`本自评表是退回修改的自评表，已填入你单位上次报送的内容。请先阅读“${QUERY_SHEET}”工作表，按意见修改后交回；有退回意见的指标，其指标编码单元格标为橙色，并附有批注。`);
  }
  notes.forEach((n, i) => {
    const row = ws.addRow([`${i + 1}.`, n]);
    row.getCell(1).alignment = { vertical: 'top', horizontal: 'right' };
    textCell(row.getCell(2)).alignment = { vertical: 'top', wrapText: true };
    fitRowHeight(ws, row, 2);
  });
  await ws.protect('', PROTECTION);
}

// ---------------------------------------------------------------- 自评

async function evaluationSheet(wb: ExcelJS.Workbook, input: WorkbookInput): Promise<void> {
  const { spec, rows } = input;
  const ws = wb.addWorksheet(SHEETS.evaluation, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: EVALUATION_HEADER_ROW }],
    pageSetup: { ...LANDSCAPE, printTitlesRow: `${EVALUATION_HEADER_ROW}:${EVALUATION_HEADER_ROW}` },
  });
  const width = EVALUATION_COLUMN_ORDER.length;
  EVALUATION_COLUMN_ORDER.forEach((k, i) => (ws.getColumn(i + 1).width = EVALUATION_WIDTHS[k]));

  titleRows(ws, width, [
    { text: `${spec.round.name} 自评表`, font: { bold: true, size: 16 }, center: true },
    { text: `单位：${spec.unit.name}  报送编码：${spec.unit.code}` },
    { text: `指标体系：${spec.system.name}（第 ${spec.manifest.systemVersion} 版）。黄色单元格为填写区域，灰色单元格无需填写；填写要求见“${SHEETS.readme}”工作表。` },
  ]);
  headerRow(ws, EVALUATION_HEADER_ROW, EVALUATION_COLUMN_ORDER.map((k) => EVALUATION_COLUMNS[k]));

  const queriesByNode = new Map<string, string[]>();
  for (const q of spec.queries ?? []) {
    if (q.target.kind === 'indicator' || (q.target.kind === 'evidence' && q.target.nodeId !== null)) {
      const list = queriesByNode.get(q.target.nodeId!) ?? [];
      list.push(`${queryTarget(spec, q)}：${q.text.trim()}`);
      queriesByNode.set(q.target.nodeId!, list);
    }
  }

  const validations: Parameters<typeof addCellValidations>[1][number][] = [];
  rows.forEach((r, i) => {
    const rowNumber = EVALUATION_HEADER_ROW + 1 + i;
    const row = ws.getRow(rowNumber);
    const n = r.node;
    const set = (key: (typeof EVALUATION_COLUMN_ORDER)[number], value: string | number | null) => {
      const cell = row.getCell(evaluationColumn(key));
      cell.value = value === '' ? null : value;
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: true };
      return cell;
    };
    textCell(set('code', n.code));
    textCell(set('title', n.title));
    textCell(set('content', n.content));
    textCell(set('standard', n.standard));
    if (!r.leaf) {
      set('points', nominalTotal({ nodes: [n] }));
      for (const k of ['evidence', 'method', 'answer', 'explanation', 'folder'] as const) set(k, null);
      row.font = { bold: true };
      for (let c = 1; c <= width; c++) row.getCell(c).fill = BRANCH_FILL;
    } else {
      set('points', n.points);
      textCell(set('evidence', n.evidence.join('\n')));
      textCell(set('method', answerKindLabel(n.scoring)));
      textCell(set('folder', evidenceFolderName(n)));
      const prior = spec.answers?.[n.id];
      const answer = set('answer', null);
      const explanation = set('explanation', null);
      if (answerKind(n.scoring) === 'computed') {
        answer.value = COMPUTED_ANSWER_TEXT;
        explanation.value = null;
        for (const c of [answer, explanation]) {
          c.fill = COMPUTED_FILL;
          c.font = { color: { argb: 'FF7F7F7F' } };
        }
        textCell(answer);
      } else {
        answer.value = answerValue(n.scoring, prior?.answer);
        explanation.value = prior?.explanation ? prior.explanation : null;
        textCell(explanation);
        for (const c of [answer, explanation]) {
          c.fill = INPUT_FILL;
          c.protection = { locked: false };
        }
        const v = answerValidation(n);
        if (v) validations.push({ row: rowNumber, col: evaluationColumn('answer'), validation: v });
      }
    }
    const queries = queriesByNode.get(n.id);
    if (queries) {
      const code = row.getCell(evaluationColumn('code'));
      code.fill = QUERY_FILL;
      code.note = `退回意见：\n${queries.join('\n')}`;
    }
    fitRowHeight(ws, row, width);
  });
  addCellValidations(ws, validations);
  await ws.protect('', PROTECTION);
}

/** The pre-filled 自评结果 of a 退回修改 package, in the words the cell takes (the report draft quotes the same words). */
export function answerValue(scoring: Scoring | null, a: SelfAnswer | undefined): string | number | null {
  if (!a) return null;
  switch (answerKind(scoring)) {
    case 'grade':
      return a.grade ?? null;
    case 'points':
      return a.points ?? null;
    case 'met':
      return a.met === undefined ? null : a.met ? MET_WORDS.yes : MET_WORDS.no;
    case 'veto':
      return a.triggered === undefined ? null : a.triggered ? VETO_WORDS.yes : VETO_WORDS.no;
    case 'computed':
      return null;
  }
}

/** Characters that would break a list literal in a data validation (`"A,B"`). */
const LIST_UNSAFE = /[",]/;

/**
 * The data validation of a leaf's 自评结果 cell, with an input message saying what to write; null
 * for a computed leaf. A grade list that an Excel list literal cannot hold (a label with a comma or
 * quote, more than 255 characters) gets the message only: the reader checks the value anyway.
 */
export function answerValidation(n: IndicatorNode): SchemaDataValidation | null {
  const s = n.scoring;
  const common = { allowBlank: true, showInputMessage: true, showErrorMessage: true, errorStyle: 'stop' as const };
  const list = (title: string, options: string[], prompt: string): SchemaDataValidation | null => {
    const literal = `"${options.join(',')}"`;
    if (options.some((o) => LIST_UNSAFE.test(o)) || [...literal].length - 2 > 255) return null;
    return { ...common, type: 'list', formulae: [literal], promptTitle: title, prompt, errorTitle: title, error: `请从下拉列表中选择：${options.join('、')}` };
  };
  switch (s?.method) {
    case 'grade': {
      const labels = s.grades.map((g) => g.label);
      const described = s.grades.map((g) => (g.description.trim() ? `${g.label}：${g.description.trim()}` : g.label)).join('；');
      return list('自评等级', labels, `请从下拉列表中选择自评等级（${described}）`);
    }
    case 'boolean':
      return list('是否达标', [MET_WORDS.yes, MET_WORDS.no], `请选择“${MET_WORDS.yes}”或“${MET_WORDS.no}”`);
    case 'veto':
      return list('是否存在该情形', [VETO_WORDS.yes, VETO_WORDS.no], `本项为一票否决项：存在该情形请选择“${VETO_WORDS.yes}”，不存在请选择“${VETO_WORDS.no}”`);
    case 'points':
    case 'bonus':
    case 'deduction': {
      const what = s.method === 'points' ? '自评得分' : s.method === 'bonus' ? '自评加分' : '自评扣分（扣去的分数）';
      const max = n.points;
      const step = s.step > 0 ? `，按 ${formatNumber(s.step)} 分的整数倍填写` : '';
      const range = max === null ? `不小于 0 的数值` : `0—${formatNumber(max)} 之间的数值`;
      return {
        ...common,
        type: 'decimal',
        operator: max === null ? 'greaterThanOrEqual' : 'between',
        formulae: max === null ? [0] : [0, max],
        promptTitle: what.replace(/（.*）/, ''),
        prompt: `请填写${what}：${range}${step}`,
        errorTitle: what.replace(/（.*）/, ''),
        error: `${what}应为${range}${step}`,
      };
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------- 统计数据

async function statisticsSheet(wb: ExcelJS.Workbook, input: WorkbookInput): Promise<void> {
  const { spec } = input;
  const ws = wb.addWorksheet(SHEETS.statistics, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: STATISTICS_HEADER_ROW }],
    pageSetup: { ...PORTRAIT, printTitlesRow: `${STATISTICS_HEADER_ROW}:${STATISTICS_HEADER_ROW}` },
  });
  const width = STATISTICS_COLUMN_ORDER.length;
  STATISTICS_COLUMN_ORDER.forEach((k, i) => (ws.getColumn(i + 1).width = STATISTICS_WIDTHS[k]));
  titleRows(ws, width, [
    { text: `${spec.round.name} 统计数据`, font: { bold: true, size: 14 }, center: true },
    { text: `年度：${spec.round.year}年  单位：${spec.unit.name}  报送编码：${spec.unit.code}` },
  ]);
  headerRow(ws, STATISTICS_HEADER_ROW, STATISTICS_COLUMN_ORDER.map((k) => STATISTICS_COLUMNS[k]));

  const queriesByKey = new Map<string, string[]>();
  for (const q of spec.queries ?? []) {
    if (q.target.kind === 'statistic') queriesByKey.set(q.target.key, [...(queriesByKey.get(q.target.key) ?? []), q.text.trim()]);
  }
  const first = STATISTICS_HEADER_ROW + 1;
  spec.statistics.forEach((f, i) => {
    const row = ws.getRow(first + i);
    const cell = (key: (typeof STATISTICS_COLUMN_ORDER)[number], value: string | number | null) => {
      const c = row.getCell(statisticsColumn(key));
      c.value = value;
      c.border = BORDER;
      c.alignment = { vertical: 'top', wrapText: key === 'field' || key === 'note' };
      return c;
    };
    const label = textCell(cell('field', f.label));
    cell('lastYear', f.lastYear);
    const value = cell('value', f.value);
    // A school must not take last year's figure for this year's without looking (new-user trial): said at the cell.
    if (f.fromLastYear) value.note = `本年尚无数据，已按上年数值预填，请核对后更新为 ${spec.round.year} 年的数值`;
    const note = textCell(cell('note', f.note || null));
    for (const c of [value, note]) {
      c.fill = INPUT_FILL;
      c.protection = { locked: false };
    }
    const queries = queriesByKey.get(f.key);
    if (queries) {
      label.fill = QUERY_FILL;
      label.note = `退回意见：\n${queries.join('\n')}`;
    }
    fitRowHeight(ws, row, width);
  });
  if (spec.statistics.length) {
    const col = letterOf(statisticsColumn('value'));
    addDataValidation(ws, `${col}${first}:${col}${first + spec.statistics.length - 1}`, {
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      allowBlank: true,
      showInputMessage: true,
      promptTitle: STATISTICS_COLUMNS.value,
      prompt: '请核对预填的数值，有误请改正；没有数据请留空，不要填 0',
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: STATISTICS_COLUMNS.value,
      error: '请填写不小于 0 的数值；没有数据请留空',
    });
  }
  await ws.protect('', PROTECTION);
}

// ---------------------------------------------------------------- 退回意见

async function querySheet(wb: ExcelJS.Workbook, input: WorkbookInput): Promise<void> {
  const { spec, places } = input;
  const ws = wb.addWorksheet(QUERY_SHEET, { properties: { tabColor: { argb: 'FFC00000' } }, views: [{ state: 'frozen', ySplit: 3 }], pageSetup: LANDSCAPE });
  const headers = ['序号', '退回对象', '退回意见', '修改位置'];
  [6, 36, 60, 40].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  titleRows(ws, headers.length, [
    { text: `${spec.unit.name} 退回修改意见（第 ${spec.manifest.packageVersion - 1} 次）`, font: { bold: true, size: 14 }, center: true },
    { text: '请按以下意见逐条修改，修改后连同整个文件夹交回。' },
  ]);
  headerRow(ws, 3, headers);
  const queries = spec.queries ?? [];
  if (!queries.length) ws.addRow(['', '', '无具体意见，请核对全部内容后交回。', '']);
  queries.forEach((q, i) => {
    const row = ws.addRow([i + 1, queryTarget(spec, q), q.text.trim(), queryPlace(q, places)]);
    row.eachCell((c, col) => {
      c.border = BORDER;
      c.alignment = { vertical: 'top', wrapText: true };
      if (col > 1) textCell(c);
    });
    fitRowHeight(ws, row, headers.length);
  });
  await ws.protect('', PROTECTION);
}

// ---------------------------------------------------------------- helpers

/** Points per line of 11 pt text, with the cell's padding. */
const LINE_PT = 15;
/** Excel's highest row. */
const MAX_ROW_PT = 409;

/**
 * Sets a data row's height to fit its wrapped text. Excel and WPS keep a row at the default height
 * whatever its wrapped text holds unless the file states one, so a 评分标准 of five lines would show
 * as one. A column `width` holds about width ÷ 2 full-width characters.
 */
function fitRowHeight(ws: ExcelJS.Worksheet, row: ExcelJS.Row, columns: number): void {
  let lines = 1;
  for (let c = 1; c <= columns; c++) {
    const v = row.getCell(c).value;
    if (typeof v !== 'string' || !v) continue;
    const perLine = Math.max(1, ((ws.getColumn(c).width ?? 9) / 2) * 0.9);
    const n = v.split('\n').reduce((sum, line) => sum + wrappedLineCount(line, perLine), 0);
    lines = Math.max(lines, n);
  }
  row.height = Math.min(MAX_ROW_PT, lines * LINE_PT + 3);
}

/** Stores a text cell with the text number format: never read as a formula or a number, also after editing. */
function textCell(cell: ExcelJS.Cell): ExcelJS.Cell {
  cell.numFmt = TEXT_FORMAT;
  return cell;
}

function titleRows(ws: ExcelJS.Worksheet, width: number, lines: { text: string; font?: Partial<ExcelJS.Font>; center?: boolean }[]): void {
  lines.forEach((l, i) => {
    const row = ws.getRow(i + 1);
    const cell = row.getCell(1);
    cell.value = l.text;
    textCell(cell);
    if (l.font) cell.font = l.font;
    cell.alignment = { vertical: 'middle', horizontal: l.center ? 'center' : 'left', wrapText: true };
    ws.mergeCells(i + 1, 1, i + 1, width);
    row.height = l.center ? 28 : 20;
  });
}

function headerRow(ws: ExcelJS.Worksheet, rowNumber: number, headers: string[]): void {
  const row = ws.getRow(rowNumber);
  row.height = 32;
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
}
