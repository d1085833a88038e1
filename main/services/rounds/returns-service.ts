/**
 * 退回修改 (issue 11 item 4): the office attaches queries to a unit's submission (an indicator, a
 * statistics field, the report, evidence); a return package carries the school's current answers,
 * report and evidence with the open queries; the school's reply comes back as a new revision (the
 * import closes the queries it answers, submissions-service.ts). pitfalls.md: rejection dead-ends.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileResult } from '../../../shared/api/envelope';
import { AppError } from '../../../shared/api/envelope';
import type { RoundQuery } from '../../../shared/api/contracts/rounds';
import { flattenNodes } from '../../../shared/domain/indicators/tree';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';
import * as repo from '../../db/repositories/rounds-repo';
import * as subs from '../../db/repositories/submissions-repo';
import { blobPath } from '../../files/blob-store';
import { FILES, type PackageQuery, type SelfAnswer } from '../../exchange/packages/format';
import { writePackage } from '../../exchange/packages/write-package';
import { renderDocxOnPool } from '../documents/pool-render';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { packageSpec, roundContext, withYearBalance } from './packages-service';
import { unitSubmissions } from './submissions-service';

export type QueryTargetInput = { kind: 'indicator'; key: string } | { kind: 'statistic'; key: string } | { kind: 'report'; key: null } | { kind: 'evidence'; key: string | null };

/** Adds the office's query to a unit's latest revision (see contract rounds.addQuery). */
export async function addQuery(ctx: ServiceContext, input: { unitId: number; target: QueryTargetInput; text: string }): Promise<RoundQuery> {
  const id = await unitOfWork(ctx, async (tx, unit) => {
    const row = await repo.getUnitRow(tx, input.unitId);
    if (!row) throw new AppError('not_found', `找不到编号为 ${input.unitId} 的评估单位`);
    if (row.revision === 0) throw new AppError('invalid_input', `“${row.name}”还没有提交材料，无法填写退回意见`);
    const rc = await roundContext(tx, row.round_id);
    const t = input.target;
    if (t.kind === 'indicator' || (t.kind === 'evidence' && t.key !== null)) {
      if (!flattenNodes(rc.system.nodes).some((e) => e.node.id === t.key)) throw new AppError('invalid_input', '所选指标不在本项目的指标体系中');
    }
    if (t.kind === 'statistic' && !STAT_FIELD_BY_KEY.has(t.key)) throw new AppError('invalid_input', '所选统计数据项不存在');
    const queryId = await subs.insertQuery(tx, {
      unit_id: row.id,
      target_kind: t.kind,
      target_key: t.key,
      text: input.text,
      asked_revision: row.revision,
      created_at: unit.at,
      created_by: unit.operator.name,
    });
    unit.audit({
      entityType: 'round-unit',
      entityId: row.id,
      entityName: `${rc.round.name} · ${row.name}`,
      action: 'update',
      summary: `对“${row.name}”第 ${row.revision} 版材料提出退回意见：${input.text}`,
      after: { query: input.text },
    });
    return queryId;
  });
  const row = (await repo.getUnitRow(reader(ctx), input.unitId))!;
  return (await unitSubmissions(ctx, row.id)).queries.find((q) => q.id === id)!;
}

/** Withdraws an open query, with a reason (see contract rounds.withdrawQuery). */
export async function withdrawQuery(ctx: ServiceContext, input: { queryId: number; reason: string }): Promise<RoundQuery> {
  const unitId = await unitOfWork(ctx, async (tx, unit) => {
    const q = await subs.getQuery(tx, input.queryId);
    if (!q) throw new AppError('not_found', `找不到编号为 ${input.queryId} 的退回意见`);
    if (q.closed_at) throw new AppError('invalid_input', '该退回意见已关闭');
    await subs.closeQuery(tx, q.id, unit.at, `${unit.operator.name}（撤回：${input.reason}）`);
    const row = (await repo.getUnitRow(tx, q.unit_id))!;
    const round = (await repo.getRoundRow(tx, row.round_id))!;
    unit.audit({ entityType: 'round-unit', entityId: row.id, entityName: `${round.name} · ${row.name}`, action: 'update', summary: `撤回对“${row.name}”的退回意见“${q.text}”，原因：${input.reason}`, before: { query: q.text } });
    return q.unit_id;
  });
  return (await unitSubmissions(ctx, unitId)).queries.find((q) => q.id === input.queryId)!;
}

