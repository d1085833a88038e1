/**
 * 专家评分包 (issue 12, item 2): what an expert takes to their own laptop and brings back — a folder
 * (and optionally a zip) `<项目>_专家评分_<姓名>` holding
 *  - 专家评分表.xlsx: a 填写说明 sheet and a 专家评分 sheet, one row per unit and leaf the expert
 *    scores, with the item's content and standard, its points and method, the school's 自评 and
 *    自评说明 and the evidence files it sent for the item beside it; only 专家评分 and 备注 are
 *    unlocked (grades, 达标 and 存在 as drop-downs, points checked 0 … the item's points); every
 *    sheet protected without a password (against accidents, not people);
 *  - 评分说明.txt (UTF-8 with BOM, CRLF: Notepad on Windows guesses otherwise);
 *  - 专家评分包校验信息（请勿修改）.json: the manifest, signed with the round's secret (HMAC-SHA256,
 *    the same key and canonical JSON as the schools' packages, format.ts), naming the round, the
 *    expert, the units and leaves the package covers, the expert's revision it was issued on and the
 *    frozen system's hash. A package of another round, installation or expert, or one whose manifest
 *    was edited, is refused.
 * Reading is untrusted input: the archive layer (zip-slip, bombs, links …) opens it, and every
 * problem is a Chinese sentence naming the file, sheet, row and column.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { readNumberText } from '../../../shared/domain/text/number';
import { safeFileName } from '../../documents/write-file';
import { addCellValidations, addGuideSheet, newWorkbook, workbookBuffer } from '../register/workbook-style';
import type { Archive } from '../packages/archive/archive';
import { ArchiveError } from '../packages/archive/archive';
import { MET_WORDS, VETO_WORDS } from '../packages/format';
import {
  addPackageSheet,
  columnLetter as letter,
  contentHashOf,
  findManifest,
  loadPackageWorkbook,
  manifestSignatureValid,
  manifestText,
  markInputCells,
  movedHeader,
  openPackageArchive,
  protectPackageSheet,
  readPackageManifest,
  readmeBytes as readmeOf,
  SIGNATURE_HEX,
  signManifest,
  writePackageFolder,
} from '../package-folder';

export const EXPERT_PACKAGE_FORMAT_ID = 'supervision-desk/expert-package';
export const EXPERT_FILES = {
  workbook: '专家评分表.xlsx',
  readme: '评分说明.txt',
  manifest: '专家评分包校验信息（请勿修改）.json',
} as const;
export const EXPERT_SHEET = '专家评分';
export const OPINION_SHEET = '评估意见';
/** Blank rows the 评估意见 sheet offers for new opinions (beyond those pre-filled). */
export const OPINION_BLANK_ROWS = 200;

/** Columns of the 评估意见 sheet; `id` (hidden) names a pre-filled opinion, so an edit replaces it. */
export const OPINION_COLUMNS = [
  { key: 'unitCode', header: '报送编码', width: 11 },
  { key: 'unitName', header: '单位（可不填）', width: 16 },
  { key: 'code', header: '指标编码（对单位整体的意见不填）', width: 14 },
  { key: 'kind', header: '类别', width: 11 },
  { key: 'text', header: '意见', width: 70 },
  { key: 'id', header: '意见标识（请勿修改）', width: 4 },
] as const;
const OCOL = Object.fromEntries(OPINION_COLUMNS.map((c, i) => [c.key, i + 1])) as Record<(typeof OPINION_COLUMNS)[number]['key'], number>;
/** The 类别 words, as the drop-down writes them. */
export const OPINION_KIND_WORDS = ['做法成效', '存在问题', '整改建议'] as const;

/** Columns of the 专家评分 sheet, in order; `nodeId` is hidden (the leaf's identity, never shown). */
export const EXPERT_COLUMNS = [
  { key: 'unitCode', header: '报送编码', width: 11 },
  { key: 'unitName', header: '单位', width: 16 },
  { key: 'code', header: '指标编码', width: 9 },
  { key: 'title', header: '指标', width: 18 },
  { key: 'standard', header: '评价内容与标准', width: 40 },
  { key: 'points', header: '分值', width: 6 },
  { key: 'method', header: '评分方式', width: 14 },
  { key: 'self', header: '学校自评', width: 10 },
  { key: 'explanation', header: '自评说明', width: 30 },
  { key: 'evidence', header: '学校提交的佐证材料', width: 30 },
  { key: 'score', header: '专家评分', width: 10 },
  { key: 'note', header: '备注', width: 24 },
  { key: 'nodeId', header: '指标标识（请勿修改）', width: 4 },
] as const;
const COL = Object.fromEntries(EXPERT_COLUMNS.map((c, i) => [c.key, i + 1])) as Record<(typeof EXPERT_COLUMNS)[number]['key'], number>;


