/** The small parts of a workbook: package and workbook relationships, workbook.xml, shared strings, styles. */
import { isDateFormat } from './dates';
import { limitMessages, WorkbookLimitError } from './limits';
import { attr, isTrue, parseXmlPart } from './xml';
import type { ZipArchive } from './zip';

export interface Relationship {
  id: string;
  /** The relationship type's last segment: worksheet, sharedStrings, styles, officeDocument … */
  type: string;
  /** Zip path of the target, resolved against the source part. */
  target: string;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetEntry {
  name: string;
  state: SheetState;
  relId: string | undefined;
}

export interface WorkbookInfo {
  date1904: boolean;
  sheets: SheetEntry[];
}

/** `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`. */
export function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** Resolves a relationship target: relative to the source part's folder, or from the package root when it starts with “/”. */
export function resolveTarget(sourcePart: string, target: string): string {
  const base = target.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const seg of target.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') base.pop();
    else base.push(seg);
  }
  return base.join('/');
}

export async function readRelationships(zip: ZipArchive, sourcePart: string): Promise<Relationship[]> {
  const path = relsPathOf(sourcePart);
  if (!zip.has(path)) return [];
  const out: Relationship[] = [];
  await parseXmlPart(zip, zip.resolve(path)!, {
    open(name, a) {
      if (name !== 'Relationship' || a.TargetMode === 'External' || !a.Target) return;
      out.push({ id: a.Id ?? '', type: (a.Type ?? '').split('/').pop() ?? '', target: resolveTarget(sourcePart, a.Target) });
    },
  });
  return out;
}

/** The workbook part: named by the package relationships, else where every writer puts it. */
export async function findWorkbookPart(zip: ZipArchive): Promise<string | null> {
  const rels = zip.has('_rels/.rels') ? await readRelationships(zip, '') : [];
  const main = rels.find((r) => r.type === 'officeDocument' && zip.has(r.target));
  if (main) return zip.resolve(main.target);
  return zip.resolve('xl/workbook.xml');
}

export async function readWorkbookInfo(zip: ZipArchive, part: string): Promise<WorkbookInfo> {
  const info: WorkbookInfo = { date1904: false, sheets: [] };
  await parseXmlPart(zip, part, {
    open(name, a) {
      if (name === 'workbookPr') info.date1904 = isTrue(a.date1904);
      else if (name === 'sheet') {
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        info.sheets.push({ name: a.name ?? '', state, relId: attr(a, 'id') });
      }
    },
  });
  return info;
}

/** OOXML escapes characters XML cannot carry as _xHHHH_ (e.g. _x000D_ for a carriage return). */
export function decodeXString(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** Shared strings, plain or rich text (runs joined); phonetic guides (rPh) are not part of the text. */
export async function readSharedStrings(zip: ZipArchive, part: string, maxChars: number): Promise<string[]> {
  const out: string[] = [];
  let cur = '';
  let inSi = false;
  let inT = false;
  let rph = 0;
  let chars = 0;
  await parseXmlPart(zip, part, {
    open(name) {
      if (name === 'si') {
        inSi = true;
        cur = '';
      } else if (name === 'rPh') rph++;
      else if (name === 't' && inSi && rph === 0) inT = true;
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') rph--;
      else if (name === 'si') {
        inSi = false;
        chars += cur.length;
        if (chars > maxChars) throw new WorkbookLimitError(limitMessages.strings(maxChars));
        out.push(decodeXString(cur));
      }
    },
    text(t) {
      if (inT) cur += t;
    },
  });
  return out;
}

/** For each cell style (cellXfs index, the `s` of a cell): whether its number format shows a date. */
export async function readDateStyles(zip: ZipArchive, part: string): Promise<boolean[]> {
  const codes = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await parseXmlPart(zip, part, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined && a.formatCode !== undefined) codes.set(Number(a.numFmtId), a.formatCode);
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfs.map((id) => isDateFormat(id, codes.get(id)));
}
