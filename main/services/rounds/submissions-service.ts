/**
 * Returned 填报包 (issue 11 item 3): the `rounds.import` job reads every package found in the chosen
 * zips and folders (main/exchange/packages/read-package.ts), judges each against the round — the
 * manifest (reader), the one deadline rule (shared/domain/rounds submissionTiming), the unit's state,
 * and the revision it claims — and, in a dry run, reports it; in a commit, stores each accepted one
 * as a new revision (append-only) with its files in the content-addressed store and its statistics
 * as the school's submission, one unit of work per package.
 *
 * Revisions (pitfalls.md, duplicate submissions): a package claims `baseRevision + 1`. The same
 * content received before changes nothing (unchanged). Another content claiming a revision that
 * exists — filled on two PCs, or on a package older than the unit's latest revision — is a conflict:
 * stored only when the user accepts it, then as the next revision; never merged.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import type { RoundImportParameters } from '../../../shared/api/contracts/jobs';
import {
  PACKAGE_VERDICT_LABELS,
  type AnswerView,
  type FieldChange,
  type PackagePreview,
  type PackageVerdict,
  type RoundQuery,
  type SubmissionChanges,
  type SubmissionImportReport,
  type SubmissionRevision,
  type SubmittedFile,
  type UnitSubmissions,
} from '../../../shared/api/contracts/rounds';
import type { IndicatorNode, IndicatorSystem, SchoolType } from '../../../shared/domain/indicators';
import { flattenNodes, isLeaf, nodeLabel } from '../../../shared/domain/indicators/tree';
import { stateAfterSubmission, submissionTiming } from '../../../shared/domain/rounds/rounds';
import { STAT_FIELD_BY_KEY, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { checkPlausibility } from '../../exchange/register/plausibility';
import { statValueIssue } from '../../../shared/domain/schools/stat-validation';
import { formatDate } from '../../../shared/domain/text/datetime';
import type { Db } from '../../db/connection';
import { ensureBlob } from '../../db/repositories/attachments-repo';
import * as repo from '../../db/repositories/rounds-repo';
import * as subs from '../../db/repositories/submissions-repo';
import { getSchool } from '../../db/repositories/schools-repo';
import { getStats } from '../../db/repositories/stats-repo';
import { BlobBatch, blobPath } from '../../files/blob-store';
import { findPackages, type PackageCandidate } from '../../exchange/packages/find-packages';
import type { Manifest, PackageIssue, ReadAnswer, ReadPackageResult, SelfAnswer } from '../../exchange/packages/format';
import { readPackage } from '../../exchange/packages/read-package';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { JobCancelled, type JobHandle } from '../jobs-service';
import { putStatsAudited, statsEntityName } from '../stats-service';
import { packageStatFields, roundContext, statisticsOf, type RoundContext } from './packages-service';
// Static: a dynamic import of a sibling without its extension fails under Node's ESM loader (the core thread in browser mode).
import { getRound } from './rounds-service';

// ---------------------------------------------------------------- words

/** A self-answer in words, as the office reads it: 等级 B, 得分 8.5, 达标, 存在. */
export function answerText(a: SelfAnswer | undefined): string {
  if (!a) return '';
  if (a.grade !== undefined) return `等级 ${a.grade}`;
  if (a.points !== undefined) return `${a.points} 分`;
  if (a.met !== undefined) return a.met ? '达标' : '未达标';
  if (a.triggered !== undefined) return a.triggered ? '存在' : '不存在';
  return '';
}

const valueText = (v: number | null | undefined) => (v === null || v === undefined ? '（空）' : String(v));

/** What a revision stores as its `data`: the answers and statistics as read, and the warnings it came with. */
interface StoredData {
  answers: ReadAnswer[];
  statistics: ReadPackageResult['statistics'];
  warnings: PackageIssue[];
  /** Files not received, with the reason (kept since the new-user trial: the warnings refer to them). */
  refused?: ReadPackageResult['refused'];
  /** A first revision: the statistics its package was issued with, so its corrections stay visible after the import. */
  issued?: Record<string, number | null>;
}

