import { SchoolFields, type SchoolInput } from '../../../shared/api/contracts/schools';
import type { ImportIssue, ImportNotice } from '../../../shared/api/contracts/exchange';
import type { TermMapping } from '../../../shared/domain/schools/statistics-vocabulary';
import { cleanName, hasInvisible, nameKey, showInvisible } from '../../../shared/domain/text/normalize';
import { readDate, readText } from './cell-values';
import { chooseSheet } from './find-sheet';
import { repeatsHeader, type MatchedColumn } from './header-match';
import { describeRows, IssueCollector, type IssuePlace } from './issues';
import { readSource } from './read-source';
import { SCHOOL_COLUMNS, splitCampusNames, type SchoolColumn, type SchoolColumnKey, type SchoolField } from './school-columns';
import { SCHOOLS_SHEET } from './sheet-names';
import { cellAt, isRowBlank, type Cell } from './table';
import { zodIssueMessage } from './zod-message';

export interface ColumnRef {
  column: string;
  label: string;
}

export interface ParsedSchoolRow {
  /** The sheet's name, or “CSV” for a CSV file (the preview needs a label). */
  sheet: string;
  /** The sheet as issues name it: null for a CSV file, which has no sheets. Absent means `sheet`. */
  sheetName?: string | null;
  row: number;
  input: SchoolInput;
  campuses: string[];
  /** Fields whose column is in the file; on update the others keep their stored value. */
  fields: SchoolField[];
  /** Where each value came from, so planning can point at the cell too. */
  columns: Partial<Record<SchoolColumnKey, ColumnRef>>;
}

/**
 * A row with cell errors (already among `errors`): never stored, but planned against the register
 * all the same, so that the errors only the register can tell (撤并 without a date when the file has
 * no 撤并日期 column, a code another school holds) are reported in the same pass as the cell errors.
 */
export interface RejectedSchoolRow extends Omit<ParsedSchoolRow, 'input'> {
  /** The cells that read correctly, cleaned as for a good row; failed cells are absent. */
  input: Partial<SchoolInput>;
  /** Columns whose cell is wrong (or repeats an earlier row's 标识码 or name): planning says nothing more about them. */
  failed: SchoolColumnKey[];
}

export interface ParsedSchools {
  rows: ParsedSchoolRow[];
  /** Rows with errors, for planning only (see RejectedSchoolRow). */
  rejected: RejectedSchoolRow[];
  errors: ImportIssue[];
  /** File-level facts for the preview: terms mapped from the national statistics, invisible characters removed. */
  notices: ImportNotice[];
}

const REQUIRED = SCHOOL_COLUMNS.filter((c) => c.required);
const EXPECTED = REQUIRED.map((c) => `“${c.label}”`).join('');

export const CSV_SHEET = 'CSV';

