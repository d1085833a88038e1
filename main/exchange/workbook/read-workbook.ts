/**
 * Reads an .xlsx workbook into format-neutral sheets (register/table.ts), with every part streamed
 * out of the zip under the caps of limits.ts. The one reader behind the register, statistics and
 * indicator-system imports (through register/read-source.ts).
 */
import type { SheetTable } from '../register/table';
import { DEFAULT_LIMITS, NotAWorkbookError, type WorkbookLimits } from './limits';
import { findWorkbookPart, readDateStyles, readRelationships, readSharedStrings, readWorkbookInfo, type SheetState } from './parts';
import { readSheet } from './sheet';
import { CorruptZipError, ZipArchive } from './zip';

export interface WorkbookContent {
  /** Worksheets in workbook order (chart sheets and macro sheets are not worksheets and are left out). */
  sheets: SheetTable[];
  /** The workbook's date system; also on each sheet. */
  date1904: boolean;
}

export interface ReadWorkbookOptions {
  limits?: Partial<WorkbookLimits>;
  /** Reads only the sheets this accepts (all by default); the others are not inflated. */
  sheetFilter?: (sheet: { name: string; state: SheetState; index: number }) => boolean;
}

/**
 * Throws WorkbookLimitError (Chinese message for the user) when the file would expand beyond the caps,
 * NotAWorkbookError when the zip holds no workbook, and another Error when it is damaged.
 */
export async function readWorkbook(buf: Buffer, opts: ReadWorkbookOptions = {}): Promise<WorkbookContent> {
  const limits: WorkbookLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const zip = await ZipArchive.open(buf, limits);
  try {
    const workbookPart = await findWorkbookPart(zip);
    if (!workbookPart) throw new NotAWorkbookError();
    const info = await readWorkbookInfo(zip, workbookPart);
    const rels = await readRelationships(zip, workbookPart);
    const relById = new Map(rels.map((r) => [r.id, r]));
    const partOf = (type: string, fallback: string) => {
      const r = rels.find((x) => x.type === type && zip.has(x.target));
      return r ? zip.resolve(r.target) : zip.resolve(fallback);
    };
    const sstPart = partOf('sharedStrings', 'xl/sharedStrings.xml');
    const stylesPart = partOf('styles', 'xl/styles.xml');
    const sharedStrings = sstPart ? await readSharedStrings(zip, sstPart, limits.maxSharedStringChars) : [];
    const dateStyles = stylesPart ? await readDateStyles(zip, stylesPart) : [];
    const ctx = { sharedStrings, dateStyles, date1904: info.date1904, budget: { cells: limits.maxCells, max: limits.maxCells } };

    const sheets: SheetTable[] = [];
    for (const [index, s] of info.sheets.entries()) {
      const rel = s.relId !== undefined ? relById.get(s.relId) : undefined;
      if (rel && rel.type !== 'worksheet') continue;
      if (opts.sheetFilter && !opts.sheetFilter({ name: s.name, state: s.state, index })) continue;
      const part = rel ? zip.resolve(rel.target) : null;
      if (!part) throw new CorruptZipError(`sheet “${s.name}” has no part`);
      sheets.push(await readSheet(zip, part, { name: s.name, hidden: s.state !== 'visible' }, ctx));
    }
    return { sheets, date1904: info.date1904 };
  } finally {
    zip.close();
  }
}
