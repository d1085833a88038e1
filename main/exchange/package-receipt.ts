/**
 * 回执 of a received package (填报包, 专家评分包, 整改进展包): every file with its size and SHA-256,
 * so either side can later prove what was handed over (pitfalls.md: every received file is listed
 * with its hash in the receipt). What the receipts share: the closing note with the signature line,
 * and, for the receipts that list files only, the register's columns and the xlsx's head.
 */
import type ExcelJS from 'exceljs';
import { formatBytes } from '../../shared/domain/text/bytes';
import { buildRegister, type RegisterColumn } from '../documents/builders/register';
import type { DocModel } from '../documents/model';
import { newWorkbook } from './register/workbook-style';

/**
 * The receipt's closing note: what the hashes prove, then the signature line on a line of its own
 * (short enough never to wrap) for `signer` (e.g. 学校经办人) and the office's 接收人.
 */
export function receiptNote(signer: string): string {
  // The gap before 接收人 is two ideographic spaces (U+3000), as wide as the characters around it.
  return '校验值由文件内容计算，内容有任何改动校验值即不同；双方可据此核对所交材料。\n' + signer + '（签字）：＿＿＿＿＿＿　　接收人（签字）：＿＿＿＿＿＿';
}

/** One received file on a receipt: its name as the sender sees it, size in bytes, SHA-256 (hex). */
export interface ReceiptFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** What a files-only receipt says: its title, the facts under it, the files, who signs, date and author. */
export interface ReceiptSpec {
  title: string;
  /** One line each (sender, revision, time, receiver, source, content). */
  facts: string[];
  files: ReceiptFile[];
  /** Who signs for the sender (e.g. 评估专家). */
  signer: string;
  /** 制表日期, ISO. */
  date: string;
  author: string;
}

/** The register columns of a files-only receipt: 序号, 文件, 大小 (in words), SHA-256. */
const FILE_COLUMNS: RegisterColumn[] = [
  { key: 'n', header: '序号', width: 4, align: 'center' },
  { key: 'name', header: '文件', width: 28 },
  { key: 'size', header: '大小', width: 8, align: 'right' },
  { key: 'sha256', header: '文件校验值（SHA-256）', width: 40 },
];

/** The PDF's document of a files-only receipt: the facts as the subtitle, one row per file. */
export function receiptDoc(spec: ReceiptSpec): DocModel {
  return buildRegister({
    title: spec.title,
    subtitle: spec.facts.join('\n'),
    columns: FILE_COLUMNS,
    rows: spec.files.map((f, i) => ({ n: i + 1, name: f.name, size: formatBytes(f.bytes), sha256: f.sha256 })),
    note: receiptNote(spec.signer),
    date: spec.date,
    author: spec.author,
  });
}

/**
 * The xlsx of a files-only receipt, sheet 接收回执: the title (bold), the facts, a blank row, then
 * 序号, 文件, 大小（字节）, SHA-256 per file. The caller may add rows below and sets the widths.
 */
export async function receiptWorkbook(spec: Pick<ReceiptSpec, 'title' | 'facts' | 'files'>): Promise<{ wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet }> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('接收回执');
  ws.addRow([spec.title]).font = { bold: true, size: 14 };
  for (const f of spec.facts) ws.addRow([f]);
  ws.addRow([]);
  ws.addRow(['序号', '文件', '大小（字节）', '文件校验值（SHA-256）']).font = { bold: true };
  spec.files.forEach((f, i) => ws.addRow([i + 1, f.name, f.bytes, f.sha256]));
  return { wb, ws };
}
