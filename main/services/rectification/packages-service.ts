/**
 * 整改进展包 (issue 14 item 6): a school's open 整改台账 items out by USB, and its progress back
 * through the same checks as the round fill-in and expert packages — signature with the
 * installation's key (migration 0017), a dry run that shows every entry and move before anything is
 * written, per-school revisions, a conflict for a package older than the school's latest accepted
 * one, a 回执 with every received file's SHA-256. Rows become progress entries with evidence (in the
 * content-addressed store); an entry already recorded with the same date, text and files is not
 * recorded again, so the same package twice changes nothing. A row marked complete with evidence
 * moves its item to 已完成待核验 as reported by the school (no operator), so any office operator may
 * verify it (shared/domain/rectification/states.ts). Format: packages-format.ts.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/api/contracts/attachments';
import { JOB_KIND_LABELS } from '../../../shared/api/contracts/jobs';
import type { PackageSchool, RectificationImportReport, RectificationPackageImport, RectificationPackageMade, RectificationPackagesParameters } from '../../../shared/api/contracts/rectification-packages';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import { RECTIFICATION_STATE_LABELS, checkMove, supervisionOf, type RectificationState } from '../../../shared/domain/rectification';
import { formatBytes } from '../../../shared/domain/text/bytes';
import { formatDate, formatDateTime } from '../../../shared/domain/text/datetime';
import { safeFileName } from '../../documents/write-file';
import { ensureBlob } from '../../db/repositories/attachments-repo';
import * as repo from '../../db/repositories/rectification-repo';
import type { Db } from '../../db/connection';
import type { ReadDb, Tx, Unit } from '../../db/unit-of-work';
import { receiptDoc, receiptWorkbook } from '../../exchange/package-receipt';
import { workbookBuffer } from '../../exchange/register/workbook-style';
import { putBlob } from '../../files/blob-store';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { freshExportFolder } from '../documents/jobs';
import { getDocumentSettings } from '../documents/settings';
import { MIME } from '../documents/mime';
import { todayIso } from '../documents/sources';
import { dataRelative, type JobHandle } from '../jobs-service';
import { findSchool } from '../schools-service';
import { recordEvent, type StoredEvidence } from './ledger-service';
import { PACKAGE_FILES, openRectificationPackage, writeRectificationPackage, type PackageItemSpec, type PackageRow, type PackageSpec } from './packages-format';
import { getRectificationSettings } from './settings';

type AnyDb = Db | ReadDb | Tx;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** States a package carries: 未启动, and 整改中 (which includes items sent back by a failed verification). */
const OPEN_STATES: readonly RectificationState[] = ['not_started', 'in_progress'];

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

/** The installation's key signing 整改进展包 (migration 0017 made it). */
async function packageSecret(db: AnyDb): Promise<string> {
  const row = await db.selectFrom('rectification_package_key').select('secret').where('id', '=', 1).executeTakeFirst();
  if (!row) throw new AppError('internal', '整改进展包的签名密钥缺失（数据库可能不完整），请从备份恢复');
  return row.secret;
}

type ImportRow = Awaited<ReturnType<typeof importRows>>[number];
async function importRows(db: AnyDb, schoolId?: number) {
  let q = db.selectFrom('rectification_package_imports').selectAll();
  if (schoolId !== undefined) q = q.where('school_id', '=', schoolId);
  return q.orderBy('received_at', 'desc').orderBy('id', 'desc').execute();
}

/** The school's latest accepted package: by revision (the newest import), or undefined. */
async function latestImport(db: AnyDb, schoolId: number): Promise<ImportRow | undefined> {
  return db.selectFrom('rectification_package_imports').selectAll().where('school_id', '=', schoolId).orderBy('revision', 'desc').limit(1).executeTakeFirst();
}

/** Open items of schools, grouped by school id, in number order. */
async function openItemsBySchool(db: AnyDb): Promise<Map<number, repo.ItemRow[]>> {
  const rows = (await repo.listItems(db)).filter((r) => r.owner_school_id !== null && OPEN_STATES.includes(r.state as RectificationState));
  const out = new Map<number, repo.ItemRow[]>();
  for (const r of rows) out.set(r.owner_school_id!, [...(out.get(r.owner_school_id!) ?? []), r]);
  return out;
}

