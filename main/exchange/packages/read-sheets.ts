/**
 * The two input sheets of a returned 自评表.xlsx (format.ts: 自评 and 统计数据), read from the one
 * workbook reader's cells. Every cell is re-validated here whatever the workbook's own drop-downs and
 * validation said (pitfalls.md "templates broken by users": pasting bypasses validation, a leading
 * “=” or “-” becomes a formula): a grade must be one of the item's labels, a score a number from 0 to
 * the item's points on its step, 达标/未达标 and 存在/不存在 exactly. Formulas are never evaluated; a
 * formula cell's saved result is used and the message says so, a formula without a saved result is
 * refused.
 *
 * Rows are matched by 指标编码 and the 指标名称 must still match (a moved or renamed row is an error,
 * not a guess); statistics rows by 数据项. Every problem is an issue naming sheet, row and column.
 */
import { displayCell, formatNumber, readText } from '../register/cell-values';
import { columnLetter, type Cell } from '../register/table';
import { SheetView, type WorkbookContent } from '../workbook';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';
import { flattenNodes, isLeaf, nodeLabel } from '../../../shared/domain/indicators/tree';
import type { IndicatorNode, IndicatorSystem, Scoring } from '../../../shared/domain/indicators';
import { cleanCode, cleanName, describeInvisible, hasInvisible, nameKey, showInvisible } from '../../../shared/domain/text/normalize';
import { readNumberText } from '../../../shared/domain/text/number';
import {
  answerKind,
  COMPUTED_ANSWER_TEXT,
  EVALUATION_COLUMNS,
  FILES,
  MET_WORDS,
  SHEETS,
  STATISTICS_COLUMNS,
  VETO_WORDS,
  type IssueGroup,
  type PackageIssue,
  type ReadAnswer,
  type SelfAnswer,
} from './format';

/** What the sheets are read against: the round's system, the issued statistics rows, the unit's rows. */
export interface SheetsContext {
  system: IndicatorSystem;
  /** The statistics rows the package was issued with: catalogue key and 数据项 label. */
  statFields: readonly { key: string; label: string }[];
  /** Whether a node has a row for the unit (format.ts evaluationRows); others are neither expected nor read. */
  applies: (node: IndicatorNode) => boolean;
}

/** The school's input as read (format.ts ReadAnswer; statistics by catalogue key, null = left empty). */
export interface SheetsResult {
  answers: ReadAnswer[];
  statistics: { key: string; value: number | null; note: string }[];
  /** Where each statistics field was read (see ReadPackageResult.statisticRows); null without a readable sheet. */
  statisticRows: { rows: Record<string, number>; valueColumn: string } | null;
}

/** How far down a header row is looked for (a school may insert a line above it). */
const HEADER_SCAN_ROWS = 30;

type Parsed<T> = { ok: true; value: T | null } | { ok: false; message: string };
const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

class Issues {
  constructor(
    private readonly out: PackageIssue[],
    readonly sheet: string,
  ) {}
  add(severity: PackageIssue['severity'], message: string, row?: number, col?: number, group?: IssueGroup): void {
    this.out.push({ severity, file: FILES.workbook, sheet: this.sheet, ...(row !== undefined ? { row } : {}), ...(col !== undefined ? { column: columnLetter(col - 1) } : {}), message, ...(group ? { group } : {}) });
  }
}

/** Finds the header row holding all `required` labels; returns 1-based row and columns by key. */
function findHeader<K extends string>(view: SheetView, labels: Record<K, string>, required: readonly K[]): { row: number; cols: Partial<Record<K, number>> } | null {
  const byLabel = new Map(Object.entries<string>(labels).map(([k, l]) => [nameKey(l), k as K]));
  for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, view.rowCount); r++) {
    const row = view.row(r);
    const cols: Partial<Record<K, number>> = {};
    for (let c = 1; c <= row.width; c++) {
      const cell = row.cell(c);
      if (cell.t !== 'text') continue;
      const key = byLabel.get(nameKey(cell.v));
      if (key !== undefined && cols[key] === undefined) cols[key] = c;
    }
    if (required.every((k) => cols[k] !== undefined)) return { row: r, cols };
  }
  return null;
}

function findSheet(book: WorkbookContent, name: string): SheetView | undefined {
  const t = book.sheets.find((s) => s.name === name) ?? book.sheets.find((s) => s.name !== null && nameKey(s.name) === nameKey(name));
  return t ? new SheetView(t) : undefined;
}