function leafIndex(system: IndicatorSystem): Map<string, IndicatorNode> {
  return new Map(
    flattenNodes(system.nodes)
      .filter((e) => isLeaf(e.node))
      .map((e) => [e.node.id, e.node]),
  );
}

function answersView(system: IndicatorSystem, answers: StoredData['answers']): AnswerView[] {
  const leaves = leafIndex(system);
  return answers.map((a) => ({ nodeId: a.nodeId, code: a.code, title: leaves.get(a.nodeId)?.title ?? a.code, answer: answerText(a.answer), explanation: a.explanation }));
}

function statisticsView(statistics: StoredData['statistics']) {
  return statistics.map((s) => {
    const def = STAT_FIELD_BY_KEY.get(s.key);
    return { key: s.key, label: def ? `${def.label}（${def.unit}）` : s.key, value: valueText(s.value), note: s.note };
  });
}

function fileView(system: IndicatorSystem, f: { path: string; name: string; bytes: number; sha256: string; mimeType: string | null; nodeId: string | null }): SubmittedFile {
  const node = f.nodeId ? leafIndex(system).get(f.nodeId) : undefined;
  return { ...f, indicator: node ? nodeLabel(node) : '未归类' };
}

/** What changed from `before` (null: a first revision, statistics against the register's `register` values) to `after`. */
function changesBetween(
  system: IndicatorSystem,
  before: { data: StoredData; files: { path: string; sha256: string }[] } | null,
  after: { data: StoredData; files: { path: string; sha256: string }[] },
  /** A first revision's statistics base: the values its package was issued with (statisticsOf). */
  issued: ReadonlyMap<string, number | null> | null,
): SubmissionChanges {
  const leaves = leafIndex(system);
  const indicators: FieldChange[] = [];
  const prev = new Map((before?.data.answers ?? []).map((a) => [a.nodeId, a]));
  const next = new Map(after.data.answers.map((a) => [a.nodeId, a]));
  for (const id of new Set([...prev.keys(), ...next.keys()])) {
    const a = prev.get(id);
    const b = next.get(id);
    const words = (x: ReadAnswer) => [answerText(x.answer), x.explanation].filter(Boolean).join('；');
    const ta = a ? words(a) : '';
    const tb = b ? words(b) : '';
    if (ta !== tb) {
      const node = leaves.get(id);
      indicators.push({ label: node ? nodeLabel(node) : (a ?? b)!.code, before: ta || '（未填）', after: tb || '（未填）' });
    }
  }
  const statistics: FieldChange[] = [];
  const prevStats = before ? statisticsBase(before.data) : (issued ?? new Map<string, number | null>());
  for (const s of after.data.statistics) {
    const old = prevStats.get(s.key) ?? null;
    if (old !== s.value) {
      const def = STAT_FIELD_BY_KEY.get(s.key);
      // An emptied value is not stored (store(): the register's figure stays), and the diff says so.
      statistics.push({ label: def ? `${def.label}（${def.unit}）` : s.key, before: valueText(old), after: s.value === null ? '（留空，未写入）' : valueText(s.value) });
    }
  }
  const prevFiles = new Map((before?.files ?? []).map((f) => [f.path, f.sha256]));
  const nextFiles = new Map(after.files.map((f) => [f.path, f.sha256]));
  return {
    indicators,
    statistics,
    statisticsBase: before ? 'previous' : 'issued',
    evidenceAdded: [...nextFiles.keys()].filter((p) => !prevFiles.has(p)),
    evidenceChanged: [...nextFiles.entries()].filter(([p, sha]) => prevFiles.has(p) && prevFiles.get(p) !== sha).map(([p]) => p),
    evidenceRemoved: [...prevFiles.keys()].filter((p) => !nextFiles.has(p)),
  };
}

/** A revision's statistics by catalogue key (null = left empty), the base the next revision is compared with. */
function statisticsBase(data: StoredData): Map<string, number | null> {
  return new Map(data.statistics.map((s) => [s.key, s.value]));
}

