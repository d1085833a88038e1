import { SchoolInput } from '../../../shared/api/contracts/schools';
import type { ImportIssue } from '../../../shared/api/contracts/exchange';
import { readDate, readText } from './cell-values';
import { chooseSheet } from './find-sheet';
import { repeatsHeader, type MatchedColumn } from './header-match';
import { IssueCollector, type IssuePlace } from './issues';
import { readSource } from './read-source';
import { SCHOOL_COLUMNS, splitCampusNames, type SchoolColumn, type SchoolColumnKey, type SchoolField } from './school-columns';
import { SCHOOLS_SHEET } from './sheet-names';
import { cellAt, isRowBlank } from './table';
import { zodIssueMessage } from './zod-message';

export interface ColumnRef {
  column: string;
  label: string;
}

export interface ParsedSchoolRow {
  sheet: string;
  row: number;
  input: SchoolInput;
  campuses: string[];
  /** Fields whose column is in the file; on update the others keep their stored value. */
  fields: SchoolField[];
  /** Where each value came from, so planning can point at the cell too. */
  columns: Partial<Record<SchoolColumnKey, ColumnRef>>;
}

export interface ParsedSchools {
  rows: ParsedSchoolRow[];
  errors: ImportIssue[];
}

const REQUIRED = SCHOOL_COLUMNS.filter((c) => c.required);
const EXPECTED = REQUIRED.map((c) => `“${c.label}”`).join('');

export const CSV_SHEET = 'CSV';

export async function parseSchoolsFile(buf: Buffer, fileName: string): Promise<ParsedSchools> {
  const issues = new IssueCollector(fileName);
  const book = await readSource(buf, issues);
  if (!book) return { rows: [], errors: issues.toArray() };
  const choice = chooseSheet(book, SCHOOLS_SHEET, SCHOOL_COLUMNS, EXPECTED, issues);
  if (!choice) return { rows: [], errors: issues.toArray() };
  const { table, header } = choice;
  const sheet = table.name;
  const headerRow = header.rowIndex + 1;

  for (const p of header.problems) issues.add({ sheet, row: headerRow, column: p.letter, columnLabel: p.header }, p.message);
  const present = new Set(header.columns.map((c) => c.spec.key));
  const missing = REQUIRED.filter((c) => !present.has(c.key));
  for (const c of missing) issues.add({ sheet, row: headerRow }, `缺少“${c.label}”列`);
  if (missing.length > 0) return { rows: [], errors: issues.toArray() };

  const columns = header.columns as MatchedColumn<SchoolColumnKey>[];
  const refs: ParsedSchoolRow['columns'] = Object.fromEntries(columns.map((c) => [c.spec.key, { column: c.letter, label: c.header }]));
  const fields = columns.map((c) => c.spec.key).filter((k): k is SchoolField => k !== 'campuses');
  const rows: ParsedSchoolRow[] = [];
  const byCode = new Map<string, number>();
  const byName = new Map<string, number>();

  for (let r = header.rowIndex + 1; r < table.rows.length; r++) {
    if (isRowBlank(table.rows[r]) || repeatsHeader(table, r, header)) continue;
    const rowNo = r + 1;
    const placeOf = (key: SchoolColumnKey): IssuePlace => {
      const ref = refs[key];
      return { sheet, row: rowNo, column: ref?.column ?? null, columnLabel: ref?.label ?? null };
    };
    const raw: Record<string, unknown> = {};
    let campuses: string[] = [];
    let bad = false;
    for (const col of columns) {
      const spec = col.spec as SchoolColumn;
      const cell = cellAt(table, r, col.index);
      const place = placeOf(spec.key);
      const read = spec.kind === 'date' ? readDate(cell) : readText(cell);
      if (!read.ok) {
        issues.add(place, read.message);
        bad = true;
        continue;
      }
      const text = read.value;
      if (text === null) {
        if (spec.required) {
          issues.add(place, `“${spec.label}”不能为空`);
          bad = true;
        }
        continue;
      }
      switch (spec.kind) {
        case 'code':
          if (!/^\d{10}$/.test(text)) {
            issues.add(place, `“${text}”不是有效的学校标识码，应为 10 位数字`);
            bad = true;
          } else raw.code = text;
          break;
        case 'enum': {
          const v = normalizeEnum(text, spec.options ?? []);
          if (v === null) {
            issues.add(place, `“${text}”不是有效的${spec.label}，可选：${(spec.options ?? []).join('、')}`);
            bad = true;
          } else raw[spec.key] = v;
          break;
        }
        case 'list':
          campuses = splitCampusNames(text);
          break;
        default:
          raw[spec.key] = text;
      }
    }
    if (bad) continue;

    const parsed = SchoolInput.safeParse(raw);
    if (!parsed.success) {
      for (const zi of parsed.error.issues) issues.add(placeOf(String(zi.path[0] ?? 'name') as SchoolColumnKey), zodIssueMessage(zi));
      continue;
    }
    const input = parsed.data;
    let dup = false;
    if (input.code !== null) {
      const first = byCode.get(input.code);
      if (first !== undefined) {
        issues.add(placeOf('code'), `学校标识码“${input.code}”与第 ${first} 行重复`);
        dup = true;
      } else byCode.set(input.code, rowNo);
    }
    const firstName = byName.get(input.name);
    if (firstName !== undefined) {
      issues.add(placeOf('name'), `学校名称“${input.name}”与第 ${firstName} 行重复`);
      dup = true;
    } else byName.set(input.name, rowNo);
    if (dup) continue;
    rows.push({ sheet: sheet ?? CSV_SHEET, row: rowNo, input, campuses, fields, columns: refs });
  }
  if (rows.length === 0 && issues.count === 0) issues.add({ sheet, row: headerRow }, '表头下面没有任何学校数据');
  return { rows, errors: issues.toArray() };
}

/** Tolerates spacing, full-width forms and a trailing “学校” (九年一贯制学校 → 九年一贯制). */
function normalizeEnum(text: string, options: readonly string[]): string | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (options.includes(t)) return t;
  const stripped = t.replace(/学校$/, '');
  if (options.includes(stripped)) return stripped;
  const withSchool = `${t}学校`;
  if (options.includes(withSchool)) return withSchool;
  return null;
}
