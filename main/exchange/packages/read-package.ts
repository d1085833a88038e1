/**
 * Reads one returned 填报包 (issue 11 item 3) from a zip or a folder into what the school submitted:
 * the manifest (checked against the round: signature, format, indicator-system version), the
 * self-evaluation and statistics from 自评表.xlsx (through the one workbook reader, every cell
 * re-validated), the report, and the evidence (each file judged by its bytes, hashed while streamed
 * to the caller's store). Nothing is written anywhere but through `store`.
 *
 * Never throws for what a package holds: every problem is a Chinese PackageIssue naming the file and,
 * for the workbook, sheet, row and column; every file not received is a RefusedFile with its reason.
 * Throws only when aborted (the signal's reason), when `store` or `resolve` themselves fail (their
 * error, untouched), or when `store` breaks its contract (StoreContractError).
 *
 * Decisions (the office reads them in the messages):
 *  - files outside 佐证材料 (other than the workbook, report, read-me and manifest) are received as
 *    未归类 evidence with a warning, under the same refusal rules as evidence — refusing them would
 *    lose material the school meant to send;
 *  - a second report (e.g. both .docx and .pdf, both written) is received as 未归类 evidence with a
 *    warning; the report is the first written one in REPORT_EXTENSIONS order; an untouched copy of
 *    the template beside a written report is ignored;
 *  - files refused: programs, scripts, shortcuts, macro-enabled Office files, archives and disk
 *    images, empty files, links, unsafe names (archive/names.ts), duplicates (all copies of a name
 *    that appears twice, or differs only by case or Unicode form: no copy is preferred silently);
 *  - leftovers of file systems and Office (Thumbs.db, __MACOSX, ~$ owner files) are skipped.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { IndicatorNode, IndicatorSystem, SchoolType } from '../../../shared/domain/indicators';
import { flattenNodes, isLeaf, nodeLabel } from '../../../shared/domain/indicators/tree';
import { safeFileName } from '../../documents/write-file';
import { NotAWorkbookError, readWorkbook, WorkbookLimitError, type WorkbookContent } from '../workbook';
import { ArchiveError, type Archive, type ArchiveEntry } from './archive/archive';
import { openFolderArchive } from './archive/folder-source';
import { limitReasons, packageLimits, type PackageLimits } from './archive/limits';
import { baseName, extensionOf, isSystemLeftover, pathKey } from './archive/names';
import { receiveEntry, StoreContractError, type Received, type StoreDirect, type StoreFile } from './archive/receive';
import { openZipArchive } from './archive/zip-source';
import { evidenceFolderMatcher } from './evidence-folders';
import { isManifestName, type PackageCandidate } from './find-packages';
import {
  canonicalJson,
  evaluationRows,
  evidenceFolderName,
  FILES,
  indicatorSystemHash,
  Manifest,
  manifestSignatureValid,
  PACKAGE_FORMAT_ID,
  PACKAGE_FORMAT_VERSION,
  REPORT_EXTENSIONS,
  type PackageIssue,
  type ReadPackageResult,
} from './format';
import { readSubmissionSheets } from './read-sheets';

/** What the round knows about the package's unit, found by the caller from the (unverified) manifest. */
export interface PackageContext {
  /** The round's frozen indicator system (its hash must equal the manifest's systemHash). */
  system: IndicatorSystem;
  /** The round's HMAC secret, 64 hex digits. */
  secret: string;
  /** The statistics rows issued to the unit: catalogue key and 数据项 label (with its unit). */
  statFields: { key: string; label: string }[];
  /**
   * The unit's school type: the workbook holds the rows evaluationRows(system, schoolType) gives
   * (format.ts), and only those leaves are expected and read. Absent: every node is expected.
   */
  schoolType?: SchoolType;
}

/** Progress of one package's reading, in bytes of the files to read. */
export interface ReadProgress {
  bytesDone: number;
  bytesTotal: number;
  /** Path inside the package of the file being read. */
  file: string;
}