/**
 * Checks of a package's statistics beyond each value's own (the reader's): a pre-filled or earlier
 * value the school emptied (not stored: the register keeps its figure, so the office asks); the
 * figures as they will stand after the import checked against each other and last year's, as a
 * statistics import checks them (main/exchange/register/plausibility.ts: grade sums against the
 * section's pupils, teachers with degrees against teachers, year-on-year swings); and the
 * applicable fields that stay without any figure, in one line. Warnings only, in Chinese, each
 * naming the 统计数据 sheet, the row and the 本年数值 column where known.
 */
function statisticsChecks(
  result: ReadPackageResult,
  base: ReadonlyMap<string, number | null>,
  registerNow: Readonly<Record<string, unknown>>,
  lastYear: Readonly<Record<string, unknown>> | null,
  fields: readonly { key: string; label: string }[],
): PackageIssue[] {
  const issues: PackageIssue[] = [];
  const where = (key: string): Pick<PackageIssue, 'file' | 'sheet' | 'row' | 'column'> => {
    const row = result.statisticRows?.rows[key];
    return { file: '自评表.xlsx', sheet: '统计数据', ...(row !== undefined ? { row, column: result.statisticRows!.valueColumn } : {}) };
  };
  const labelOf = (key: string) => fields.find((f) => f.key === key)?.label ?? STAT_FIELD_BY_KEY.get(key)?.label ?? key;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  for (const s of result.statistics) {
    const old = base.get(s.key) ?? null;
    if (s.value !== null || old === null) continue;
    const kept = num(registerNow[s.key]);
    issues.push({
      severity: 'warning',
      ...where(s.key),
      message: `“${labelOf(s.key)}”原有数值 ${valueText(old)} 被清空：留空的数值不写入统计数据${kept !== null ? `（仍为 ${valueText(kept)}）` : ''}，请向学校核实是确无数据还是漏填`,
      group: 'statistics',
    });
  }
  const submitted = result.statistics.filter((s) => s.value !== null);
  const after: Record<string, unknown> = { ...registerNow };
  for (const s of submitted) after[s.key] = s.value;
  const notes = checkPlausibility(after as StatValues, (lastYear ?? undefined) as StatValues | undefined, new Set(submitted.map((s) => s.key)));
  // A note points at the field the school changed, where one of those it compares was changed (a
  // grade-sum note names 小学在校生数 when that is the figure corrected, not 1年级).
  const changed = new Set(submitted.filter((s) => (base.get(s.key) ?? null) !== s.value).map((s) => s.key));
  for (const n of notes) issues.push({ severity: 'warning', ...where(n.involves.find((k) => changed.has(k)) ?? n.field), message: `统计数据：${n.message}`, group: 'statistics' });
  // Emptied values are named above, once.
  const emptied = new Set(result.statistics.filter((s) => s.value === null && (base.get(s.key) ?? null) !== null).map((s) => s.key));
  const missing = fields.filter((f) => num(after[f.key]) === null && !emptied.has(f.key));
  if (missing.length) {
    const names = missing.slice(0, 8).map((f) => f.label);
    issues.push({
      severity: 'warning',
      file: '自评表.xlsx',
      sheet: '统计数据',
      message: `统计数据中有 ${missing.length} 项没有数值（下发时没有预填，学校也未填写）：${names.join('、')}${missing.length > names.length ? ' 等' : ''}`,
    });
  }
  return issues;
}

/** A revision's evidence as the diff compares it (path and content). */
function evidenceOf(files: subs.FileRow[]): { path: string; sha256: string }[] {
  return files.filter((f) => f.role === 'evidence').map((f) => ({ path: f.path, sha256: f.blob_sha256 }));
}

// ---------------------------------------------------------------- reading

/** Today as the office's calendar counts it (local time of this computer). */
function localDay(): string {
  return formatDate(new Date());
}