/**
 * Writes the unit's 退回修改 package (its latest revision's answers, report and evidence, with the
 * open queries) and marks the unit 已退回修改 (audited). Returns the zip for download and, with a
 * destination folder (CLI, Electron), also writes the folder and zip there. Errors: invalid_input
 * when the unit has no submission, no open query, or is 弃权 / 已确认.
 */
export async function returnPackage(ctx: ServiceContext, input: { unitId: number; destination?: { ref: string } }): Promise<{ file: FileResult; packageVersion: number; queries: number }> {
  const db = reader(ctx);
  const row = await repo.getUnitRow(db, input.unitId);
  if (!row) throw new AppError('not_found', `找不到编号为 ${input.unitId} 的评估单位`);
  if (row.revision === 0) throw new AppError('invalid_input', `“${row.name}”还没有提交材料，无需退回`);
  if (row.state === 'confirmed' || row.state === 'forfeited') throw new AppError('invalid_input', `“${row.name}”${row.state === 'confirmed' ? '的材料已确认，请先撤销确认' : '已弃权'}，不能退回修改`);
  const open = (await subs.queriesOf(db, row.id)).filter((q) => !q.closed_at);
  if (open.length === 0) throw new AppError('invalid_input', `请先对“${row.name}”的材料填写至少一条退回意见`);
  // The balance is only for the report draft, which a package carrying the school's report leaves out.
  const rc = await withYearBalance(ctx, await roundContext(db, row.round_id));
  const latest = (await subs.submissionsOf(db, row.id))[0]!;
  const data = JSON.parse(latest.data) as {
    answers: { nodeId: string; answer: SelfAnswer; explanation: string }[];
    statistics: { key: string; value: number | null; note: string }[];
  };
  const files = await subs.filesOf(db, latest.id);
  const queries: PackageQuery[] = open.map((q) => ({
    text: q.text,
    target:
      q.target_kind === 'indicator'
        ? { kind: 'indicator', nodeId: q.target_key! }
        : q.target_kind === 'statistic'
          ? { kind: 'statistic', key: q.target_key! }
          : q.target_kind === 'report'
            ? { kind: 'report' }
            : { kind: 'evidence', nodeId: q.target_key },
  }));
  const packageVersion = Math.max(1, row.package_version) + 1;
  const spec = await packageSpec(db, rc, row, {
    packageVersion,
    baseRevision: row.revision,
    answers: Object.fromEntries(data.answers.map((a) => [a.nodeId, { answer: a.answer, explanation: a.explanation }])),
    queries,
  });
  // The school's own workbook is not carried: the package's new workbook holds its answers pre-filled.
  // The package carries back exactly what the school submitted: its statistics (a value it left
  // empty stays empty) and its notes, not the register's figures.
  const submitted = new Map(data.statistics.map((x) => [x.key, x]));
  spec.statistics = spec.statistics.map((f) => {
    const mine = submitted.get(f.key);
    return mine ? { ...f, value: mine.value, note: mine.note } : f;
  });
  spec.carry = files.filter((f) => f.role !== 'workbook').map((f) => ({ path: f.role === 'report' ? `${FILES.reportStem}${path.extname(f.name).toLowerCase() || '.docx'}` : f.path, source: blobPath(ctx.dataDir, f.blob_sha256) }));
  const outgoing = path.join(ctx.dataDir, 'tmp', 'outgoing', randomBytes(16).toString('base64url'));
  await fs.mkdir(outgoing, { recursive: true, mode: 0o700 });
  let zipPath: string;
  try {
    const renderDocx = renderDocxOnPool(ctx.tasks);
    const written = await writePackage(spec, outgoing, { zip: true, renderDocx });
    zipPath = written.zipPath!;
    if (input.destination) await writePackage(spec, ctx.files.resolveFolder(input.destination.ref).path, { zip: true, renderDocx });
  } catch (e) {
    await fs.rm(outgoing, { recursive: true, force: true });
    throw e;
  }
  await unitOfWork(ctx, async (tx, unit) => {
    await repo.updateUnit(tx, row.id, { state: 'returned', state_changed_at: unit.at, package_version: packageVersion, package_id: spec.manifest.packageId, issued_at: unit.at });
    unit.audit({
      entityType: 'round-unit',
      entityId: row.id,
      entityName: `${rc.round.name} · ${row.name}`,
      action: 'update',
      summary: `将“${row.name}”第 ${row.revision} 版材料退回修改（退回意见 ${open.length} 条，第 ${packageVersion - 1} 次退回）`,
      before: { state: row.state },
      after: { state: 'returned' },
    });
  });
  const file = await ctx.files.publishFile(zipPath, 'application/zip', path.basename(zipPath), { owned: true });
  return { file, packageVersion, queries: open.length };
}