export const ExpertManifestFields = z.object({
  format: z.literal(EXPERT_PACKAGE_FORMAT_ID),
  formatVersion: z.literal(1),
  packageId: z.string().uuid(),
  roundUid: z.string().uuid(),
  roundId: z.number().int().positive(),
  roundName: z.string().min(1),
  roundExpertId: z.number().int().positive(),
  expertName: z.string().min(1),
  /** The expert's accepted revision when the package was issued (0: none). */
  baseRevision: z.number().int().nonnegative(),
  issuedAt: z.string(),
  systemHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the package covers: units (id, code) with their leaves (node ids). */
  units: z.array(z.object({ unitId: z.number().int().positive(), unitCode: z.string(), unitName: z.string(), nodeIds: z.array(z.string()) })).max(5000),
});
export type ExpertManifestFields = z.infer<typeof ExpertManifestFields>;
export const ExpertManifest = ExpertManifestFields.extend({ signature: SIGNATURE_HEX });
export type ExpertManifest = z.infer<typeof ExpertManifest>;

/** One row the expert scores, as written. `choices`: the drop-down's words (empty: points). */
export interface ExpertRowSpec {
  unitCode: string;
  unitName: string;
  nodeId: string;
  code: string;
  title: string;
  standard: string;
  points: number;
  method: string;
  choices: string[];
  self: string;
  explanation: string;
  evidence: string[];
  /** The expert's current score in words (pre-filled), and note. */
  score: string;
  note: string;
}

/** An opinion pre-filled in the 评估意见 sheet (the expert's current one). */
export interface ExpertOpinionSpec {
  id: number;
  unitCode: string;
  unitName: string;
  /** '' for the unit as a whole. */
  code: string;
  /** The 类别 word (做法成效, 存在问题, 整改建议). */
  kind: string;
  text: string;
}

export interface ExpertPackageSpec {
  opinions: ExpertOpinionSpec[];
  fields: Omit<ExpertManifestFields, 'format' | 'formatVersion' | 'packageId' | 'issuedAt'>;
  secret: string;
  rows: ExpertRowSpec[];
  /** The round's name, the expert's, the deadline in words (for the read-me). */
  readme: { roundName: string; expertName: string; evaluator: string };
}

/** The package's folder name: `<项目>_专家评分_<姓名>` made safe for Windows. */
export function expertPackageName(roundName: string, expertName: string): string {
  return safeFileName(`${roundName}_专家评分_${expertName}`, 80, 120);
}