/** What readPackage needs from its caller: the round's answer to the manifest, and where files go. */
export interface ReadPackageOptions {
  /**
   * Finds the round and unit the manifest names. Return `{ error }` (Chinese) for another round, an
   * unknown unit, a unit not in the round …: it becomes an error issue and nothing else is read.
   */
  resolve(manifest: Manifest): PackageContext | { error: string } | Promise<PackageContext | { error: string }>;
  limits?: Partial<PackageLimits>;
  signal?: AbortSignal;
  /** Receives every accepted file (workbook, report, evidence) as a stream; see StoreFile. */
  store?: StoreFile;
  /** With `store`: receives the files of a folder package that are not read into memory (report, evidence) by reading them itself; see StoreDirect. */
  storeDirect?: StoreDirect;
  onProgress?: (p: ReadProgress) => void;
}

/** An error `store` threw for its own reasons, carried out of the reading untouched. */
class StoreFailure extends Error {
  constructor(readonly original: unknown) {
    super('store failed');
  }
}

const nfcLower = (s: string) => s.normalize('NFC').toLowerCase();
const WORKBOOK = nfcLower(FILES.workbook);
const README = nfcLower(FILES.readme);
const EVIDENCE_DIR = nfcLower(FILES.evidenceDir);
const REPORT_STEM = nfcLower(FILES.reportStem);

interface Item {
  entry: ArchiveEntry;
  /** Path inside the package (below its root). */
  rel: string;
}

function emptyResult(source: string): ReadPackageResult {
  return { source, manifest: null, issues: [], answers: [], statistics: [], statisticRows: null, report: null, workbook: null, evidence: [], refused: [], contentHash: '' };
}

/** A candidate from a bare path: a folder is a package folder; a zip's root is found from its entries. */
async function candidateOf(input: PackageCandidate | string): Promise<PackageCandidate> {
  if (typeof input !== 'string') return input;
  const abs = path.resolve(input);
  const st: Stats | null = await fsp.stat(abs).catch(() => null);
  if (st?.isDirectory()) return { kind: 'folder', path: abs, root: '', name: path.basename(abs) };
  return { kind: 'zip', path: abs, root: '', name: path.basename(abs) };
}

/** The manifest roots ('' or `a/b/`) inside an archive. */
function manifestRoots(entries: readonly ArchiveEntry[]): string[] {
  const roots: string[] = [];
  for (const e of entries) {
    const base = baseName(e.path);
    if (e.kind === 'file' && isManifestName(base) && !e.path.split('/').includes('..')) roots.push(e.path.slice(0, e.path.length - base.length));
  }
  return roots;
}

/**
 * Reads a package (a candidate from findPackages, or the path of a zip or package folder). See the
 * module comment for what it returns and what it decides.
 */
export async function readPackage(input: PackageCandidate | string, opts: ReadPackageOptions): Promise<ReadPackageResult> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const limits = packageLimits(opts.limits);
  const candidate = await candidateOf(input);
  const source = candidate.root ? path.join(candidate.path, candidate.root.slice(0, -1)) : candidate.path;
  const result = emptyResult(source);
  let archive: Archive;
  try {
    archive = candidate.kind === 'zip' ? await openZipArchive(candidate.path, limits) : await openFolderArchive(candidate.path, limits, signal);
  } catch (e) {
    signal?.throwIfAborted();
    result.issues.push({ severity: 'error', file: '', message: e instanceof ArchiveError ? e.message : '无法读取该填报包' });
    return finish(result);
  }
  // The store's own errors (disk full) are marked, so they leave readPackage unchanged instead of being read as the package's fault.
  const marked =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        throw new StoreFailure(e);
      }
    };
  const store: StoreFile | undefined = opts.store ? marked(opts.store) : undefined;
  const storeDirect: StoreDirect | undefined = opts.store && opts.storeDirect ? marked(opts.storeDirect) : undefined;
  try {
    await new PackageReader(archive, candidate, limits, { ...opts, store, storeDirect }, result).read();
  } catch (e) {
    if (signal?.aborted) throw signal.reason ?? e;
    if (e instanceof StoreFailure) throw e.original;
    if (e instanceof ResolveFailure) throw e.original;
    if (e instanceof StoreContractError) throw e;
    // A bug met by some content: the package is reported as unread rather than crashing the import.
    result.issues.push({ severity: 'error', file: '', message: '读取填报包时程序出错，该填报包未能完整读取。请把该填报包交给技术支持人员检查' });
  } finally {
    await archive.close();
  }
  return finish(result);
}