const isFormulaResult = (view: SheetView, row: number, col: number) => view.table.formulaCells?.has((row - 1) * 16384 + (col - 1)) ?? false;

function formulaNote(cell: Cell): string {
  return `该单元格是公式，程序不计算公式，已按文件中保存的计算结果“${displayCell(cell)}”读取；请确认这是学校要填的值`;
}

function notTextProblem(cell: Cell, what: string): string | null {
  if (cell.t === 'formula') return `是公式“=${cell.formula}”，但文件中没有保存计算结果。程序不计算公式，请直接填写${what}`;
  if (cell.t === 'error') return `单元格显示错误值“${cell.v}”，请直接填写${what}`;
  if (cell.t === 'date') return `“${displayCell(cell)}”是日期，请填写${what}`;
  if (cell.t === 'bool') return `“${displayCell(cell)}”不是${what}，请填写${what}`;
  return null;
}

// ---------------------------------------------------------------- answers

function parseChoice(cell: Cell, choices: readonly string[], what: string): Parsed<string> {
  const problem = notTextProblem(cell, what);
  if (problem) return fail(problem);
  const t = readText(cell);
  if (!t.ok) return fail(t.message);
  if (t.value === null) return ok(null);
  const typed = cleanName(t.value);
  const exact = choices.find((c) => cleanName(c) === typed) ?? choices.find((c) => nameKey(c) === nameKey(typed));
  if (exact !== undefined) return ok(exact);
  const folded = choices.filter((c) => nameKey(c).toLowerCase() === nameKey(typed).toLowerCase());
  if (folded.length === 1) return ok(folded[0]);
  return fail(`“${t.value}”不是可选的${what}，应填写${choices.map((c) => `“${c}”`).join('、')}之一`);
}

function parseScore(cell: Cell, node: IndicatorNode, step: number, what: string): Parsed<number> {
  const max = node.points;
  const range = max === null ? '0 或正数' : `0 到 ${formatNumber(max)} 之间的数`;
  const problem = notTextProblem(cell, what);
  if (problem) return fail(problem);
  let value: number;
  let shown: string;
  if (cell.t === 'number') {
    value = cell.v;
    shown = formatNumber(cell.v);
  } else if (cell.t === 'text') {
    shown = cell.v.trim();
    const s = shown.normalize('NFKC').trim();
    if (/^[=@]/.test(s) || (/^[+-]/.test(s) && /[+\-*/^()]/.test(s.slice(1)))) {
      return fail(`“${shown}”是公式样式的文字，程序不计算公式，请直接填写${what}（${range}）`);
    }
    // “8.5分”: the only unit a score can have is 分, and it says nothing else.
    const n = readNumberText(s.replace(/\s*分$/, ''), { allowPercent: false, allowUnit: false });
    if (n.kind === 'missing') return ok(null);
    if (n.kind === 'invalid') return fail(`${n.reason}，${what}应填写${range}`);
    value = n.value;
  } else {
    return ok(null);
  }
  if (value < 0) return fail(`“${shown}”是负数，${what}应填写${range}${node.scoring?.method === 'deduction' ? '（扣分填写扣去的分数，不带负号）' : ''}`);
  if (max !== null && value > max + 1e-9) return fail(`“${shown}”超过了本指标的分值 ${formatNumber(max)}，${what}应填写${range}`);
  if (step > 0) {
    const q = value / step;
    if (Math.abs(q - Math.round(q)) > 1e-9) return fail(`“${shown}”不是 ${formatNumber(step)} 的整数倍，本指标${what}以 ${formatNumber(step)} 分为单位`);
  }
  return ok(value === 0 ? 0 : value);
}

function parseAnswer(cell: Cell, node: IndicatorNode, scoring: Scoring): Parsed<SelfAnswer> {
  switch (scoring.method) {
    case 'grade': {
      const r = parseChoice(cell, scoring.grades.map((g) => g.label), '自评等级');
      return r.ok ? ok(r.value === null ? null : { grade: r.value }) : r;
    }
    case 'points':
    case 'bonus':
    case 'deduction': {
      const what = scoring.method === 'bonus' ? '自评加分' : scoring.method === 'deduction' ? '自评扣分' : '自评得分';
      const r = parseScore(cell, node, scoring.step, what);
      return r.ok ? ok(r.value === null ? null : { points: r.value }) : r;
    }
    case 'boolean': {
      const r = parseChoice(cell, [MET_WORDS.yes, MET_WORDS.no], '是否达标');
      return r.ok ? ok(r.value === null ? null : { met: r.value === MET_WORDS.yes }) : r;
    }
    case 'veto': {
      const r = parseChoice(cell, [VETO_WORDS.yes, VETO_WORDS.no], '是否存在该情形');
      return r.ok ? ok(r.value === null ? null : { triggered: r.value === VETO_WORDS.yes }) : r;
    }
    default:
      return ok(null);
  }
}

