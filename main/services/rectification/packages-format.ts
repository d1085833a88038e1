/**
 * 整改进展包 (issue 14 item 6): what a school takes on a USB stick and brings back — a folder
 * `<学校>_整改进展包` (and a zip of it) holding
 *  - 整改进展表.xlsx: a 填写说明 sheet and a 整改进展 sheet, one row per open item with its 编号,
 *    问题描述, 整改要求, 整改时限, 当前状态 and 最近进展 (locked), then 进展日期, 进展情况, 是否已完成整改
 *    and 佐证材料文件名 for the school (yellow, unlocked, with data validation), and the item's id in a
 *    hidden column; the sheet is protected without a password (against accidents, not people);
 *  - 填写说明.txt (UTF-8 with BOM, CRLF: Notepad on Windows guesses otherwise);
 *  - 佐证材料/<编号>/: one empty folder per item for its evidence files;
 *  - 整改进展包校验信息（请勿修改）.json: the manifest, signed with the installation's key
 *    (HMAC-SHA256 over canonical JSON, as the round packages are: main/exchange/packages/format.ts),
 *    naming the school, the items with their versions and states, the school's accepted revision
 *    it was issued on, and the format's version.
 * Reading is untrusted input: the archive layer (zip-slip, bombs, links …) opens it, and every
 * problem is a Chinese sentence naming the file, sheet, row and column.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/api/contracts/attachments';
import type { PackageIssueDto } from '../../../shared/api/contracts/rounds';
import { formatBytes } from '../../../shared/domain/text/bytes';
import { safeFileName } from '../../documents/write-file';
import { ArchiveError, type Archive, type ArchiveEntry } from '../../exchange/packages/archive/archive';
import * as pkg from '../../exchange/package-folder';
import { addCellValidations, addGuideSheet, newWorkbook, workbookBuffer } from '../../exchange/register/workbook-style';
import { attachmentMimeType, cleanAttachmentName } from '../attachments-service';

/** The manifest's `format`: tells a 整改进展包 from a round's fill-in or an expert's package. */
export const RECTIFICATION_PACKAGE_FORMAT_ID = 'supervision-desk/rectification-package';
/** The package format's version (in the manifest): a reader refuses a version it does not know. */
export const RECTIFICATION_PACKAGE_FORMAT_VERSION = 1;
/** The files and the evidence folder of a package, by the names a school sees. */
export const PACKAGE_FILES = {
  workbook: '整改进展表.xlsx',
  readme: '填写说明.txt',
  manifest: '整改进展包校验信息（请勿修改）.json',
  evidence: '佐证材料',
} as const;
/** The sheet the school fills (the other one is the 填写说明 guide). */
export const PROGRESS_SHEET = '整改进展';
/** Longest 进展情况 (as rectification.progress accepts), and longest 佐证材料文件名 cell. */
export const MAX_PROGRESS_TEXT = 2000;
export const MAX_FILES_TEXT = 1000;
/** The words of the 是否已完成整改 drop-down. */
export const COMPLETE_WORDS = { yes: '是', no: '否' } as const;

/** Columns of the 整改进展 sheet, in order; `itemId` is hidden (the item's identity, never shown). */
export const PROGRESS_COLUMNS = [
  { key: 'number', header: '编号', width: 11 },
  { key: 'problem', header: '问题描述', width: 36 },
  { key: 'requirement', header: '整改要求', width: 36 },
  { key: 'deadline', header: '整改时限', width: 12 },
  { key: 'state', header: '当前状态', width: 14 },
  { key: 'latest', header: '最近进展', width: 30 },
  { key: 'date', header: '进展日期', width: 13 },
  { key: 'text', header: '进展情况', width: 40 },
  { key: 'complete', header: '是否已完成整改', width: 10 },
  { key: 'files', header: '佐证材料文件名', width: 30 },
  { key: 'itemId', header: '事项标识（请勿修改）', width: 4 },
] as const;
type ColumnKey = (typeof PROGRESS_COLUMNS)[number]['key'];
const COL = Object.fromEntries(PROGRESS_COLUMNS.map((c, i) => [c.key, i + 1])) as Record<ColumnKey, number>;

