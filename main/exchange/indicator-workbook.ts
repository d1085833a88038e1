/**
 * Excel import / export of indicator systems (offices keep their 评估细则 in Excel).
 *
 * Workbook layout — what users see, all in Chinese words, never JSON or internal identifiers:
 *  - 评估细则: one row per node. Level columns 一级指标 / 二级指标 / 三级指标 (more when the tree is
 *    deeper) hold the node's title in the column of its depth; a parent's cell is merged down over
 *    its descendants' rows. Then 编码, 分值, 评分方式, 评分标准, 评估内容, 佐证材料 (one per line),
 *    一票否决, 适用范围, 评分规则说明 (the scoring in words, formulas read with the values' Chinese
 *    labels), 需要说明, 评分主体, 待核实, 待核实说明 (the explanation users read; empty = the standard
 *    one, UNCONFIRMED_EXPLANATION), 备注.
 *  - 体系信息: key/value rows (名称, 评估对象, 版本, 状态, 通过规则 in words …).
 *  - 等级划分: one row per grade band.
 *  - 数据项: one row per named value formulas and rules read: 公式中的名称, 中文名称, 口径, 单位.
 *  - 类别: one row per category group: 类别名称, 可选项 (、 separated), 适用的办学共同体类型.
 *  - 导入用数据 (MACHINE_SHEET, “very hidden”: Excel and WPS offer no way to show it): what only the
 *    program reads back — each node's id and scoring parameters, the system's key and its pass rules,
 *    with the words the visible sheets show for them. A row is matched to its node by row number,
 *    编码 and 名称 (so inserted or moved rows still find theirs). The words are compared on import:
 *    scoring or pass rules edited in their readable form are refused with the place named, never
 *    silently ignored (parameters are edited in the program).
 * Workbooks written before 导入用数据 existed kept 方法参数 (JSON) and 节点ID as visible columns, the
 * pass rules as JSON and 体系标识 in 体系信息, and the 数据项 as JSON in 体系信息 “数据项” (before that
 * sheet existed); all are still read, and so are hand-made workbooks with a 方法参数 column (JSON or
 * the grade shorthand “A=100%,B=80%”).
 * Import locates columns by header text, accepts merged level cells, rows holding several levels
 * (e.g. 一级 and 二级 title in the same row) and repeated ancestor titles instead of merges.
 * Everything the model holds is written, so export → import gives a deep-equal system.
 * Import reads through the same workbook reader as the register (register/read-source.ts → workbook/):
 * files are judged by their bytes (.xls, CSV, empty, other zips get the register's messages), the zip
 * is capped, formula results are taken as saved (0 is 0), and data validations are never loaded.
 * Functions take and return Buffers; file names are only used in messages.
 */
import type ExcelJS from 'exceljs';
import { detectFileKind } from './register/file-kind';
import { IssueCollector } from './register/issues';
import { readSource } from './register/read-source';
import type { Cell } from './register/table';
import { BookView, type RowView, type SheetView } from './workbook/sheet-view';
import {
  IndicatorSystemSchema,
  ScoringSchema,
  GradingSchema,
  PassRuleSchema,
  ValueDefSchema,
  METHOD_LABELS,
  SCORER_LABELS,
  LEVEL_LABELS,
  STATE_LABELS,
  SECTION_LABELS,
  SCHOOL_TYPES,
  PARTNERSHIP_TYPES,
  describePassRule,
  describeIndicatorValue,
  indicatorFieldName,
  validateIndicatorSystem,
  CategoryGroupSchema,
  SCALE_LABELS,
  UNCONFIRMED_EXPLANATION,
  VALUE_SCALES,
  treeDepth,
  reverseLabel,
  type Applicability,
  type IndicatorNode,
  type IndicatorSystem,
  type Scoring,
  type ScoringMethod,
  type GradeBand,
} from '../../shared/domain/indicators/index.js';

export const NODE_SHEET = '评估细则';
export const META_SHEET = '体系信息';
export const BAND_SHEET = '等级划分';
export const VALUE_SHEET = '数据项';
export const CATEGORY_SHEET = '类别';
/** The very hidden sheet of round-trip data (ids, scoring parameters, key, pass rules). */
export const MACHINE_SHEET = '导入用数据';

const VALUE_COLS = ['公式中的名称', '中文名称', '口径', '单位'] as const;
const CATEGORY_COLS = ['类别名称', '可选项', '适用的办学共同体类型'] as const;
/** 口径 cells: the short names users read; the long SCALE_LABELS are accepted too. */
const SCALE_SHORT = { ratio: '比例', percent: '百分数', number: '数值' } as const;

const LEVEL_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const levelHeader = (i: number) => `${LEVEL_NAMES[i] ?? String(i + 1)}级指标`;

/** The node columns the export writes, in order. */
const WRITTEN_COLS = {
  code: '编码',
  points: '分值',
  method: '评分方式',
  standard: '评分标准',
  content: '评估内容',
  evidence: '佐证材料',
  veto: '一票否决',
  applicability: '适用范围',
  reading: '评分规则说明',
  explanation: '需要说明',
  scorer: '评分主体',
  unconfirmed: '待核实',
  unconfirmedReason: '待核实说明',
  note: '备注',
} as const;
/** Columns only read: older exports wrote them, hand-made workbooks may have 方法参数. */
const COLS = { ...WRITTEN_COLS, params: '方法参数', id: '节点ID' } as const;
type ColKey = keyof typeof COLS;
type WrittenColKey = keyof typeof WRITTEN_COLS;

