import { detectFileKind, extensionOf } from './file-kind';
import type { IssueCollector } from './issues';
import { readCsv } from './read-csv';
import { NotAWorkbookError, readWorkbook, WorkbookLimitError } from '../workbook';
import type { SourceBook } from './table';

/**
 * Opens a file by what its bytes are, not by its name: a “.xlsx” that is really CSV is read as CSV and
 * vice versa. Returns null (with the reason recorded) when nothing can be read. Workbooks go through
 * the one workbook reader (main/exchange/workbook): a capped zip, streamed XML, only cells with values.
 */
export async function readSource(buf: Buffer, issues: IssueCollector): Promise<SourceBook | null> {
  const kind = detectFileKind(buf);
  const ext = extensionOf(issues.file);
  switch (kind) {
    case 'empty':
      issues.add({}, '文件是空的，没有任何内容');
      return null;
    case 'xls':
      issues.add({}, '这是旧版 Excel 97-2003（.xls）格式的文件，无法直接读取。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入');
      return null;
    case 'binary':
      issues.add({}, `文件内容既不是 Excel 工作簿（.xlsx）也不是 CSV 文本${ext ? `（扩展名为 .${ext}）` : ''}，请使用下载的模板填写后导入`);
      return null;
    case 'xlsx':
      try {
        const { sheets } = await readWorkbook(buf);
        if (sheets.length === 0) {
          issues.add({}, '工作簿中没有任何工作表');
          return null;
        }
        return { kind: 'xlsx', sheets };
      } catch (e) {
        issues.add(
          {},
          e instanceof WorkbookLimitError
            ? e.message
            : e instanceof NotAWorkbookError
              ? '文件是压缩包格式，但不是 Excel 工作簿（可能是 Word 文档或其他压缩文件），请使用下载的模板填写后导入'
              : '无法作为 Excel 工作簿（.xlsx）读取，文件可能已损坏。请在 Excel 中打开并重新保存后再导入',
        );
        return null;
      }
    case 'csv': {
      const { table, problems } = readCsv(buf);
      for (const p of problems) issues.add({ row: p.row }, p.message);
      return { kind: 'csv', sheets: [table] };
    }
  }
}