/** Schools with open items (see contract rectification.packageSchools), by name. */
export async function packageSchools(ctx: ServiceContext, today = todayIso()): Promise<PackageSchool[]> {
  const db = reader(ctx);
  const rules = await getRectificationSettings(ctx);
  const out: PackageSchool[] = [];
  for (const [schoolId, items] of await openItemsBySchool(db)) {
    const school = await findSchool(db, schoolId);
    const last = await latestImport(db, schoolId);
    out.push({
      schoolId,
      schoolName: school.name,
      open: items.length,
      overdue: items.filter((i) => supervisionOf({ state: i.state as RectificationState, deadline: i.deadline }, today, rules).overdue).length,
      lastImport: last ? { revision: last.revision, receivedAt: last.received_at } : null,
    });
  }
  return out.sort((a, b) => a.schoolName.localeCompare(b.schoolName, 'zh-CN'));
}

/** 当前状态 as the school reads it: a failed verification sent back says so. */
function stateText(r: repo.ItemRow): string {
  const base = RECTIFICATION_STATE_LABELS[r.state as RectificationState];
  return r.state === 'in_progress' && r.verified_passed === 0 ? `${base}（核验未通过，退回整改${r.verified_result ? `：${r.verified_result}` : ''}）` : base;
}

/** What making packages needs, read once per batch. */
interface MakeContext {
  bySchool: Map<number, repo.ItemRow[]>;
  schools: { id: number; name: string }[];
  secret: string;
  office: string;
  progress: Awaited<ReturnType<typeof repo.progressSummary>>;
}

/**
 * The schools to make packages for (`schoolIds`; empty: every school with open items), by name,
 * with what their packages need. Throws invalid_input (Chinese) for a school without open items or
 * none at all, not_found for an unknown school: a batch is refused before anything is written.
 */
async function makeContext(ctx: ServiceContext, schoolIds: readonly number[]): Promise<MakeContext> {
  const db = reader(ctx);
  const bySchool = await openItemsBySchool(db);
  const wanted = schoolIds.length ? [...new Set(schoolIds)] : [...bySchool.keys()];
  if (wanted.length === 0) invalid('整改台账中没有学校负责的未完成事项（未启动或整改中），无需生成整改进展包');
  const schools = [];
  for (const id of wanted) {
    const school = await findSchool(db, id);
    if (!bySchool.has(id)) invalid(`“${school.name}”没有未完成的整改事项（未启动或整改中），不能生成整改进展包`);
    schools.push({ id: school.id, name: school.name });
  }
  schools.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return { bySchool, schools, secret: await packageSecret(db), office: (await getDocumentSettings(ctx)).signature, progress: await repo.progressSummary(db) };
}

/** One school's package spec from its open items (as they stand now). */
async function specOf(ctx: ServiceContext, mc: MakeContext, school: { id: number; name: string }): Promise<PackageSpec> {
  const items: PackageItemSpec[] = mc.bySchool.get(school.id)!.map((r) => ({
    id: r.id,
    number: r.number,
    version: r.version,
    state: r.state,
    problem: r.problem,
    requirement: [r.target && `整改目标：${r.target}`, r.measures && `整改措施：${r.measures}`].filter(Boolean).join('\n') || '按问题描述整改',
    deadline: r.deadline ?? '未定',
    stateText: stateText(r),
    latest: mc.progress.get(r.id)?.latest ?? '',
  }));
  return { schoolId: school.id, schoolName: school.name, baseRevision: (await latestImport(reader(ctx), school.id))?.revision ?? 0, items, secret: mc.secret, office: mc.office };
}

/** Adds a folder to a zip under `prefix`, empty folders included (the evidence folders start empty). */
async function addFolder(zip: JSZip, dir: string, prefix: string): Promise<void> {
  zip.folder(prefix);
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) await addFolder(zip, full, `${prefix}/${d.name}`);
    else if (d.isFile()) zip.file(`${prefix}/${d.name}`, await fs.readFile(full));
  }
}