const META_ROWS = {
  name: '名称',
  key: '体系标识',
  level: '评估对象',
  sourceDocument: '依据文件',
  description: '说明',
  version: '版本',
  state: '状态',
  basedOnVersion: '来源版本',
  bonusCap: '加分上限',
  passRules: '通过规则',
  gradingBasis: '等级依据',
  vetoLabel: '否决时等级',
  gradeWhenFailed: '未通过时等级',
  values: '数据项',
} as const;

/** 未通过时等级 cell meaning gradeWhenFailed = null (failed results get no grade); empty = the default. */
const NO_GRADE_WHEN_FAILED = '不评等级';

const BASIS_LABELS = { points: '得分', percent: '得分率' } as const;

export interface WorkbookError {
  sheet?: string;
  row?: number;
  /** Column letter, e.g. "E". */
  column?: string;
  /** Full Chinese message including the location. */
  message: string;
}

export type WorkbookImportResult = { ok: true; system: IndicatorSystem } | { ok: false; errors: WorkbookError[] };

// ---------------------------------------------------------------- export

/** Writes `system` as an .xlsx workbook. */
export async function exportIndicatorWorkbook(system: IndicatorSystem): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '督导评估工作台';
  const ws = wb.addWorksheet(NODE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const levels = Math.max(3, treeDepth(system.nodes));
  const keys = Object.keys(WRITTEN_COLS) as WrittenColKey[];
  ws.addRow([...Array.from({ length: levels }, (_, i) => levelHeader(i)), ...keys.map((k) => WRITTEN_COLS[k])]);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = i < levels ? 18 : 16));

  const spans: { col: number; from: number; to: number }[] = [];
  const machineNodes: MachineNode[] = [];
  const place = (nodes: IndicatorNode[], depth: number) => {
    for (const n of nodes) {
      const row = ws.rowCount + 1;
      const cells: (string | number | null)[] = Array.from({ length: levels }, () => null);
      cells[depth - 1] = n.title;
      ws.addRow([...cells, ...keys.map((k) => nodeCell(n, k, system))]);
      machineNodes.push({ row, code: n.code, title: n.title, id: n.id, scoring: n.scoring, reading: scoringReading(n, system) });
      ws.getRow(row).alignment = { vertical: 'top', wrapText: true };
      place(n.children, depth + 1);
      if (ws.rowCount > row) spans.push({ col: depth, from: row, to: ws.rowCount });
    }
  };
  place(system.nodes, 1);
  for (const s of spans) ws.mergeCells(s.from, s.col, s.to, s.col);

  const meta = wb.addWorksheet(META_SHEET);
  meta.addRow(['项目', '内容', '说明']);
  meta.getRow(1).font = { bold: true };
  meta.columns.forEach((c, i) => (c.width = i === 1 ? 60 : 16));
  const g = system.grading;
  const passRulesText = passRulesReading(system);
  const metaValues: [string, string | number | null, string][] = [
    [META_ROWS.name, system.name, ''],
    [META_ROWS.level, LEVEL_LABELS[system.level], Object.values(LEVEL_LABELS).join(' / ')],
    [META_ROWS.sourceDocument, system.sourceDocument, ''],
    [META_ROWS.description, system.description, ''],
    [META_ROWS.version, system.version, ''],
    [META_ROWS.state, STATE_LABELS[system.state], Object.values(STATE_LABELS).join(' / ')],
    [META_ROWS.basedOnVersion, system.basedOnVersion, ''],
    [META_ROWS.bonusCap, system.bonusCap, '空 = 只按各加分项上限'],
    [META_ROWS.passRules, passRulesText, '在软件“规则与等级”中修改；在此修改的文字导入时不被采用'],
    [META_ROWS.gradingBasis, g ? BASIS_LABELS[g.basis] : null, '得分 / 得分率；空 = 不划分等级'],
    [META_ROWS.vetoLabel, g?.vetoLabel ?? null, '空 = 最低等级'],
    [META_ROWS.gradeWhenFailed, g ? (g.gradeWhenFailed ?? NO_GRADE_WHEN_FAILED) : null, `有通过规则时，未通过的结果一律评为此等级；“${NO_GRADE_WHEN_FAILED}” = 只在通过的结果中评定等级`],
  ];
  for (const r of metaValues) meta.addRow(r);

  const bands = wb.addWorksheet(BAND_SHEET);
  bands.addRow(['等级', '下限', '含下限', '上限', '含上限']);
  bands.getRow(1).font = { bold: true };
  for (const b of g?.bands ?? []) bands.addRow([b.label, b.min, yes(b.minInclusive), b.max, yes(b.maxInclusive)]);

  // 数据项 and 类别 as tables with Chinese headers and labels (never JSON): what a reader of the
  // export needs to understand the formulas and the applicability, and what the import reads back.
  const values = wb.addWorksheet(VALUE_SHEET);
  values.addRow([...VALUE_COLS]);
  values.getRow(1).font = { bold: true };
  values.columns.forEach((c, i) => (c.width = i === 1 ? 36 : 16));
  for (const v of system.values) values.addRow([v.name, v.label, SCALE_SHORT[v.scale], v.unit]);
  const cats = wb.addWorksheet(CATEGORY_SHEET);
  cats.addRow([...CATEGORY_COLS]);
  cats.getRow(1).font = { bold: true };
  cats.columns.forEach((c, i) => (c.width = i === 1 ? 36 : 20));
  for (const cg of system.categoryGroups) cats.addRow([cg.label, cg.options.join('、'), cg.partnershipTypes.join('、')]);

  writeMachineSheet(wb, { key: system.key, passRules: { json: system.passRules, reading: passRulesText }, nodes: machineNodes });

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