/** What the manifest says (signed as canonical JSON with the installation's key). */
export const PackageManifestFields = z.object({
  format: z.literal(RECTIFICATION_PACKAGE_FORMAT_ID),
  formatVersion: z.literal(RECTIFICATION_PACKAGE_FORMAT_VERSION),
  packageId: z.string().uuid(),
  issuedAt: z.string(),
  schoolId: z.number().int().positive(),
  schoolName: z.string().min(1),
  /** The school's accepted package revision when this one was made (0: none). */
  baseRevision: z.number().int().nonnegative(),
  /** The items the package lists, as they stood when it was made. */
  items: z.array(z.object({ id: z.number().int().positive(), number: z.string(), version: z.number().int(), state: z.string() })).max(5000),
});
export type PackageManifestFields = z.infer<typeof PackageManifestFields>;
/** The manifest as written: its fields and their HMAC-SHA256 signature (hex). */
export const PackageManifest = PackageManifestFields.extend({ signature: pkg.SIGNATURE_HEX });
export type PackageManifest = z.infer<typeof PackageManifest>;

/** One item row as written. */
export interface PackageItemSpec {
  id: number;
  number: string;
  version: number;
  state: string;
  problem: string;
  /** 整改目标 and 整改措施 in words. */
  requirement: string;
  deadline: string;
  /** 当前状态 in words (e.g. 整改中（核验未通过，退回整改）). */
  stateText: string;
  latest: string;
}

/** What one school's package is made from: the school, its open items, the key and the sender's name. */
export interface PackageSpec {
  schoolId: number;
  schoolName: string;
  baseRevision: number;
  items: PackageItemSpec[];
  secret: string;
  /** Who sends it (the office's name, for the read-me). */
  office: string;
}

/** The package's folder name: `<学校>_整改进展包` made safe for Windows. */
export function packageFolderName(schoolName: string): string {
  return safeFileName(`${schoolName}_整改进展包`, 80, 120);
}

/** An item's evidence folder (`佐证材料/<编号>`): the 编号 alone, which a school has no reason to retype. */
export const evidenceFolderOf = (number: string) => safeFileName(number, 40, 60);


async function workbookOf(spec: PackageSpec): Promise<Buffer> {
  const wb = await newWorkbook();
  addGuideSheet(wb, {
    notes: [
      `${spec.schoolName}：整改进展表（${spec.items.length} 项）`,
      `请在“${PROGRESS_SHEET}”工作表中为每个事项填写本次整改进展（黄色单元格），其他单元格已锁定。没有新进展的事项留空即可。`,
      `佐证材料请放入“${PACKAGE_FILES.evidence}”文件夹中以该事项编号命名的子文件夹，并把文件名（含扩展名，多个文件用顿号或换行分隔）填入“佐证材料文件名”。`,
      '“是否已完成整改”选“是”的事项须附佐证材料，交回后由督导室核验，核验通过方可销号。',
      `填好后保存，把整个文件夹（或压缩后的 zip 文件）交回督导室导入。请勿修改“${PACKAGE_FILES.manifest}”和隐藏的“事项标识”列，否则无法导入。`,
    ],
    headers: ['列', '说明'],
    rows: [
      ['进展日期', '本次进展发生的日期，如 2026-11-30，不能晚于交回当天'],
      ['进展情况', `做了哪些整改工作、取得什么成效（不超过 ${MAX_PROGRESS_TEXT} 字）`],
      ['是否已完成整改', '从下拉列表中选择“是”或“否”，不填视为“否”'],
      ['佐证材料文件名', `该事项佐证材料文件夹中的文件名；可用照片、PDF、Word、Excel 等文件，单个文件不超过 ${formatBytes(MAX_ATTACHMENT_BYTES)}`],
    ],
    widths: [18, 90],
  });
  const ws = pkg.addPackageSheet(wb, PROGRESS_SHEET, PROGRESS_COLUMNS, { xSplit: 1, ySplit: 1 }, COL.itemId);
  const validations: Parameters<typeof addCellValidations>[1][number][] = [];
  for (const it of spec.items) {
    const row = ws.addRow([it.number, it.problem, it.requirement, it.deadline, it.stateText, it.latest, null, null, null, null, it.id]);
    row.alignment = { wrapText: true, vertical: 'top' };
    pkg.markInputCells(row, [COL.date, COL.text, COL.complete, COL.files]);
    row.getCell(COL.date).numFmt = 'yyyy-mm-dd';
    validations.push(
      { row: row.number, col: COL.date, validation: { type: 'date', allowBlank: true, operator: 'greaterThan', formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true, errorTitle: '进展日期', error: '请填写日期，如 2026-11-30' } },
      { row: row.number, col: COL.text, validation: { type: 'textLength', allowBlank: true, operator: 'lessThanOrEqual', formulae: [MAX_PROGRESS_TEXT], showErrorMessage: true, errorTitle: '进展情况', error: `进展情况不能超过 ${MAX_PROGRESS_TEXT} 个字` } },
      { row: row.number, col: COL.complete, validation: { type: 'list', allowBlank: true, formulae: [`"${COMPLETE_WORDS.yes},${COMPLETE_WORDS.no}"`], showErrorMessage: true, errorTitle: '是否已完成整改', error: '请从下拉列表中选择“是”或“否”' } },
      { row: row.number, col: COL.files, validation: { type: 'textLength', allowBlank: true, operator: 'lessThanOrEqual', formulae: [MAX_FILES_TEXT], showErrorMessage: true, errorTitle: '佐证材料文件名', error: `不能超过 ${MAX_FILES_TEXT} 个字` } },
    );
  }
  addCellValidations(ws, validations);
  await pkg.protectPackageSheet(ws);
  return workbookBuffer(wb);
}

