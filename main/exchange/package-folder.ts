/**
 * What the office's signed packages (专家评分包, 整改进展包) share on disk: a folder written
 * atomically with a workbook, a read-me and a signed manifest; and, on the way back, opening the
 * returned zip or folder through the archive layer (untrusted input), finding and verifying the
 * manifest, and loading the workbook. The round's 填报包 has its own writer and reader
 * (packages/write-package.ts, read-package.ts); the signature is the same (packages/format.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import type { Archive, ArchiveEntry } from './packages/archive/archive';
import { openFolderArchive } from './packages/archive/folder-source';
import { packageLimits } from './packages/archive/limits';
import { openZipArchive } from './packages/archive/zip-source';
import { canonicalJson, hmacHex } from './packages/format';

/** Fill of the cells a package's recipient types into (pale yellow, as the 填报包 uses). */
export const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } };
/** Fill of a package sheet's header row (pale blue). */
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** A column letter (1 → A); package sheets stay below 27 columns. */
export const columnLetter = (n: number): string => String.fromCharCode(64 + n);

/**
 * A read-me's bytes: the lines joined with CRLF and ended by one, as UTF-8 with a BOM — Notepad on
 * Windows guesses the encoding otherwise.
 */
export function readmeBytes(lines: readonly string[]): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/**
 * A manifest with its HMAC-SHA256 signature (hex, over the fields' canonical JSON with `secret`:
 * packages/format.ts hmacHex) added as `signature`.
 */
export function signManifest<T extends object>(fields: T, secret: string): T & { signature: string } {
  return { ...fields, signature: hmacHex(fields, secret) };
}

/** Whether a manifest's `signature` is the HMAC of its other fields with `secret`. */
export function manifestSignatureValid(manifest: { signature: string }, secret: string): boolean {
  const { signature, ...fields } = manifest;
  return hmacHex(fields, secret) === signature;
}

/** The bytes of one file of a package folder: the path inside it ('/' separated) and its content. */
export interface PackageFile {
  path: string;
  data: Buffer | string;
}

/**
 * Writes a package folder at `dir` (replaced when it exists): `files` (strings as UTF-8) and the
 * empty folders `folders` (paths inside it). Written into `<dir>.part-<pid>` beside it and then
 * renamed, so a half-written package never stands under the package's name; the temporary folder
 * is removed when anything fails, and the error is rethrown.
 */
export async function writePackageFolder(dir: string, files: readonly PackageFile[], folders: readonly string[] = []): Promise<void> {
  const temp = `${dir}.part-${process.pid}`;
  await fs.rm(temp, { recursive: true, force: true });
  await fs.mkdir(temp, { recursive: true });
  try {
    for (const f of files) await fs.writeFile(path.join(temp, f.path), f.data);
    for (const folder of folders) await fs.mkdir(path.join(temp, folder), { recursive: true });
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(temp, dir);
  } catch (e) {
    await fs.rm(temp, { recursive: true, force: true });
    throw e;
  }
}

/** A manifest as written beside the workbook: pretty JSON ending with a newline. */
export const manifestText = (manifest: object): string => `${JSON.stringify(manifest, null, 2)}\n`;

/**
 * Opens a returned package, a folder or a zip file, through the archive layer with the package
 * limits (zip-slip, bombs, links are the archive's to refuse). Throws ArchiveError for what the
 * archive refuses, and the file system's error when `source` cannot be read.
 */
export async function openPackageArchive(source: string): Promise<Archive> {
  const st = await fs.stat(source);
  const limits = packageLimits();
  return st.isDirectory() ? await openFolderArchive(source, limits) : await openZipArchive(source, limits);
}