function yes(b: boolean): string {
  return b ? '是' : '否';
}

/** The 评分规则说明 cell: the scoring in words (null for a node without scoring). */
function scoringReading(n: IndicatorNode, system: IndicatorSystem): string | null {
  return n.scoring ? describeIndicatorValue('scoring', n.scoring, system) : null;
}

/** The 通过规则 cell: every rule in words, “；” between them; empty when there is none. */
function passRulesReading(system: IndicatorSystem): string {
  return system.passRules.map((r) => describePassRule(r, system)).join('；');
}

// ---------------------------------------------------------------- round-trip data (导入用数据)

/** One node as 导入用数据 keeps it: where it was written, its id and scoring, and the words shown for the scoring. */
interface MachineNode {
  row: number;
  code: string;
  title: string;
  id: string;
  scoring: Scoring | null;
  reading: string | null;
}

interface MachineData {
  key: string | null;
  passRules: { json: unknown; reading: string } | null;
  nodes: MachineNode[];
}

/** Row labels in column A of 导入用数据. */
const MACHINE_ROWS = { note: '说明', key: '体系标识', passRules: '通过规则', node: '指标' } as const;

/**
 * Writes 导入用数据 as a very hidden sheet (state veryHidden: not listed by Excel's or WPS's “取消隐藏”,
 * so users never meet the JSON or the ids; the program reads it back like any sheet).
 */
function writeMachineSheet(wb: ExcelJS.Workbook, data: MachineData): void {
  const ws = wb.addWorksheet(MACHINE_SHEET, { state: 'veryHidden' });
  ws.addRow([MACHINE_ROWS.note, '本表由督导评估工作台写入，导入时用于还原指标体系，请勿修改']);
  ws.addRow([MACHINE_ROWS.key, data.key]);
  if (data.passRules) ws.addRow([MACHINE_ROWS.passRules, JSON.stringify(data.passRules.json), data.passRules.reading]);
  for (const n of data.nodes) ws.addRow([MACHINE_ROWS.node, n.row, n.code, n.title, n.id, n.scoring ? JSON.stringify(n.scoring) : null, n.reading]);
}

/** Reads 导入用数据 (null when the workbook has none: older exports, hand-made workbooks). */
function readMachineSheet(wb: BookView): MachineData | null {
  const ws = wb.sheet(MACHINE_SHEET);
  if (!ws) return null;
  const data: MachineData = { key: null, passRules: null, nodes: [] };
  ws.eachRow((row) => {
    const text = (c: number) => cellText(row.cell(c));
    switch (text(1).trim()) {
      case MACHINE_ROWS.key:
        data.key = text(2).trim() || null;
        break;
      case MACHINE_ROWS.passRules:
        data.passRules = { json: parseJson(text(2)), reading: text(3) };
        break;
      case MACHINE_ROWS.node: {
        const cell = row.cell(2);
        const scoring = ScoringSchema.safeParse(parseJson(text(6)));
        data.nodes.push({
          row: cell.t === 'number' ? cell.v : Number(text(2)),
          code: text(3).trim(),
          title: text(4).trim(),
          id: text(5).trim(),
          scoring: scoring.success ? scoring.data : null,
          reading: text(7) || null,
        });
        break;
      }
    }
  });
  return data;
}

function parseJson(t: string): unknown {
  if (t.trim() === '') return null;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return null;
  }
}

/** Same words: line breaks and runs of spaces do not count (Excel and WPS may rewrite them). */
const sameWords = (a: string | null, b: string | null) => (a ?? '').replace(/\s+/g, ' ').trim() === (b ?? '').replace(/\s+/g, ' ').trim();

/**
 * Finds the 导入用数据 entry of the node row `row` (编码 `code`, 名称 `title`), each entry used once:
 * the same row with the same 编码 and 名称; else the one unused entry with that 编码 and 名称 (rows
 * inserted or moved); else the same row with the same 编码 (名称 edited); else the one unused entry
 * with that 编码. A row nothing matches (added by hand) is read like a hand-made one.
 */
class MachineMatcher {
  private readonly used = new Set<MachineNode>();
  private readonly byRow: Map<number, MachineNode>;

  constructor(private readonly nodes: MachineNode[]) {
    this.byRow = new Map(nodes.map((n) => [n.row, n]));
  }

  take(row: number, code: string, title: string): MachineNode | undefined {
    const free = (n: MachineNode | undefined) => (n && !this.used.has(n) ? n : undefined);
    const only = (pick: (n: MachineNode) => boolean) => {
      const found = this.nodes.filter((n) => !this.used.has(n) && pick(n));
      return found.length === 1 ? found[0] : undefined;
    };
    const same = free(this.byRow.get(row));
    const hit =
      (same && same.code === code && same.title === title ? same : undefined) ??
      only((n) => n.code === code && n.title === title) ??
      (same && code !== '' && same.code === code ? same : undefined) ??
      (code !== '' ? only((n) => n.code === code) : undefined);
    if (hit) this.used.add(hit);
    return hit;
  }
}