/** The resolver the reader calls with the (unverified) manifest: this round, this unit, or why not. */
function resolverFor(db: Db, rc: RoundContext, seen: Map<number, repo.UnitRow>) {
  return async (m: Manifest) => {
    if (m.roundUid !== rc.round.uid) {
      const other = await repo.findRoundByUid(db, m.roundUid);
      return { error: other ? `该填报包属于评估项目“${other.name}”，不是“${rc.round.name}”的填报包` : `该填报包不是本评估项目“${rc.round.name}”下发的（可能来自其他项目或其他电脑）` };
    }
    const unit = await repo.getUnitRow(db, m.unitId);
    if (!unit || unit.round_id !== rc.round.id || unit.code !== m.unitCode) return { error: `本评估项目中没有报送编码为 ${m.unitCode} 的单位“${m.unitName}”（该单位可能已被移出项目）` };
    seen.set(unit.id, unit);
    return { system: rc.system, secret: rc.round.secret, statFields: packageStatFields(unit.school_type as SchoolType), schoolType: unit.school_type as SchoolType };
  };
}

/** Every package candidate of the chosen sources, named as the user knows them; what is not a package, with why. */
async function candidatesOf(ctx: ServiceContext, refs: { ref: string }[], signal: AbortSignal) {
  const packages: PackageCandidate[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const { ref } of refs) {
    const file = ctx.files.resolve(ref);
    const found = await findPackages(file.path, { signal });
    // Show paths from the chosen item down, never the computer's own folders (or the staging name of an upload).
    const shown = (p: string) => {
      const rel = path.relative(file.path, p).split(path.sep).join('/');
      return rel ? `${file.fileName}/${rel}` : file.fileName;
    };
    for (const c of found.packages) packages.push({ ...c, name: c.kind === 'zip' ? `${shown(c.path)}${c.root ? `/${c.root.replace(/\/$/, '')}` : ''}` : shown(c.path) });
    for (const s of found.skipped) skipped.push({ path: shown(s.path), reason: s.reason });
    if (found.packages.length === 0 && found.skipped.length === 0) skipped.push({ path: file.fileName, reason: '其中没有找到填报包（填报包文件夹中应有“填报包校验信息（请勿修改）.json”）' });
  }
  return { packages, skipped };
}

interface Judged {
  preview: PackagePreview;
  result: ReadPackageResult;
  unit: repo.UnitRow | null;
  /** The statistics the unit's package was issued with (statisticsOf), kept with a first revision. */
  issued?: Record<string, number | null>;
}

function emptyPreview(key: string, name: string): PackagePreview {
  return { key, name, unit: null, verdict: 'error', reason: null, revision: null, currentRevision: null, late: false, issues: [], answers: [], statistics: [], report: null, workbook: null, evidence: [], refused: [], changes: null, stored: false };
}

/**
 * The verdict on a read package (see PackageVerdict), given the unit's stored revisions and the
 * packages of the same unit judged before it in this import (two packages of one unit in one import
 * claim revisions in turn).
 */
