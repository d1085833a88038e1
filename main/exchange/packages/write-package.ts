/**
 * Writes 填报包 (issue 11 item 2): for one unit, the folder format.ts describes — read-me, workbook,
 * report template, one evidence sub-folder per applicable leaf, and the signed manifest — and,
 * optionally, the same folder as `<folder>.zip`. `generatePackages` writes a whole round's packages
 * one after another (the job runner calls it).
 *
 * All or nothing: a package is built in a hidden temporary folder beside the target
 * (`.~package-<pid>-<hex>`) and takes its final name in one rename, so a cancelled or failed write
 * leaves nothing half-written under a package's name; the temporary folder is removed on the way
 * out, and one left by a crashed process is swept the next time a package is written there.
 * Nothing is ever overwritten: an existing non-empty package folder, or an existing zip, is refused.
 *
 * A 退回修改 package carries the school's current submission back (`spec.carry`): its report (which
 * then takes the blank template's place; the manifest still states the blank template's hash) and
 * its evidence, copied from the store file by file and streamed into the zip, never read whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import JSZip from 'jszip';
import { AppError } from '../../../shared/api/envelope';
import { flattenNodes, isLeaf } from '../../../shared/domain/indicators';
import { formatChineseDate } from '../../documents/dates';
import { processAlive } from '../../system/process-alive';
import { TaskAborted } from '../../workers/task-runner';
import { checkEntryPath, pathKey } from './archive/names';
import { DEFAULT_PACKAGE_LIMITS } from './archive/limits';
import {
  EVALUATION_HEADER_ROW,
  evaluationRows,
  evidenceFolderName,
  FILES,
  ManifestFields,
  packageFolderName,
  REPORT_EXTENSIONS,
  returnFolderName,
  signManifest,
  STATISTICS_HEADER_ROW,
  type EvaluationRow,
  type PackageSpec,
} from './format';
import { checkQueries, type QueryPlaces } from './write/queries';
import { readmeBytes, readmeText } from './write/readme';
import { buildReportTemplate, type DocxRenderer } from './write/report';
import { buildPackageWorkbook } from './write/workbook';

export interface WritePackageOptions {
  /** Also write `<folder>.zip` beside the folder, holding the folder (entry names UTF-8, flagged so). */
  zip?: boolean;
  /** Aborting stops the write between steps; nothing is left behind and TaskAborted is thrown. */
  signal?: AbortSignal;
  /**
   * Renders the report draft (学校自评报告) as DOCX bytes. The services pass the worker pool's
   * renderer (renderDocxOnPool), so the core's thread never loads the renderers; without it the
   * draft is rendered on this thread (tests, scripts).
   */
  renderDocx?: DocxRenderer;
}

export interface WrittenPackage {
  /** Absolute path of the package folder. */
  folder: string;
  /** Absolute path of `<folder>.zip`, or null when no zip was asked for. */
  zipPath: string | null;
  /**
   * What the folder holds, relative and `/`-separated, in a fixed order: every file, and every
   * (empty) evidence folder with a trailing `/`. The zip holds the same under `<folder name>/`.
   */
  files: string[];
}

const TEMP_DIR = /^\.~package-(\d+)-[0-9a-f]{8}$/;
/** A temporary folder of a process that is gone is swept once this old (another PC may share the folder). */
const ORPHAN_TEMP_MS = 60_000;
/** …and any, once this old. */
const STALE_TEMP_MS = 24 * 3600_000;
/** Tries of the final rename while Windows holds a just-written file (about 4.5 s in all). */
const RENAME_ATTEMPTS = 10;

/**
 * Name of the package folder of `spec` (and the stem of its zip): `<评估项目>_<报送编码>_<单位>`, with
 * `_退回修改第<n>次` for a 退回修改 package (packageVersion > 1), made safe for Windows.
 */
export function packageFolderOf(spec: PackageSpec): string {
  const m = spec.manifest;
  return m.packageVersion > 1 ? returnFolderName(m.roundName, m.unitCode, m.unitName, m.packageVersion) : packageFolderName(m.roundName, m.unitCode, m.unitName);
}

