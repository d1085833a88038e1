/**
 * Builds .xlsx files part by part for the reader's tests: each feature (formula results, shared
 * formulas, inline and rich strings, date systems, hidden rows and sheets, merges, styles down to
 * row 1,048,576) is written exactly as the XML states it, with no spreadsheet library in between.
 */
import { buildZip, type PartData, type ZipPartSpec } from './zip-builder';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface TestSheet {
  name: string;
  /** The content of <sheetData> (rows), or a generator streaming the whole worksheet part. */
  rows: string | (() => Iterable<string | Buffer>);
  /** Written after </sheetData>, e.g. <mergeCells>…</mergeCells>. */
  after?: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
}

export interface TestBook {
  sheets: TestSheet[];
  /** Shared strings: plain text, or raw <si> inner XML when it starts with “<”. */
  sharedStrings?: string[];
  /** Raw styles.xml; default has cellXfs 0 General, 1 yyyy-mm-dd (id 14), 2 custom 'yyyy"年"m"月"d"日"' (176), 3 0.00. */
  styles?: string;
  date1904?: boolean;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const DEFAULT_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

export function worksheetHead(): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetData>`;
}

export function parts(book: TestBook): ZipPartSpec[] {
  const sheetEntries = book.sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  const rels = [
    ...book.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    `<Relationship Id="rIdS" Type="${REL_NS}/styles" Target="styles.xml"/>`,
    ...(book.sharedStrings ? [`<Relationship Id="rIdT" Type="${REL_NS}/sharedStrings" Target="/xl/sharedStrings.xml"/>`] : []),
  ].join('');
  const out: ZipPartSpec[] = [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><workbookPr${book.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetEntries}</sheets></workbook>`,
    },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}">${rels}</Relationships>` },
    { name: 'xl/styles.xml', data: book.styles ?? DEFAULT_STYLES },
  ];
  if (book.sharedStrings) {
    const si = book.sharedStrings.map((s) => `<si>${s.startsWith('<') ? s : `<t xml:space="preserve">${escapeXml(s)}</t>`}</si>`).join('');
    out.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${book.sharedStrings.length}" uniqueCount="${book.sharedStrings.length}">${si}</sst>` });
  }
  book.sheets.forEach((s, i) => {
    const data: PartData =
      typeof s.rows === 'string' ? `${worksheetHead()}${s.rows}</sheetData>${s.after ?? ''}</worksheet>` : (s.rows as () => Iterable<string | Buffer>);
    out.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data });
  });
  return out;
}

export function buildXlsx(book: TestBook): Promise<Buffer> {
  return buildZip(parts(book));
}

/** A text cell written inline (no shared strings needed). */
export function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;
}

/** A row of inline text cells starting at column A. */
export function textRow(r: number, texts: (string | null)[]): string {
  const cells = texts.map((t, i) => (t === null ? '' : inlineCell(`${String.fromCharCode(65 + i)}${r}`, t))).join('');
  return `<row r="${r}">${cells}</row>`;
}

/**
 * A worksheet whose formatting reaches row 1,048,576, as Excel writes one after a user formatted
 * whole columns A:H by selecting A1:H1048576: every row carries a style and `styledCells` empty styled
 * cells. `head` is the real content (rows 1…n), streamed first.
 */
export function* formattedToLastRow(head: string, firstStyledRow: number, styledCells = 8, lastRow = 1_048_576): Iterable<string> {
  yield `${worksheetHead()}${head}`;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, styledCells).split('');
  let batch: string[] = [];
  for (let r = firstStyledRow; r <= lastRow; r++) {
    let s = `<row r="${r}" spans="1:${styledCells}" s="3" customFormat="1">`;
    for (const l of letters) s += `<c r="${l}${r}" s="3"/>`;
    batch.push(`${s}</row>`);
    if (batch.length === 4096) {
      yield batch.join('');
      batch = [];
    }
  }
  yield `${batch.join('')}</sheetData></worksheet>`;
}