function nodeCell(n: IndicatorNode, k: WrittenColKey, system: IndicatorSystem): string | number | null {
  switch (k) {
    case 'code': return n.code;
    case 'points': return n.points;
    case 'method': return n.scoring ? METHOD_LABELS[n.scoring.method] : null;
    case 'standard': return n.standard;
    case 'content': return n.content;
    case 'evidence': return n.evidence.join('\n');
    case 'veto': return n.scoring?.method === 'veto' ? '是' : null;
    case 'applicability': return formatApplicability(n.applicability);
    case 'reading': return scoringReading(n, system);
    case 'explanation': return n.explanationRequired ? '是' : null;
    case 'scorer': return SCORER_LABELS[n.scorer];
    case 'unconfirmed': return n.unconfirmed ? '是' : null;
    case 'unconfirmedReason': return n.unconfirmed ? n.unconfirmedReason || UNCONFIRMED_EXPLANATION : n.unconfirmedReason || null;
    case 'note': return n.note;
  }
}

const APP_KEYS = { schoolTypes: '学校类型', sections: '学段', partnershipTypes: '共同体类型', categories: '类别' } as const;

/** "学校类型：小学、初中；学段：初中；类别：紧密型" (empty when unrestricted). */
export function formatApplicability(a: Applicability): string {
  const parts: string[] = [];
  if (a.schoolTypes.length) parts.push(`${APP_KEYS.schoolTypes}：${a.schoolTypes.join('、')}`);
  if (a.sections.length) parts.push(`${APP_KEYS.sections}：${a.sections.map((s) => SECTION_LABELS[s]).join('、')}`);
  if (a.partnershipTypes.length) parts.push(`${APP_KEYS.partnershipTypes}：${a.partnershipTypes.join('、')}`);
  if (a.categories.length) parts.push(`${APP_KEYS.categories}：${a.categories.join('、')}`);
  return parts.join('；');
}

// ---------------------------------------------------------------- import

/** Reads a workbook written by exportIndicatorWorkbook or laid out the same way by hand. */
export async function importIndicatorWorkbook(buffer: Buffer, fileName: string): Promise<WorkbookImportResult> {
  if (detectFileKind(buffer) === 'csv') {
    return { ok: false, errors: [{ message: `${fileName} 不是有效的 Excel（.xlsx）文件：内容是纯文本（如 CSV），指标体系请用 Excel 工作簿导入` }] };
  }
  const issues = new IssueCollector(fileName);
  const book = await readSource(buffer, issues);
  if (!book) return { ok: false, errors: issues.toArray().map((i) => ({ message: i.message })) };
  const wb = new BookView(book);
  const errors: WorkbookError[] = [];
  const fail = (sheet: string, row: number | undefined, col: number | undefined, header: string | undefined, msg: string) => {
    const letter = col ? columnLetter(col) : undefined;
    const where = `${fileName} 工作表“${sheet}”${row ? `第 ${row} 行` : ''}${letter ? ` ${letter} 列${header ? `（${header}）` : ''}` : ''}`;
    errors.push({ sheet, row, column: letter, message: `${where}：${msg}` });
  };

  const ws = wb.sheet(NODE_SHEET) ?? wb.sheets.find((w) => findLevelColumns(w).length > 0);
  if (!ws) return { ok: false, errors: [{ message: `${fileName} 中没有工作表“${NODE_SHEET}”（也没有任何含“一级指标”列的工作表）` }] };
  const sheet = ws.name;

  // Header row: the first row containing a level column.
  let headerRow = 0;
  for (let r = 1; r <= Math.min(ws.rowCount, 10); r++) if (findLevelColumns(ws, r).length) { headerRow = r; break; }
  if (!headerRow) return { ok: false, errors: [{ sheet, message: `${fileName} 工作表“${sheet}”：前 10 行中找不到“一级指标”等表头` }] };
  const levelCols = findLevelColumns(ws, headerRow);
  const col: Partial<Record<ColKey, number>> = {};
  const head = ws.row(headerRow);
  for (let c = 1; c <= head.width; c++) {
    const t = cellText(head.cell(c)).trim();
    for (const k of Object.keys(COLS) as ColKey[]) if (COLS[k] === t) col[k] = c;
  }
  for (const must of ['code', 'points', 'method'] as ColKey[])
    if (!col[must]) fail(sheet, headerRow, undefined, undefined, `缺少“${COLS[must]}”列`);
  if (errors.length) return { ok: false, errors };

  const machine = readMachineSheet(wb);
  const matcher = new MachineMatcher(machine?.nodes ?? []);
  const rowOf = new Map<string, number>();
  const roots: IndicatorNode[] = [];
  const open: (IndicatorNode | undefined)[] = [];
  let autoId = 0;

  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.row(r);
    const get = (k: ColKey) => (col[k] ? row.cell(col[k]!) : undefined);
    const text = (k: ColKey) => {
      const c = get(k);
      return c ? cellText(c) : '';
    };
    // Which level cells start something new in this row.
    const fresh: { level: number; title: string; c: number }[] = [];
    levelCols.forEach((c, i) => {
      const slave = row.isCovered(c);
      const v = cellText(row.cell(c)).trim();
      if (slave || v === '') return;
      fresh.push({ level: i, title: v, c });
    });
    // Repeated ancestor titles (no merges) are continuations, not new nodes.
    while (fresh.length > 1 && open[fresh[0]!.level]?.title === fresh[0]!.title) fresh.shift();
    const rest = (['code', 'points', 'method', 'content', 'standard'] as ColKey[]).some((k) => text(k).trim() !== '');
    if (!fresh.length) {
      if (rest) fail(sheet, r, levelCols[0], levelHeader(0), '该行填写了内容，但没有指标名称');
      continue;
    }
    let broken = false;
    fresh.forEach((f, idx) => {
      if (broken) return;
      if (f.level > 0 && !open[f.level - 1]) {
        fail(sheet, r, f.c, levelHeader(f.level), `“${f.title}”没有对应的${levelHeader(f.level - 1)}`);
        broken = true;
        return;
      }
      const isRowNode = idx === fresh.length - 1;
      const node = isRowNode ? readNodeRow(row, f.title, col, matcher, (c, h, m) => fail(sheet, r, c, h, m)) : bareNode(f.title);
      if (!node.id) node.id = `n${++autoId}-${r}`;
      // Only a “节点ID” column of an older export can repeat an id; the id itself is not for users.
      if (rowOf.has(node.id)) fail(sheet, r, col.id, col.id ? COLS.id : undefined, `与第 ${rowOf.get(node.id)} 行是同一指标（标识相同），请删除重复的一行`);
      rowOf.set(node.id, r);
      if (f.level === 0) roots.push(node);
      else open[f.level - 1]!.children.push(node);
      open[f.level] = node;
      open.length = f.level + 1;
    });
  }

  const meta = readMeta(wb, fileName, machine, fail);
  const grading = readBands(wb, meta.gradingBasis, meta.vetoLabel, fail, meta.gradeWhenFailed);
  const valueDefs = wb.sheet(VALUE_SHEET) ? readValueSheet(wb.sheet(VALUE_SHEET)!, fail) : meta.valueDefs;
  const categoryGroups = wb.sheet(CATEGORY_SHEET) ? readCategorySheet(wb.sheet(CATEGORY_SHEET)!, fail) : [];
  if (errors.length) return { ok: false, errors };

  const candidate = {
    schemaVersion: 1,
    key: meta.key,
    name: meta.name,
    level: meta.level,
    sourceDocument: meta.sourceDocument,
    description: meta.description,
    version: meta.version,
    state: meta.state,
    basedOnVersion: meta.basedOnVersion,
    bonusCap: meta.bonusCap,
    passRules: meta.passRules,
    grading,
    values: valueDefs,
    categoryGroups,
    nodes: roots,
  };
  const parsed = IndicatorSystemSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const i of parsed.error.issues) fail(sheet, undefined, undefined, undefined, `${pathWords(i.path)}：${i.message}`);
    return { ok: false, errors };
  }
  const system = parsed.data;
  for (const m of validateIndicatorSystem(system)) {
    if (m.severity !== 'error') continue;
    if (m.nodeId && rowOf.has(m.nodeId)) fail(sheet, rowOf.get(m.nodeId), undefined, undefined, m.message);
    else if (m.bandIndex !== undefined) fail(BAND_SHEET, m.bandIndex + 2, undefined, undefined, m.message);
    else if (m.valueIndex !== undefined && wb.sheet(VALUE_SHEET)) fail(VALUE_SHEET, m.valueIndex + 2, undefined, undefined, m.message);
    else if (m.categoryGroupIndex !== undefined && wb.sheet(CATEGORY_SHEET)) fail(CATEGORY_SHEET, m.categoryGroupIndex + 2, undefined, undefined, m.message);
    else fail(META_SHEET, undefined, undefined, undefined, m.message);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, system };
}