class ResolveFailure extends Error {
  constructor(readonly original: unknown) {
    super('resolve failed');
  }
}

/** Fills the content hash; a package whose manifest was not accepted has no content to compare ('' hash). */
function finish(result: ReadPackageResult): ReadPackageResult {
  if (!result.manifest) {
    result.contentHash = '';
    return result;
  }
  const evidence = result.evidence.map((f) => ({ path: f.path, sha256: f.sha256 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.sha256 < b.sha256 ? -1 : 1));
  result.contentHash = createHash('sha256')
    .update(canonicalJson({ answers: result.answers, statistics: result.statistics, report: result.report?.sha256 ?? null, evidence }), 'utf8')
    .digest('hex');
  return result;
}

class PackageReader {
  private readonly issues: PackageIssue[];
  private bytesDone = 0;
  private bytesTotal = 0;
  private current = '';

  constructor(
    private readonly archive: Archive,
    private readonly candidate: PackageCandidate,
    private readonly limits: PackageLimits,
    private readonly opts: ReadPackageOptions & { store?: StoreFile; storeDirect?: StoreDirect },
    private readonly result: ReadPackageResult,
  ) {
    this.issues = result.issues;
  }

  private error(file: string, message: string): void {
    this.issues.push({ severity: 'error', file, message });
  }

  private warn(file: string, message: string): void {
    this.issues.push({ severity: 'warning', file, message });
  }

  private refuse(rel: string, reason: string): void {
    this.result.refused.push({ path: rel, reason });
  }

  private receive(item: Item, how: { keep: boolean; sniff?: boolean; collect?: number; progress?: boolean }): Promise<Received> {
    const progress = how.progress ?? true;
    this.current = item.rel;
    this.opts.onProgress?.({ bytesDone: this.bytesDone, bytesTotal: this.bytesTotal, file: item.rel });
    return receiveEntry(this.archive, item.entry, {
      path: item.rel,
      store: this.opts.store,
      storeDirect: this.opts.storeDirect,
      signal: this.opts.signal,
      sniff: how.sniff ?? true,
      collect: how.collect,
      keep: how.keep,
      onBytes: (n) => {
        if (!progress) return;
        this.bytesDone += n;
        this.opts.onProgress?.({ bytesDone: this.bytesDone, bytesTotal: this.bytesTotal, file: this.current });
      },
    });
  }

  /** The package's items below its root, leftovers skipped, duplicates refused. */
  private items(): Item[] {
    let root = this.candidate.root;
    const roots = manifestRoots(this.archive.entries);
    if (this.candidate.kind === 'zip' && root === '' && !roots.includes('')) {
      // A bare zip path: the package may sit in one top folder.
      const top = roots.filter((r) => r.split('/').length === 2);
      if (top.length === 1) root = top[0];
      else if (top.length > 1) {
        this.error('', `该压缩包中有 ${top.length} 个填报包（${top.map((r) => r.slice(0, -1)).join('、')}），请选择压缩包所在的文件夹导入，以便逐个读取`);
        return [];
      }
    }
    // Packages nested below this one (a copy of another package inside 佐证材料) are not its content.
    const nested = roots.filter((r) => r !== root && r.startsWith(root));
    const items: Item[] = [];
    let outside = 0;
    for (const entry of this.archive.entries) {
      if (!entry.path.startsWith(root) || nested.some((n) => entry.path.startsWith(n))) {
        if (!roots.some((r) => r !== root && entry.path.startsWith(r)) && !isSystemLeftover(entry.path)) outside++;
        continue;
      }
      const rel = entry.path.slice(root.length);
      if (isSystemLeftover(rel)) continue;
      items.push({ entry, rel });
    }
    if (outside > 0) this.warn('', `压缩包中填报包文件夹“${root.slice(0, -1)}”以外还有 ${outside} 个文件，不属于该填报包，未读取`);
    // Duplicates: the same name twice, or names Windows would take for the same file.
    const groups = new Map<string, Item[]>();
    for (const it of items) {
      const key = pathKey(it.rel);
      const g = groups.get(key);
      if (g) g.push(it);
      else groups.set(key, [it]);
    }
    const kept: Item[] = [];
    for (const g of groups.values()) {
      if (g.length === 1) {
        kept.push(g[0]);
        continue;
      }
      const same = g.every((x) => x.entry.original === g[0].entry.original);
      for (const it of g) {
        const others = g.filter((x) => x !== it).map((x) => `“${x.rel}”`);
        this.refuse(
          it.rel,
          same
            ? `同一个文件在${this.candidate.kind === 'zip' ? '压缩包' : '文件夹'}中出现了 ${g.length} 次，无法判断哪一个是要提交的，均未接收。请重新压缩后提交`
            : `与${[...new Set(others)].join('、')}重名（只差大小写或字符的编码形式），在 Windows 中会相互覆盖，均未接收。请改名后重新提交`,
        );
      }
    }
    return kept.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  async read(): Promise<void> {
    const items = this.items();
    if (this.issues.some((i) => i.severity === 'error')) return;
    const atRoot = (pred: (lower: string) => boolean) => items.filter((it) => !it.rel.includes('/') && pred(nfcLower(it.rel)));
    const refusedRoot = (pred: (lower: string) => boolean) => this.result.refused.filter((r) => !r.path.includes('/') && pred(nfcLower(r.path)));

    // ---- manifest
    const manifests = atRoot((n) => isManifestName(n));
    if (manifests.length !== 1) {
      const dup = refusedRoot((n) => isManifestName(n)).length > 0;
      this.error(
        FILES.manifest,
        dup
          ? `填报包中有多个校验信息文件“${FILES.manifest}”，无法确认来源，已停止读取`
          : `找不到填报包校验信息文件“${FILES.manifest}”：这不是本程序下发的填报包，或该文件被删除、改名，已停止读取。请学校使用下发的原始填报包填写`,
      );
      return;
    }
    const manifest = await this.readManifest(manifests[0]);
    if (!manifest) return;
    let resolved: PackageContext | { error: string };
    try {
      resolved = await this.opts.resolve(manifest);
    } catch (e) {
      throw new ResolveFailure(e);
    }
    if ('error' in resolved) {
      this.error(FILES.manifest, resolved.error);
      return;
    }
    if (!manifestSignatureValid(manifest, resolved.secret)) {
      this.error(
        FILES.manifest,
        `填报包校验信息被修改或不属于本评估项目（校验码不符），已停止读取。校验信息中写的单位是“${manifest.unitName}”（报送编码 ${manifest.unitCode}）；请确认该填报包是本评估项目下发给该单位的，且“${FILES.manifest}”未被改动`,
      );
      return;
    }
    if (indicatorSystemHash(resolved.system) !== manifest.systemHash) {
      this.error(FILES.manifest, '填报包所用的指标体系与本评估项目的指标体系版本不一致（可能是评估项目更换了指标体系后未重新下发），已停止读取。请重新下发填报包');
      return;
    }
    this.result.manifest = manifest;
    const ctx = resolved;
    const expected = ctx.schoolType ? new Set(evaluationRows(ctx.system, ctx.schoolType).map((r) => r.node.id)) : null;
    const applies = (node: IndicatorNode) => expected === null || expected.has(node.id);

    const isReport = (lower: string) => {
      const ext = extensionOf(lower);
      return (REPORT_EXTENSIONS as readonly string[]).includes(ext) && lower.slice(0, -ext.length) === REPORT_STEM;
    };
    const workbookItem = atRoot((n) => n === WORKBOOK)[0];
    const reportItems = atRoot(isReport);
    const special = new Set<Item>([manifests[0], ...reportItems, ...(workbookItem ? [workbookItem] : []), ...atRoot((n) => n === README)]);
    const others = items.filter((it) => !special.has(it));
    this.bytesTotal = [workbookItem, ...reportItems, ...others].reduce((n, it) => n + (it && !it.entry.problem ? it.entry.size : 0), 0);

    // ---- workbook
    await this.readWorkbookItem(workbookItem, items, ctx, applies);
    // ---- report
    const extraReports = await this.readReport(reportItems, manifest);
    // ---- evidence (and files elsewhere)
    await this.readEvidence([...extraReports, ...others], ctx, applies);
  }

  private async readManifest(item: Item): Promise<Manifest | null> {
    const file = FILES.manifest;
    if (item.entry.size > this.limits.maxManifestBytes) {
      this.error(file, `校验信息文件大小异常（${item.entry.size} 字节，正常不到 2 KB），不是下发的校验信息，已停止读取`);
      return null;
    }
    const got = await this.receive(item, { keep: false, sniff: false, collect: this.limits.maxManifestBytes, progress: false });
    if (!got.ok) {
      this.error(file, `校验信息文件无法读取：${got.reason.replace(/，?未接收.*$/, '')}。已停止读取`);
      return null;
    }
    const corrupt = `校验信息文件已损坏或被改动（内容不是下发时的格式），无法确认该填报包属于哪个单位，已停止读取。请学校使用下发的原始填报包填写，或请教育局重新下发`;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(got.data!).replace(/^\uFEFF/, ''));
    } catch {
      this.error(file, corrupt);
      return null;
    }
    const rec = json as Record<string, unknown> | null;
    if (!rec || typeof rec !== 'object' || rec.format !== PACKAGE_FORMAT_ID) {
      this.error(file, `“${FILES.manifest}”不是本程序的填报包校验信息，已停止读取`);
      return null;
    }
    if (typeof rec.formatVersion === 'number' && rec.formatVersion > PACKAGE_FORMAT_VERSION) {
      this.error(file, `该填报包由较新版本的程序生成（格式版本 ${rec.formatVersion}），本程序无法读取。请升级程序后再导入`);
      return null;
    }
    const parsed = Manifest.safeParse(json);
    if (!parsed.success) {
      this.error(file, corrupt);
      return null;
    }
    return parsed.data;
  }

  private async readWorkbookItem(item: Item | undefined, items: Item[], ctx: PackageContext, applies: (n: IndicatorNode) => boolean): Promise<void> {
    const file = FILES.workbook;
    if (!item) {
      const dup = this.result.refused.some((r) => nfcLower(r.path) === WORKBOOK);
      const xlsx = items.filter((it) => !it.rel.includes('/') && ['.xlsx', '.xls', '.et'].includes(extensionOf(it.rel))).map((it) => `“${it.rel}”`);
      this.error(
        file,
        dup
          ? `填报包中有多个自评表“${FILES.workbook}”（同名，或只差大小写、字符编码形式），无法判断哪一个是要提交的，自评结果和统计数据未读取`
          : `找不到自评表“${FILES.workbook}”，自评结果和统计数据未读取${xlsx.length ? `。填报包中有 ${xlsx.join('、')}，如是自评表请改回原名` : ''}`,
      );
      return;
    }
    if (item.entry.kind === 'file' && !item.entry.problem && item.entry.size > this.limits.maxWorkbookBytes) {
      this.error(file, `自评表大小为 ${(item.entry.size / 1048576).toFixed(0)} MB，超过 ${(this.limits.maxWorkbookBytes / 1048576).toFixed(0)} MB，不像是下发的自评表（可能插入了大量图片），未读取。请把图片作为佐证材料放入对应文件夹`);
      this.refuse(item.rel, limitReasons.file(item.entry.size, this.limits.maxWorkbookBytes));
      return;
    }
    const got = await this.receive(item, { keep: true, collect: this.limits.maxWorkbookBytes });
    if (!got.ok) {
      this.refuse(item.rel, got.reason);
      this.error(file, `自评表未能读取：${got.reason}`);
      return;
    }
    this.result.workbook = { path: item.rel, name: safeFileName(baseName(item.rel), 120, 240), bytes: got.bytes, sha256: got.sha256, mimeType: got.mimeType, nodeId: null };
    if (got.mimeType !== 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
      const old = got.mimeType === 'application/vnd.ms-excel' || got.mimeType === 'application/x-ole-storage';
      this.error(
        file,
        old
          ? '自评表被另存成了旧版 Excel 格式（.xls），无法读取。请用 Excel 打开后“另存为”Excel 工作簿（.xlsx），文件名不变'
          : '自评表不是 Excel 工作簿（.xlsx）文件，无法读取。请使用下发的自评表填写',
      );
      return;
    }
    let book: WorkbookContent;
    try {
      book = await readWorkbook(got.data!);
    } catch (e) {
      const why =
        e instanceof WorkbookLimitError
          ? e.message
          : e instanceof NotAWorkbookError
            ? '文件中没有工作表，不是 Excel 工作簿'
            : '文件已损坏，无法读取。请用 Excel 打开并另存后重新提交';
      this.error(file, `自评表无法读取：${why}`);
      return;
    }
    const sheets = readSubmissionSheets(book, { system: ctx.system, statFields: ctx.statFields, applies }, this.issues);
    this.result.answers = sheets.answers;
    this.result.statistics = sheets.statistics;
    this.result.statisticRows = sheets.statisticRows;
  }

  /** Reads the report; returns further written reports, to be received as 未归类 evidence. */
  private async readReport(candidates: Item[], manifest: Manifest): Promise<Item[]> {
    const expected = REPORT_EXTENSIONS.map((e) => `${FILES.reportStem}${e}`).join(' / ');
    if (candidates.length === 0) {
      const dup = this.result.refused.some((r) => !r.path.includes('/') && nfcLower(r.path).startsWith(REPORT_STEM));
      this.warn(FILES.reportTemplate, dup ? '学校自评报告有重名的多份，均未接收（见未接收的文件）' : `找不到学校自评报告（${expected}）。请学校在下发的报告初稿基础上撰写后放回原处`);
      return [];
    }
    const rank = (it: Item) => (REPORT_EXTENSIONS as readonly string[]).indexOf(extensionOf(it.rel));
    let ordered = [...candidates].sort((a, b) => rank(a) - rank(b));
    const extras: Item[] = [];
    if (ordered.length > 1) {
      // Which ones were written? Hash them without storing (reports are small), then read the chosen one.
      const written: Item[] = [];
      const untouched: Item[] = [];
      this.bytesTotal += ordered.reduce((n, it) => n + (it.entry.problem ? 0 : it.entry.size), 0);
      for (const it of ordered) {
        const h = await this.receive(it, { keep: false });
        if (!h.ok) {
          this.refuse(it.rel, h.reason);
          continue;
        }
        (h.sha256 === manifest.reportTemplateSha256 ? untouched : written).push(it);
      }
      ordered = written.length ? written : untouched.slice(0, 1);
      extras.push(...written.slice(1));
      if (written.length > 1) {
        this.warn(written[0].rel, `有 ${written.length} 份学校自评报告（${written.map((w) => `“${w.rel}”`).join('、')}），以“${written[0].rel}”为准，其余作为未归类材料接收`);
      }
      if (ordered.length === 0) {
        this.warn(FILES.reportTemplate, '学校自评报告均未能接收（见未接收的文件）');
        return [];
      }
    }
    const item = ordered[0];
    const got = await this.receive(item, { keep: true });
    if (!got.ok) {
      this.refuse(item.rel, got.reason);
      this.warn(item.rel, `学校自评报告未接收：${got.reason}`);
      return extras;
    }
    this.result.report = { path: item.rel, name: safeFileName(baseName(item.rel), 120, 240), bytes: got.bytes, sha256: got.sha256, mimeType: got.mimeType, nodeId: null };
    if (got.mismatch) this.warn(item.rel, got.mismatch);
    if (got.sha256 === manifest.reportTemplateSha256) this.warn(item.rel, '学校自评报告与下发的初稿完全相同，学校还没有撰写报告');
    return extras;
  }

  private async readEvidence(items: Item[], ctx: PackageContext, applies: (n: IndicatorNode) => boolean): Promise<void> {
    const match = evidenceFolderMatcher(ctx.system);
    const unmatchedFolders = new Map<string, number>();
    for (const it of items) {
      const segments = it.rel.split('/');
      let nodeId: string | null = null;
      if (segments.length > 1 && nfcLower(segments[0]) === EVIDENCE_DIR) {
        if (segments.length > 2) {
          const leaf = match(segments[1]);
          if (leaf) nodeId = leaf.id;
          else {
            const folder = `${segments[0]}/${segments[1]}`;
            unmatchedFolders.set(folder, (unmatchedFolders.get(folder) ?? 0) + 1);
          }
        }
      } else if (!it.rel.includes('/') && isReportLike(it.rel) && this.result.report?.path !== it.rel) {
        // a second written report (see readReport): no warning beyond the one given there
      } else {
        this.warn(it.rel, `该文件不在“${FILES.evidenceDir}”文件夹中，已作为未归类的佐证材料接收`);
      }
      const got = await this.receive(it, { keep: true });
      if (!got.ok) {
        this.refuse(it.rel, got.reason);
        continue;
      }
      if (got.mismatch) this.warn(it.rel, got.mismatch);
      this.result.evidence.push({ path: it.rel, name: safeFileName(baseName(it.rel), 120, 240), bytes: got.bytes, sha256: got.sha256, mimeType: got.mimeType, nodeId });
    }
    for (const [folder, n] of unmatchedFolders) {
      this.warn(folder, `文件夹“${folder}”与任何指标的佐证材料文件夹都对不上（文件夹名应以指标编码开头），其中的 ${n} 个文件作为未归类材料接收`);
    }
    const withFiles = new Set(this.result.evidence.map((f) => f.nodeId));
    for (const { node } of flattenNodes(ctx.system.nodes)) {
      if (!isLeaf(node) || node.evidence.length === 0 || !applies(node) || withFiles.has(node.id)) continue;
      const wanted = node.evidence.slice(0, 3).join('；') + (node.evidence.length > 3 ? ' 等' : '');
      this.issues.push({ severity: 'warning', file: `${FILES.evidenceDir}/${evidenceFolderName(node)}`, message: `“${nodeLabel(node)}”要求提供佐证材料（${wanted}），但对应的文件夹中没有收到文件`, group: 'noEvidence' });
    }
  }
}

function isReportLike(rel: string): boolean {
  const lower = nfcLower(rel);
  const ext = extensionOf(lower);
  return (REPORT_EXTENSIONS as readonly string[]).includes(ext) && lower.slice(0, -ext.length) === REPORT_STEM;
}
