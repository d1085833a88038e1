import type { ImportIssue } from '../../../shared/api/contracts/exchange';

/** Beyond this many, a user cannot act on the list anyway; the rest is summarised in one line. */
export const MAX_LISTED_ISSUES = 500;

export interface IssuePlace {
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  columnLabel?: string | null;
}

/** The Chinese location prefix, e.g. “统计表.xlsx 工作表“学校统计”第 7 行 F 列（…）”. */
export function describePlace(file: string, place: IssuePlace): string {
  let s = file;
  if (place.sheet) s += ` 工作表“${place.sheet}”`;
  if (place.row != null) s += `${place.sheet ? '' : ' '}第 ${place.row} 行`;
  if (place.column) {
    s += ` ${place.column} 列`;
    if (place.columnLabel) s += `（${place.columnLabel}）`;
  } else if (place.columnLabel) {
    s += ` “${place.columnLabel}”列`;
  }
  return s;
}

/** The message carries the full location too, so a CLI or log line reads on its own. */
export function makeIssue(file: string, place: IssuePlace, text: string): ImportIssue {
  return {
    file,
    sheet: place.sheet ?? null,
    row: place.row ?? null,
    column: place.column ?? null,
    columnLabel: place.columnLabel ?? null,
    message: `${describePlace(file, place)}：${text}`,
  };
}

/** Truncates a list to `max` entries plus one summary line naming how many were left out. */
export function capIssues(issues: ImportIssue[], max = MAX_LISTED_ISSUES): ImportIssue[] {
  if (issues.length <= max) return issues;
  const rest = issues.length - max;
  const file = issues[0]?.file ?? '';
  return [...issues.slice(0, max), overflowLine(file, rest)];
}

function overflowLine(file: string, rest: number): ImportIssue {
  return { file, sheet: null, row: null, column: null, columnLabel: null, message: `另有 ${rest} 处错误未列出` };
}

const OVERFLOW = /^另有 (\d+) 处错误未列出$/;

/** How many issues an overflow line (see capIssues) stands for, or null when `i` is an ordinary issue. */
function overflowCount(i: ImportIssue): number | null {
  if (i.row !== null || i.column !== null || i.sheet !== null) return null;
  const m = OVERFLOW.exec(i.message);
  return m ? Number(m[1]) : null;
}

/** Column letters in sheet order: B before AA. */
function byColumn(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

/**
 * The issues of one import from every stage (reading, then planning against the register) as one
 * list in the order a user fixes them in the file: by sheet, then row, then column, issues of the
 * whole file or sheet (no row) first; stable, so one cell's issues keep their order. At most `max`
 * are listed; overflow lines of the stages are summed into one closing line, so the count stays exact.
 */
export function mergeIssues(lists: readonly (readonly ImportIssue[])[], max = MAX_LISTED_ISSUES): ImportIssue[] {
  let hidden = 0;
  let file = '';
  const all: ImportIssue[] = [];
  for (const list of lists) {
    for (const i of list) {
      file ||= i.file;
      const n = overflowCount(i);
      if (n === null) all.push(i);
      else hidden += n;
    }
  }
  all.sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.row ?? -1) - (b.row ?? -1) || byColumn(a.column, b.column));
  const listed = all.slice(0, max);
  hidden += all.length - listed.length;
  return hidden > 0 ? [...listed, overflowLine(file, hidden)] : listed;
}

/** Collects issues for one file; keeps counting past the cap so the summary line is exact. */
export class IssueCollector {
  private readonly list: ImportIssue[] = [];
  private total = 0;

  constructor(
    readonly file: string,
    private readonly max = MAX_LISTED_ISSUES,
  ) {}

  add(place: IssuePlace, text: string): void {
    this.total++;
    if (this.list.length < this.max) this.list.push(makeIssue(this.file, place, text));
  }

  get count(): number {
    return this.total;
  }

  toArray(): ImportIssue[] {
    if (this.total <= this.list.length) return [...this.list];
    const rest = this.total - this.list.length;
    return [...this.list, overflowLine(this.file, rest)];
  }
}

/** “第 4—30 行” or “第 4、7 行”: many rows named in one notice. */
export function describeRows(rows: number[]): string {
  if (rows.length === 0) return '';
  const contiguous = rows.every((r, i) => i === 0 || r === rows[i - 1] + 1);
  if (contiguous && rows.length > 2) return `第 ${rows[0]}—${rows[rows.length - 1]} 行`;
  const shown = rows.slice(0, 10).join('、');
  return `第 ${shown}${rows.length > 10 ? ` 等 ${rows.length} ` : ' '}行`;
}