/**
 * Writes one unit's package into `outDir` (created when missing) and returns where it went.
 *
 * Errors (AppError, Chinese message): `conflict` when `<outDir>/<folder>` exists and is not empty,
 * or the zip exists; `invalid_input` when the spec cannot make a valid package (bad secret or date,
 * manifest fields that do not validate, two leaves whose evidence folders would share a name, a
 * query naming something the package does not hold, a carried file whose path Windows cannot hold
 * or that clashes with another); `not_found` when a carried file is missing from the store.
 * TaskAborted when `signal` aborted. Any other
 * failure (disk full, no permission) is rethrown as AppError `internal` naming the package; in every
 * case nothing is left in `outDir`.
 */
export async function writePackage(spec: PackageSpec, outDir: string, options: WritePackageOptions = {}): Promise<WrittenPackage> {
  const { signal } = options;
  const check = () => {
    if (signal?.aborted) throw new TaskAborted();
  };
  check();
  const name = packageFolderOf(spec);
  const target = path.resolve(outDir, name);
  const zipPath = options.zip ? `${target}.zip` : null;
  await refuseFolder(target);
  if (zipPath) await refuseZip(zipPath);
  const plan = planPackage(spec);
  for (const c of plan.carried) {
    const st = await fs.stat(c.source).catch(() => null);
    if (!st?.isFile()) throw new AppError('not_found', `上次报送的文件“${c.path}”在本机的文件库中找不到，未生成${spec.unit.name}的退回修改填报包`);
  }

  await fs.mkdir(outDir, { recursive: true });
  await sweepOrphans(outDir);
  const temp = path.join(path.resolve(outDir), `.~package-${process.pid}-${randomBytes(4).toString('hex')}`);
  const stage = path.join(temp, name);
  const stagedZip = path.join(temp, 'package.zip');
  let placed = false;
  try {
    await fs.mkdir(stage, { recursive: true });
    check();
    const report = await buildReportTemplate(spec, options.renderDocx);
    check();
    const workbook = await buildPackageWorkbook({ spec, rows: plan.rows, places: plan.places, skippedLeaves: plan.skippedLeaves });
    check();
    const manifest = signManifest(
      ManifestFields.parse({ ...spec.manifest, reportTemplateSha256: createHash('sha256').update(report).digest('hex') }),
      spec.secret,
    );
    const contents: [string, Buffer][] = [
      [FILES.readme, readmeBytes(readmeText(spec, name, plan.places, { report: plan.carriedReport, evidenceFiles: plan.carried.length - (plan.carriedReport ? 1 : 0) }))],
      [FILES.workbook, workbook],
      // A report carried back takes the blank template's place (two reports would be ambiguous).
      ...(plan.carriedReport ? [] : [[FILES.reportTemplate, report] as [string, Buffer]]),
      [FILES.manifest, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')],
    ];
    for (const [file, bytes] of contents) await fs.writeFile(path.join(stage, file), bytes, { flag: 'wx' });
    const folders = plan.folders;
    for (const f of folders) await fs.mkdir(path.join(stage, f), { recursive: true });
    for (const c of plan.carried) {
      check();
      await fs.copyFile(c.source, path.join(stage, c.path), fsConstants.COPYFILE_EXCL);
    }
    check();
    if (zipPath) await writeZip(stagedZip, name, contents, folders, plan.carried, signal);
    check();

    await placeFolder(stage, target);
    placed = true;
    if (zipPath) await placeZip(stagedZip, zipPath);
    return { folder: target, zipPath, files: [...contents.map(([f]) => f), ...folders, ...plan.carried.map((c) => c.path)] };
  } catch (e) {
    // The folder went in but the zip could not: take the folder back out, so all or nothing holds.
    if (placed) await fs.rm(target, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof AppError || e instanceof TaskAborted) throw e;
    if (signal?.aborted) throw new TaskAborted();
    throw new AppError('internal', `写入填报包“${name}”失败：${fsReason(e)}`);
  } finally {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
}

export interface GeneratePackagesOptions extends WritePackageOptions {
  /** Called after each package: `done` of `total` written, `name` the unit just written. */
  onProgress?: (done: number, total: number, name: string) => void;
}

/** One written package of a batch: the unit and where its package went. */
export interface GeneratedPackage {
  unitId: number;
  unitName: string;
  folder: string;
  zipPath: string | null;
}

/**
 * Writes the packages of many units into `outDir`, one after another (memory stays that of one
 * package: nothing of a written package is kept but its paths). Before writing anything it refuses
 * (AppError `conflict`, naming up to ten) folder names that two specs share — Windows does not tell
 * case apart — and targets that already exist, so a batch never stops half-way over a name. A
 * failure while writing stops the batch with the unit named; the packages written before it stay
 * (each is complete). Cancelling via `signal` stops between or inside packages (TaskAborted); the
 * one being written leaves nothing, those finished stay.
 */
export async function generatePackages(specs: PackageSpec[], outDir: string, options: GeneratePackagesOptions = {}): Promise<GeneratedPackage[]> {
  const names = specs.map(packageFolderOf);
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  names.forEach((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) clashes.push(n);
    else seen.set(key, n);
  });
  if (clashes.length) {
    throw new AppError('conflict', `以下填报包的文件夹名称重复（评估项目、报送编码和单位名称相同），未生成任何填报包：${listed(clashes)}。请先为这些单位设置不同的报送编码。`);
  }
  const existing: string[] = [];
  for (const n of names) {
    const target = path.resolve(outDir, n);
    if ((await nonEmptyDir(target)) || (options.zip && (await exists(`${target}.zip`)))) existing.push(n);
  }
  if (existing.length) {
    throw new AppError('conflict', `输出文件夹中已有以下填报包，为避免覆盖已下发的填报包，未生成任何填报包：${listed(existing)}。请换一个空的输出文件夹，或先移走这些文件夹。`);
  }

  const out: GeneratedPackage[] = [];
  for (const [i, spec] of specs.entries()) {
    if (options.signal?.aborted) throw new TaskAborted();
    let written: WrittenPackage;
    try {
      written = await writePackage(spec, outDir, { zip: options.zip, signal: options.signal, renderDocx: options.renderDocx });
    } catch (e) {
      if (e instanceof TaskAborted) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new AppError(e instanceof AppError ? e.code : 'internal', `生成“${spec.unit.name}”的填报包时出错（已完成 ${i} 个，共 ${specs.length} 个）：${message}`);
    }
    out.push({ unitId: spec.manifest.unitId, unitName: spec.unit.name, folder: written.folder, zipPath: written.zipPath });
    options.onProgress?.(i + 1, specs.length, spec.unit.name);
  }
  return out;
}

// ---------------------------------------------------------------- planning

interface PackagePlan {
  rows: EvaluationRow[];
  places: QueryPlaces;
  /** Every folder of the package, `/`-separated with a trailing `/`, parents before children. */
  folders: string[];
  /** Files carried back (退回修改), their paths checked. */
  carried: { path: string; source: string }[];
  /** The path of the school's report among them, or null (with one, the blank template is not written). */
  carriedReport: string | null;
  skippedLeaves: number;
}

/** Checks the spec and works out the rows, folders and query places; throws AppError invalid_input. */
function planPackage(spec: PackageSpec): PackagePlan {
  if (!/^[0-9a-f]{64}$/i.test(spec.secret)) throw new AppError('invalid_input', '评估项目的校验密钥无效（应为 64 位十六进制数），未生成填报包');
  for (const [what, date] of [['报送截止日期', spec.round.returnBy], ...spec.round.stages.flatMap((s) => [[`${s.name}开始日期`, s.startsOn], [`${s.name}结束日期`, s.endsOn]])]) {
    try {
      formatChineseDate(date!);
    } catch {
      throw new AppError('invalid_input', `${what}“${date}”不是有效日期（应为 YYYY-MM-DD），未生成填报包`);
    }
  }
  const fields = ManifestFields.omit({ reportTemplateSha256: true }).safeParse(spec.manifest);
  if (!fields.success) {
    throw new AppError('invalid_input', `${spec.unit.name}的填报包校验信息不完整（${fields.error.issues.map((i) => i.path.join('.')).join('、')}），未生成填报包`);
  }
  if (Number.isNaN(Date.parse(spec.manifest.issuedAt))) throw new AppError('invalid_input', `下发时间“${spec.manifest.issuedAt}”无效，未生成填报包`);

  const rows = evaluationRows(spec.system, spec.unit.schoolType);
  const leaves = rows.filter((r) => r.leaf);
  const evidenceFolders: string[] = [];
  const byLowerName = new Map<string, EvaluationRow>();
  for (const r of leaves) {
    const folder = evidenceFolderName(r.node);
    const other = byLowerName.get(folder.toLowerCase());
    if (other) {
      throw new AppError(
        'invalid_input',
        `指标“${other.node.code} ${other.node.title}”和“${r.node.code} ${r.node.title}”的佐证材料文件夹名称相同（${folder}），无法区分，未生成填报包；请修改指标编码或名称`,
      );
    }
    byLowerName.set(folder.toLowerCase(), r);
    evidenceFolders.push(folder);
  }
  const places: QueryPlaces = {
    evaluationRowOf: new Map(rows.map((r, i) => [r.node.id, EVALUATION_HEADER_ROW + 1 + i])),
    statisticsRowOf: new Map(spec.statistics.map((s, i) => [s.key, STATISTICS_HEADER_ROW + 1 + i])),
    leafById: new Map(leaves.map((r) => [r.node.id, r])),
  };
  checkQueries(spec, places);
  const allLeaves = flattenNodes(spec.system.nodes).filter((e) => isLeaf(e.node)).length;

  const folders = [`${FILES.evidenceDir}/`, ...evidenceFolders.map((f) => `${FILES.evidenceDir}/${f}/`)];
  const { carried, carriedReport, carriedFolders } = planCarry(spec, folders);
  folders.push(...carriedFolders);
  return { rows, places, folders, carried, carriedReport, skippedLeaves: allLeaves - leaves.length };
}

/** The package's own files, which a carried file may not replace (the report may: it is the school's). */
const OWN_FILES = new Set([FILES.readme, FILES.workbook, FILES.manifest].map(pathKey));
const REPORT_NAMES = new Set(REPORT_EXTENSIONS.map((ext) => pathKey(`${FILES.reportStem}${ext}`)));

/**
 * Checks the carried files: each path must be one the reader would accept (archive/names.ts, the
 * same rules), none may take the name of the package's own files, of a folder, or of another
 * carried file as Windows compares names; at most one report. Throws AppError invalid_input.
 */
function planCarry(spec: PackageSpec, folders: string[]): { carried: { path: string; source: string }[]; carriedReport: string | null; carriedFolders: string[] } {
  const refuse = (p: string, why: string) => new AppError('invalid_input', `无法把上次报送的文件“${p}”放回${spec.unit.name}的退回修改填报包：${why}`);
  const carried: { path: string; source: string }[] = [];
  const fileKeys = new Set<string>();
  const folderKeys = new Set(folders.map((f) => pathKey(f.slice(0, -1))));
  const carriedFolders: string[] = [];
  let report: string | null = null;
  for (const c of spec.carry ?? []) {
    const checked = checkEntryPath(c.path, DEFAULT_PACKAGE_LIMITS);
    if (checked.problem) throw refuse(c.path, checked.problem);
    const key = pathKey(checked.path);
    if (OWN_FILES.has(key)) throw refuse(c.path, '与填报包自身的文件同名');
    if (fileKeys.has(key) || folderKeys.has(key)) throw refuse(c.path, '与另一个文件或文件夹同名（Windows 不区分大小写）');
    if (REPORT_NAMES.has(key)) {
      if (report) throw refuse(c.path, '学校自评报告只能有一份');
      report = checked.path;
    }
    fileKeys.add(key);
    const segments = checked.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (folderKeys.has(pathKey(folder))) continue;
      folderKeys.add(pathKey(folder));
      carriedFolders.push(`${folder}/`);
    }
    carried.push({ path: checked.path, source: c.source });
  }
  // A file and a folder of the same name, in either order.
  for (const k of fileKeys) if (folderKeys.has(k)) throw refuse(carried.find((c) => pathKey(c.path) === k)!.path, '与另一个文件夹同名（Windows 不区分大小写）');
  return { carried, carriedReport: report, carriedFolders };
}

