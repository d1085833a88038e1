/** The workbook reader: .xlsx as a capped zip of streamed XML parts (see README.md in this folder). */
export { readWorkbook, type ReadWorkbookOptions, type WorkbookContent } from './read-workbook';
export { DEFAULT_LIMITS, NotAWorkbookError, WorkbookLimitError, type WorkbookLimits } from './limits';
export { CorruptZipError } from './zip';
export { isDateFormat, isDateFormatCode, serialToDate, FICTITIOUS_1900_02_29 } from './dates';
export { isCoveredByMerge, mergeAt } from './merges';
export { BookView, SheetView, type RowView } from './sheet-view';
