import { locateHeader, type ColumnSpec, type LocatedHeader } from './header-match';
import type { IssueCollector } from './issues';
import { GUIDE_SHEET } from './sheet-names';
import { isRowBlank, type SheetTable, type SourceBook } from './table';

export interface SheetChoice<K extends string> {
  table: SheetTable;
  header: LocatedHeader<K>;
}

/**
 * Picks the data sheet: by its expected name, else the only sheet, else the sheet whose header matches best.
 * `expectedColumns` is the Chinese list shown when nothing matches, e.g. “学校名称”“类型”“城乡”.
 */
export function chooseSheet<K extends string>(
  book: SourceBook,
  expectedName: string,
  specs: readonly ColumnSpec<K>[],
  expectedColumns: string,
  issues: IssueCollector,
): SheetChoice<K> | null {
  // A hidden sheet is a backup or a lookup list the office keeps out of sight, never the data to import.
  const visible = book.sheets.filter((s) => !s.hidden);
  const named = visible.find((s) => s.name?.trim() === expectedName);
  const candidates = visible.filter((s) => s.name?.trim() !== GUIDE_SHEET);
  const single = named ?? (candidates.length === 1 ? candidates[0] : visible.length === 1 ? visible[0] : book.sheets.length === 1 ? book.sheets[0] : undefined);
  if (single) {
    if (single.rows.every((r) => isRowBlank(r))) {
      issues.add({ sheet: single.name }, book.kind === 'csv' ? '文件中没有任何数据' : '工作表是空的，没有任何数据');
      return null;
    }
    const header = locateHeader(single, specs);
    if (!header) {
      issues.add({ sheet: single.name }, `在前 10 行中没有找到表头，表头应包含${expectedColumns}等列（可下载模板对照）`);
      return null;
    }
    return { table: single, header };
  }
  let best: SheetChoice<K> | null = null;
  for (const table of candidates) {
    const header = locateHeader(table, specs);
    if (header && header.columns.length >= 2 && (!best || header.columns.length > best.header.columns.length)) best = { table, header };
  }
  if (best) return best;
  const names = book.sheets.map((s) => `“${s.name}”`).join('、');
  issues.add({}, `没有找到工作表“${expectedName}”，其他工作表中也没有找到包含${expectedColumns}的表头。文件中的工作表有：${names}`);
  return null;
}
