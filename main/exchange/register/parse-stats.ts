import { SCHOOL_COLUMNS } from './school-columns';
import type { ImportIssue, ImportNotice, ImportQuestion } from '../../../shared/api/contracts/exchange';
import { STAT_FIELD_BY_KEY, type StatFieldDef, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { formatNumber, readList, readNumber, readText } from './cell-values';
import { chooseSheet } from './find-sheet';
import { normalizeHeader, repeatsHeader, type MatchedColumn } from './header-match';
import { IssueCollector, describeRows, type IssuePlace } from './issues';
import type { ColumnRef } from './parse-schools';
import { CSV_SHEET } from './parse-schools';
import { readSource } from './read-source';
import { STATS_SHEET } from './sheet-names';
import { STATS_COLUMN_SPECS, numberRuleFor, type StatsIdentityKey } from './stats-columns';
import { cellAt, isRowBlank, type Cell, type SheetTable } from './table';
import {
  UNIT_COLUMN_SPEC,
  UNIT_FACTORS,
  columnName,
  describeUnitSource,
  resolveUnits,
  rowUnit,
  titleYear,
  titleUnitQuestionId,
  TITLE_UNIT_ANSWERS,
  unitKindOf,
  unitQuestionId,
  type ColumnUnit,
  type UnitConflict,
} from './units';

export interface ParsedStatsRow {
  sheet: string;
  row: number;
  schoolCode: string | null;
  schoolName: string;
  campusName: string | null;
  year: number;
  /** Only cells that hold a value: a blank cell is missing, never 0. Money is in 元, areas in 平方米. */
  values: StatValues;
  /** Where each identity column and field came from, keyed by field key or identity key. */
  columns: Record<string, ColumnRef>;
  /** The row is hidden in the workbook (read all the same, and said so). */
  hidden: boolean;
  /** Field keys computed from other fields of the row (section totals from grades). */
  derived: string[];
}

/**
 * A row with cell errors (already among `errors`): never stored, but planned against the register
 * all the same, so that an unknown school or campus, a repeated row, or a figure the school's type
 * does not have is reported in the same pass as the cell errors.
 */
export interface RejectedStatsRow extends Omit<ParsedStatsRow, 'year'> {
  /** Null when the year itself is wrong or missing. */
  year: number | null;
  /** Identity columns and fields whose cell is wrong (values holds only the cells that read correctly). */
  failed: string[];
}

export interface ParsedStats {
  rows: ParsedStatsRow[];
  /** Rows with errors, for planning only (see RejectedStatsRow). */
  rejected: RejectedStatsRow[];
  errors: ImportIssue[];
  /**
   * Cells read with something the user should check, one per cell, located like errors: a number
   * holding an invisible character or an odd space (shown as ⟨U+200B⟩), or typed with its column's unit.
   */
  warnings: ImportIssue[];
  /** File-level facts for the top of the preview (units applied, rows skipped, totals derived). */
  notices: ImportNotice[];
  /** Open questions: nothing may be stored until each is answered. */
  questions: ImportQuestion[];
}

export interface ParseStatsOptions {
  /** The year chosen for the import; a 年份 column or a title year that differs becomes a question. */
  year?: number;
  /** Answers to earlier questions (ImportRequest.answers). */
  answers?: Readonly<Record<string, string>>;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/**
 * Rows that sum the table rather than describe a school: 合计, 总 计：, 总计(21所), 全县合计,
 * 镇区学校小计 … — a label ending in 合计/总计/小计/汇总/总和 once spaces, a trailing colon and a
 * trailing parenthesis are set aside.
 */
const TOTAL_ROW = /(合计|总计|小计|总和|汇总)$/;

function isTotalLabel(text: string): boolean {
  const t = normalizeHeader(text).replace(/[:：]+$/, '').replace(/\([^()]*\)$/, '').replace(/[:：]+$/, '');
  return t.length <= 12 && TOTAL_ROW.test(t);
}

/** Section totals a nine-year school's file may leave out while giving every grade. */
const DERIVED_TOTALS: { key: string; grades: number[] }[] = [
  { key: 'pupilsPrimary', grades: [1, 2, 3, 4, 5, 6] },
  { key: 'pupilsJunior', grades: [7, 8, 9] },
];

export const YEAR_QUESTION = 'year';

function isTotalRow(row: Cell[]): boolean {
  return row.some((c) => c.t === 'text' && isTotalLabel(c.v));
}

/**
 * Nothing but formulas (with or without a saved result, or zeros they left) outside the year column:
 * a template's filled-down subtotal row, not a school.
 */
function isFormulaOnlyRow(table: SheetTable, r: number, yearIndex: number | undefined): boolean {
  const row = table.rows[r] ?? [];
  let formulas = 0;
  let zeros = 0;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (!cell || cell.t === 'empty' || c === yearIndex) continue;
    if (cell.t === 'formula' || table.formulaCells?.has(r * 16384 + c)) formulas++;
    else if (cell.t === 'number' && cell.v === 0) zeros++;
    else return false;
  }
  return formulas > 0 || zeros > 0;
}

/**
 * Reads a statistics file (xlsx or CSV) into rows of values in stored units, with every problem
 * located to file, sheet, row and column. Units are resolved per column (header, units row, title
 * row, unit column, or the user's answer); a money column with no unit is a question, as is a
 * file year that differs from the chosen one. 合计 rows and rows holding only formulas are skipped
 * with a notice; section totals missing beside complete grades are derived and said so.
 */
export async function parseStatsFile(buf: Buffer, fileName: string, opts: ParseStatsOptions = {}): Promise<ParsedStats> {
  const answers = opts.answers ?? {};
  const issues = new IssueCollector(fileName);
  const cellNotes = new IssueCollector(fileName);
  const notices: ImportNotice[] = [];
  const questions: ImportQuestion[] = [];
  const done = (rows: ParsedStatsRow[], rejected: RejectedStatsRow[] = []): ParsedStats => ({
    rows,
    rejected,
    errors: issues.toArray(),
    warnings: cellNotes.toArray(),
    notices,
    questions,
  });
  for (const problem of answerProblems(answers)) issues.add({}, problem);
  const book = await readSource(buf, issues);
  if (!book) return done([]);
  const specs = [...STATS_COLUMN_SPECS, UNIT_COLUMN_SPEC];
  const choice = chooseSheet(book, STATS_SHEET, specs, '“学校名称”“年份”和各统计项', issues);
  if (!choice) return done([]);
  const { table, header } = choice;
  const sheet = table.name;
  const headerRow = header.rowIndex + 1;

  for (const p of header.problems) issues.add({ sheet, row: headerRow, column: p.letter, columnLabel: p.header }, p.message);
  const byKey = new Map<string, MatchedColumn>(header.columns.map((c) => [c.spec.key, c]));
  const identity = (k: StatsIdentityKey) => byKey.get(k);
  const fields = header.columns.filter((c) => STAT_FIELD_BY_KEY.has(c.spec.key)).map((column) => ({ column, def: STAT_FIELD_BY_KEY.get(column.spec.key)! }));
  let fatal = false;
  if (!identity('schoolCode') && !identity('schoolName')) {
    issues.add({ sheet, row: headerRow }, '缺少“学校名称”列（或“学校标识码”列），无法确定每行是哪所学校');
    fatal = true;
  }
  const fromTitle = titleYear(table, header.rowIndex);
  if (!identity('year') && opts.year === undefined && !fromTitle) {
    issues.add({ sheet, row: headerRow }, '缺少“年份”列，且导入时没有指定年份');
    fatal = true;
  }
  if (fields.length === 0) {
    // A register file chosen as statistics (the wizard remembers the last choice): say which to choose.
    const registerColumns = registerColumnsAmong(header.problems.map((p) => p.header));
    if (registerColumns.length >= 2) {
      issues.add({ sheet, row: headerRow }, `这像是学校名册文件（有${registerColumns.map((c) => `“${c}”`).join('')}等列），请在“导入内容”中选择“学校名册”后重新导入`);
    }
    issues.add({ sheet, row: headerRow }, '没有找到任何统计项列（如“小学在校生数（人）”），请使用下载的模板');
    fatal = true;
  }
  if (fatal) return done([]);

  // Year: one statement at the top when the file's year differs from the chosen one, or when the
  // file states two (a title year over a 年份 column that says otherwise): then the user says which holds.
  const yearCol = identity('year');
  const columnYears = yearCol ? yearsInColumn(table, header.rowIndex + 1, yearCol.index) : [];
  const stated = yearCol ? columnYears : fromTitle ? [fromTitle.year] : [];
  /** Where each row's year comes from: the file (its 年份 column, else the title), the title alone, or the year chosen. */
  let yearSource: 'file' | 'title' | 'chosen' = opts.year === undefined ? 'file' : 'chosen';
  const answer = answers[YEAR_QUESTION];
  if (yearCol && fromTitle && columnYears.some((y) => y !== fromTitle.year)) {
    const inColumn = `“年份”列（${yearCol.letter} 列）`;
    const inTitle = `第 ${fromTitle.row} 行标题`;
    const list = columnYears.join('、');
    const chosen = opts.year === undefined ? '' : `，导入时选择的是 ${opts.year} 年`;
    if (answer === 'column') {
      yearSource = 'file';
      notices.push({ kind: 'year', message: `按您的选择，按文件${inColumn}中的年份 ${list} 导入（${inTitle}写的是 ${fromTitle.year} 年${chosen}）` });
    } else if (answer === 'title') {
      yearSource = 'title';
      notices.push({ kind: 'year', message: `按您的选择，全部按文件${inTitle}中的年份 ${fromTitle.year} 导入（${inColumn}写的是 ${list} 年${chosen}）` });
    } else if (answer === 'chosen' && opts.year !== undefined) {
      yearSource = 'chosen';
      notices.push({ kind: 'year', message: `文件${inTitle}写的是 ${fromTitle.year} 年、${inColumn}写的是 ${list} 年，已按您的选择作为 ${opts.year} 年的数据导入` });
    } else {
      const same = (y: boolean) => (y ? '，与导入时选择的相同' : '');
      const columnIsChosen = columnYears.length === 1 && columnYears[0] === opts.year;
      const titleIsChosen = fromTitle.year === opts.year;
      questions.push({
        id: YEAR_QUESTION,
        message: `文件${inTitle}写的是 ${fromTitle.year} 年，而${inColumn}写的是 ${list} 年，两者不一致${chosen}。请确认这些数据属于哪一年`,
        options: [
          { value: 'column', label: `按“年份”列中的年份（${list}${same(columnIsChosen)}）` },
          { value: 'title', label: `按标题中的年份（${fromTitle.year}${same(titleIsChosen)}）` },
          ...(opts.year !== undefined && !columnIsChosen && !titleIsChosen ? [{ value: 'chosen', label: `按导入时选择的 ${opts.year} 年` }] : []),
        ],
      });
      return done([]);
    }
  } else if (opts.year !== undefined && stated.length > 0 && stated.some((y) => y !== opts.year)) {
    const where = yearCol ? `“年份”列（${yearCol.letter} 列）` : `第 ${fromTitle!.row} 行标题`;
    const list = stated.join('、');
    if (answer === 'file') {
      yearSource = 'file';
      notices.push({ kind: 'year', message: `按文件${where}中的年份 ${list} 导入（导入时选择的是 ${opts.year} 年）` });
    } else if (answer === 'chosen') {
      notices.push({ kind: 'year', message: `文件${where}写的是 ${list} 年，已按您的选择作为 ${opts.year} 年的数据导入` });
    } else {
      questions.push({
        id: YEAR_QUESTION,
        message: `文件${where}写的是 ${list} 年，与导入时选择的 ${opts.year} 年不同。请确认这些数据属于哪一年`,
        options: [
          { value: 'file', label: `改用文件中的年份（${list}）` },
          { value: 'chosen', label: `仍作为 ${opts.year} 年的数据导入` },
        ],
      });
      return done([]);
    }
  } else if (opts.year === undefined && !yearCol && fromTitle) {
    notices.push({ kind: 'year', message: `文件第 ${fromTitle.row} 行标题注明 ${fromTitle.year} 年，按 ${fromTitle.year} 年导入` });
  }
  const useFileYear = yearSource === 'file';
  const yearOf = (cellYear: number | null): number | null =>
    yearSource === 'title'
      ? fromTitle!.year
      : useFileYear
        ? (cellYear ?? (yearCol ? null : fromTitle?.year ?? null) ?? opts.year ?? null)
        : opts.year ?? null;

  // Units: header, units row, title row, unit column, or the user's answer.
  const units = resolveUnits(table, header, fields, answers);
  for (const p of units.problems) issues.add({ sheet, row: units.unitsRow ?? headerRow, column: p.column.letter, columnLabel: p.column.header }, p.message);
  for (const { column, def } of fields) {
    const u = units.byField.get(def.key);
    if (!u || (u.source === 'header' && u.factor === 1 && !u.setAside)) continue;
    notices.push({ kind: 'unit', message: unitNotice(column, def, u) });
  }
  // A column whose own unit differs from the title's is not read until the user says which holds.
  const pending = new Set(units.conflicts.map((c) => c.def.key));
  for (const kind of ['money', 'area'] as const) {
    const list = units.conflicts.filter((c) => c.kind === kind);
    if (list.length > 0) questions.push(titleUnitQuestion(kind, list));
  }
  const inSheet = sheet ? `工作表“${sheet}”` : '';
  if (units.unitsRow) notices.push({ kind: 'skipped', message: `${inSheet}第 ${units.unitsRow} 行是单位行（人、平方米、万元等），已按其中的单位读取各列，不作为数据导入` });

  const refs: Record<string, ColumnRef> = Object.fromEntries(header.columns.map((c) => [c.spec.key, { column: c.letter, label: c.header }]));
  const rows: ParsedStatsRow[] = [];
  const rejected: RejectedStatsRow[] = [];
  const skippedTotals: number[] = [];
  const skippedFormulas: number[] = [];
  const hiddenRows: number[] = [];
  /** Rows whose money value has no unit anywhere, per field, with a few sample values for the question. */
  const unitless = new Map<string, { rows: number[]; samples: string[] }>();
  /** Rows read in the unit their 单位 column states, per field and unit. */
  const byUnitColumn = new Map<string, { def: StatFieldDef; unit: string; factor: number; rows: number }>();
  const start = header.rowIndex + (units.unitsRow ? 2 : 1);

  for (let r = start; r < table.rows.length; r++) {
    const cells = table.rows[r] ?? [];
    if (isRowBlank(cells) || repeatsHeader(table, r, header)) continue;
    const rowNo = r + 1;
    const codeCell = identity('schoolCode') ? cellAt(table, r, identity('schoolCode')!.index) : undefined;
    const nameCell = identity('schoolName') ? cellAt(table, r, identity('schoolName')!.index) : undefined;
    const noIdentity = (!codeCell || codeCell.t === 'empty') && (!nameCell || nameCell.t === 'empty');
    if (isTotalRow(cells)) {
      skippedTotals.push(rowNo);
      continue;
    }
    if (noIdentity && isFormulaOnlyRow(table, r, yearCol?.index)) {
      skippedFormulas.push(rowNo);
      continue;
    }
    const hidden = table.hiddenRows?.has(r) ?? false;
    if (hidden) hiddenRows.push(rowNo);
    const placeOf = (key: string): IssuePlace => ({ sheet, row: rowNo, column: refs[key]?.column ?? null, columnLabel: refs[key]?.label ?? null });
    // Every problem of the row is reported in this one pass; the row then goes to planning as
    // rejected, so what only the register can tell (an unknown school) comes in the same pass too.
    const failed = new Set<string>();
    const said = new Set<string>();
    const flag = (key: string | null, message: string) => {
      failed.add(key ?? '');
      if (said.has(`${key}\u0000${message}`)) return;
      said.add(`${key}\u0000${message}`);
      issues.add(key ? placeOf(key) : { sheet, row: rowNo }, message);
    };
    const text = (key: StatsIdentityKey): string | null => {
      const col = identity(key);
      if (!col) return null;
      const read = readText(cellAt(table, r, col.index));
      if (!read.ok) {
        flag(key, read.message);
        return null;
      }
      return read.value;
    };

    const schoolCode = text('schoolCode');
    if (schoolCode !== null && !/^\d{10}$/.test(schoolCode)) flag('schoolCode', `“${schoolCode}”不是有效的学校标识码，应为 10 位数字`);
    const schoolName = text('schoolName');
    const campusName = text('campusName');
    if (schoolCode === null && schoolName === null && !failed.has('schoolCode') && !failed.has('schoolName')) {
      flag(null, '学校标识码和学校名称都没有填写，无法确定是哪所学校');
      failed.add('schoolCode').add('schoolName');
    }

    let cellYear: number | null = null;
    if (yearCol) {
      const read = readNumber(cellAt(table, r, yearCol.index), { integer: true });
      const y = read.ok ? read.value : null;
      if (!read.ok) {
        if (useFileYear) flag('year', read.message.replace('不是数字', '不是有效的年份'));
      } else if (y !== null && (y < MIN_YEAR || y > MAX_YEAR)) {
        if (useFileYear) flag('year', `年份 ${y} 不在 ${MIN_YEAR}—${MAX_YEAR} 之间`);
      } else {
        cellYear = y;
        if (read.note && useFileYear) cellNotes.add(placeOf('year'), read.note);
      }
    }
    const year = yearOf(cellYear);
    if (year === null && !failed.has('year')) flag('year', '年份不能为空');

    const perRowUnit = rowUnit(table, r, units.unitColumn);
    const values: StatValues = {};
    for (const { column, def } of fields) {
      if (pending.has(def.key)) continue;
      const cell = cellAt(table, r, column.index);
      let unit: ColumnUnit | undefined = units.byField.get(def.key);
      const kind = unitKindOf(def);
      if (kind && perRowUnit && (!unit || unit.source === 'title' || unit.source === 'answer')) {
        const f = UNIT_FACTORS[kind][perRowUnit];
        if (f === undefined) {
          if (kind === 'money') flag(UNIT_COLUMN_SPEC.key, `单位“${perRowUnit}”不是金额单位（应为元或万元）`);
        } else {
          unit = { unit: perRowUnit, factor: f, source: 'unitColumn' };
          const k = `${def.key}|${perRowUnit}`;
          const tally = byUnitColumn.get(k) ?? { def, unit: perRowUnit, factor: f, rows: 0 };
          if (cell.t !== 'empty') tally.rows++;
          byUnitColumn.set(k, tally);
        }
      }
      if (kind === 'money' && !unit) {
        if (cell.t !== 'empty') {
          const u = unitless.get(def.key) ?? { rows: [], samples: [] };
          u.rows.push(rowNo);
          if (u.samples.length < 3) u.samples.push(cell.t === 'number' ? formatNumber(cell.v) : cell.t === 'text' ? cell.v.trim() : '');
          unitless.set(def.key, u);
        }
        continue;
      }
      const rule = numberRuleFor(def, unit?.factor ?? column.factor);
      const read = def.kind === 'list' ? readList(cell, rule) : readNumber(cell, rule);
      if (!read.ok) flag(def.key, read.message);
      else if (read.value !== null) {
        values[def.key] = read.value;
        if (read.note) cellNotes.add(placeOf(def.key), read.note);
      }
    }
    const derived = deriveTotals(values);
    const parsedRow = { sheet: sheet ?? CSV_SHEET, row: rowNo, schoolCode, schoolName: schoolName ?? '', campusName, values, columns: refs, hidden, derived };
    if (failed.size > 0 || year === null) {
      rejected.push({ ...parsedRow, year, failed: [...failed].filter((k) => k !== '') });
      continue;
    }
    rows.push({ ...parsedRow, year });
    if (derived.length > 0) {
      const parts = derived.map((k) => `${STAT_FIELD_BY_KEY.get(k)!.label} ${values[k] as number} 人`);
      notices.push({ kind: 'derived', message: `${inSheet}第 ${rowNo} 行“${schoolName ?? schoolCode}”没有填写学段合计，已由各年级学生数相加得出：${parts.join('，')}` });
    }
  }

  for (const [key, u] of unitless) {
    const { column, def } = fields.find((f) => f.def.key === key)!;
    questions.push(unitQuestion(column, def, u.rows, u.samples));
  }
  for (const t of byUnitColumn.values()) {
    if (t.rows === 0) continue;
    const stored = t.def.kind === 'money' ? '元' : '平方米';
    notices.push({
      kind: 'unit',
      message: `“${t.def.label}”有 ${t.rows} 行按“单位”列（${units.unitColumn!.letter} 列）注明的${t.unit}读取${t.factor === 1 ? '' : `，换算为${stored}保存（×${t.factor}）`}`,
    });
  }
  if (skippedTotals.length > 0) notices.push({ kind: 'skipped', message: `${inSheet}${describeRows(skippedTotals)}是合计行，已跳过，不作为学校数据导入` });
  if (skippedFormulas.length > 0) {
    notices.push({ kind: 'skipped', message: `${inSheet}${describeRows(skippedFormulas)}没有学校，只有公式（如模板中向下填充的合计公式），已忽略（共 ${skippedFormulas.length} 行）` });
  }
  if (hiddenRows.length > 0) notices.push({ kind: 'other', message: `${inSheet}${describeRows(hiddenRows)}在文件中是隐藏行，已一并读取，请在下方核对` });
  const hiddenSheets = book.sheets.filter((s) => s !== table && s.hidden).map((s) => `“${s.name}”`);
  if (hiddenSheets.length > 0) notices.push({ kind: 'skipped', message: `隐藏的工作表${hiddenSheets.join('、')}未读取` });
  if (rows.length === 0 && issues.count === 0 && questions.length === 0) issues.add({ sheet, row: headerRow }, '表头下面没有任何学校数据');
  return done(rows, rejected);
}

/**
 * Answers that cannot be taken (an unknown question, a choice not offered), in Chinese: a mistyped
 * `--answers` must not be ignored silently and the question asked again.
 */
export function answerProblems(answers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  const check = (id: string, value: string, allowed: readonly string[]) => {
    if (!allowed.includes(value)) out.push(`对问题“${id}”的回答“${value}”无效，可选：${allowed.join('、')}`);
  };
  for (const [id, value] of Object.entries(answers)) {
    const [kind, field] = id.split(':');
    const def = field ? STAT_FIELD_BY_KEY.get(field) : undefined;
    const unitKind = def ? unitKindOf(def) : null;
    if (id === YEAR_QUESTION) check(id, value, ['file', 'chosen', 'column', 'title']);
    else if (kind === 'titleUnit' && (field === 'money' || field === 'area')) check(id, value, TITLE_UNIT_ANSWERS);
    else if (kind === 'unit' && unitKind) check(id, value, Object.keys(UNIT_FACTORS[unitKind]));
    else if (kind === 'magnitude' && unitKind) check(id, value, ['scale', 'keep']);
    else out.push(`没有编号为“${id}”的待确认问题，请按预览中列出的编号回答`);
  }
  return out;
}

/** Valid years found in the year column, ascending. */
function yearsInColumn(table: SheetTable, from: number, index: number): number[] {
  const years = new Set<number>();
  for (let r = from; r < table.rows.length; r++) {
    const read = readNumber(cellAt(table, r, index), { integer: true });
    if (read.ok && read.value !== null && read.value >= MIN_YEAR && read.value <= MAX_YEAR) years.add(read.value);
  }
  return [...years].sort((a, b) => a - b);
}

/** Fills section totals from complete grades; returns the keys it derived. */
function deriveTotals(values: StatValues): string[] {
  const out: string[] = [];
  for (const { key, grades } of DERIVED_TOTALS) {
    if (values[key] !== undefined) continue;
    const parts = grades.map((g) => values[`pupilsGrade${g}`]);
    if (parts.some((v) => typeof v !== 'number')) continue;
    values[key] = (parts as number[]).reduce((a, b) => a + b, 0);
    out.push(key);
  }
  return out;
}

function unitNotice(column: MatchedColumn, def: StatFieldDef, u: ColumnUnit): string {
  const stored = def.kind === 'money' ? '元' : '平方米';
  if (u.source === 'assumed') return `${columnName(column)}未注明单位，按${u.unit}读取`;
  const conversion = u.factor === 1 ? '' : `，换算为${stored}保存（×${u.factor}）`;
  const setAside = u.setAside ? `；${u.setAside.where}写的${u.setAside.unit}按您的选择未采用` : '';
  return `${columnName(column)}按${u.unit}读取（${describeUnitSource(u)}${setAside}）${conversion}`;
}

/** “一万倍”, “一千倍”, “十倍”: how far apart two units are, for a question. */
function timesApart(a: number, b: number): string {
  const ratio = Math.max(a, b) / Math.min(a, b);
  const words: Record<number, string> = { 10: '十', 1000: '一千', 10000: '一万' };
  return `${words[ratio] ?? formatNumber(ratio)}倍`;
}

/**
 * One question per kind of unit (money, area) for the columns whose own unit differs from the
 * title's: each column by its own header (or units row), or all of them by the title.
 */
function titleUnitQuestion(kind: 'money' | 'area', list: UnitConflict[]): ImportQuestion {
  const t = list[0].title;
  const where = (c: UnitConflict) => (c.own.source === 'header' ? '表头' : '单位行');
  const columns = list.map((c) => `${columnName(c.column)}的${where(c)}注明${c.own.unit}`).join('，');
  const apart = [...new Set(list.map((c) => timesApart(c.own.factor, t.factor)))].join('或');
  const own = list.map((c) => `${c.column.letter} 列按${c.own.unit}`).join('、');
  return {
    id: titleUnitQuestionId(kind),
    message:
      `第 ${t.row} 行标题注明${kind === 'money' ? '金额' : '面积'}单位为“${t.unit}”，而 ${columns}，两者相差${apart}。` +
      `表头通常更具体，但也可能是改了表头没改标题，或标题是从别的表复制的。请确认这些列按哪个单位读取（确认前预览中不列出这些列的数值）`,
    options: [
      { value: 'header', label: `按各列自己注明的单位（${own}）` },
      { value: 'title', label: `按标题注明的${t.unit}` },
    ],
  };
}

function unitQuestion(column: MatchedColumn, def: StatFieldDef, rows: number[], samples: string[]): ImportQuestion {
  return {
    id: unitQuestionId(def.key),
    message:
      `${columnName(column)}没有注明金额单位（表头、标题行、单位行都没有写“元”或“万元”），${describeRows(rows)}有数值，如 ${samples.join('、')}。` +
      `按元读取与按万元读取相差一万倍，请选择该列的单位`,
    options: [
      { value: '元', label: '元（按填写值保存）' },
      { value: '万元', label: '万元（乘以 10000 换算为元保存）' },
    ],
  };
}

/** The register's own column headers (school-columns.ts) among `headers`, by label or alias. */
function registerColumnsAmong(headers: readonly string[]): string[] {
  const known = new Map<string, string>();
  for (const c of SCHOOL_COLUMNS) for (const name of [c.label, ...(c.aliases ?? [])]) known.set(name.replace(/\s+/g, ''), c.label);
  return [...new Set(headers.map((h) => known.get(h.replace(/\s+/g, ''))).filter((l): l is string => l !== undefined))].slice(0, 3);
}