async function workbookOf(spec: ExpertPackageSpec): Promise<Buffer> {
  const wb = await newWorkbook();
  addGuideSheet(wb, {
    notes: [
      `${spec.readme.roundName}：专家评分表（${spec.readme.expertName}）`,
      '请在“专家评分”工作表中逐项填写“专家评分”和“备注”（黄色单元格），其他单元格已锁定。按等级、达标或否决情形评分的指标请从下拉列表中选择；按分值评分的指标填写 0 至该项分值之间的分数。留空的指标视为未评分，不会清除此前导入的评分。',
      '填好后保存，把整个文件夹（或压缩后的 zip 文件）交回督导室导入。请勿修改“专家评分包校验信息（请勿修改）.json”和隐藏的“指标标识”列，否则评分包无法导入。',
    ],
    headers: ['列', '说明'],
    rows: [
      ['学校自评 / 自评说明', '学校在自评表中填写的结果与说明'],
      ['学校提交的佐证材料', '学校为该指标提交的佐证材料文件名（文件本身在督导室的单位材料中查看）'],
      ['专家评分', '等级、达标/未达标、存在/不存在，或分数'],
      ['备注', '评分理由或需要说明的情况，可不填'],
    ],
    widths: [22, 90],
  });
  const ws = addPackageSheet(wb, EXPERT_SHEET, EXPERT_COLUMNS, { xSplit: 4, ySplit: 1 }, COL.nodeId);
  const validations: Parameters<typeof addCellValidations>[1][number][] = [];
  for (const r of spec.rows) {
    const row = ws.addRow([r.unitCode, r.unitName, r.code, r.title, r.standard, r.points, r.method, r.self, r.explanation, r.evidence.join('\n'), r.choices.length ? r.score : r.score === '' ? null : Number(r.score), r.note, r.nodeId]);
    row.alignment = { wrapText: true, vertical: 'top' };
    markInputCells(row, [COL.score, COL.note]);
    const cell = row.getCell(COL.score);
    if (r.choices.length) {
      validations.push({ row: row.number, col: COL.score, validation: { type: 'list', allowBlank: true, formulae: [`"${r.choices.join(',')}"`], showErrorMessage: true, errorTitle: '专家评分', error: `请从下拉列表中选择：${r.choices.join('、')}` } });
    } else {
      validations.push({ row: row.number, col: COL.score, validation: { type: 'decimal', allowBlank: true, operator: 'between', formulae: [0, r.points], showErrorMessage: true, errorTitle: '专家评分', error: `请填写 0 至 ${r.points} 之间的分数` } });
      cell.numFmt = 'General';
    }
  }
  addCellValidations(ws, validations);
  await protectPackageSheet(ws);

  const os = addPackageSheet(wb, OPINION_SHEET, OPINION_COLUMNS, { ySplit: 1 }, OCOL.id);
  const codes = [...new Set(spec.rows.map((r) => r.unitCode))];
  const last = 1 + spec.opinions.length + OPINION_BLANK_ROWS;
  for (const o of spec.opinions) os.addRow([o.unitCode, o.unitName, o.code, o.kind, o.text, o.id]);
  for (let r = 2; r <= last; r++) {
    const row = os.getRow(r);
    row.alignment = { wrapText: true, vertical: 'top' };
    markInputCells(row, [OCOL.unitCode, OCOL.unitName, OCOL.code, OCOL.kind, OCOL.text]);
  }
  const kindList = { type: 'list' as const, allowBlank: true, formulae: [`"${OPINION_KIND_WORDS.join(',')}"`], showErrorMessage: true, errorTitle: '类别', error: `请从下拉列表中选择：${OPINION_KIND_WORDS.join('、')}` };
  const opinionValidations: Parameters<typeof addCellValidations>[1][number][] = [];
  const codeList = `"${codes.join(',')}"`;
  for (let r = 2; r <= last; r++) {
    opinionValidations.push({ row: r, col: OCOL.kind, validation: kindList });
    // A drop-down of the package's units when Excel can hold the list (255 characters).
    if (codeList.length <= 255) opinionValidations.push({ row: r, col: OCOL.unitCode, validation: { type: 'list', allowBlank: true, formulae: [codeList], showErrorMessage: true, errorTitle: '报送编码', error: '请从下拉列表中选择本评分包的单位' } });
  }
  addCellValidations(os, opinionValidations);
  await protectPackageSheet(os);
  return workbookBuffer(wb);
}


function readmeBytes(spec: ExpertPackageSpec, folder: string): Buffer {
  const units = [...new Set(spec.rows.map((r) => `${r.unitCode} ${r.unitName}`))];
  return readmeOf([
    `${spec.readme.roundName} 专家评分说明`,
    '',
    `评估专家：${spec.readme.expertName}`,
    `组织评估：${spec.readme.evaluator}`,
    `评估单位（${units.length} 个）：${units.join('、')}`,
    `评分指标：共 ${spec.rows.length} 行`,
    '',
    '一、打开“专家评分表.xlsx”，在“专家评分”工作表中逐项填写“专家评分”和“备注”（黄色单元格）。',
    '二、可以分几次填写；留空的指标视为未评分。',
    '三、填好后保存并关闭 Excel，把整个文件夹（或压缩后的 zip 文件）交回督导室。',
    `四、请勿修改“${EXPERT_FILES.manifest}”，也不要改动其他单元格，否则评分包无法导入。`,
    '',
    `本评分包文件夹：${folder}`,
  ]);
}

/**
 * Writes one expert package into `dir` (created; replaced when it exists), with its manifest signed.
 * Returns the folder's path and the manifest.
 */
export async function writeExpertPackage(spec: ExpertPackageSpec, parentDir: string, issuedAt = new Date().toISOString()): Promise<{ dir: string; manifest: ExpertManifest }> {
  const name = expertPackageName(spec.readme.roundName, spec.readme.expertName);
  const dir = path.join(parentDir, name);
  const fields: ExpertManifestFields = { format: EXPERT_PACKAGE_FORMAT_ID, formatVersion: 1, packageId: randomUUID(), issuedAt, ...spec.fields };
  const manifest: ExpertManifest = signManifest(fields, spec.secret);
  // Written beside, then moved in: a half-written package never stands under the package's name.
  await writePackageFolder(dir, [
    { path: EXPERT_FILES.workbook, data: await workbookOf(spec) },
    { path: EXPERT_FILES.readme, data: readmeBytes(spec, name) },
    { path: EXPERT_FILES.manifest, data: manifestText(manifest) },
  ]);
  return { dir, manifest };
}