/** The whole content of one archive entry (the archive's limits apply while it streams). */
export async function readEntry(archive: Archive, entry: ArchiveEntry): Promise<Buffer> {
  const stream: Readable = await archive.open(entry);
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** The SHA-256 (hex) and size in bytes of one archive entry, streamed. */
export async function hashEntry(archive: Archive, entry: ArchiveEntry): Promise<{ sha256: string; bytes: number }> {
  const stream: Readable = await archive.open(entry);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * The manifest entry named `manifestName` of a returned package and the package's root inside the
 * archive ('' or 'folder/': a zipped folder puts the package one folder down); null when there is
 * none (then it is not such a package).
 */
export function findManifest(archive: Archive, manifestName: string): { entry: ArchiveEntry; root: string } | null {
  const entry = archive.entries.find((e) => e.kind === 'file' && e.problem === null && path.posix.basename(e.path) === manifestName && e.path.split('/').length <= 2);
  return entry ? { entry, root: entry.path.slice(0, entry.path.length - manifestName.length) } : null;
}

/** A manifest's JSON as read (a BOM an editor added is dropped). Throws when it is not JSON. */
export async function readManifestJson(archive: Archive, entry: ArchiveEntry): Promise<unknown> {
  return JSON.parse((await readEntry(archive, entry)).toString('utf8').replace(/^\uFEFF/, '')) as unknown;
}

/**
 * Reads and loads a package's workbook `<root><name>`: its bytes with their SHA-256, and the loaded
 * workbook; or, when refused, the Chinese sentence saying why (`noun` names the package in it, e.g.
 * 评分包). Archive errors while reading propagate (ArchiveError).
 */
export async function loadPackageWorkbook(
  archive: Archive,
  root: string,
  name: string,
  noun: string,
): Promise<{ ok: true; bytes: Buffer; sha256: string; workbook: ExcelJS.Workbook } | { ok: false; bytes?: Buffer; sha256?: string; message: string }> {
  const entry = archive.entries.find((e) => e.path === `${root}${name}`);
  if (!entry || entry.kind !== 'file') return { ok: false, message: `${noun}中没有“${name}”` };
  if (entry.problem) return { ok: false, message: entry.problem };
  const bytes = await readEntry(archive, entry);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, bytes, sha256, message: '文件已损坏或不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 打开后另存为 .xlsx' };
  }
  return { ok: true, bytes, sha256, workbook };
}

/**
 * The first column of row 1 whose header is not the one expected (index into `columns`), or -1
 * when all stand as written. `text` turns a cell into its text (each reader has its own rules).
 */
export function movedHeader(ws: ExcelJS.Worksheet, columns: readonly { header: string }[], text: (v: ExcelJS.CellValue) => string): number {
  const header = columns.map((_, i) => text(ws.getRow(1).getCell(i + 1).value).trim());
  return columns.findIndex((c, i) => header[i] !== c.header);
}

/** A manifest's `signature` as written: HMAC-SHA256 in lower-case hex. */
export const SIGNATURE_HEX = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The SHA-256 (hex) of a value's canonical JSON (packages/format.ts canonicalJson): what a package
 * says, so the same package read twice has the same hash.
 */
export function contentHashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/**
 * Adds a package's data sheet: the columns' headers and widths (row 1 bold on HEADER_FILL), frozen
 * at `frozen` (columns to the left, rows above), the column `hidden` (1-based; a row's identity,
 * never shown) hidden.
 */
export function addPackageSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly { header: string; width: number }[],
  frozen: { xSplit?: number; ySplit: number },
  hidden: number,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ...frozen }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getColumn(hidden).hidden = true;
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = HEADER_FILL));
  return ws;
}

/** Unlocks the cells `columns` (1-based) of a row and paints them INPUT_FILL: where the recipient types. */
export function markInputCells(row: ExcelJS.Row, columns: readonly number[]): void {
  for (const col of columns) {
    const cell = row.getCell(col);
    cell.protection = { locked: false };
    cell.fill = INPUT_FILL;
  }
}

/**
 * Protects a package sheet without a password (against accidents, not people): locked cells stay
 * selectable, and columns and rows may still be resized.
 */
export async function protectPackageSheet(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

/**
 * Reads and checks a package's manifest against `schema`; or, when refused, the Chinese sentence
 * saying why: 已损坏或被修改 when it is not JSON or not of the schema, and `newer.message` when it
 * names `newer.format` with a `formatVersion` above `newer.version` (made by a newer release).
 * The signature is not checked here (manifestSignatureValid).
 */
export async function readPackageManifest<T>(
  archive: Archive,
  entry: ArchiveEntry,
  schema: z.ZodType<T>,
  newer?: { format: string; version: number; message: string },
): Promise<{ ok: true; manifest: T } | { ok: false; message: string }> {
  const broken = { ok: false as const, message: '校验信息文件已损坏或被修改，无法导入' };
  try {
    const json = (await readManifestJson(archive, entry)) as { format?: unknown; formatVersion?: unknown } | null;
    if (newer && json?.format === newer.format && typeof json.formatVersion === 'number' && json.formatVersion > newer.version) return { ok: false, message: newer.message };
    const parsed = schema.safeParse(json);
    return parsed.success ? { ok: true, manifest: parsed.data } : broken;
  } catch {
    return broken;
  }
}