function explanationText(cell: Cell): Parsed<string> {
  if (cell.t === 'empty') return ok(null);
  if (cell.t === 'formula') return fail(`是公式“=${cell.formula}”，但文件中没有保存计算结果，请直接填写自评说明`);
  if (cell.t === 'error') return fail(`单元格显示错误值“${cell.v}”，请直接填写自评说明`);
  const text = cell.t === 'text' ? cell.v : displayCell(cell);
  const v = text.replace(/\r\n?/g, '\n').trim();
  return ok(v === '' ? null : v);
}

function readEvaluation(book: WorkbookContent, ctx: SheetsContext, out: PackageIssue[]): ReadAnswer[] {
  const view = findSheet(book, SHEETS.evaluation);
  const top = new Issues(out, SHEETS.evaluation);
  if (!view) {
    out.push({ severity: 'error', file: FILES.workbook, message: `自评表中找不到“${SHEETS.evaluation}”工作表，无法读取自评结果。请使用下发的自评表填写，不要删除或改名工作表` });
    return [];
  }
  const header = findHeader(view, EVALUATION_COLUMNS, ['code', 'title', 'answer', 'explanation']);
  if (!header) {
    top.add('error', `“${SHEETS.evaluation}”工作表的表头被改动，找不到“${EVALUATION_COLUMNS.code}”“${EVALUATION_COLUMNS.title}”“${EVALUATION_COLUMNS.answer}”“${EVALUATION_COLUMNS.explanation}”列，无法读取自评结果`);
    return [];
  }
  const cols = header.cols as Record<'code' | 'title' | 'answer' | 'explanation', number>;
  const entries = flattenNodes(ctx.system.nodes);
  const byCode = new Map<string, IndicatorNode>();
  for (const e of entries) if (e.node.code.trim() !== '' && !byCode.has(cleanCode(e.node.code))) byCode.set(cleanCode(e.node.code), e.node);
  const order = new Map(entries.map((e, i) => [e.node.id, i]));
  const seen = new Map<string, number>();
  const answers: ReadAnswer[] = [];

  for (let r = header.row + 1; r <= view.rowCount; r++) {
    const row = view.row(r);
    const input = (col: number) => (row.isCovered(col) ? ({ t: 'empty' } as Cell) : row.cell(col));
    const codeCell = row.cell(cols.code);
    const answerCell = input(cols.answer);
    const explanationCell = input(cols.explanation);
    const codeText = readText(codeCell);
    const code = codeText.ok && codeText.value !== null ? cleanCode(codeText.value) : '';
    if (code === '') {
      if (answerCell.t !== 'empty' || explanationCell.t !== 'empty') top.add('warning', `第 ${r} 行没有指标编码，该行填写的自评内容未读取。请不要在表中插入行`, r, cols.code);
      continue;
    }
    const node = byCode.get(code);
    if (!node) {
      top.add('error', `指标编码“${codeText.ok ? codeText.value : code}”不在本评估项目的指标体系中，该行未读取。请不要修改指标编码`, r, cols.code);
      continue;
    }
    const titleText = readText(row.cell(cols.title));
    const title = titleText.ok ? (titleText.value ?? '') : '';
    if (nameKey(title) !== nameKey(node.title)) {
      top.add('error', `指标编码“${node.code}”的指标名称应为“${node.title}”，表中为“${title}”：该行可能被移动或改动，未读取。请使用下发的自评表，不要修改指标编码和名称`, r, cols.title);
      continue;
    }
    const earlier = seen.get(node.id);
    if (earlier !== undefined) {
      top.add('error', `指标“${nodeLabel(node)}”重复出现（第 ${earlier} 行已有），该行未读取`, r, cols.code);
      continue;
    }
    seen.set(node.id, r);

    const typed = answerCell.t !== 'empty';
    if (!isLeaf(node)) {
      if (typed || explanationCell.t !== 'empty') top.add('warning', `“${nodeLabel(node)}”是分组指标，不需要自评，该行填写的内容未读取`, r, typed ? cols.answer : cols.explanation);
      continue;
    }
    if (!ctx.applies(node)) {
      if (typed || explanationCell.t !== 'empty') top.add('warning', `“${nodeLabel(node)}”不适用于本单位，该行填写的内容未读取`, r, typed ? cols.answer : cols.explanation);
      continue;
    }
    const kind = answerKind(node.scoring);
    let answer: SelfAnswer = {};
    if (kind === 'computed') {
      if (typed && !(answerCell.t === 'text' && nameKey(answerCell.v) === nameKey(COMPUTED_ANSWER_TEXT))) top.add('warning', `“${nodeLabel(node)}”由教育局按统计数据计算，无需填写自评结果，填写的“${displayCell(answerCell)}”未读取`, r, cols.answer);
    } else if (typed && node.scoring) {
      const parsed = parseAnswer(answerCell, node, node.scoring);
      if (!parsed.ok) top.add('error', `“${nodeLabel(node)}”的自评结果${parsed.message.startsWith('“') ? '' : '：'}${parsed.message}`, r, cols.answer);
      else if (parsed.value) {
        answer = parsed.value;
        if (isFormulaResult(view, r, cols.answer)) top.add('warning', `“${nodeLabel(node)}”的自评结果：${formulaNote(answerCell)}`, r, cols.answer);
      }
    }
    const explanation = explanationText(explanationCell);
    if (!explanation.ok) top.add('error', `“${nodeLabel(node)}”的自评说明${explanation.message}`, r, cols.explanation);
    const text = explanation.ok ? (explanation.value ?? '') : '';
    if (text !== '' && isFormulaResult(view, r, cols.explanation)) top.add('warning', `“${nodeLabel(node)}”的自评说明：${formulaNote(explanationCell)}`, r, cols.explanation);
    if (Object.keys(answer).length > 0 || text !== '') answers.push({ nodeId: node.id, code: node.code, answer, explanation: text });
    if (kind !== 'computed' && !typed) top.add('warning', `“${nodeLabel(node)}”没有填写自评结果`, r, cols.answer, 'noAnswer');
    // Asked only of an item that has its result: one left wholly empty is already named by 没有填写自评结果 (a school that filled 1 of 22 items got 21 of each).
    if (kind !== 'computed' && typed && node.explanationRequired && text === '' && explanation.ok) top.add('warning', `“${nodeLabel(node)}”要求填写自评说明，但没有填写`, r, cols.explanation, 'noExplanation');
  }

  for (const { node } of entries) {
    if (!isLeaf(node) || seen.has(node.id) || !ctx.applies(node)) continue;
    if (answerKind(node.scoring) === 'computed') continue;
    top.add('warning', `找不到指标“${nodeLabel(node)}”所在的行（可能被删除或改动），视为没有填写`);
  }
  return answers.sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0));
}