type Fail = (col: number | undefined, header: string | undefined, msg: string) => void;

function bareNode(title: string): IndicatorNode {
  return {
    id: '', code: '', title, content: '', standard: '', points: null, evidence: [], explanationRequired: false,
    applicability: { schoolTypes: [], sections: [], partnershipTypes: [], categories: [] },
    scorer: 'office', unconfirmed: false, unconfirmedReason: '', note: '', scoring: null, children: [],
  };
}

/** A zod issue path in the model's Chinese field names (“分值”, “第 2 项”), never a JSON path. */
function pathWords(path: readonly PropertyKey[]): string {
  const words = path.map((k) => (typeof k === 'number' ? `第 ${k + 1} 项` : indicatorFieldName(String(k))));
  return words.join('的') || '内容';
}

/**
 * One node row. Id and scoring parameters come from 导入用数据 when the row matches an entry there
 * (MachineMatcher), from the 节点ID / 方法参数 columns of older or hand-made workbooks otherwise.
 */
function readNodeRow(row: RowView, title: string, col: Partial<Record<ColKey, number>>, matcher: MachineMatcher, fail: Fail): IndicatorNode {
  const node = bareNode(title);
  const cellOf = (k: ColKey) => (col[k] ? row.cell(col[k]!) : undefined);
  const text = (k: ColKey) => {
    const c = cellOf(k);
    return c ? cellText(c) : '';
  };
  const at = (k: ColKey, msg: string) => fail(col[k], COLS[k], msg);

  node.code = text('code').trim();
  const kept = matcher.take(row.number, node.code, title);
  node.id = text('id').trim() || kept?.id || '';
  node.content = text('content');
  node.standard = text('standard');
  node.note = text('note');
  node.evidence = text('evidence').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

  const pc = cellOf('points');
  if (pc) {
    const v = pc.t === 'number' ? pc.v : null;
    const t = cellText(pc).trim();
    if (typeof v === 'number') node.points = v;
    else if (t !== '') {
      const n = Number(t);
      if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) at('points', `“${t}”不是数字`);
      else node.points = n;
    }
    if (node.points !== null && node.points < 0) at('points', `分值不能为负数（${node.points}）`);
  }

  node.explanationRequired = readYes(text('explanation'), () => at('explanation', `“${text('explanation')}”应为“是”或“否”`));
  node.unconfirmed = readYes(text('unconfirmed'), () => at('unconfirmed', `“${text('unconfirmed')}”应为“是”或“否”`));
  // The standard explanation is written out for readers; stored, it is the empty default again.
  const reason = text('unconfirmedReason').trim();
  node.unconfirmedReason = reason === UNCONFIRMED_EXPLANATION ? '' : reason;
  const scorerText = text('scorer').trim();
  if (scorerText) {
    const s = reverseLabel(SCORER_LABELS, scorerText);
    if (!s) at('scorer', `“${scorerText}”不是有效的评分主体（${Object.values(SCORER_LABELS).join('、')}）`);
    else node.scorer = s;
  }
  const app = parseApplicability(text('applicability'));
  if ('error' in app) at('applicability', app.error);
  else node.applicability = app.value;

  // Scoring: 评分方式 + the parameters kept in 导入用数据 (or a 方法参数 column); the 一票否决 column is
  // a shorthand for the veto method.
  const methodText = text('method').trim();
  const vetoFlag = readYes(text('veto'), () => at('veto', `“${text('veto')}”应为“是”或“否”`));
  let method: ScoringMethod | undefined;
  if (methodText) {
    method = reverseLabel(METHOD_LABELS, methodText);
    if (!method) at('method', `“${methodText}”不是有效的评分方式（${Object.values(METHOD_LABELS).join('、')}）`);
  } else if (vetoFlag) method = 'veto';
  if (method && vetoFlag && method !== 'veto') at('veto', `标记为一票否决，但评分方式是“${methodText}”`);
  if (method) {
    const typed = text('params').trim();
    if (typed === '' && kept?.scoring?.method === method) {
      // The parameters are not shown; their words are. Words edited in Excel would be a change the
      // import cannot carry out, so it is refused rather than dropped.
      if (!sameWords(text('reading'), kept.reading)) {
        at('reading', `评分规则说明与导出时不同，评分参数不能在 Excel 中修改：请在软件中修改评分参数，或把此格恢复为导出时的内容后再导入（原文：${kept.reading}）`);
      } else node.scoring = kept.scoring;
    } else {
      const p = parseParams(method, typed);
      if ('error' in p) at(typed === '' ? 'method' : 'params', p.error);
      else node.scoring = p.value;
    }
  }
  return node;
}