/** A package folder as a zip (the folder itself at its root, empty evidence folders kept). */
async function zipOf(dir: string): Promise<Buffer> {
  const zip = new JSZip();
  await addFolder(zip, dir, path.basename(dir));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The audit entry of one school's package. */
function auditMade(unit: Unit, school: { id: number; name: string }, items: readonly repo.ItemRow[]): void {
  unit.audit({ entityType: 'rectification', entityId: `package-school-${school.id}`, entityName: `${school.name} 整改进展包`, action: 'generate', summary: `生成“${school.name}”的整改进展包（${items.length} 项）`, before: null, after: { number: items.map((r) => r.number).join('、') } });
}

/** Makes the packages at once (see contract rectification.packages); one zip per school to download. */
export async function makePackages(ctx: ServiceContext, schoolIds: readonly number[], destination?: { ref: string }): Promise<RectificationPackageMade[]> {
  const mc = await makeContext(ctx, schoolIds);
  const outDir = destination ? ctx.files.resolveFolder(destination.ref).path : null;
  const made: RectificationPackageMade[] = [];
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'desk-rectification-'));
  try {
    for (const school of mc.schools) {
      const spec = await specOf(ctx, mc, school);
      const written = await writeRectificationPackage(spec, work);
      if (outDir) await writeRectificationPackage(spec, outDir, written.manifest.issuedAt);
      const name = path.basename(written.dir);
      // The download's name says when it was made: packages made again are told apart from older copies.
      const stamp = formatDateTime(written.manifest.issuedAt).replace(/[-:]/g, '').replace(' ', '-');
      made.push({ schoolId: school.id, schoolName: school.name, items: spec.items.length, folder: name, zip: await ctx.files.writeResult(`${name}_${stamp}生成.zip`, 'application/zip', await zipOf(written.dir)) });
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  await unitOfWork(ctx, async (_tx, unit) => {
    for (const school of mc.schools) auditMade(unit, school, mc.bySchool.get(school.id)!);
  });
  return made;
}

/** The title of a `rectification.packages` job; refuses (Chinese) before a job exists what the run would refuse. */
export async function checkPackagesJob(ctx: ServiceContext, params: RectificationPackagesParameters): Promise<string> {
  const mc = await makeContext(ctx, params.schoolIds);
  if (params.destination) ctx.files.resolveFolder(params.destination.ref);
  return `${JOB_KIND_LABELS['rectification.packages']}（${mc.schools.length === 1 ? mc.schools[0]!.name : `${mc.schools.length} 所学校`}）`;
}

/** Steps a `rectification.packages` job shows before it knows better (0: every school with open items). */
export const packagesJobTotal = (params: RectificationPackagesParameters): number => new Set(params.schoolIds).size;

/**
 * The `rectification.packages` job: one package folder per school (and its zip, recorded as an
 * output to download when written under the data directory), progress per school, stopping between
 * schools when cancelled (the packages written stay, each whole: written beside and moved in).
 */
export async function runRectificationPackages(job: JobHandle, params: RectificationPackagesParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const mc = await makeContext(ctx, params.schoolIds);
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '整改进展包');
  await job.progress({ done: 0, total: mc.schools.length, ...(params.destination ? {} : { folder: dataRelative(ctx.dataDir, folder) }) });
  let done = 0;
  for (const school of mc.schools) {
    job.check();
    await job.progress({ message: `正在生成“${school.name}”的整改进展包` });
    const written = await writeRectificationPackage(await specOf(ctx, mc, school), folder);
    if (params.zip) {
      const zipPath = `${written.dir}.zip`;
      const bytes = await zipOf(written.dir);
      await fs.writeFile(zipPath, bytes);
      if (!params.destination) await job.output({ name: dataRelative(ctx.dataDir, zipPath), format: 'zip', bytes: bytes.length });
    }
    await unitOfWork(ctx, async (_tx, unit) => auditMade(unit, school, mc.bySchool.get(school.id)!));
    done++;
    await job.progress({ done });
  }
  await job.progress({ message: null });
  return {};
}

// ---------------------------------------------------------------- importing

interface PlannedEntry {
  row: PackageRow;
  item: repo.ItemRow;
  starts: boolean;
  completes: boolean;
}

/** What the 回执 and the list print of an accepted package (the `data` column). */
interface ImportData {
  entries: { number: string; date: string; text: string; complete: boolean; files: { name: string; path: string; bytes: number; sha256: string }[] }[];
  moves: RectificationImportReport['moves'];
  skipped: RectificationImportReport['skipped'];
}

