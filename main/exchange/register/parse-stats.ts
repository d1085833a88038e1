import type { ImportIssue } from '../../../shared/api/contracts/exchange';
import { STAT_FIELD_BY_KEY, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { readList, readNumber, readText } from './cell-values';
import { chooseSheet } from './find-sheet';
import { repeatsHeader, type MatchedColumn } from './header-match';
import { IssueCollector, type IssuePlace } from './issues';
import type { ColumnRef } from './parse-schools';
import { CSV_SHEET } from './parse-schools';
import { readSource } from './read-source';
import { STATS_SHEET } from './sheet-names';
import { STATS_COLUMN_SPECS, numberRuleFor, type StatsIdentityKey } from './stats-columns';
import { cellAt, isRowBlank } from './table';

export interface ParsedStatsRow {
  sheet: string;
  row: number;
  schoolCode: string | null;
  schoolName: string;
  campusName: string | null;
  year: number;
  /** Only cells that hold a value: a blank cell is missing, never 0. Money is in 元. */
  values: StatValues;
  /** Where each identity column and field came from, keyed by field key or identity key. */
  columns: Record<string, ColumnRef>;
}

export interface ParsedStats {
  rows: ParsedStatsRow[];
  errors: ImportIssue[];
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export async function parseStatsFile(buf: Buffer, fileName: string, opts: { year?: number } = {}): Promise<ParsedStats> {
  const issues = new IssueCollector(fileName);
  const book = await readSource(buf, issues);
  if (!book) return { rows: [], errors: issues.toArray() };
  const choice = chooseSheet(book, STATS_SHEET, STATS_COLUMN_SPECS, '“学校名称”“年份”和各统计项', issues);
  if (!choice) return { rows: [], errors: issues.toArray() };
  const { table, header } = choice;
  const sheet = table.name;
  const headerRow = header.rowIndex + 1;

  for (const p of header.problems) issues.add({ sheet, row: headerRow, column: p.letter, columnLabel: p.header }, p.message);
  const byKey = new Map<string, MatchedColumn>(header.columns.map((c) => [c.spec.key, c]));
  const identity = (k: StatsIdentityKey) => byKey.get(k);
  const fieldColumns = header.columns.filter((c) => STAT_FIELD_BY_KEY.has(c.spec.key));
  let fatal = false;
  if (!identity('schoolCode') && !identity('schoolName')) {
    issues.add({ sheet, row: headerRow }, '缺少“学校名称”列（或“学校标识码”列），无法确定每行是哪所学校');
    fatal = true;
  }
  if (!identity('year') && opts.year === undefined) {
    issues.add({ sheet, row: headerRow }, '缺少“年份”列，且导入时没有指定年份');
    fatal = true;
  }
  if (fieldColumns.length === 0) {
    issues.add({ sheet, row: headerRow }, '没有找到任何统计项列（如“小学在校生数（人）”），请使用下载的模板');
    fatal = true;
  }
  if (fatal) return { rows: [], errors: issues.toArray() };

  const refs: Record<string, ColumnRef> = Object.fromEntries(header.columns.map((c) => [c.spec.key, { column: c.letter, label: c.header }]));
  const rows: ParsedStatsRow[] = [];

  for (let r = header.rowIndex + 1; r < table.rows.length; r++) {
    if (isRowBlank(table.rows[r]) || repeatsHeader(table, r, header)) continue;
    const rowNo = r + 1;
    const placeOf = (key: string): IssuePlace => ({ sheet, row: rowNo, column: refs[key]?.column ?? null, columnLabel: refs[key]?.label ?? null });
    let bad = false;
    const text = (key: StatsIdentityKey): string | null => {
      const col = identity(key);
      if (!col) return null;
      const read = readText(cellAt(table, r, col.index));
      if (!read.ok) {
        issues.add(placeOf(key), read.message);
        bad = true;
        return null;
      }
      return read.value;
    };

    const schoolCode = text('schoolCode');
    if (schoolCode !== null && !/^\d{10}$/.test(schoolCode)) {
      issues.add(placeOf('schoolCode'), `“${schoolCode}”不是有效的学校标识码，应为 10 位数字`);
      bad = true;
    }
    const schoolName = text('schoolName');
    const campusName = text('campusName');
    if (schoolCode === null && schoolName === null && !bad) {
      issues.add({ sheet, row: rowNo }, '学校标识码和学校名称都没有填写，无法确定是哪所学校');
      bad = true;
    }

    let year = opts.year ?? null;
    const yearCol = identity('year');
    if (yearCol) {
      const read = readNumber(cellAt(table, r, yearCol.index), { integer: true });
      const y = read.ok ? read.value : null;
      if (!read.ok) {
        issues.add(placeOf('year'), read.message.replace('不是数字', '不是有效的年份'));
        bad = true;
      } else if (y !== null && (y < MIN_YEAR || y > MAX_YEAR)) {
        issues.add(placeOf('year'), `年份 ${y} 不在 ${MIN_YEAR}—${MAX_YEAR} 之间`);
        bad = true;
      } else if (y !== null && opts.year !== undefined && y !== opts.year) {
        issues.add(placeOf('year'), `年份 ${y} 与导入时选择的年份 ${opts.year} 不一致`);
        bad = true;
      } else if (y !== null) year = y;
      else if (opts.year === undefined) {
        issues.add(placeOf('year'), '年份不能为空');
        bad = true;
      }
    }

    const values: StatValues = {};
    for (const col of fieldColumns) {
      const def = STAT_FIELD_BY_KEY.get(col.spec.key)!;
      const cell = cellAt(table, r, col.index);
      const rule = numberRuleFor(def, col.factor);
      const read = def.kind === 'list' ? readList(cell, rule) : readNumber(cell, rule);
      if (!read.ok) {
        issues.add(placeOf(def.key), read.message);
        bad = true;
      } else if (read.value !== null) values[def.key] = read.value;
    }
    if (bad || year === null) continue;
    rows.push({ sheet: sheet ?? CSV_SHEET, row: rowNo, schoolCode, schoolName: schoolName ?? '', campusName, year, values, columns: refs });
  }
  if (rows.length === 0 && issues.count === 0) issues.add({ sheet, row: headerRow }, '表头下面没有任何学校数据');
  return { rows, errors: issues.toArray() };
}