export async function parseSchoolsFile(buf: Buffer, fileName: string): Promise<ParsedSchools> {
  const issues = new IssueCollector(fileName);
  const book = await readSource(buf, issues);
  if (!book) return { rows: [], rejected: [], errors: issues.toArray(), notices: [] };
  const choice = chooseSheet(book, SCHOOLS_SHEET, SCHOOL_COLUMNS, EXPECTED, issues);
  if (!choice) return { rows: [], rejected: [], errors: issues.toArray(), notices: [] };
  const { table, header } = choice;
  const sheet = table.name;
  const headerRow = header.rowIndex + 1;

  for (const p of header.problems) issues.add({ sheet, row: headerRow, column: p.letter, columnLabel: p.header }, p.message);
  const present = new Set(header.columns.map((c) => c.spec.key));
  const missing = REQUIRED.filter((c) => !present.has(c.key));
  for (const c of missing) issues.add({ sheet, row: headerRow }, `缺少“${c.label}”列`);
  if (missing.length > 0) return { rows: [], rejected: [], errors: issues.toArray(), notices: [] };

  const columns = header.columns as MatchedColumn<SchoolColumnKey>[];
  const refs: ParsedSchoolRow['columns'] = Object.fromEntries(columns.map((c) => [c.spec.key, { column: c.letter, label: c.header }]));
  const fields = columns.map((c) => c.spec.key).filter((k): k is SchoolField => k !== 'campuses');
  const rows: ParsedSchoolRow[] = [];
  const rejected: RejectedSchoolRow[] = [];
  const byCode = new Map<string, number>();
  const byName = new Map<string, { row: number; name: string }>();
  const mappings = new MappingNotes();
  const cleaned = new CleaningNotes();

  for (let r = header.rowIndex + 1; r < table.rows.length; r++) {
    if (isRowBlank(table.rows[r]) || repeatsHeader(table, r, header)) continue;
    const rowNo = r + 1;
    const placeOf = (key: SchoolColumnKey): IssuePlace => {
      const ref = refs[key];
      return { sheet, row: rowNo, column: ref?.column ?? null, columnLabel: ref?.label ?? null };
    };
    const raw: Record<string, unknown> = {};
    let campuses: string[] = [];
    // Every problem of the row is reported, in column order, each cell at most once.
    const rowIssues: { index: number; key: SchoolColumnKey; text: string }[] = [];
    const failed = new Set<SchoolColumnKey>();
    const indexOf = (key: SchoolColumnKey) => columns.find((c) => c.spec.key === key)?.index ?? -1;
    const fail = (key: SchoolColumnKey, index: number, text: string) => {
      rowIssues.push({ index, key, text });
      failed.add(key);
    };
    for (const col of columns) {
      const spec = col.spec as SchoolColumn;
      const cell = cellAt(table, r, col.index);
      if (cell.t === 'text' && hasInvisible(cell.v)) cleaned.add(spec.label, rowNo, cell.v);
      const read = spec.kind === 'date' ? readDate(cleanTextCell(cell), table.date1904) : readText(cell);
      if (!read.ok) {
        fail(spec.key, col.index, read.message);
        continue;
      }
      const text = read.value === null ? null : cleanName(read.value) || null;
      if (text === null) {
        if (spec.required) fail(spec.key, col.index, `“${spec.label}”不能为空`);
        continue;
      }
      switch (spec.kind) {
        case 'enum': {
          // The readers ignore invisible characters but quote the cell as typed, with them shown.
          const typed = read.value ?? text;
          const term = spec.readTerm ? spec.readTerm(typed) : readOption(typed, spec.label, spec.options ?? []);
          if (!term.ok) fail(spec.key, col.index, term.message);
          else {
            raw[spec.key] = term.value;
            if (term.mapped) mappings.add(spec.key === 'type' ? '学校类型' : spec.label, term.mapped, term.value, rowNo);
          }
          break;
        }
        case 'list':
          campuses = splitCampusNames(text);
          break;
        default:
          // 标识码, names, texts and dates are cleaned and checked by the shared schema below.
          raw[spec.key] = text;
      }
    }

    // Field by field only: the rules that tie fields together (撤并 needs a date…) are checked on
    // the merged result when planning, where a stored value may complete the row.
    const parsed = SchoolFields.safeParse(raw);
    if (!parsed.success) {
      for (const zi of parsed.error.issues) {
        const key = String(zi.path[0] ?? 'name') as SchoolColumnKey;
        if (!failed.has(key)) fail(key, indexOf(key), zodIssueMessage(zi));
      }
    }
    const input = parsed.success ? parsed.data : readableFields(raw, failed);
    // Repeats within the file are checked on rows with other errors too, so that fixing those does
    // not bring a new error to light in the next round.
    if (input.code != null && !failed.has('code')) {
      const first = byCode.get(input.code);
      if (first !== undefined) fail('code', indexOf('code'), `学校标识码“${input.code}”与第 ${first} 行重复`);
      else byCode.set(input.code, rowNo);
    }
    if (input.name !== undefined && !failed.has('name')) {
      const key = nameKey(input.name);
      const firstName = byName.get(key);
      if (firstName !== undefined) {
        const same = firstName.name === input.name;
        fail(
          'name',
          indexOf('name'),
          same
            ? `学校名称“${input.name}”与第 ${firstName.row} 行重复`
            : `学校名称“${input.name}”与第 ${firstName.row} 行的“${firstName.name}”只差空格、全角半角或不可见字符，视为同一所学校重复出现`,
        );
      } else byName.set(key, { row: rowNo, name: input.name });
    }
    const at = { sheet: sheet ?? CSV_SHEET, sheetName: sheet, row: rowNo, campuses, fields, columns: refs };
    if (rowIssues.length === 0 && parsed.success) {
      rows.push({ ...at, input: parsed.data });
      continue;
    }
    for (const i of rowIssues.sort((a, b) => a.index - b.index)) issues.add(placeOf(i.key), i.text);
    rejected.push({ ...at, input, failed: [...failed] });
  }
  if (rows.length === 0 && issues.count === 0) issues.add({ sheet, row: headerRow }, '表头下面没有任何学校数据');
  return { rows, rejected, errors: issues.toArray(), notices: [...mappings.notices(), ...cleaned.notices()] };
}