// ---------------------------------------------------------------- files

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

/** True when `p` exists and is not an empty folder (a file of that name counts: it is in the way). */
async function nonEmptyDir(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isDirectory()) return true;
    return (await fs.readdir(p)).length > 0;
  } catch {
    return false;
  }
}

function listed(names: string[]): string {
  return names.length > 10 ? `${names.slice(0, 10).join('、')} 等 ${names.length} 个` : names.join('、');
}

async function refuseFolder(target: string): Promise<void> {
  if (await nonEmptyDir(target)) {
    throw new AppError('conflict', `文件夹“${path.basename(target)}”已存在且不是空的：为避免覆盖已下发的填报包，未生成。请换一个输出文件夹，或先移走原文件夹。`);
  }
}

async function refuseZip(zipPath: string): Promise<void> {
  if (await exists(zipPath)) {
    throw new AppError('conflict', `文件“${path.basename(zipPath)}”已存在：为避免覆盖已下发的填报包，未生成。请换一个输出文件夹，或先移走原文件。`);
  }
}

/** Moves the staged folder to its name; an empty folder of that name is replaced, anything else refused. */
async function placeFolder(stage: string, target: string): Promise<void> {
  await refuseFolder(target);
  // Windows refuses to rename onto an existing folder, even an empty one.
  await fs.rmdir(target).catch(() => undefined);
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.rename(stage, target);
      return;
    } catch (e) {
      // Someone created it in the meantime.
      await refuseFolder(target);
      // On Windows a virus scanner or the indexer briefly holding a file just written makes the
      // rename fail with EPERM / EBUSY / EACCES; it succeeds a moment later.
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= RENAME_ATTEMPTS || !(code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')) throw e;
      await new Promise((resolve) => setTimeout(resolve, attempt * 100));
    }
  }
}