async function judge(db: Db, rc: RoundContext, key: string, name: string, result: ReadPackageResult, unit: repo.UnitRow | null, claimed: Map<number, Set<string>>): Promise<Judged> {
  const p = emptyPreview(key, name);
  p.issues = [...result.issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  p.refused = result.refused;
  const errors = result.issues.filter((i) => i.severity === 'error');
  const errorReason = () => (errors.length === 1 ? errors[0]!.message : `共 ${errors.length} 处错误（见“问题”），例如：${errors[0]!.message}`);
  if (!result.manifest || !unit) {
    p.reason = errors.length ? errorReason() : '不是有效的填报包';
    if (unit) p.unit = { id: unit.id, code: unit.code, name: unit.name };
    return { preview: p, result, unit };
  }
  p.unit = { id: unit.id, code: unit.code, name: unit.name };
  p.currentRevision = unit.revision;
  // Shown even when the package has errors: the office sees everything the school sent before returning it.
  p.answers = answersView(rc.system, result.answers);
  p.statistics = statisticsView(result.statistics);
  p.report = result.report ? fileView(rc.system, result.report) : null;
  p.workbook = result.workbook ? fileView(rc.system, result.workbook) : null;
  p.evidence = result.evidence.map((f) => fileView(rc.system, f));

  const stored = await subs.submissionsOf(db, unit.id);
  const same = stored.find((s) => s.content_hash === result.contentHash);
  // The statistics are checked whatever the verdict, against what the content was measured against
  // when new: a revision identical to a stored one against the revision before it (or the issued
  // values), so checking the same package twice says the same.
  const issuedRows = await statisticsOf(db, unit, rc.round.year);
  const issued = new Map(issuedRows.map((f) => [f.key, f.value]));
  const before = same ? stored.find((s) => s.revision < same.revision) : stored[0];
  const base = before ? statisticsBase(JSON.parse(before.data) as StoredData) : issued;
  const [registerNow, lastYear] = await Promise.all([getStats(db, unit.school_id, unit.campus_id, rc.round.year), getStats(db, unit.school_id, unit.campus_id, rc.round.year - 1)]);
  const statisticsIssues = statisticsChecks(result, base, registerNow?.values ?? {}, lastYear?.values ?? null, issuedRows);
  p.issues.push(...statisticsIssues);
  result.issues.push(...statisticsIssues);
  const previousData = before ? { data: JSON.parse(before.data) as StoredData, files: evidenceOf(await subs.filesOf(db, before.id)) } : null;
  p.changes = changesBetween(rc.system, previousData, { data: { answers: result.answers, statistics: result.statistics, warnings: [] }, files: result.evidence }, issued);
  if (errors.length) {
    p.reason = errorReason();
    return { preview: p, result, unit };
  }
  const batch = claimed.get(unit.id) ?? new Set<string>();
  if (same || batch.has(result.contentHash)) {
    p.verdict = 'unchanged';
    p.revision = same?.revision ?? null;
    p.reason = same ? `与已导入的第 ${same.revision} 版内容相同，不会重复导入` : '与本次导入中的另一个填报包内容相同，只导入一次';
    return { preview: p, result, unit };
  }
  const state = stateAfterSubmission(unit.state);
  if ('refused' in state) {
    p.verdict = 'refused';
    p.reason = state.refused;
    return { preview: p, result, unit };
  }
  const collecting = rc.stages.find((s) => s.collects === 1)!;
  const extension = await repo.latestExtension(db, unit.id, collecting.id);
  const timing = submissionTiming({ name: collecting.name, startsOn: collecting.starts_on, endsOn: collecting.ends_on, closedAt: collecting.closed_at }, localDay(), extension?.until ?? null, rc.round.late_policy);
  if (timing.kind === 'refused') {
    p.verdict = 'refused';
    p.reason = timing.message;
    return { preview: p, result, unit };
  }
  if (timing.kind === 'late_accepted') {
    p.late = true;
    p.issues.push({ severity: 'warning', file: '', message: timing.message });
  }
  const latest = unit.revision + batch.size;
  const claim = result.manifest.baseRevision + 1;
  p.revision = latest + 1;
  if (claim <= latest) {
    p.verdict = 'conflict';
    p.reason =
      claim <= unit.revision
        ? `该填报包基于第 ${result.manifest.baseRevision} 版填写，而该单位已有第 ${unit.revision} 版且内容不同（可能在两台电脑上分别填写，或使用了旧的填报包）。请核对后选择：作为第 ${p.revision} 版导入，或不导入`
        : `本次导入中还有该单位的另一个不同内容的填报包，两者都声称是第 ${claim} 版。请核对后选择：作为第 ${p.revision} 版导入，或不导入`;
  } else {
    p.verdict = 'new';
  }
  batch.add(result.contentHash);
  claimed.set(unit.id, batch);
  return { preview: p, result, unit, issued: Object.fromEntries(issued) };
}

// ---------------------------------------------------------------- storing

/** Stores one accepted package as the unit's next revision (one unit of work): the revision, its files, the statistics, the unit's state, answered queries. */
async function store(ctx: ServiceContext, rc: RoundContext, j: Judged, sourceName: string): Promise<number> {
  const { result } = j;
  const manifest = result.manifest!;
  return unitOfWork(ctx, async (tx, unit) => {
    const row = (await repo.getUnitRow(tx, j.unit!.id))!;
    const revision = row.revision + 1;
    const warnings = result.issues.filter((i) => i.severity === 'warning');
    const data: StoredData = { answers: result.answers, statistics: result.statistics, warnings, refused: result.refused, ...(row.revision === 0 ? { issued: j.issued } : {}) };
    const submissionId = await subs.insertSubmission(tx, {
      unit_id: row.id,
      revision,
      package_id: manifest.packageId,
      package_version: manifest.packageVersion,
      content_hash: result.contentHash,
      source_name: sourceName,
      received_at: unit.at,
      received_by: unit.operator.name,
      late: j.preview.late ? 1 : 0,
      data: JSON.stringify(data),
    });
    // The workbook as received is kept too: the receipt lists it, and the office can open what the school sent.
    const files = [
      ...(result.workbook ? [{ ...result.workbook, role: 'workbook' as const }] : []),
      ...(result.report ? [{ ...result.report, role: 'report' as const }] : []),
      ...result.evidence.map((f) => ({ ...f, role: 'evidence' as const })),
    ];
    for (const f of files) {
      await ensureBlob(tx, { sha256: f.sha256, bytes: f.bytes, created_at: unit.at });
      await subs.insertFile(tx, { submission_id: submissionId, role: f.role, path: f.path, name: f.name, node_id: f.nodeId, blob_sha256: f.sha256, bytes: f.bytes, mime_type: f.mimeType });
    }
    // Statistics: the school's confirmed or corrected figures become the register's, with the submission as their source.
    const before = await getStats(tx, row.school_id, row.campus_id, rc.round.year);
    const values: Record<string, unknown> = { ...(before?.values ?? {}) };
    const refusedStats: string[] = [];
    for (const s of result.statistics) {
      const def = STAT_FIELD_BY_KEY.get(s.key);
      if (!def) continue;
      if (s.value === null) continue; // Left empty: the stored figure stays.
      const issue = statValueIssue(def, s.value);
      if (issue) refusedStats.push(issue);
      else values[s.key] = s.value;
    }
    const changed = JSON.stringify(before?.values ?? {}) !== JSON.stringify(values);
    if (changed) {
      const school = (await getSchool(tx, row.school_id))!;
      const campusName = row.campus_id === null ? null : (school.campuses.find((c) => c.id === row.campus_id)?.name ?? null);
      await putStatsAudited(
        tx,
        unit,
        { schoolId: row.school_id, campusId: row.campus_id, year: rc.round.year, entityName: statsEntityName(school.name, campusName, rc.round.year) },
        before?.values ?? null,
        values as never,
        { action: 'import', summary: `“${row.name}”在评估项目“${rc.round.name}”第 ${revision} 版填报中确认或更正的 ${rc.round.year} 年统计数据`, source: 'submission' },
        { fileName: sourceName, sha256: result.workbook?.sha256 ?? result.contentHash, sheet: '统计数据' },
      );
    }
    if (refusedStats.length) data.warnings.push(...refusedStats.map((m) => ({ severity: 'warning' as const, file: '自评表.xlsx', sheet: '统计数据', message: `${m}，未写入统计数据` })));
    if (refusedStats.length) await subs.updateSubmissionData(tx, submissionId, JSON.stringify(data));
    await repo.updateUnit(tx, row.id, { revision, state: 'submitted', state_changed_at: unit.at, last_import_at: unit.at, late: j.preview.late ? 1 : 0 });
    const answered = await subs.answerOpenQueries(tx, row.id, revision);
    unit.audit({
      entityType: 'round-unit',
      entityId: row.id,
      entityName: `${rc.round.name} · ${row.name}`,
      action: 'import',
      summary: `导入“${row.name}”的第 ${revision} 版填报材料（${result.answers.length} 项自评，${result.evidence.length} 个佐证材料${result.report ? '，含自评报告' : '，无自评报告'}${j.preview.late ? '，逾期' : ''}${answered ? `；答复退回意见 ${answered} 条` : ''}），来自“${sourceName}”`,
      before: { state: row.state, revision: row.revision },
      after: { state: 'submitted', revision },
    });
    return revision;
  });
}

/**
 * The `rounds.import` job: finds, reads and judges every package of the chosen sources; a dry run
 * stores nothing; a commit stores each `new` package, and each `conflict` the user accepted, as the
 * unit's next revision. The report (SubmissionImportReport) is the job's result.
 */
export async function runRoundImport(job: JobHandle, params: RoundImportParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const db = reader(ctx);
  const rc = await roundContext(db, params.roundId);
  await job.progress({ message: '正在查找填报包' });
  const found = await candidatesOf(ctx, params.sources, job.signal);
  await job.progress({ done: 0, total: found.packages.length });
  const claimed = new Map<number, Set<string>>();
  const previews: PackagePreview[] = [];
  let storedCount = 0;
  const commit = !params.dryRun;
  // A commit stores each file while reading it (one pass over 1 GB of evidence); the files are flushed
  // to disk in the background and all on disk before the revision names them (BlobBatch). A file of a
  // package that is then not accepted stays unreferenced and is swept later.
  const blobs = commit ? new BlobBatch(ctx.dataDir) : null;
  // An accepted package is stored once the next package has been read: its files' flushes to disk
  // overlap that reading instead of being waited for at once. It is still stored before the next
  // package is judged, so each package is judged against every revision stored before it.
  let accepted: { judged: Judged; name: string; flushed: Promise<void> } | null = null;
  const storeAccepted = async () => {
    if (!accepted) return;
    const { judged, name, flushed } = accepted;
    accepted = null;
    await flushed;
    judged.preview.revision = await store(ctx, rc, judged, name);
    judged.preview.stored = true;
    storedCount++;
  };
  try {
    for (const [i, candidate] of found.packages.entries()) {
      if (job.signal.aborted) await storeAccepted();
      job.check();
      const key = `${i + 1}:${candidate.name}`;
      await job.progress({ message: `正在读取“${candidate.name}”` });
      const seen = new Map<number, repo.UnitRow>();
      let result: ReadPackageResult;
      try {
        result = await readPackage(candidate, {
          resolve: resolverFor(db, rc, seen),
          signal: job.signal,
          store: blobs ? (stream: Readable) => blobs.put(stream) : undefined,
          storeDirect: blobs ? (source) => blobs.putDirect(source) : undefined,
        });
      } catch (e) {
        // Cancelled while reading: the package read before is complete and is still stored.
        if (job.signal.aborted) {
          await storeAccepted();
          throw new JobCancelled();
        }
        throw e;
      }
      await storeAccepted();
      const unit = [...seen.values()][0] ?? null;
      const judged = await judge(db, rc, key, candidate.name, result, unit, claimed);
      if (commit) {
        const decision = params.resolutions[key] ?? params.resolutions[candidate.name];
        // Its files only: the next package's, written while this one waits, are not waited for.
        if (judged.preview.verdict === 'new' || (judged.preview.verdict === 'conflict' && decision === 'accept')) accepted = { judged, name: candidate.name, flushed: blobs!.checkpoint() };
      }
      previews.push(judged.preview);
      await job.progress({ done: i + 1 });
    }
    await storeAccepted();
  } finally {
    // Cancelled or failed half-way: no file handle is left open (the blobs stay unreferenced).
    await blobs?.settle().catch(() => undefined);
  }
  const counts = Object.fromEntries((Object.keys(PACKAGE_VERDICT_LABELS) as PackageVerdict[]).map((v) => [v, previews.filter((p) => p.verdict === v).length])) as Record<PackageVerdict, number>;
  const report: SubmissionImportReport = { roundId: rc.round.id, dryRun: params.dryRun, packages: previews, skipped: found.skipped, counts, stored: storedCount };
  await job.result(report);
  await job.progress({ message: null });
  if (found.packages.length === 0) return { failure: '所选位置中没有找到填报包' };
  return {};
}

// ---------------------------------------------------------------- viewing

/** A unit's revisions, newest first, each with its changes against the one before, and the queries (see contract rounds.submissions). */
export async function unitSubmissions(ctx: ServiceContext, unitId: number): Promise<UnitSubmissions> {
  const db = reader(ctx);
  const row = await repo.getUnitRow(db, unitId);
  if (!row) throw new AppError('not_found', `找不到编号为 ${unitId} 的评估单位`);
  const rc = await roundContext(db, row.round_id);
  const unitDto = (await getRound(ctx, row.round_id)).units.find((u) => u.id === unitId)!;
  const stored = [...(await subs.submissionsOf(db, unitId))].reverse(); // oldest first, to diff in order
  const revisions: SubmissionRevision[] = [];
  let previous: { data: StoredData; files: { path: string; sha256: string }[] } | null = null;
  for (const s of stored) {
    const data = JSON.parse(s.data) as StoredData;
    const files = await subs.filesOf(db, s.id);
    const evidence = files.filter((f) => f.role === 'evidence');
    const report = files.find((f) => f.role === 'report');
    const workbook = files.find((f) => f.role === 'workbook');
    const view = (f: subs.FileRow) => fileView(rc.system, { path: f.path, name: f.name, bytes: f.bytes, sha256: f.blob_sha256, mimeType: f.mime_type, nodeId: f.node_id });
    const current = { data, files: evidence.map((f) => ({ path: f.path, sha256: f.blob_sha256 })) };
    revisions.push({
      revision: s.revision,
      receivedAt: s.received_at,
      receivedBy: s.received_by,
      sourceName: s.source_name,
      late: s.late === 1,
      packageVersion: s.package_version,
      answers: answersView(rc.system, data.answers),
      statistics: statisticsView(data.statistics),
      workbook: workbook ? view(workbook) : null,
      report: report ? view(report) : null,
      evidence: evidence.map(view),
      refused: data.refused ?? [],
      warnings: data.warnings,
      // A first revision: what the school corrected in the statistics it was issued (its answers are all new).
      changes: previous ? changesBetween(rc.system, previous, current, null) : data.issued ? { ...changesBetween(rc.system, null, current, new Map(Object.entries(data.issued))), indicators: [], evidenceAdded: [] } : null,
    });
    previous = current;
  }
  const leaves = leafIndex(rc.system);
  const queries: RoundQuery[] = (await subs.queriesOf(db, unitId)).map((q) => ({
    id: q.id,
    target: {
      kind: q.target_kind,
      key: q.target_key,
      label:
        q.target_kind === 'indicator'
          ? (() => {
              const n = q.target_key ? leaves.get(q.target_key) : undefined;
              return n ? nodeLabel(n) : '指标';
            })()
          : q.target_kind === 'statistic'
            ? (() => {
                const d = q.target_key ? STAT_FIELD_BY_KEY.get(q.target_key) : undefined;
                return d ? `${d.label}（${d.unit}）` : '统计数据';
              })()
            : q.target_kind === 'report'
              ? '学校自评报告'
              : '佐证材料',
    },
    text: q.text,
    askedRevision: q.asked_revision,
    askedAt: q.created_at,
    askedBy: q.created_by,
    answeredRevision: q.answered_revision,
    closedAt: q.closed_at,
    closedBy: q.closed_by,
  }));
  return { unit: unitDto, revisions: revisions.reverse(), queries };
}

/** One received file of a revision, published for download (see contract rounds.submissionFile). */
export async function submissionFile(ctx: ServiceContext, unitId: number, revision: number, filePath: string): Promise<FileResult> {
  const db = reader(ctx);
  const s = (await subs.submissionsOf(db, unitId)).find((x) => x.revision === revision);
  if (!s) throw new AppError('not_found', `该单位没有第 ${revision} 版填报材料`);
  const f = (await subs.filesOf(db, s.id)).find((x) => x.path === filePath);
  if (!f) throw new AppError('not_found', `第 ${revision} 版填报材料中没有文件“${path.basename(filePath)}”`);
  return ctx.files.publishFile(blobPath(ctx.dataDir, f.blob_sha256), f.mime_type ?? 'application/octet-stream', f.name);
}