function readmeBytes(spec: PackageSpec, folder: string): Buffer {
  return pkg.readmeBytes([
    `${spec.schoolName} 整改进展填写说明`,
    '',
    `下发单位：${spec.office}`,
    `整改事项：共 ${spec.items.length} 项（${spec.items.map((i) => i.number).join('、')}）`,
    '',
    `一、打开“${PACKAGE_FILES.workbook}”，在“${PROGRESS_SHEET}”工作表中为有新进展的事项填写进展日期、进展情况、是否已完成整改和佐证材料文件名（黄色单元格）。`,
    `二、把佐证材料放入“${PACKAGE_FILES.evidence}”文件夹中以事项编号命名的子文件夹（如“${PACKAGE_FILES.evidence}\\${spec.items[0]?.number ?? '2026-001'}”）。`,
    '三、已完成整改的事项须附佐证材料，交回后由督导室核验，核验通过方可销号。',
    '四、填好后保存并关闭 Excel，把整个文件夹（或压缩后的 zip 文件）交回督导室。',
    `五、请勿修改“${PACKAGE_FILES.manifest}”，也不要改动其他单元格，否则无法导入。`,
    '',
    `本整改进展包文件夹：${folder}`,
  ]);
}

/**
 * Writes one package into `parentDir/<学校>_整改进展包` (replaced when it exists), its manifest signed
 * with `spec.secret`. Written beside and then moved in, so a half-written package never stands under
 * the package's name. Returns the folder's path and the manifest.
 */
export async function writeRectificationPackage(spec: PackageSpec, parentDir: string, issuedAt = new Date().toISOString()): Promise<{ dir: string; manifest: PackageManifest }> {
  const name = packageFolderName(spec.schoolName);
  const dir = path.join(parentDir, name);
  const fields: PackageManifestFields = {
    format: RECTIFICATION_PACKAGE_FORMAT_ID,
    formatVersion: RECTIFICATION_PACKAGE_FORMAT_VERSION,
    packageId: randomUUID(),
    issuedAt,
    schoolId: spec.schoolId,
    schoolName: spec.schoolName,
    baseRevision: spec.baseRevision,
    items: spec.items.map((i) => ({ id: i.id, number: i.number, version: i.version, state: i.state })),
  };
  const manifest: PackageManifest = pkg.signManifest(fields, spec.secret);
  await pkg.writePackageFolder(
    dir,
    [
      { path: PACKAGE_FILES.workbook, data: await workbookOf(spec) },
      { path: PACKAGE_FILES.readme, data: readmeBytes(spec, name) },
      { path: PACKAGE_FILES.manifest, data: pkg.manifestText(manifest) },
    ],
    spec.items.map((it) => path.join(PACKAGE_FILES.evidence, evidenceFolderOf(it.number))),
  );
  return { dir, manifest };
}

// ---------------------------------------------------------------- reading