/** Moves the staged zip to its name without ever replacing a file (link refuses an existing name). */
async function placeZip(staged: string, zipPath: string): Promise<void> {
  try {
    await fs.link(staged, zipPath);
  } catch (e) {
    await refuseZip(zipPath);
    // File systems without hard links (FAT/exFAT USB sticks): check (above), then rename.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
    await fs.rename(staged, zipPath);
  }
}

/** A file-system failure in words a user can act on (the error code, not Node's English message). */
function fsReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOSPC':
      return '磁盘空间不足';
    case 'EACCES':
    case 'EPERM':
      return '没有写入该文件夹的权限，或文件被其他程序占用';
    case 'EROFS':
      return '该位置是只读的（U 盘可能处于写保护状态）';
    case 'ENAMETOOLONG':
      return '路径过长，请选择层级较浅的输出文件夹';
    case 'EBUSY':
      return '文件被其他程序占用';
    case 'ENOENT':
      return '输出文件夹不存在或已被移走（U 盘可能已拔出）';
    case 'EIO':
      return '读写出错（U 盘可能已拔出或损坏）';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The zip of the package: entries under `<folder>/`, the folders as directory entries, carried
 * files read from the store as they are compressed, streamed to disk (JSZip sets the UTF-8 flag on every non-ASCII name). Entry times are local
 * time of writing — the zip format has no time zone and Explorer shows them as local.
 */