function readYes(t: string, bad: () => void): boolean {
  const v = t.trim();
  if (v === '' || v === '否' || v === '×' || v.toLowerCase() === 'false') return false;
  if (v === '是' || v === '√' || v === '✓' || v.toLowerCase() === 'true') return true;
  bad();
  return false;
}

/** JSON parameters, a grade shorthand "A=100%,B=80%,C=60%,D=0", or empty for defaults. */
function parseParams(method: ScoringMethod, raw: string): { value: Scoring } | { error: string } {
  const t = raw.trim();
  let params: Record<string, unknown> = {};
  if (t.startsWith('{')) {
    try {
      params = JSON.parse(t) as Record<string, unknown>;
    } catch {
      return { error: '方法参数不是有效的 JSON' };
    }
  } else if (t !== '') {
    if (method !== 'grade') return { error: `“${t}”无法识别；${METHOD_LABELS[method]}的参数应为 JSON，例如 {"step":0.5}` };
    const grades = [];
    for (const part of t.split(/[,，;；、\s]+/).filter(Boolean)) {
      const m = /^(.+?)[=＝:：](\d+(?:\.\d+)?)(%?)$/.exec(part);
      if (!m) return { error: `等级“${part}”格式应为 等级=百分比，例如 A=100%` };
      const share = Number(m[2]) / (m[3] || Number(m[2]) > 1 ? 100 : 1);
      grades.push({ label: m[1]!.trim(), share, met: share > 0, description: '' });
    }
    params = { grades };
  } else if (method === 'grade') {
    params = { grades: [['A', 1], ['B', 0.8], ['C', 0.6], ['D', 0]].map(([label, share]) => ({ label, share, met: (share as number) > 0 })) };
  }
  const candidate: Record<string, unknown> = { ...params, method };
  const r = ScoringSchema.safeParse(candidate);
  if (!r.success) {
    // A parameter left out is named as not set (the schema's own message would be about types).
    const absent = (p: readonly PropertyKey[]) => p.length === 1 && candidate[String(p[0])] === undefined;
    const issues = r.error.issues.map((i) => `${pathWords(i.path)}${absent(i.path) ? '未设置' : ` ${i.message}`}`).join('；');
    // Without typed parameters, the method needs settings only the program's editor offers.
    return {
      error: t === '' ? `评分方式“${METHOD_LABELS[method]}”的参数（${issues}）无法在 Excel 中填写：请先用其他评分方式导入，再在软件中改为“${METHOD_LABELS[method]}”并设置参数` : `方法参数有误：${issues}`,
    };
  }
  return { value: r.data };
}

