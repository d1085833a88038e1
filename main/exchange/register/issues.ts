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
  return [
    ...issues.slice(0, max),
    { file, sheet: null, row: null, column: null, columnLabel: null, message: `另有 ${rest} 处错误未列出` },
  ];
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
    return [
      ...this.list,
      { file: this.file, sheet: null, row: null, column: null, columnLabel: null, message: `另有 ${rest} 处错误未列出` },
    ];
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