/** The files (sha256 set) of each progress entry of an item, with its date and text: what was recorded. */
async function recordedEntries(db: AnyDb, itemId: number): Promise<{ date: string; text: string; shas: string }[]> {
  const events = (await repo.eventsOf(db, itemId)).filter((e) => e.kind === 'progress');
  const files = await repo.filesOfEvents(
    db,
    events.map((e) => e.id),
  );
  return events.map((e) => ({
    date: e.date,
    text: e.text,
    shas: files
      .filter((f) => f.event_id === e.id)
      .map((f) => f.blob_sha256)
      .sort()
      .join(','),
  }));
}

/** Checks or imports a returned package (see contract rectification.importPackage). */
export async function importPackage(ctx: ServiceContext, source: { ref: string }, dryRun: boolean, acceptConflict: boolean, today = todayIso()): Promise<RectificationImportReport> {
  const db = reader(ctx);
  const file = ctx.files.resolve(source.ref);
  const opened = await openRectificationPackage(file.path, file.fileName, await packageSecret(db), today);
  try {
    return await judgeAndImport(ctx, opened, file.fileName, dryRun, acceptConflict);
  } finally {
    await opened.close();
  }
}

async function judgeAndImport(ctx: ServiceContext, opened: Awaited<ReturnType<typeof openRectificationPackage>>, sourceName: string, dryRun: boolean, acceptConflict: boolean): Promise<RectificationImportReport> {
  const db = reader(ctx);
  const m = opened.manifest;
  const report: RectificationImportReport = {
    source: sourceName,
    schoolName: m?.schoolName ?? null,
    issuedAt: m?.issuedAt ?? null,
    verdict: 'refused',
    latestRevision: 0,
    latestIssuedAt: null,
    entries: [],
    moves: [],
    skipped: [],
    issues: opened.issues,
    importId: null,
    revision: null,
  };
  if (!m || report.issues.some((i) => i.severity === 'error')) return report;
  const school = await db.selectFrom('schools').select(['id', 'name']).where('id', '=', m.schoolId).executeTakeFirst();
  if (!school) {
    report.issues.push({ severity: 'error', file: PACKAGE_FILES.manifest, message: `学校“${m.schoolName}”已不在学校名录中，整改进展包不能导入` });
    return report;
  }
  report.schoolName = school.name;
  const latest = await latestImport(db, school.id);
  report.latestRevision = latest?.revision ?? 0;
  report.latestIssuedAt = latest?.issued_at ?? null;

  const planned: PlannedEntry[] = [];
  const warn = (r: PackageRow, message: string) => report.issues.push({ severity: 'warning', file: PACKAGE_FILES.workbook, sheet: '整改进展', row: r.row, column: 'A', message: `事项 ${r.number}：${message}` });
  for (const r of opened.rows) {
    const item = await repo.getItem(db, r.itemId);
    const skip = (reason: string) => {
      report.skipped.push({ number: r.number, reason });
      warn(r, `${reason}，这一行未导入`);
    };
    if (!item) {
      skip('该事项已不在整改台账中');
      continue;
    }
    if (item.owner_school_id !== school.id) {
      skip(`该事项的责任单位已改为“${item.owner_name}”`);
      continue;
    }
    if (item.state === 'closed') {
      skip(`该事项已于 ${item.closed_on ?? ''} 销号`);
      continue;
    }
    const shas = [...new Set(r.files.map((f) => f.sha256))].sort().join(',');
    if ((await recordedEntries(db, item.id)).some((e) => e.date === r.date && e.text === r.text && e.shas === shas)) continue;
    const starts = item.state === 'not_started';
    let completes = false;
    if (r.complete) {
      const check = checkMove('report_done', { state: starts ? 'in_progress' : (item.state as RectificationState), operatorId: null, operatorName: school.name, reportedBy: null, reason: '', evidenceCount: r.files.length });
      if (check.ok) completes = true;
      else if (item.state === 'awaiting_verification') warn(r, '该事项已是“已完成待核验”，本次进展已记录，等待督导室核验');
      else warn(r, '标记为已完成整改，但没有附佐证材料：本次进展照常记录，事项仍为“整改中”；请补交佐证材料后再报告完成');
    }
    planned.push({ row: r, item, starts, completes });
  }
  report.entries = planned.map((p) => ({ number: p.row.number, date: p.row.date, text: p.row.text, files: p.row.files.map((f) => f.name), complete: p.row.complete }));
  for (const p of planned) {
    if (p.starts) report.moves.push({ number: p.item.number, from: RECTIFICATION_STATE_LABELS.not_started, to: RECTIFICATION_STATE_LABELS.in_progress });
    if (p.completes) report.moves.push({ number: p.item.number, from: RECTIFICATION_STATE_LABELS.in_progress, to: RECTIFICATION_STATE_LABELS.awaiting_verification });
  }
  if (planned.length === 0) {
    report.verdict = 'unchanged';
    return report;
  }
  // Made before the school's latest accepted package: what it says may be older than what was accepted.
  report.verdict = latest && m.issuedAt < latest.issued_at ? 'conflict' : 'new';
  if (dryRun || (report.verdict === 'conflict' && !acceptConflict)) return report;

  // Contents on disk under their hashes before any row names them (blob-store.ts); read again from the package.
  const workbook = await putBlob(ctx.dataDir, Readable.from(opened.workbook!.bytes));
  const stored = new Map<string, StoredEvidence>();
  for (const p of planned) {
    for (const f of p.row.files) {
      if (stored.has(f.sha256)) continue;
      const tooLarge = () => new AppError('invalid_input', `佐证材料“${f.path}”超过单个文件上限 ${formatBytes(MAX_ATTACHMENT_BYTES)}。未导入任何内容。`);
      const put = await putBlob(ctx.dataDir, await opened.archive!.open(f.entry), { maxBytes: MAX_ATTACHMENT_BYTES, tooLarge });
      if (put.sha256 !== f.sha256) throw new AppError('conflict', `佐证材料“${f.path}”在检查之后被改动，请重新检查后再导入。未导入任何内容。`);
      stored.set(f.sha256, { sha256: put.sha256, bytes: put.bytes, fileName: f.name });
    }
  }
  const data: ImportData = {
    entries: planned.map((p) => ({ number: p.row.number, date: p.row.date, text: p.row.text, complete: p.row.complete, files: p.row.files.map((f) => ({ name: f.name, path: f.path, bytes: f.bytes, sha256: f.sha256 })) })),
    moves: report.moves,
    skipped: report.skipped,
  };
  const done = await unitOfWork(ctx, async (tx, unit) => {
    const again = await latestImport(tx, school.id);
    if ((again?.revision ?? 0) !== report.latestRevision) throw new AppError('conflict', `检查之后又导入了“${school.name}”的整改进展包，请重新检查`);
    const revision = report.latestRevision + 1;
    const by = `${school.name}（整改进展包）`;
    for (const p of planned) {
      const row = await repo.getItem(tx, p.item.id);
      if (!row || row.version !== p.item.version) throw new AppError('conflict', `检查之后整改事项 ${p.item.number} 又有变动，请重新检查`);
      const files = [...new Map(p.row.files.map((f) => [f.sha256, { ...stored.get(f.sha256)!, fileName: f.name }])).values()];
      await recordEvent(tx, unit, { itemId: row.id, kind: 'progress', date: p.row.date, text: p.row.text, files, by });
      let state = row.state as RectificationState;
      if (p.starts) {
        await recordEvent(tx, unit, { itemId: row.id, kind: 'move', action: 'start', from: 'not_started', to: 'in_progress', date: p.row.date, text: `学校报送整改进展（整改进展包第 ${revision} 版），开始整改`, by });
        state = 'in_progress';
      }
      if (p.completes) {
        await recordEvent(tx, unit, { itemId: row.id, kind: 'package', action: 'report_done', from: state, to: 'awaiting_verification', date: p.row.date, text: `学校报告整改完成（整改进展包第 ${revision} 版），待督导室核验`, by });
        state = 'awaiting_verification';
      }
      // Reported by the school, not by the operator who imports: any office operator may verify.
      await repo.updateItem(tx, row.id, { state, ...(p.completes ? { reported_by_id: null, reported_by: school.name, reported_at: unit.at } : {}) }, unit.at);
      unit.audit({
        entityType: 'rectification',
        entityId: row.id,
        entityName: `整改事项 ${row.number}（${row.owner_name}）`,
        action: 'import',
        summary: `导入“${school.name}”的整改进展包（第 ${revision} 版）：整改事项 ${row.number} 的整改进展（${p.row.date}${files.length ? `，佐证材料 ${files.length} 个` : ''}）${p.completes ? '，学校报告整改完成' : ''}${report.verdict === 'conflict' ? '（版本冲突，经确认导入）' : ''}`,
        before: { state: row.state },
        after: { state, progress: p.row.text, date: p.row.date, files: files.map((f) => f.fileName).join('、') },
      });
    }
    await ensureBlob(tx, { sha256: workbook.sha256, bytes: workbook.bytes, created_at: unit.at });
    const inserted = await tx
      .insertInto('rectification_package_imports')
      .values({
        school_id: school.id,
        school_name: school.name,
        revision,
        package_id: m.packageId,
        issued_at: m.issuedAt,
        content_hash: opened.contentHash,
        workbook_sha256: workbook.sha256,
        workbook_bytes: workbook.bytes,
        source_name: sourceName,
        data: JSON.stringify(data),
        received_at: unit.at,
        received_by: unit.operator.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: inserted.id, revision };
  });
  report.importId = done.id;
  report.revision = done.revision;
  return report;
}

/** Accepted packages, newest first (see contract rectification.packageImports). */
export async function packageImports(ctx: ServiceContext, schoolId?: number): Promise<RectificationPackageImport[]> {
  return (await importRows(reader(ctx), schoolId)).map((r) => {
    const data = JSON.parse(r.data) as ImportData;
    return {
      id: r.id,
      schoolId: r.school_id,
      schoolName: r.school_name,
      revision: r.revision,
      issuedAt: r.issued_at,
      receivedAt: r.received_at,
      receivedBy: r.received_by,
      sourceName: r.source_name,
      entries: data.entries.length,
      moved: data.moves.filter((x) => x.to === RECTIFICATION_STATE_LABELS.awaiting_verification).length,
      files: data.entries.reduce((s, e) => s + e.files.length, 0),
    };
  });
}

/** The 回执 of one accepted package (see contract rectification.packageReceipt). */
export async function packageReceipt(ctx: ServiceContext, importId: number): Promise<{ pdf: FileResult; xlsx: FileResult }> {
  const db = reader(ctx);
  const r = await db.selectFrom('rectification_package_imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!r) throw new AppError('not_found', `没有编号为 ${importId} 的整改进展包接收记录`);
  const data = JSON.parse(r.data) as ImportData;
  const office = (await getDocumentSettings(ctx)).signature;
  const completed = data.moves.filter((x) => x.to === RECTIFICATION_STATE_LABELS.awaiting_verification).map((x) => x.number);
  const facts = [
    `报送学校：${r.school_name}`,
    `版本：第 ${r.revision} 版（整改进展包生成于 ${formatDateTime(r.issued_at)}）`,
    `接收时间：${formatDateTime(r.received_at)}`,
    `接收人：${r.received_by}`,
    `来源：${r.source_name}`,
    `内容：整改进展 ${data.entries.length} 条（${data.entries.map((e) => e.number).join('、')}）${completed.length ? `；报告整改完成 ${completed.length} 项（${completed.join('、')}），待督导室核验` : ''}${data.skipped.length ? `；未导入 ${data.skipped.length} 行（${data.skipped.map((s) => `${s.number}：${s.reason}`).join('；')}）` : ''}`,
  ];
  const files = [{ name: PACKAGE_FILES.workbook, bytes: r.workbook_bytes, sha256: r.workbook_sha256 }, ...data.entries.flatMap((e) => e.files.map((f) => ({ name: f.path, bytes: f.bytes, sha256: f.sha256 })))];
  const title = '整改进展包接收回执';
  const doc = receiptDoc({ title, facts, files, signer: '报送学校', date: formatDate(r.received_at), author: office });
  const stem = safeFileName(`${r.school_name}_整改进展包_第${r.revision}版_接收回执`, 100, 200);
  const rendered = await ctx.tasks.run('render', { doc, formats: ['pdf'] });
  const pdf = await ctx.files.writeResult(`${stem}.pdf`, MIME.pdf, rendered.files[0]!.buffer);
  const { wb, ws } = await receiptWorkbook({ title, facts, files });
  ws.addRow([]);
  ws.addRow(['编号', '进展日期', '进展情况', '是否已完成整改', '佐证材料']).font = { bold: true };
  for (const e of data.entries) ws.addRow([e.number, e.date, e.text, e.complete ? '是' : '否', e.files.map((f) => f.name).join('、')]);
  ws.columns = [{ width: 12 }, { width: 40 }, { width: 40 }, { width: 70 }, { width: 30 }];
  const xlsx = await ctx.files.writeResult(`${stem}.xlsx`, XLSX_MIME, await workbookBuffer(wb));
  return { pdf, xlsx };
}