/** An evidence file a row names, found in the item's folder and hashed. */
export interface RowFile {
  /** The name as stored (cleaned as an attachment's name). */
  name: string;
  /** Path inside the package, for the 回执. */
  path: string;
  entry: ArchiveEntry;
  bytes: number;
  sha256: string;
}

/** One filled row of the 整改进展 sheet, checked cell by cell. */
export interface PackageRow {
  row: number;
  itemId: number;
  number: string;
  date: string;
  text: string;
  complete: boolean;
  files: RowFile[];
}

/** A returned package as read and checked (see openRectificationPackage). */
export interface OpenedPackage {
  /** The manifest as read and verified; null when the package is refused as a whole. */
  manifest: PackageManifest | null;
  rows: PackageRow[];
  issues: PackageIssueDto[];
  workbook: { bytes: Buffer; sha256: string } | null;
  /** sha256 of what the rows say (canonical JSON, files by content): the same package twice has the same hash. */
  contentHash: string;
  /** Open until `close`: evidence is read again from it when stored. */
  archive: Archive | null;
  close(): Promise<void>;
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return v.result === undefined || v.result === null ? '' : v.result instanceof Date ? v.result.toISOString().slice(0, 10) : String(v.result);
    if ('text' in v) return String(v.text);
  }
  return String(v);
};

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A 进展日期 cell as an ISO date, or why not: a date cell (Excel stores dates as UTC midnight), a
 * serial number of a plausible date (1954–2119), or text such as 2026-11-30, 2026/11/30, 2026.11.30
 * or 2026年11月30日 (full-width digits accepted). Not after `today`.
 */
export function readProgressDate(v: ExcelJS.CellValue, today: string): { ok: true; date: string } | { ok: false; message: string } {
  let date: string | null = null;
  const raw = v !== null && typeof v === 'object' && !(v instanceof Date) && 'result' in v ? (v.result as ExcelJS.CellValue) : v;
  if (raw instanceof Date) date = Number.isNaN(raw.getTime()) ? null : isoOf(raw);
  else if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw > 20000 && raw < 80000) date = isoOf(new Date(Date.UTC(1899, 11, 30) + raw * 86_400_000));
    else return { ok: false, message: `“${raw}”不是日期，应写成 2026-11-30` };
  } else {
    const text = cellText(v).normalize('NFKC').trim();
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
    if (!m) return { ok: false, message: `“${text}”不是日期，应写成 2026-11-30` };
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { ok: false, message: `“${text}”不是有效日期（${y}年${mo}月没有${d}日）` };
    date = isoOf(dt);
  }
  if (date === null) return { ok: false, message: '不是有效日期，应写成 2026-11-30' };
  if (date > today) return { ok: false, message: `进展日期 ${date} 晚于今天（${today}），请填写已经发生的进展` };
  return { ok: true, date };
}

/** Files a school's computer leaves behind, never evidence. */
const SYSTEM_FILE = /^(thumbs\.db|desktop\.ini|\.ds_store|~\$.*|\..*)$/i;

/**
 * Opens and checks a returned package (a zip or a folder) against the installation's key, reading
 * its workbook row by row and hashing every evidence file a row names. Never throws for what the
 * file holds: every problem is an issue (Chinese, naming file, sheet, row and column); `manifest` is
 * null when the package is refused as a whole. The caller must `close` it.
 */