async function writeZip(
  file: string,
  folder: string,
  contents: [string, Buffer][],
  folders: string[],
  carried: { path: string; source: string }[],
  signal?: AbortSignal,
): Promise<void> {
  const zip = new JSZip();
  const now = new Date();
  const date = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  zip.folder(folder);
  for (const f of folders) zip.file(`${folder}/${f}`, null, { dir: true, date });
  for (const [name, bytes] of contents) zip.file(`${folder}/${name}`, bytes, { date });
  // Streams, read one after another while the zip is written: a 200 MB video is never in memory.
  // Stored, not deflated: evidence is photos, PDFs and videos, already compressed, and JSZip's
  // JavaScript deflate runs at a few MB/s — it would make a return package take minutes.
  for (const c of carried) zip.file(`${folder}/${c.path}`, createReadStream(c.source), { date, binary: true, compression: 'STORE' });
  const stream = zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE', compressionOptions: { level: 6 } });
  await pipeline(stream, createWriteStream(file, { flags: 'wx' }), { signal });
}

/** Removes the temporary folders a crashed writer left in `dir` (see the file comment). */
async function sweepOrphans(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const n of names) {
    const m = TEMP_DIR.exec(n);
    if (!m) continue;
    const full = path.join(dir, n);
    try {
      const age = now - (await fs.stat(full)).mtimeMs;
      if (age > STALE_TEMP_MS || (age > ORPHAN_TEMP_MS && !processAlive(Number(m[1])))) await fs.rm(full, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or locked: next time
    }
  }
}
