/**
 * 试算录入 as an Excel workbook a clerk can read, file away (存档备查), edit and read back into the
 * 试算 page — everything in Chinese words, no JSON, no internal ids or formula names:
 *  - 试算结果: the system and version, when it was exported, total, conclusion, explanation and
 *    notices, computed by the shared engine at export time (for reading only; never read back).
 *  - 评估对象: 项目 | 取值 | 可选值 — 学段, 学校类型, 办学共同体类型 and each of the system's 类别.
 *  - 数据: 数据项名称（单位） | 取值 | 填写说明 — each value formulas and rules read, as the 试算 form
 *    labels it; 取值 as typed (0.85, “85%”): the engine reads it against the declared scale.
 *  - 逐项录入: 编码 | 指标 | 评分方式 | 录入 | 不适用 | 情况说明 | 得分 | 说明, one row per indicator in
 *    document order. 录入 by method: 等级 the grade's name, 分值 / 加分 / 扣分 a number, 达标 “达标” /
 *    “未达标”, 一票否决 “触发” / “未触发”, 公式 per-item values “在校生数（人）：800；…”; 计数 and
 *    branches take none. 得分 and 说明 are the export's results (not read back).
 * Reading back matches rows by 编码 (then by 指标 name), values by their Chinese name; a cell that
 * cannot be read is an error naming sheet, row and column, nothing is guessed. What does not belong
 * to the system (an indicator or value it lacks) is left out with a notice saying so. A JSON file
 * written by the earlier 导出本次录入 (the `systems trial --input` format) is still read as it is.
 */
import type ExcelJS from 'exceljs';
import {
  compileFormula,
  conclusionText,
  evaluateSystem,
  flattenNodes,
  formatNumber,
  isLeaf,
  METHOD_LABELS,
  PARTNERSHIP_TYPES,
  resolveCategoryGroups,
  resolveValues,
  reverseLabel,
  SCHOOL_TYPES,
  SECTION_LABELS,
  SECTIONS,
  TrialInputSchema,
  valueCaption,
  type EvaluationContext,
  type IndicatorNode,
  type IndicatorSystem,
  type LeafInput,
  type NodeResult,
  type ResolvedValue,
  type TrialInput,
} from '../../shared/domain/indicators/index.js';
import { formatDateTime } from '../../shared/domain/text/datetime';
import { columnLetter } from './indicator-workbook';
import { detectFileKind } from './register/file-kind';
import { describePlace, IssueCollector } from './register/issues';
import { readSource } from './register/read-source';
import type { Cell } from './register/table';
import { addDataValidation, newWorkbook, styleHeaderRow } from './register/workbook-style';
import { BookView, type SheetView } from './workbook/sheet-view';

export const TRIAL_SHEETS = { result: '试算结果', context: '评估对象', values: '数据', items: '逐项录入' } as const;

const CONTEXT_COLS = ['项目', '取值', '可选值'] as const;
const VALUE_COLS = ['数据项名称（单位）', '取值', '填写说明'] as const;
const ITEM_COLS = ['编码', '指标', '评分方式', '录入', '不适用', '情况说明', '得分', '说明'] as const;
type ItemCol = (typeof ITEM_COLS)[number];

const CONTEXT_ROWS = { section: '学段', schoolType: '学校类型', partnershipType: '办学共同体类型' } as const;
/** The 评估对象 row of chosen categories no 类别 of the system offers (kept, so nothing chosen is lost). */
const UNKNOWN_CATEGORIES = '本体系未定义的类别';
const SYSTEM_ROW = '指标体系';

const YES = '是';
const MET = { yes: '达标', no: '未达标' } as const;
const VETO = { yes: '触发', no: '未触发' } as const;

const SCALE_HINT: Record<ResolvedValue['scale'], string> = {
  ratio: '比例：填 0.85 或 85%',
  percent: '百分数：填 85 表示 85%',
  number: '数值',
};