// ---------------------------------------------------------------- reading

/** A problem of a returned package: Chinese, naming file, sheet, row and column where it has them. */
export interface ExpertIssue {
  severity: 'error' | 'warning';
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
}

/** One opinion row read (texts as typed; `id` the hidden 意见标识, null when blank). */
export interface OpinionCell {
  row: number;
  unitCode: string;
  code: string;
  kind: string;
  text: string;
  id: number | null;
}

/** One score read: the cell's text as typed, by unit and leaf. */
export interface ExpertCell {
  unitCode: string;
  nodeId: string;
  code: string;
  row: number;
  /** The 专家评分 cell as text ('' = left empty). */
  text: string;
  note: string;
}

export interface ReadExpertPackage {
  /** The manifest as read and verified; null when refused. */
  manifest: ExpertManifest | null;
  cells: ExpertCell[];
  opinions: OpinionCell[];
  issues: ExpertIssue[];
  workbook: { bytes: Buffer; sha256: string } | null;
  /** sha256 of the scores read (canonical JSON): the same package twice has the same hash. */
  contentHash: string;
}

/** What the reader needs of the round to verify a manifest. */
export interface ExpertPackageRound {
  roundId: number;
  roundUid: string;
  secret: string;
  systemHash: string;
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
    if ('text' in v) return String(v.text);
    if (v instanceof Date) return v.toISOString();
  }
  return String(v);
};

/**
 * Reads a returned expert package (a zip or a folder) against its round. Never throws for what the
 * file holds: every problem is an issue; `manifest` is null when the package is refused as a whole.
 */