export async function openRectificationPackage(source: string, shownName: string, secret: string, today: string): Promise<OpenedPackage> {
  let archive: Archive | null = null;
  const out: OpenedPackage = {
    manifest: null,
    rows: [],
    issues: [],
    workbook: null,
    contentHash: '',
    archive: null,
    close: async () => {
      await archive?.close().catch(() => undefined);
    },
  };
  const fail = (message: string, file = '') => {
    out.issues.push({ severity: 'error', file, message });
    out.manifest = null;
    return out;
  };
  try {
    archive = await pkg.openPackageArchive(source);
    out.archive = archive;
  } catch (e) {
    return fail(e instanceof ArchiveError ? e.message : `无法打开“${shownName}”：不是整改进展包文件夹或 zip 文件`);
  }
  try {
    // The package may sit one folder down inside a zip (a zipped folder).
    const found = pkg.findManifest(archive, PACKAGE_FILES.manifest);
    if (!found) return fail(`“${shownName}”中没有“${PACKAGE_FILES.manifest}”，不是整改进展包（评估填报包请在“评估项目”中导入）`);
    const { root } = found;
    const read = await pkg.readPackageManifest(archive, found.entry, PackageManifest, {
      format: RECTIFICATION_PACKAGE_FORMAT_ID,
      version: RECTIFICATION_PACKAGE_FORMAT_VERSION,
      message: '该整改进展包由更新版本的督导评估工作台生成，请先升级本软件再导入',
    });
    if (!read.ok) return fail(read.message, PACKAGE_FILES.manifest);
    const manifest = read.manifest;
    if (!pkg.manifestSignatureValid(manifest, secret)) return fail('校验信息与督导室签发的不一致（文件被修改过，或不是本系统生成的整改进展包），无法导入', PACKAGE_FILES.manifest);
    out.manifest = manifest;

    const loaded = await pkg.loadPackageWorkbook(archive, root, PACKAGE_FILES.workbook, '整改进展包');
    if (loaded.bytes && loaded.sha256) out.workbook = { bytes: loaded.bytes, sha256: loaded.sha256 };
    if (!loaded.ok) return fail(loaded.message, PACKAGE_FILES.workbook);
    const wb = loaded.workbook;
    const ws = wb.getWorksheet(PROGRESS_SHEET);
    if (!ws) return fail(`找不到工作表“${PROGRESS_SHEET}”（请勿修改工作表名称）`, PACKAGE_FILES.workbook);
    const moved = pkg.movedHeader(ws, PROGRESS_COLUMNS, cellText);
    if (moved >= 0) return fail(`工作表“${PROGRESS_SHEET}”第 1 行 ${pkg.columnLetter(moved + 1)} 列应为“${PROGRESS_COLUMNS[moved]!.header}”：表头被修改，请使用督导室下发的整改进展表`, PACKAGE_FILES.workbook);

    // Evidence files by item folder (佐证材料/<编号>/<file>), system files left out.
    const evidenceRoot = `${root}${PACKAGE_FILES.evidence}/`;
    const byFolder = new Map<string, ArchiveEntry[]>();
    for (const e of archive.entries) {
      if (!e.path.startsWith(evidenceRoot)) continue;
      const parts = e.path.slice(evidenceRoot.length).split('/');
      if (SYSTEM_FILE.test(parts[parts.length - 1]!)) continue;
      if (parts.length !== 2) {
        out.issues.push({ severity: 'warning', file: `${PACKAGE_FILES.evidence}/${parts.join('/')}`, message: `不在任何事项的佐证材料文件夹中（应放在“${PACKAGE_FILES.evidence}/事项编号/”下），未导入` });
        continue;
      }
      byFolder.set(parts[0]!, [...(byFolder.get(parts[0]!) ?? []), e]);
    }
    const used = new Set<string>();
    const manifestItems = new Map(manifest.items.map((i) => [i.id, i]));
    const seen = new Map<number, number>();
    const at = (row: number, key: ColumnKey) => ({ file: PACKAGE_FILES.workbook, sheet: PROGRESS_SHEET, row, column: pkg.columnLetter(COL[key]) });
    const error = (row: number, key: ColumnKey, message: string) => out.issues.push({ severity: 'error', ...at(row, key), message });
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const number = cellText(row.getCell(COL.number).value).trim();
      const rawId = cellText(row.getCell(COL.itemId).value).trim();
      const dateValue = row.getCell(COL.date).value;
      const text = cellText(row.getCell(COL.text).value).trim();
      const completeText = cellText(row.getCell(COL.complete).value).normalize('NFKC').trim();
      const filesText = cellText(row.getCell(COL.files).value).trim();
      const dateText = cellText(dateValue).trim();
      if (!dateText && !text && !completeText && !filesText) continue;
      const item = /^\d{1,12}$/.test(rawId) ? manifestItems.get(Number(rawId)) : undefined;
      if (!item) {
        error(r, 'itemId', `${number ? `事项 ${number}：` : ''}隐藏的事项标识被修改或这一行是新增的，无法对应整改事项（请勿增加行，也不要改动隐藏列）`);
        continue;
      }
      if (number !== item.number) {
        error(r, 'number', `编号应为“${item.number}”（填写的是“${number}”）：请勿修改编号`);
        continue;
      }
      if (seen.has(item.id)) {
        error(r, 'number', `事项 ${item.number} 与第 ${seen.get(item.id)} 行重复（每个事项只填一行）`);
        continue;
      }
      seen.set(item.id, r);
      const bad = out.issues.length;
      let date = '';
      if (!dateText) error(r, 'date', `事项 ${item.number}：请填写进展日期，如 ${today}`);
      else {
        const d = readProgressDate(dateValue, today);
        if (d.ok) date = d.date;
        else error(r, 'date', `事项 ${item.number}：${d.message}`);
      }
      if (!text) error(r, 'text', `事项 ${item.number}：请填写进展情况`);
      else if (text.length > MAX_PROGRESS_TEXT) error(r, 'text', `事项 ${item.number}：进展情况不能超过 ${MAX_PROGRESS_TEXT} 个字（现有 ${text.length} 个字）`);
      let complete = false;
      if (completeText === COMPLETE_WORDS.yes) complete = true;
      else if (completeText !== '' && completeText !== COMPLETE_WORDS.no) error(r, 'complete', `事项 ${item.number}：“是否已完成整改”应填写“是”或“否”（填写的是“${completeText}”）`);
      const files: RowFile[] = [];
      if (filesText.length > MAX_FILES_TEXT) error(r, 'files', `事项 ${item.number}：佐证材料文件名不能超过 ${MAX_FILES_TEXT} 个字`);
      else {
        const folder = evidenceFolderOf(item.number);
        const entries = byFolder.get(folder) ?? [];
        const names = [...new Set(filesText.split(/[\n\r、，,;；|]+/).map((n) => n.trim().split(/[\\/]/).pop()!.trim()).filter(Boolean))];
        for (const name of names) {
          const where = `${PACKAGE_FILES.evidence}/${folder}/${name}`;
          const entry = entries.find((e) => path.posix.basename(e.path).normalize('NFC') === name.normalize('NFC'));
          if (!entry) {
            error(r, 'files', `事项 ${item.number}：找不到佐证材料“${name}”（应放在“${PACKAGE_FILES.evidence}/${folder}/”文件夹中，文件名含扩展名）`);
            continue;
          }
          used.add(entry.path);
          const clean = cleanAttachmentName(name);
          if (entry.kind !== 'file' || entry.problem) error(r, 'files', `事项 ${item.number}：佐证材料“${where}”不能接收：${entry.problem ?? '不是普通文件（快捷方式或链接）'}`);
          else if (!attachmentMimeType(clean)) error(r, 'files', `事项 ${item.number}：佐证材料“${name}”的文件类型不能接收（可用照片、PDF、Word、Excel 等文件）`);
          else if (entry.size === 0) error(r, 'files', `事项 ${item.number}：佐证材料“${name}”是空文件（0 字节）`);
          else if (entry.size > MAX_ATTACHMENT_BYTES) error(r, 'files', `事项 ${item.number}：佐证材料“${name}”有 ${formatBytes(entry.size)}，超过单个文件上限 ${formatBytes(MAX_ATTACHMENT_BYTES)}`);
          else files.push({ name: clean, path: `${PACKAGE_FILES.evidence}/${folder}/${path.posix.basename(entry.path)}`, entry, bytes: 0, sha256: '' });
        }
      }
      if (out.issues.length > bad) continue;
      for (const f of files) Object.assign(f, await pkg.hashEntry(archive, f.entry));
      out.rows.push({ row: r, itemId: item.id, number: item.number, date, text, complete, files });
    }
    for (const [folder, entries] of byFolder) {
      for (const e of entries) {
        if (!used.has(e.path)) out.issues.push({ severity: 'warning', file: `${PACKAGE_FILES.evidence}/${folder}/${path.posix.basename(e.path)}`, message: '未在整改进展表的“佐证材料文件名”中列出，未导入' });
      }
    }
  } catch (e) {
    return fail(e instanceof ArchiveError ? e.message : '读取整改进展包时出错，该整改进展包未能完整读取');
  }
  out.contentHash = pkg.contentHashOf(out.rows.map((r) => [r.itemId, r.date, r.text, r.complete, r.files.map((f) => [f.name, f.sha256])]));
  return out;
}