/** “县域义务教育均衡发展督导评估（百分制）（第 1 版）”: how the file names the system it was entered for. */
function systemTitle(system: IndicatorSystem): string {
  return `${system.name}（第 ${system.version} 版）`;
}

// ---------------------------------------------------------------- write

/**
 * The trial input `input` on `system` as an .xlsx (layout above), with the result the shared
 * engine computes for it; `at` is the export time written on the first sheet.
 */
export async function buildTrialInputWorkbook(system: IndicatorSystem, input: TrialInput, at: Date): Promise<Buffer> {
  const result = evaluateSystem(system, input);
  const wb = await newWorkbook();

  const summary = wb.addWorksheet(TRIAL_SHEETS.result);
  summary.addRow(['项目', '内容']);
  styleHeaderRow(summary, 2);
  summary.getColumn(1).width = 14;
  summary.getColumn(2).width = 90;
  const lines: [string, string][] = [
    [SYSTEM_ROW, systemTitle(system)],
    ['导出时间', formatDateTime(at)],
    ['总分', `${formatNumber(result.total)} / ${formatNumber(result.maxTotal)}`],
    ['结论', conclusionText(result)],
    ['说明', result.explanation],
  ];
  if (result.bonusCap !== null) lines.push(['加分', `${formatNumber(result.bonusTotal)} / 上限 ${formatNumber(result.bonusCap)}`]);
  if (result.deductionTotal > 0) lines.push(['扣分', formatNumber(result.deductionTotal)]);
  if (!result.complete) lines.push(['未完成', `尚有 ${result.issues.length} 项未填写或有误（按 0 分计）`]);
  if (result.notices.length) lines.push(['提示', result.notices.map((n) => n.message).join('\n')]);
  if (result.refusedValues.length) lines.push(['数据有误', result.refusedValues.map((p) => p.message).join('\n')]);
  lines.push([
    '使用方法',
    `可在“${TRIAL_SHEETS.context}”“${TRIAL_SHEETS.values}”“${TRIAL_SHEETS.items}”三张表中修改录入，再在试算页点“导入录入”读回。本表以及“得分”“说明”两列是导出时的计算结果，读回时重新计算。`,
  ]);
  for (const l of lines) summary.addRow(l).alignment = { vertical: 'top', wrapText: true };

  writeContextSheet(wb.addWorksheet(TRIAL_SHEETS.context), system, input.context ?? {});
  writeValueSheet(wb.addWorksheet(TRIAL_SHEETS.values), system, input.values ?? {});
  writeItemSheet(wb.addWorksheet(TRIAL_SHEETS.items), system, input.items ?? {}, result.byId);

  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A drop-down on one cell, when the options fit Excel's list literal (no commas or quotes, ≤ 255 characters). */
function dropDown(ws: ExcelJS.Worksheet, address: string, options: readonly string[], title: string): void {
  if (!options.length || options.some((o) => /[,"]/.test(o)) || [...options.join(',')].length > 255) return;
  addDataValidation(ws, address, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${options.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error: `请从下拉列表中选择：${options.join('、')}`,
  });
}

function writeContextSheet(ws: ExcelJS.Worksheet, system: IndicatorSystem, ctx: EvaluationContext): void {
  ws.addRow([...CONTEXT_COLS]);
  styleHeaderRow(ws, CONTEXT_COLS.length);
  [18, 30, 50].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const sections = SECTIONS.map((s) => SECTION_LABELS[s]);
  // single: one choice, offered as a drop-down (as the 试算 form does); a group gathered from the
  // indicators (其他类别) may take several options, typed with 、 between them.
  const rows: { label: string; value: string; options: readonly string[]; single: boolean }[] = [
    { label: CONTEXT_ROWS.section, value: ctx.section ? SECTION_LABELS[ctx.section] : '', options: sections, single: true },
    { label: CONTEXT_ROWS.schoolType, value: ctx.schoolType ?? '', options: SCHOOL_TYPES, single: true },
    { label: CONTEXT_ROWS.partnershipType, value: ctx.partnershipType ?? '', options: PARTNERSHIP_TYPES, single: true },
  ];
  const chosen = ctx.categories ?? [];
  const groups = resolveCategoryGroups(system);
  for (const g of groups) rows.push({ label: g.label, value: g.options.filter((o) => chosen.includes(o)).join('、'), options: g.options, single: g.source === 'declared' });
  const unknown = chosen.filter((c) => !groups.some((g) => g.options.includes(c)));
  if (unknown.length) rows.push({ label: UNKNOWN_CATEGORIES, value: unknown.join('、'), options: [], single: false });
  for (const r of rows) {
    const row = ws.addRow([r.label, r.value, r.options.join('、')]);
    if (r.single) dropDown(ws, `B${row.number}`, r.options, r.label);
  }
}

function writeValueSheet(ws: ExcelJS.Worksheet, system: IndicatorSystem, values: Record<string, number | string>): void {
  ws.addRow([...VALUE_COLS]);
  styleHeaderRow(ws, VALUE_COLS.length);
  [36, 16, 26].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const def of resolveValues(system)) {
    const v = values[def.name];
    const row = ws.addRow([valueCaption(def), v ?? null, SCALE_HINT[def.scale] + (def.scale === 'number' && def.unit ? `（${def.unit}）` : '')]);
    // Text format: “85%” typed here stays as typed, and the engine reads it against the declared scale.
    row.getCell(2).numFmt = '@';
  }
}

/** The 录入 cell of a leaf: what was entered, in the words the 试算 form uses. */
function entryCell(node: IndicatorNode, v: LeafInput | undefined, defs: ReadonlyMap<string, ResolvedValue>): string | number | null {
  const s = node.scoring;
  if (!s || !v) return null;
  switch (s.method) {
    case 'grade':
      return v.grade ?? null;
    case 'points':
    case 'bonus':
    case 'deduction':
      return v.points ?? null;
    case 'boolean':
      return v.met === undefined ? null : v.met ? MET.yes : MET.no;
    case 'veto':
      return v.triggered === undefined ? null : v.triggered ? VETO.yes : VETO.no;
    case 'formula': {
      const own = Object.entries(v.values ?? {});
      return own.length ? own.map(([k, x]) => `${defs.get(k) ? valueCaption(defs.get(k)!) : k}：${x}`).join('；') : null;
    }
    case 'count':
      return null;
  }
}

/** 得分 as the 试算 table shows it: “7.5 / 10”, “−1 / 2”, “+2 / 2”, 否决, 不适用. */
function scoreText(r: NodeResult | undefined): string {
  if (!r) return '';
  if (r.method === 'veto') return r.vetoTriggered ? '否决' : '—';
  if (!r.applicable) return '不适用';
  const sign = r.method === 'deduction' && r.earned > 0 ? '−' : r.method === 'bonus' && r.earned > 0 ? '+' : '';
  return `${sign}${formatNumber(r.earned)} / ${formatNumber(r.maxPoints)}`;
}

function writeItemSheet(ws: ExcelJS.Worksheet, system: IndicatorSystem, items: Record<string, LeafInput>, byId: Record<string, NodeResult>): void {
  ws.addRow([...ITEM_COLS]);
  styleHeaderRow(ws, ITEM_COLS.length);
  [10, 36, 10, 24, 8, 24, 12, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const defs = new Map(resolveValues(system).map((d) => [d.name, d]));
  const at = (col: ItemCol) => ITEM_COLS.indexOf(col) + 1;
  for (const { node, depth } of flattenNodes(system.nodes)) {
    const v = items[node.id] ?? items[node.code];
    const leaf = isLeaf(node);
    const row = ws.addRow([
      node.code,
      node.title,
      leaf && node.scoring ? METHOD_LABELS[node.scoring.method] : '',
      leaf ? entryCell(node, v, defs) : null,
      v?.na ? YES : null,
      v?.note ?? null,
      scoreText(byId[node.id]),
      byId[node.id]?.explanation ?? '',
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(at('指标')).alignment = { vertical: 'top', wrapText: true, indent: depth - 1 };
    if (!leaf) row.font = { bold: true };
    const entry = `${columnLetter(at('录入'))}${row.number}`;
    const s = leaf ? node.scoring : null;
    if (s?.method === 'grade') dropDown(ws, entry, s.grades.map((g) => g.label), '等级');
    else if (s?.method === 'boolean') dropDown(ws, entry, [MET.yes, MET.no], '是否达标');
    else if (s?.method === 'veto') dropDown(ws, entry, [VETO.yes, VETO.no], '是否触发');
    else if (s?.method === 'formula') row.getCell(at('录入')).numFmt = '@';
    dropDown(ws, `${columnLetter(at('不适用'))}${row.number}`, [YES, '否'], '不适用');
  }
}

// ---------------------------------------------------------------- read

export type TrialFileResult = { ok: true; input: TrialInput; notices: string[] } | { ok: false; errors: string[] };

/**
 * Reads a 试算录入 workbook written by buildTrialInputWorkbook (and edited by a clerk) for `system`,
 * or a JSON trial input (the earlier 导出本次录入, `systems trial --input`). Errors name file,
 * sheet, row and column; notices say what was left out or read differently from the file.
 */
export async function readTrialInputFile(buffer: Buffer, fileName: string, system: IndicatorSystem): Promise<TrialFileResult> {
  const kind = detectFileKind(buffer);
  if (kind === 'csv') return readJsonInput(buffer, fileName);
  const issues = new IssueCollector(fileName);
  const source = await readSource(buffer, issues);
  if (!source) return { ok: false, errors: issues.toArray().map((i) => i.message) };
  const book = new BookView(source);
  const found = Object.values(TRIAL_SHEETS).filter((n) => book.sheet(n));
  if (!book.sheet(TRIAL_SHEETS.items) && !book.sheet(TRIAL_SHEETS.values) && !book.sheet(TRIAL_SHEETS.context)) {
    return { ok: false, errors: [`${fileName} 不是试算录入文件：没有“${TRIAL_SHEETS.context}”“${TRIAL_SHEETS.values}”“${TRIAL_SHEETS.items}”工作表（请使用试算页“导出本次录入”得到的文件）`] };
  }
  const reader = new TrialReader(fileName, system);
  const input: TrialInput = {};
  const context = book.sheet(TRIAL_SHEETS.context) && reader.context(book.sheet(TRIAL_SHEETS.context)!);
  const values = book.sheet(TRIAL_SHEETS.values) && reader.values(book.sheet(TRIAL_SHEETS.values)!);
  const items = book.sheet(TRIAL_SHEETS.items) && reader.items(book.sheet(TRIAL_SHEETS.items)!);
  if (book.sheet(TRIAL_SHEETS.result)) reader.checkSystem(book.sheet(TRIAL_SHEETS.result)!);
  if (found.length < 3) reader.notice(`${fileName} 缺少工作表${Object.values(TRIAL_SHEETS).slice(1).filter((n) => !book.sheet(n)).map((n) => `“${n}”`).join('')}，其中的录入为空`);
  if (reader.errors.length) return { ok: false, errors: reader.errors };
  if (context && Object.keys(context).length) input.context = context;
  if (values && Object.keys(values).length) input.values = values;
  if (items && Object.keys(items).length) input.items = items;
  return { ok: true, input, notices: reader.notices };
}

/** The earlier export: the trial input as JSON (README “指标体系试算输入格式”). */
function readJsonInput(buffer: Buffer, fileName: string): TrialFileResult {
  let json: unknown;
  try {
    json = JSON.parse(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, errors: [`${fileName} 既不是 Excel 工作簿（.xlsx），也不是有效的试算录入（JSON）文件`] };
  }
  const r = TrialInputSchema.safeParse(json);
  if (!r.success) return { ok: false, errors: [`${fileName} 不是有效的试算录入文件：${r.error.issues.map((i) => i.message).join('；')}`] };
  return { ok: true, input: r.data, notices: [] };
}

/** Text of a cell as a user typed it (numbers as Excel shows them without format). */
function cellText(cell: Cell): string {
  switch (cell.t) {
    case 'empty':
    case 'formula':
      return '';
    case 'text':
    case 'error':
      return cell.v.trim();
    case 'number':
      return String(cell.v);
    case 'bool':
      return cell.v ? YES : '否';
    case 'date':
      return cell.v.toISOString().slice(0, 10);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Full-width digits, point and signs (typed with a Chinese input method) read as ASCII. */
const halfWidth = (t: string) => t.replace(/[０-９．＋－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
const splitList = (t: string) => t.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

/** Header columns of row 1 (missing headers are absent). */
function headerColumns<H extends string>(ws: SheetView, headers: readonly H[]): Partial<Record<H, number>> {
  const out: Partial<Record<H, number>> = {};
  const head = ws.row(1);
  for (let c = 1; c <= head.width; c++) {
    const t = cellText(head.cell(c)) as H;
    if (headers.includes(t)) out[t] = c;
  }
  return out;
}

class TrialReader {
  readonly errors: string[] = [];
  readonly notices: string[] = [];
  private readonly defs: ResolvedValue[];

  constructor(
    private readonly fileName: string,
    private readonly system: IndicatorSystem,
  ) {
    this.defs = resolveValues(system);
  }

  notice(text: string): void {
    this.notices.push(text);
  }

  private fail(sheet: string, row: number, col: number | undefined, header: string | undefined, text: string): void {
    this.errors.push(`${describePlace(this.fileName, { sheet, row, column: col ? columnLetter(col) : null, columnLabel: header ?? null })}：${text}`);
  }

  /** The value named `text` (its caption as written, or its Chinese name alone). */
  private defNamed(text: string, among: readonly ResolvedValue[] = this.defs): ResolvedValue | undefined {
    return among.find((d) => valueCaption(d) === text) ?? among.find((d) => d.label === text);
  }

  /** A typed value: a number stays a number, text (“85%”) is passed on for the engine to read. */
  private typedValue(cell: Cell): number | string | undefined {
    if (cell.t === 'number') return cell.v;
    const t = halfWidth(cellText(cell));
    if (t === '') return undefined;
    return NUMBER.test(t) ? Number(t) : t;
  }

  /** Says so when the file was entered for another system or version; the rows are still read by 编码. */
  checkSystem(ws: SheetView): void {
    ws.eachRow((row) => {
      if (cellText(row.cell(1)) !== SYSTEM_ROW) return;
      const named = cellText(row.cell(2));
      if (named && named !== systemTitle(this.system)) this.notice(`文件是为“${named}”录入的，已按编码读入“${systemTitle(this.system)}”`);
    });
  }

  context(ws: SheetView): EvaluationContext {
    const sheet = ws.name;
    const col = headerColumns(ws, CONTEXT_COLS);
    const ctx: EvaluationContext = {};
    const categories: string[] = [];
    const groups = resolveCategoryGroups(this.system);
    const valueCol = col['取值'] ?? 2;
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const label = cellText(row.cell(col['项目'] ?? 1));
      const value = cellText(row.cell(valueCol));
      if (!label || !value) return;
      const bad = (text: string) => this.fail(sheet, r, valueCol, '取值', text);
      if (label === CONTEXT_ROWS.section) {
        const s = reverseLabel(SECTION_LABELS, value);
        if (!s) bad(`“${value}”不是有效的学段（${SECTIONS.map((x) => SECTION_LABELS[x]).join('、')}）`);
        else ctx.section = s;
      } else if (label === CONTEXT_ROWS.schoolType) {
        const t = SCHOOL_TYPES.find((x) => x === value);
        if (!t) bad(`“${value}”不是有效的学校类型（${SCHOOL_TYPES.join('、')}）`);
        else ctx.schoolType = t;
      } else if (label === CONTEXT_ROWS.partnershipType) {
        const t = PARTNERSHIP_TYPES.find((x) => x === value);
        if (!t) bad(`“${value}”不是有效的办学共同体类型（${PARTNERSHIP_TYPES.join('、')}）`);
        else ctx.partnershipType = t;
      } else if (label === UNKNOWN_CATEGORIES) {
        categories.push(...splitList(value));
      } else {
        const g = groups.find((x) => x.label === label);
        if (!g) {
          this.notice(`工作表“${sheet}”第 ${r} 行：本体系没有类别“${label}”，“${value}”未读入`);
          return;
        }
        for (const option of splitList(value)) {
          if (!g.options.includes(option)) bad(`“${option}”不是“${g.label}”的可选项（${g.options.join('、')}）`);
          else categories.push(option);
        }
      }
    });
    if (categories.length) ctx.categories = categories;
    return ctx;
  }

  values(ws: SheetView): Record<string, number | string> {
    const sheet = ws.name;
    const col = headerColumns(ws, VALUE_COLS);
    const nameCol = col['数据项名称（单位）'] ?? 1;
    const valueCol = col['取值'] ?? 2;
    const out: Record<string, number | string> = {};
    const seen = new Map<string, number>();
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const name = cellText(row.cell(nameCol));
      const value = this.typedValue(row.cell(valueCol));
      if (value === undefined) return;
      const def = this.defNamed(name);
      if (!def) {
        this.notice(`工作表“${sheet}”第 ${r} 行：本体系不使用数据“${name || '（未填名称）'}”，其取值未读入`);
        return;
      }
      if (seen.has(def.name)) {
        this.fail(sheet, r, nameCol, '数据项名称（单位）', `“${valueCaption(def)}”与第 ${seen.get(def.name)} 行重复`);
        return;
      }
      seen.set(def.name, r);
      out[def.name] = value;
    });
    return out;
  }

  items(ws: SheetView): Record<string, LeafInput> {
    const sheet = ws.name;
    const col = headerColumns(ws, ITEM_COLS);
    if (!col['编码'] && !col['指标']) {
      this.fail(sheet, 1, undefined, undefined, '缺少“编码”列和“指标”列，无法对应到指标');
      return {};
    }
    const nodes = flattenNodes(this.system.nodes).map((e) => e.node);
    const byCode = (code: string) => nodes.filter((n) => n.code === code);
    const byTitle = (title: string) => nodes.filter((n) => n.title === title);
    const out: Record<string, LeafInput> = {};
    const rowOf = new Map<string, number>();
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const text = (h: ItemCol) => (col[h] ? cellText(row.cell(col[h]!)) : '');
      const code = text('编码');
      const title = text('指标');
      const entryText = text('录入');
      const naText = text('不适用');
      const note = text('情况说明');
      if (!entryText && !naText && !note) return;
      const named = `${code}${code && title ? ' ' : ''}${title}`;
      const candidates = code ? byCode(code) : byTitle(title);
      const node = candidates.length === 1 ? candidates[0] : code && candidates.length === 0 && byTitle(title).length === 1 ? byTitle(title)[0] : undefined;
      if (!node) {
        this.notice(`工作表“${sheet}”第 ${r} 行：本体系中找不到指标“${named}”，该行录入未读入`);
        return;
      }
      if (rowOf.has(node.id)) {
        this.fail(sheet, r, col['编码'] ?? col['指标'], col['编码'] ? '编码' : '指标', `与第 ${rowOf.get(node.id)} 行是同一指标“${node.code} ${node.title}”`);
        return;
      }
      rowOf.set(node.id, r);
      if (code && node.code !== code) this.notice(`工作表“${sheet}”第 ${r} 行：编码“${code}”在本体系中为“${node.code}”，已按指标名称“${node.title}”读入`);
      else if (title && node.title !== title) this.notice(`工作表“${sheet}”第 ${r} 行：编码 ${node.code} 在本体系中名为“${node.title}”（文件中为“${title}”），已按编码读入`);
      const v: LeafInput = {};
      const bad = (h: ItemCol, msg: string) => this.fail(sheet, r, col[h], h, msg);
      if (naText) {
        if (naText === YES || naText === '√') v.na = true;
        else if (naText !== '否') bad('不适用', `“${naText}”应为“是”或留空`);
      }
      if (note) v.note = note;
      if (entryText) this.entry(node, row.cell(col['录入']!), entryText, v, (msg) => bad('录入', msg), (msg) => this.notice(`工作表“${sheet}”第 ${r} 行：${msg}`));
      if (Object.keys(v).length) out[node.id] = v;
    });
    return out;
  }

  /** The 录入 cell of `node` into `v`, by its scoring method. */
  private entry(node: IndicatorNode, cell: Cell, text: string, v: LeafInput, bad: (msg: string) => void, notice: (msg: string) => void): void {
    const s = isLeaf(node) ? node.scoring : null;
    const who = `${node.code} ${node.title}`;
    if (!s || s.method === 'count') {
      notice(`${who}${!s ? '是上级指标，得分由下级汇总' : '按所计指标自动判断'}，录入“${text}”未读入`);
      return;
    }
    switch (s.method) {
      case 'grade': {
        // “B（80%）” as the 试算 form's list shows it is the grade B too.
        const label = text.replace(/[（(][^）)]*[）)]$/, '').trim();
        const g = s.grades.find((x) => x.label === label);
        if (!g) bad(`“${text}”不是本指标的等级（${s.grades.map((x) => x.label).join('、')}）`);
        else v.grade = g.label;
        return;
      }
      case 'points':
      case 'bonus':
      case 'deduction': {
        const n = cell.t === 'number' ? cell.v : NUMBER.test(halfWidth(text)) ? Number(halfWidth(text)) : NaN;
        if (!Number.isFinite(n)) bad(`“${text}”不是数字（${METHOD_LABELS[s.method]}应填写分数）`);
        else v.points = n;
        return;
      }
      case 'boolean':
        if (text === MET.yes || text === YES || text === '√') v.met = true;
        else if (text === MET.no || text === '否' || text === '×') v.met = false;
        else bad(`“${text}”应为“${MET.yes}”或“${MET.no}”`);
        return;
      case 'veto':
        if (text === VETO.yes || text === YES) v.triggered = true;
        else if (text === VETO.no || text === '否') v.triggered = false;
        else bad(`“${text}”应为“${VETO.yes}”或“${VETO.no}”`);
        return;
      case 'formula': {
        const compiled = compileFormula(s.expression);
        const own = compiled.ok ? this.defs.filter((d) => compiled.formula.variables.includes(d.name)) : [];
        const values: Record<string, number | string> = {};
        for (const part of text.split(/[；;\n]+/).map((x) => x.trim()).filter(Boolean)) {
          const m = /^(.+?)\s*[：:]\s*(.+)$/.exec(part);
          const def = m ? this.defNamed(m[1]!.trim(), own) : undefined;
          if (!m || !def) {
            bad(`“${part}”应写成“数据项名称：取值”，本指标的数据为 ${own.map((d) => valueCaption(d)).join('、') || '（无）'}`);
            return;
          }
          const typed = halfWidth(m[2]!.trim());
          values[def.name] = NUMBER.test(typed) ? Number(typed) : typed;
        }
        if (Object.keys(values).length) v.values = values;
        return;
      }
    }
  }
}