export async function readExpertPackage(source: string, round: ExpertPackageRound, shownName: string): Promise<ReadExpertPackage> {
  const out: ReadExpertPackage = { manifest: null, cells: [], opinions: [], issues: [], workbook: null, contentHash: '' };
  const fail = (message: string, file = '') => {
    out.issues.push({ severity: 'error', file, message });
    return out;
  };
  let archive: Archive;
  try {
    archive = await openPackageArchive(source);
  } catch (e) {
    return fail(e instanceof ArchiveError ? e.message : `无法打开“${shownName}”：不是专家评分包文件夹或 zip 文件`);
  }
  try {
    // The package may sit one folder down inside a zip (a zipped folder).
    const found = findManifest(archive, EXPERT_FILES.manifest);
    if (!found) return fail(`“${shownName}”中没有“${EXPERT_FILES.manifest}”，不是专家评分包（学校的填报包请在“评估项目”中导入）`);
    const { root } = found;
    const read = await readPackageManifest(archive, found.entry, ExpertManifest);
    if (!read.ok) return fail(read.message, EXPERT_FILES.manifest);
    const manifest = read.manifest;
    if (manifest.roundUid !== round.roundUid || manifest.roundId !== round.roundId) return fail(`该评分包属于评估项目“${manifest.roundName}”，不是本项目的评分包`, EXPERT_FILES.manifest);
    if (!manifestSignatureValid(manifest, round.secret)) return fail('校验信息与督导室签发的不一致（文件被修改过或不是本系统生成的），无法导入', EXPERT_FILES.manifest);
    if (manifest.systemHash !== round.systemHash) return fail('该评分包按另一版本的指标体系生成，无法导入', EXPERT_FILES.manifest);
    out.manifest = manifest;

    const loaded = await loadPackageWorkbook(archive, root, EXPERT_FILES.workbook, '评分包');
    if (loaded.bytes && loaded.sha256) out.workbook = { bytes: loaded.bytes, sha256: loaded.sha256 };
    if (!loaded.ok) return fail(loaded.message, EXPERT_FILES.workbook);
    const wb = loaded.workbook;
    const ws = wb.getWorksheet(EXPERT_SHEET);
    if (!ws) return fail(`找不到工作表“${EXPERT_SHEET}”（请勿修改工作表名称）`, EXPERT_FILES.workbook);
    const moved = movedHeader(ws, EXPERT_COLUMNS, cellText);
    if (moved >= 0) return fail(`第 1 行 ${letter(moved + 1)} 列应为“${EXPERT_COLUMNS[moved]!.header}”：表头被修改，请使用督导室下发的评分表`, EXPERT_FILES.workbook);

    const covered = new Map(manifest.units.map((u) => [u.unitCode, new Set(u.nodeIds)]));
    const seen = new Map<string, number>();
    const at = (row: number, key: keyof typeof COL) => ({ file: EXPERT_FILES.workbook, sheet: EXPERT_SHEET, row, column: letter(COL[key]) });
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const unitCode = cellText(row.getCell(COL.unitCode).value).trim();
      const nodeId = cellText(row.getCell(COL.nodeId).value).trim();
      const code = cellText(row.getCell(COL.code).value).trim();
      const text = cellText(row.getCell(COL.score).value).trim();
      const note = cellText(row.getCell(COL.note).value).trim();
      if (!unitCode && !nodeId && !text && !note) continue;
      const nodes = covered.get(unitCode);
      if (!nodes) {
        out.issues.push({ severity: 'error', ...at(r, 'unitCode'), message: `报送编码“${unitCode}”不在本评分包的评估单位中（请勿修改或增加行）` });
        continue;
      }
      if (!nodes.has(nodeId)) {
        out.issues.push({ severity: 'error', ...at(r, 'nodeId'), message: `指标“${code}”不在本评分包中，或隐藏的指标标识被修改` });
        continue;
      }
      const key = `${unitCode}|${nodeId}`;
      if (seen.has(key)) {
        out.issues.push({ severity: 'error', ...at(r, 'score'), message: `与第 ${seen.get(key)} 行重复（同一单位的同一指标只能评一次）` });
        continue;
      }
      seen.set(key, r);
      if (note.length > 500) out.issues.push({ severity: 'error', ...at(r, 'note'), message: `备注不能超过 500 个字（现有 ${note.length} 个字）` });
      out.cells.push({ unitCode, nodeId, code, row: r, text, note: note.slice(0, 500) });
    }
    // 评估意见: optional (a package made before opinions travelled has none).
    const os = wb.getWorksheet(OPINION_SHEET);
    if (os) {
      const oat = (row: number, key: keyof typeof OCOL) => ({ file: EXPERT_FILES.workbook, sheet: OPINION_SHEET, row, column: letter(OCOL[key]) });
      for (let r = 2; r <= os.rowCount; r++) {
        const row = os.getRow(r);
        const unitCode = cellText(row.getCell(OCOL.unitCode).value).trim();
        const code = cellText(row.getCell(OCOL.code).value).trim();
        const kind = cellText(row.getCell(OCOL.kind).value).trim();
        const text = cellText(row.getCell(OCOL.text).value).trim();
        const rawId = cellText(row.getCell(OCOL.id).value).trim();
        if (!unitCode && !code && !kind && !text && !rawId) continue;
        const id = rawId === '' ? null : /^\d{1,12}$/.test(rawId) ? Number(rawId) : NaN;
        if (Number.isNaN(id)) {
          out.issues.push({ severity: 'error', ...oat(r, 'id'), message: '隐藏的意见标识被修改，无法对应原来的意见' });
          continue;
        }
        if (text.length > 2000) {
          out.issues.push({ severity: 'error', ...oat(r, 'text'), message: `意见不能超过 2000 个字（现有 ${text.length} 个字）` });
          continue;
        }
        out.opinions.push({ row: r, unitCode, code, kind, text, id });
      }
    }
  } catch (e) {
    return fail(e instanceof ArchiveError ? e.message : '读取评分包时出错，该评分包未能完整读取');
  } finally {
    await archive.close().catch(() => undefined);
  }
  out.contentHash = contentHashOf({ scores: out.cells.map((c) => [c.unitCode, c.nodeId, c.text, c.note]), opinions: out.opinions.map((o) => [o.unitCode, o.code, o.kind, o.text, o.id]) });
  return out;
}

/** The words a choice cell may hold for each method (as the drop-downs write them). */
export const CHOICE_WORDS = { met: MET_WORDS, veto: VETO_WORDS };

/** Reads a points cell: a number (full-width digits accepted), or why not. */
export function readPoints(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const r = readNumberText(text);
  if (r.kind === 'number') return { ok: true, value: r.value };
  if (r.kind === 'missing') return { ok: false, message: '未填写' };
  return { ok: false, message: `“${text}”不是数字：${r.problem}` };
}