function parseApplicability(t: string): { value: Applicability } | { error: string } {
  const a: Applicability = { schoolTypes: [], sections: [], partnershipTypes: [], categories: [] };
  for (const part of t.split(/[;；\n]+/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(.+?)[:：](.*)$/.exec(part);
    if (!m) return { error: `“${part}”格式应为“学校类型：小学、初中”` };
    const key = m[1]!.trim();
    const values = m[2]!.split(/[、,，\s]+/).map((s) => s.trim()).filter(Boolean);
    if (key === APP_KEYS.schoolTypes) {
      for (const v of values) {
        if (!(SCHOOL_TYPES as readonly string[]).includes(v)) return { error: `“${v}”不是有效的学校类型（${SCHOOL_TYPES.join('、')}）` };
        a.schoolTypes.push(v as Applicability['schoolTypes'][number]);
      }
    } else if (key === APP_KEYS.sections) {
      for (const v of values) {
        const s = reverseLabel(SECTION_LABELS, v);
        if (!s) return { error: `“${v}”不是有效的学段（小学、初中）` };
        a.sections.push(s);
      }
    } else if (key === APP_KEYS.partnershipTypes) {
      for (const v of values) {
        if (!(PARTNERSHIP_TYPES as readonly string[]).includes(v)) return { error: `“${v}”不是有效的共同体类型（${PARTNERSHIP_TYPES.join('、')}）` };
        a.partnershipTypes.push(v as Applicability['partnershipTypes'][number]);
      }
    } else if (key === APP_KEYS.categories) a.categories.push(...values);
    else return { error: `“${key}”不是有效的适用范围项（${Object.values(APP_KEYS).join('、')}）` };
  }
  return { value: a };
}

type SheetFail = (sheet: string, row: number | undefined, col: number | undefined, header: string | undefined, msg: string) => void;

function readMeta(wb: BookView, fileName: string, machine: MachineData | null, fail: SheetFail) {
  const ws = wb.sheet(META_SHEET);
  const values = new Map<string, { cell: Cell; row: number }>();
  ws?.eachRow((row, r) => {
    const k = cellText(row.cell(1)).trim();
    if (k) values.set(k, { cell: row.cell(2), row: r });
  });
  const str = (k: string) => (values.get(k) ? cellText(values.get(k)!.cell) : '');
  const bad = (k: string, msg: string) => fail(META_SHEET, values.get(k)?.row, 2, k, msg);
  const num = (k: string, required: boolean): number | null => {
    const e = values.get(k);
    const t = e ? cellText(e.cell).trim() : '';
    if (t === '') {
      if (required) bad(k, `缺少${k}`);
      return null;
    }
    const n = e!.cell.t === 'number' ? e!.cell.v : Number(t);
    if (!Number.isFinite(n)) {
      bad(k, `“${t}”不是数字`);
      return null;
    }
    return n;
  };
  const baseName = fileName.replace(/\.[^.]+$/, '');
  const name = str(META_ROWS.name).trim() || baseName;
  const levelText = str(META_ROWS.level).trim();
  const level = levelText ? reverseLabel(LEVEL_LABELS, levelText) : 'school';
  if (!level) bad(META_ROWS.level, `“${levelText}”不是有效的评估对象（${Object.values(LEVEL_LABELS).join('、')}）`);
  const stateText = str(META_ROWS.state).trim();
  const state = stateText ? reverseLabel(STATE_LABELS, stateText) : 'draft';
  if (!state) bad(META_ROWS.state, `“${stateText}”不是有效的状态（${Object.values(STATE_LABELS).join('、')}）`);
  // 通过规则: JSON in older exports and hand-made workbooks; now words, the rules in 导入用数据.
  let passRules: unknown[] = [];
  const prText = str(META_ROWS.passRules).trim();
  const rulesOf = (json: unknown) => {
    const r = PassRuleSchema.array().safeParse(json);
    if (!r.success) bad(META_ROWS.passRules, `通过规则有误：${r.error.issues.map((i) => `${pathWords(i.path)} ${i.message}`).join('；')}`);
    else passRules = r.data;
  };
  if (prText.startsWith('[')) {
    try {
      rulesOf(JSON.parse(prText) as unknown);
    } catch {
      bad(META_ROWS.passRules, '通过规则不是有效的 JSON');
    }
  } else if (machine?.passRules) {
    if (!sameWords(prText, machine.passRules.reading)) {
      bad(META_ROWS.passRules, `通过规则与导出时不同，通过规则不能在 Excel 中修改：请在软件“规则与等级”中修改，或把此格恢复为导出时的内容后再导入（原文：${machine.passRules.reading || '空'}）`);
    } else rulesOf(machine.passRules.json);
  } else if (prText) {
    bad(META_ROWS.passRules, `无法识别“${prText}”：通过规则请在导入后于软件“规则与等级”中设置（此格留空）`);
  }
  let valueDefs: unknown[] = [];
  const valuesText = str(META_ROWS.values).trim();
  if (valuesText) {
    try {
      const r = ValueDefSchema.array().safeParse(JSON.parse(valuesText) as unknown);
      if (!r.success) bad(META_ROWS.values, `数据项有误：${r.error.issues.map((i) => `${pathWords(i.path)} ${i.message}`).join('；')}`);
      else valueDefs = r.data;
    } catch {
      bad(META_ROWS.values, '数据项不是有效的 JSON');
    }
  }
  const failedText = str(META_ROWS.gradeWhenFailed).trim();
  const basisText = str(META_ROWS.gradingBasis).trim();
  const gradingBasis = basisText ? reverseLabel(BASIS_LABELS, basisText) : undefined;
  if (basisText && !gradingBasis) bad(META_ROWS.gradingBasis, `“${basisText}”应为“得分”或“得分率”`);
  return {
    name,
    // The key (same for every version of a system) is an internal identifier: kept in 导入用数据,
    // in 体系信息 only in older exports.
    key: machine?.key || str(META_ROWS.key).trim() || name,
    level: level ?? 'school',
    sourceDocument: str(META_ROWS.sourceDocument),
    description: str(META_ROWS.description),
    version: num(META_ROWS.version, false) ?? 1,
    state: state ?? 'draft',
    basedOnVersion: num(META_ROWS.basedOnVersion, false),
    bonusCap: num(META_ROWS.bonusCap, false),
    passRules,
    gradingBasis,
    vetoLabel: str(META_ROWS.vetoLabel).trim() || null,
    gradeWhenFailed: failedText === '' ? undefined : failedText === NO_GRADE_WHEN_FAILED ? null : failedText,
    valueDefs,
  };
}

function readBands(wb: BookView, basis: 'points' | 'percent' | undefined, vetoLabel: string | null, fail: SheetFail, gradeWhenFailed?: string | null) {
  const ws = wb.sheet(BAND_SHEET);
  const bands: GradeBand[] = [];
  ws?.eachRow((row, r) => {
    if (r === 1) return;
    const label = cellText(row.cell(1)).trim();
    if (!label) return;
    const bound = (c: number, h: string): number | null => {
      const cell = row.cell(c);
      if (cell.t === 'number') return cell.v;
      const t = cellText(cell).trim();
      if (t === '') return null;
      const n = Number(t);
      if (!Number.isFinite(n)) fail(BAND_SHEET, r, c, h, `“${t}”不是数字`);
      return Number.isFinite(n) ? n : null;
    };
    const flag = (c: number, h: string, dflt: boolean) => {
      const t = cellText(row.cell(c)).trim();
      if (t === '') return dflt;
      return readYes(t, () => fail(BAND_SHEET, r, c, h, `“${t}”应为“是”或“否”`));
    };
    bands.push({ label, min: bound(2, '下限'), minInclusive: flag(3, '含下限', true), max: bound(4, '上限'), maxInclusive: flag(5, '含上限', false) });
  });
  if (!bands.length) return null;
  const g = GradingSchema.safeParse({ basis: basis ?? 'points', bands, vetoLabel, gradeWhenFailed });
  return g.success ? g.data : null;
}

/** The 数据项 sheet: 公式中的名称 | 中文名称 | 口径 | 单位, located by header text. */
function readValueSheet(ws: SheetView, fail: SheetFail): unknown[] {
  const col = headerColumns(ws, VALUE_COLS);
  const out: unknown[] = [];
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const get = (h: (typeof VALUE_COLS)[number]) => (col[h] ? cellText(row.cell(col[h]!)).trim() : '');
    const [name, label, scaleText, unit] = VALUE_COLS.map(get) as [string, string, string, string];
    if (!name && !label && !scaleText && !unit) return;
    const scale = scaleText === '' ? 'number' : (VALUE_SCALES.find((k) => SCALE_SHORT[k] === scaleText || SCALE_LABELS[k] === scaleText || k === scaleText) ?? null);
    if (!scale) {
      fail(VALUE_SHEET, r, col['口径'], '口径', `“${scaleText}”不是有效的口径（比例、百分数、数值）`);
      return;
    }
    const v = ValueDefSchema.safeParse({ name, label, scale, unit });
    if (!v.success) fail(VALUE_SHEET, r, undefined, undefined, v.error.issues.map((i) => i.message).join('；'));
    else out.push(v.data);
  });
  return out;
}