/** The fields of a row with errors that read correctly on their own (defaults applied as for a good row). */
function readableFields(raw: Record<string, unknown>, failed: ReadonlySet<SchoolColumnKey>): Partial<SchoolInput> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(SchoolFields.shape)) {
    if (failed.has(key as SchoolColumnKey)) continue;
    const r = schema.safeParse(raw[key]);
    if (r.success) out[key] = r.data;
  }
  return out as Partial<SchoolInput>;
}

/** A date typed as text may carry the same invisible characters as names; the shared reader sees the cleaned text. */
function cleanTextCell(cell: Cell): Cell {
  return cell.t === 'text' ? { t: 'text', v: cleanName(cell.v) } : cell;
}

/** One notice per (column, term, result): “城乡“主城区”（第 3、5 行）按国家统计城乡划分记为“城区””. */
class MappingNotes {
  private readonly byKey = new Map<string, { label: string; mapped: TermMapping; value: string; rows: number[] }>();

  add(label: string, mapped: TermMapping, value: string, row: number): void {
    const key = `${label}\u0000${mapped.source}\u0000${value}`;
    const entry = this.byKey.get(key) ?? { label, mapped, value, rows: [] };
    entry.rows.push(row);
    this.byKey.set(key, entry);
  }

  notices(): ImportNotice[] {
    return [...this.byKey.values()].map((e) => ({
      kind: 'mapping',
      message: `${e.label}${e.mapped.source}（${describeRows(e.rows)}）${e.mapped.basis}记为“${e.value}”`,
    }));
  }
}

/** Invisible characters and odd spaces removed, per column, with the first cells shown visibly. */
class CleaningNotes {
  private readonly byColumn = new Map<string, { rows: number[]; examples: string[] }>();

  add(label: string, row: number, text: string): void {
    const entry = this.byColumn.get(label) ?? { rows: [], examples: [] };
    entry.rows.push(row);
    if (entry.examples.length < 3) entry.examples.push(`第 ${row} 行“${showInvisible(text)}”`);
    this.byColumn.set(label, entry);
  }

  notices(): ImportNotice[] {
    return [...this.byColumn.entries()].map(([label, e]) => ({
      kind: 'other',
      message: `“${label}”列有 ${e.rows.length} 个单元格含不可见字符或特殊空格，已去除后再匹配和保存：${e.examples.join('、')}${e.rows.length > e.examples.length ? ' 等' : ''}`,
    }));
  }
}

/** An option of a short list (办学性质, 状态): spacing, full-width forms and invisible characters are ignored. */
function readOption(text: string, label: string, options: readonly string[]): { ok: true; value: string; mapped: null } | { ok: false; message: string } {
  const key = nameKey(text);
  const hit = options.find((o) => nameKey(o) === key);
  if (hit) return { ok: true, value: hit, mapped: null };
  return { ok: false, message: `“${showInvisible(text.trim())}”不是有效的${label}，可选：${options.join('、')}` };
}
