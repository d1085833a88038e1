/**
 * Landscape register builder (e.g. 学校名册): a title and one wide table whose header repeats on
 * every page. Columns may share a group heading, which becomes a merged cell over them.
 */
import type { DocModel, TableCell, TableCellInput } from '../model.js';
import { formatChineseDate } from '../dates.js';

export interface RegisterColumn {
  key: string;
  header: string;
  /** Relative width. */
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Columns in a row with the same group get one merged heading above theirs. */
  group?: string;
}

export interface RegisterInput {
  title: string;
  /** Line under the title, e.g. 填报单位 and 统计时点. */
  subtitle?: string;
  columns: RegisterColumn[];
  rows: Record<string, string | number | null | undefined>[];
  note?: string;
  /** 制表日期, ISO. */
  date?: string;
  author?: string;
}

function headerRows(columns: RegisterColumn[]): TableCellInput[][] {
  if (!columns.some((c) => c.group)) return [columns.map((c) => c.header)];
  const top: TableCell[] = [];
  const bottom: TableCell[] = [];
  columns.forEach((c, i) => {
    if (!c.group) {
      top.push({ text: c.header, rowSpan: 2 });
      return;
    }
    if (i > 0 && columns[i - 1].group === c.group) {
      const last = top[top.length - 1];
      last.colSpan = (last.colSpan ?? 1) + 1;
    } else {
      top.push({ text: c.group, colSpan: 1 });
    }
    bottom.push({ text: c.header });
  });
  return [top, bottom];
}

const cellText = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export function buildRegister(input: RegisterInput): DocModel {
  const trailer = [input.note, input.date ? `制表日期：${formatChineseDate(input.date)}` : undefined].filter(
    (s): s is string => Boolean(s),
  );
  return {
    meta: { title: input.title, author: input.author, subject: '名册' },
    orientation: 'landscape',
    title: input.title,
    body: [
      ...(input.subtitle ? [{ type: 'paragraph' as const, text: input.subtitle, align: 'center' as const, indent: false }] : []),
      {
        type: 'table',
        columns: input.columns.map((c) => ({ width: c.width, align: c.align })),
        header: headerRows(input.columns),
        rows: input.rows.map((r) => input.columns.map((c) => cellText(r[c.key]))),
        fontSize: 10.5,
        note: trailer.length > 0 ? trailer.join('　') : undefined,
      },
    ],
  };
}