/** The 类别 sheet: 类别名称 | 可选项 (、，, separated) | 适用的办学共同体类型. */
function readCategorySheet(ws: SheetView, fail: SheetFail): unknown[] {
  const col = headerColumns(ws, CATEGORY_COLS);
  const split = (t: string) => t.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);
  const out: unknown[] = [];
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const get = (h: (typeof CATEGORY_COLS)[number]) => (col[h] ? cellText(row.cell(col[h]!)).trim() : '');
    const label = get('类别名称');
    const options = split(get('可选项'));
    const types = split(get('适用的办学共同体类型'));
    if (!label && !options.length && !types.length) return;
    const bad = types.find((t) => !(PARTNERSHIP_TYPES as readonly string[]).includes(t));
    if (bad) {
      fail(CATEGORY_SHEET, r, col['适用的办学共同体类型'], '适用的办学共同体类型', `“${bad}”不是有效的共同体类型（${PARTNERSHIP_TYPES.join('、')}）`);
      return;
    }
    const g = CategoryGroupSchema.safeParse({ label, options, partnershipTypes: types });
    if (!g.success) fail(CATEGORY_SHEET, r, undefined, undefined, g.error.issues.map((i) => i.message).join('；'));
    else out.push(g.data);
  });
  return out;
}

/** Column numbers of the given headers in row 1 (missing headers are absent). */
function headerColumns<H extends string>(ws: SheetView, headers: readonly H[]): Partial<Record<H, number>> {
  const out: Partial<Record<H, number>> = {};
  const head = ws.row(1);
  for (let c = 1; c <= head.width; c++) {
    const t = cellText(head.cell(c)).trim() as H;
    if (headers.includes(t)) out[t] = c;
  }
  return out;
}

function findLevelColumns(ws: SheetView, headerRow?: number): number[] {
  const rows = headerRow ? [headerRow] : [1, 2, 3];
  for (const r of rows) {
    const cols: number[] = [];
    const row = ws.row(r);
    for (let c = 1; c <= row.width; c++) if (/^[一二三四五六七八九十]+级指标$/.test(cellText(row.cell(c)).trim())) cols.push(c);
    if (cols.length) return cols;
  }
  return [];
}

/** Text of a cell as the reader gives it (rich text joined, formula results as saved; a formula saved without a result reads as blank). */
function cellText(cell: Cell): string {
  switch (cell.t) {
    case 'empty':
    case 'formula':
      return '';
    case 'text':
    case 'error':
      return cell.v;
    case 'number':
    case 'bool':
      return String(cell.v);
    case 'date':
      return cell.v.toISOString().slice(0, 10);
  }
}

export function columnLetter(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
