import type { StatHistoryEntry, StatSource } from '../../../../../shared/api/contracts/statistics';
import { formatDate, formatDateTime } from '../../../../../shared/domain/text/datetime';
import { formatFigure } from '../labels';

const KIND_LABEL: Record<StatSource['kind'], string> = {
  legacy: '未记录来源',
  manual: '手工录入',
  grid: '表格录入',
  import: '导入',
  override: '人工调整',
  submission: '学校填报',
  demo: '演示数据',
};

/** The short tag beside a field: “手工录入 张三 2026-11-29”, “导入 文件名.xlsx”, “未记录来源”. */
export function sourceLabel(source: StatSource): string {
  const day = formatDate(source.at);
  switch (source.kind) {
    case 'manual':
    case 'grid':
    case 'override':
      return `${KIND_LABEL[source.kind]} ${source.operatorName ?? ''} ${day}`.replace(/\s+/g, ' ');
    case 'import':
      return source.fileName ? `导入 ${source.fileName}` : '导入';
    default:
      return KIND_LABEL[source.kind];
  }
}

/**
 * Where in an imported file a value was read: “文件“办学条件.xlsx”工作表“学校统计”第 7 行”, “文件“x.csv”第 7
 * 行”, or the file alone for values imported before sheet and row were recorded.
 */
export function fileLocation(source: Pick<StatSource, 'fileName' | 'fileSheet' | 'fileRow'>): string {
  const sheet = source.fileSheet ? `工作表“${source.fileSheet}”` : '';
  const row = source.fileRow ? `第 ${source.fileRow} 行` : '';
  return `文件“${source.fileName}”${sheet && row ? `${sheet}${row}` : row}`;
}

/**
 * The longer description in the tag's tooltip and the history, what a clerk needs to trace a value:
 * how it was set, from which file and where in it (imports), who, when. The file's sha256 is kept
 * for support and never shown.
 */
export function sourceDetail(source: StatSource): string {
  const parts = [KIND_LABEL[source.kind]];
  if (source.kind === 'import' && source.fileName) parts.push(fileLocation(source));
  if (source.operatorName) parts.push(`操作人 ${source.operatorName}`);
  if (source.kind !== 'legacy') parts.push(formatDateTime(source.at));
  return parts.join('，');
}

/** A value as the history lists it: “1,833,700 元”, “45、43、46 人”, “1200、96.5 平方米” (list items without separators), “（已清空）”. */
export function historyValue(value: StatHistoryEntry['value'], unit: string): string {
  if (value === null) return '（已清空）';
  const text = formatFigure(value);
  return unit ? `${text} ${unit}` : text;
}

/** A record's history per field, newest first. */
export function historyByField(entries: readonly StatHistoryEntry[]): Map<string, StatHistoryEntry[]> {
  const out = new Map<string, StatHistoryEntry[]>();
  for (const e of entries) out.set(e.field, [...(out.get(e.field) ?? []), e]);
  return out;
}