// ---------------------------------------------------------------- statistics

/**
 * One 本年数值 cell: a number in the field's unit, or empty. A number typed as text is read as the
 * statistics import reads it (full-width digits, thousands separators); an invisible character at
 * its ends is read with a `note` that shows it (the school cannot see it, the office should know),
 * one inside the digits is refused (1⟨U+200B⟩88 may be 188 or two numbers run together), and so
 * is a unit after the number (the unit is in the 数据项's name).
 */
function parseStatValue(cell: Cell, key: string): Parsed<number> & { note?: string } {
  const integer = STAT_FIELD_BY_KEY.get(key)?.kind === 'count';
  const problem = notTextProblem(cell, '数值');
  if (problem) return fail(problem);
  let value: number;
  let shown: string;
  let note: string | undefined;
  if (cell.t === 'number') {
    value = cell.v;
    shown = formatNumber(cell.v);
  } else if (cell.t === 'text') {
    shown = showInvisible(cell.v.trim());
    const s = cell.v.normalize('NFKC').trim();
    if (/^[=@]/.test(s)) return fail(`“${shown}”是公式样式的文字，程序不计算公式，请直接填写数值`);
    const n = readNumberText(s, { allowPercent: true, allowUnit: true });
    if (n.kind === 'missing') return ok(null);
    if (n.kind === 'invalid' && n.cause === 'invisible') return fail(`“${shown}”的数字中间夹有不可见字符 ${describeInvisible(cell.v)}，无法确定原本的数值，请删除该字符后重新填写`);
    if (n.kind === 'invalid') return fail(`${n.reason}，请填写数值`);
    if (hasInvisible(cell.v) && n.unit === null && !n.percent) note = `“${shown}”含不可见字符 ${describeInvisible(cell.v)}，已按 ${formatNumber(n.value)} 读取`;
    if (n.unit !== null || n.percent) return fail(`“${shown}”带有单位“${n.percent ? '%' : n.unit}”，请只填写数字（单位见数据项名称）`);
    value = n.value;
  } else {
    return ok(null);
  }
  if (value < 0) return fail(`“${shown}”是负数，应填写 0 或正数`);
  if (integer && !Number.isInteger(value)) return fail(`“${shown}”不是整数，该数据项应填写整数`);
  return { ...ok(value === 0 ? 0 : value), ...(note ? { note } : {}) };
}

function readStatistics(book: WorkbookContent, ctx: SheetsContext, out: PackageIssue[]): Pick<SheetsResult, 'statistics' | 'statisticRows'> {
  const view = findSheet(book, SHEETS.statistics);
  const top = new Issues(out, SHEETS.statistics);
  if (!view) {
    if (ctx.statFields.length > 0) out.push({ severity: 'error', file: FILES.workbook, message: `自评表中找不到“${SHEETS.statistics}”工作表，无法读取统计数据。请使用下发的自评表填写，不要删除或改名工作表` });
    return { statistics: [], statisticRows: null };
  }
  const header = findHeader(view, STATISTICS_COLUMNS, ['field', 'value']);
  if (!header) {
    if (ctx.statFields.length > 0) top.add('error', `“${SHEETS.statistics}”工作表的表头被改动，找不到“${STATISTICS_COLUMNS.field}”“${STATISTICS_COLUMNS.value}”列，无法读取统计数据`);
    return { statistics: [], statisticRows: null };
  }
  const cols = header.cols as Partial<Record<'field' | 'value' | 'note', number>> & { field: number; value: number };
  const byLabel = new Map(ctx.statFields.map((f) => [nameKey(f.label), f]));
  const seen = new Map<string, number>();
  const values: SheetsResult['statistics'] = [];
  for (let r = header.row + 1; r <= view.rowCount; r++) {
    const row = view.row(r);
    const labelText = readText(row.cell(cols.field));
    const label = labelText.ok ? (labelText.value ?? '') : '';
    const valueCell = row.cell(cols.value);
    if (label === '') {
      if (valueCell.t !== 'empty') top.add('warning', `第 ${r} 行没有数据项名称，该行填写的数值未读取`, r, cols.field);
      continue;
    }
    const field = byLabel.get(nameKey(label));
    if (!field) {
      top.add('error', `数据项“${label}”不是本次填报的统计项目（名称被改动或是新加的行），该行未读取`, r, cols.field);
      continue;
    }
    const earlier = seen.get(field.key);
    if (earlier !== undefined) {
      top.add('error', `数据项“${field.label}”重复出现（第 ${earlier} 行已有），该行未读取`, r, cols.field);
      continue;
    }
    seen.set(field.key, r);
    const parsed = parseStatValue(valueCell, field.key);
    if (!parsed.ok) {
      top.add('error', `“${field.label}”的本年数值${parsed.message.startsWith('“') ? '' : '：'}${parsed.message}`, r, cols.value);
      continue;
    }
    if (parsed.value !== null && isFormulaResult(view, r, cols.value)) top.add('warning', `“${field.label}”的本年数值：${formulaNote(valueCell)}`, r, cols.value);
    if (parsed.note) top.add('warning', `“${field.label}”的本年数值${parsed.note}`, r, cols.value);
    const noteCell = cols.note !== undefined ? row.cell(cols.note) : ({ t: 'empty' } as Cell);
    const note = explanationText(noteCell);
    values.push({ key: field.key, value: parsed.value, note: note.ok ? (note.value ?? '') : '' });
  }
  for (const f of ctx.statFields) {
    if (!seen.has(f.key)) top.add('warning', `找不到数据项“${f.label}”所在的行（可能被删除或改动），该项未读取`);
  }
  const fieldOrder = new Map(ctx.statFields.map((f, i) => [f.key, i]));
  return {
    statistics: values.sort((a, b) => (fieldOrder.get(a.key) ?? 0) - (fieldOrder.get(b.key) ?? 0)),
    statisticRows: { rows: Object.fromEntries(seen), valueColumn: columnLetter(cols.value - 1) },
  };
}

/** Reads the 自评 and 统计数据 sheets; problems are appended to `issues` (file 自评表.xlsx, sheet, row, column). */
export function readSubmissionSheets(book: WorkbookContent, ctx: SheetsContext, issues: PackageIssue[]): SheetsResult {
  return { answers: readEvaluation(book, ctx, issues), ...readStatistics(book, ctx, issues) };
}
