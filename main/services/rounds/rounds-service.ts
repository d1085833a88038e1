/**
 * 评估项目 (evaluation rounds, issue 11 item 1): create a round on a frozen published system, with
 * stages and the participating units; change settings and units; 确认 / 弃权 and their undo; per-unit
 * extensions; closing and reopening stages. Rules: shared/domain/rounds/rounds.ts. Every change is
 * one audited unit of work.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/api/envelope';
import {
  RoundCreateInput,
  RoundSettingsInput,
  type Extension,
  type RoundCandidate,
  type RoundDetail,
  type RoundSummary,
  type RoundUnit,
  type Stage,
  type UnitRef,
} from '../../../shared/api/contracts/rounds';
import type { IndicatorSystem } from '../../../shared/domain/indicators';
import { applyManualChange, MANUAL_CHANGE_LABELS, UNIT_STATE_LABELS, UNIT_STATES, unitCode, type ManualChange, type UnitState } from '../../../shared/domain/rounds/rounds';
import { evaluatedUnits, unitKey } from '../../../shared/domain/schools/evaluated-units';
import type { Db } from '../../db/connection';
import { getSystem } from '../../db/repositories/indicator-systems-repo';
import * as repo from '../../db/repositories/rounds-repo';
import { listSchools } from '../../db/repositories/schools-repo';
import type { Tx, Unit } from '../../db/unit-of-work';
import { indicatorSystemHash } from '../../exchange/packages/format';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { parseInput } from '../parse-input';

/** sha256 (hex) of a system's canonical JSON: what a round freezes and a package's manifest names (format.ts). */
export const systemHash: (system: IndicatorSystem) => string = indicatorSystemHash;

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

async function roundRow(db: Db, id: number): Promise<repo.RoundRow> {
  const r = await repo.getRoundRow(db, id);
  if (!r) throw new AppError('not_found', `找不到编号为 ${id} 的评估项目`);
  return r;
}

function emptyCounts(): Record<UnitState, number> {
  return Object.fromEntries(UNIT_STATES.map((s) => [s, 0])) as Record<UnitState, number>;
}

async function summaries(db: Db, rows: repo.RoundRow[]): Promise<RoundSummary[]> {
  const stages = await repo.stagesOf(
    db,
    rows.map((r) => r.id),
  );
  const counts = await repo.unitCounts(db);
  const systems = new Map<number, { name: string; version: number }>();
  for (const r of rows) {
    if (systems.has(r.system_id)) continue;
    const s = await getSystem(db, r.system_id);
    systems.set(r.system_id, { name: s?.system.name ?? '（指标体系已删除）', version: s?.version ?? 0 });
  }
  return rows.map((r) => {
    const c = emptyCounts();
    for (const x of counts) if (x.round_id === r.id) c[x.state] = x.n;
    return {
      id: r.id,
      name: r.name,
      year: r.year,
      evaluator: { kind: r.evaluator_kind, name: r.evaluator_name },
      unitKind: r.unit_kind,
      system: { id: r.system_id, ...systems.get(r.system_id)! },
      latePolicy: r.late_policy,
      stages: stages.filter((s) => s.round_id === r.id).map(repo.toStage),
      unitCount: Object.values(c).reduce((a, b) => a + b, 0),
      counts: c,
      createdAt: r.created_at,
      createdBy: r.created_by,
    };
  });
}

async function unitsOfRound(db: Db, roundId: number): Promise<RoundUnit[]> {
  const [rows, extensions, queries, schools] = await Promise.all([repo.unitsOf(db, roundId), repo.extensionsOf(db, roundId), repo.openQueryCounts(db, roundId), listSchools(db)]);
  const township = new Map(schools.map((s) => [s.id, s.township]));
  const extByUnit = new Map<number, Extension[]>();
  for (const e of extensions) {
    const list = extByUnit.get(e.unit_id) ?? [];
    list.push({ stageId: e.stage_id, stageName: e.stage_name, until: e.until, reason: e.reason, at: e.created_at, by: e.created_by });
    extByUnit.set(e.unit_id, list);
  }
  return rows.map((r) => repo.toRoundUnit(r, { township: township.get(r.school_id) ?? null, extensions: extByUnit.get(r.id) ?? [], openQueries: queries.get(r.id) ?? 0 }));
}

async function detail(db: Db, id: number): Promise<RoundDetail> {
  const [summary] = await summaries(db, [await roundRow(db, id)]);
  return { ...summary, units: await unitsOfRound(db, id) };
}

/** Every round, newest year first (see contract rounds.list). */
export async function listRounds(ctx: ServiceContext): Promise<RoundSummary[]> {
  const db = reader(ctx);
  return summaries(db, await repo.listRoundRows(db));
}

/** One round with its units. Errors: not_found. */
export async function getRound(ctx: ServiceContext, id: number): Promise<RoundDetail> {
  return detail(reader(ctx), id);
}

/** The units the register offers for `year` (rule: shared/domain/schools/evaluated-units.ts). */
export async function roundCandidates(ctx: ServiceContext, year: number): Promise<RoundCandidate[]> {
  return candidatesOf(reader(ctx), year);
}

async function candidatesOf(db: Db, year: number): Promise<RoundCandidate[]> {
  const schools = await listSchools(db);
  const township = new Map(schools.map((s) => [s.id, s.township]));
  return evaluatedUnits(schools, year).map((u) => ({ schoolId: u.schoolId, campusId: u.campusId, name: u.name, schoolType: u.type, township: township.get(u.schoolId) ?? null }));
}

/** The chosen units in register order, each checked against the year's candidates. */
async function chosenUnits(db: Db, year: number, refs: readonly UnitRef[]): Promise<RoundCandidate[]> {
  const candidates = await candidatesOf(db, year);
  const wanted = new Set(refs.map((r) => unitKey(r.schoolId, r.campusId)));
  const known = new Set(candidates.map((c) => unitKey(c.schoolId, c.campusId)));
  for (const ref of refs) {
    if (!known.has(unitKey(ref.schoolId, ref.campusId))) {
      invalid(ref.campusId === null ? `编号为 ${ref.schoolId} 的学校不是 ${year} 年的评估单位（不存在、已撤并，或其校区均单独评估）` : `编号为 ${ref.campusId} 的校区不是 ${year} 年的评估单位（未标记“单独评估”或所属学校已撤并）`);
    }
  }
  return candidates.filter((c) => wanted.has(unitKey(c.schoolId, c.campusId)));
}

function settingsSnapshot(s: RoundSettingsInput) {
  return {
    name: s.name,
    evaluator: s.evaluator.name,
    evaluatorKind: s.evaluator.kind,
    latePolicy: s.latePolicy,
    stages: s.stages.map((st) => `${st.name} ${st.startsOn} 至 ${st.endsOn}${st.collects ? '（接收填报）' : ''}`),
  };
}

async function addUnits(tx: Tx, roundId: number, units: readonly RoundCandidate[], firstNumber: number, at: string): Promise<void> {
  let n = firstNumber;
  for (const u of units) {
    await repo.insertUnit(tx, { round_id: roundId, school_id: u.schoolId, campus_id: u.campusId, name: u.name, school_type: u.schoolType, code: unitCode(roundId, n++), state: 'pending', state_changed_at: at });
  }
}

/** Creates a round (see contract rounds.create). */
export async function createRound(ctx: ServiceContext, raw: RoundCreateInput): Promise<RoundDetail> {
  const input = parseInput(RoundCreateInput, raw);
  const id = await unitOfWork(ctx, async (tx, unit) => {
    if (await repo.findRoundByName(tx, input.name)) throw new AppError('conflict', `已有名为“${input.name}”的评估项目`);
    const stored = await getSystem(tx, input.systemId);
    if (!stored) invalid(`找不到编号为 ${input.systemId} 的指标体系`);
    if (stored.state !== 'published') invalid(`“${stored.system.name}”第 ${stored.version} 版${stored.state === 'draft' ? '尚未发布' : '已归档'}，评估项目只能使用已发布的版本`);
    const units = await chosenUnits(tx, input.year, input.units);
    const roundId = await repo.insertRound(tx, {
      uid: randomUUID(),
      name: input.name,
      year: input.year,
      evaluator_kind: input.evaluator.kind,
      evaluator_name: input.evaluator.name,
      unit_kind: input.unitKind,
      system_id: stored.id,
      system_hash: systemHash(stored.system),
      secret: randomBytes(32).toString('hex'),
      late_policy: input.latePolicy,
      created_at: unit.at,
      created_by: unit.operator.name,
      updated_at: unit.at,
    });
    for (const [i, s] of input.stages.entries()) {
      await repo.insertStage(tx, { round_id: roundId, position: i + 1, name: s.name, starts_on: s.startsOn, ends_on: s.endsOn, collects: s.collects ? 1 : 0 });
    }
    await addUnits(tx, roundId, units, 1, unit.at);
    unit.audit({
      entityType: 'round',
      entityId: roundId,
      entityName: input.name,
      action: 'create',
      summary: `新建评估项目“${input.name}”（${input.year} 年，${units.length} 个参评单位，指标体系“${stored.system.name}”第 ${stored.version} 版）`,
      after: { ...settingsSnapshot(input), year: input.year, system: `${stored.system.name} 第 ${stored.version} 版`, units: units.length },
    });
    return roundId;
  });
  return getRound(ctx, id);
}

/** Changes a round's settings (see contract rounds.update). */
export async function updateRound(ctx: ServiceContext, id: number, raw: RoundSettingsInput): Promise<RoundDetail> {
  const input = parseInput(RoundSettingsInput, raw);
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundRow(tx, id);
    const other = await repo.findRoundByName(tx, input.name);
    if (other && other.id !== id) throw new AppError('conflict', `已有名为“${input.name}”的评估项目`);
    const stages = await repo.stagesOf(tx, [id]);
    const before: RoundSettingsInput = {
      name: round.name,
      evaluator: { kind: round.evaluator_kind, name: round.evaluator_name },
      latePolicy: round.late_policy,
      stages: stages.map((s) => ({ name: s.name, startsOn: s.starts_on, endsOn: s.ends_on, collects: s.collects === 1 })),
    };
    // Which existing row each submitted stage is: by id when the client sends ids (a stage moved in
    // the table keeps its closing and its extensions), else by position (clients that send none).
    const byId = new Map(stages.map((s) => [s.id, s]));
    const byIds = input.stages.some((s) => s.id !== undefined);
    const matched = input.stages.map((s, i) => {
      if (!byIds) return stages[i];
      if (s.id === undefined) return undefined;
      const row = byId.get(s.id);
      if (!row) invalid(`第 ${i + 1} 个阶段“${s.name}”已不存在（可能已被他人删除），请刷新后重新修改`);
      return row;
    });
    if (new Set(matched.filter(Boolean).map((r) => r!.id)).size !== matched.filter(Boolean).length) invalid('同一个阶段出现了两次，请刷新后重新修改');
    const kept = new Set(matched.filter(Boolean).map((r) => r!.id));
    const removed = stages.filter((s) => !kept.has(s.id));

    const submitted = (await repo.submissionCount(tx, id)) > 0;
    const oldCollecting = stages.find((s) => s.collects === 1);
    const newCollecting = input.stages.findIndex((s) => s.collects);
    if (submitted && oldCollecting && matched[newCollecting]?.id !== oldCollecting.id) invalid(`已有单位提交材料，接收填报的阶段（“${oldCollecting.name}”）不能再改为其他阶段`);
    // A closed stage is a record of what happened: its dates stay; it cannot be removed.
    for (const [i, row] of matched.entries()) {
      if (!row?.closed_at) continue;
      const next = input.stages[i]!;
      if (next.startsOn !== row.starts_on || next.endsOn !== row.ends_on) invalid(`阶段“${row.name}”已关闭，日期不能修改；如需修改，请先重新开放该阶段`);
    }
    const extended = new Set((await repo.extensionsOf(tx, id)).map((e) => e.stage_id));
    for (const row of removed) {
      if (row.closed_at) invalid(`阶段“${row.name}”已关闭，不能删除`);
      if (extended.has(row.id)) invalid(`已有单位在阶段“${row.name}”延期，不能删除该阶段`);
    }
    for (const row of removed) await repo.deleteStage(tx, row.id);
    // Positions are unique per round: kept rows step aside (negative positions) before taking their new ones.
    for (const [i, row] of matched.entries()) if (row) await repo.updateStage(tx, row.id, { position: -(i + 1) });
    for (const [i, s] of input.stages.entries()) {
      const row = matched[i];
      const values = { position: i + 1, name: s.name, starts_on: s.startsOn, ends_on: s.endsOn, collects: s.collects ? 1 : 0 };
      if (row) await repo.updateStage(tx, row.id, values);
      else await repo.insertStage(tx, { round_id: id, ...values });
    }
    await repo.updateRound(tx, id, { name: input.name, evaluator_kind: input.evaluator.kind, evaluator_name: input.evaluator.name, late_policy: input.latePolicy, updated_at: unit.at });
    unit.audit({ entityType: 'round', entityId: id, entityName: input.name, action: 'update', summary: `修改评估项目“${input.name}”的设置`, before: settingsSnapshot(before), after: settingsSnapshot(input) });
  });
  return getRound(ctx, id);
}

/** Sets the participating units (see contract rounds.setUnits). */
export async function setRoundUnits(ctx: ServiceContext, id: number, refs: readonly UnitRef[]): Promise<RoundDetail> {
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundRow(tx, id);
    const current = await repo.unitsOf(tx, id);
    const wanted = new Set(refs.map((r) => unitKey(r.schoolId, r.campusId)));
    const have = new Set(current.map((u) => unitKey(u.school_id, u.campus_id)));
    const removed = current.filter((u) => !wanted.has(unitKey(u.school_id, u.campus_id)));
    const kept = removed.filter((u) => u.state !== 'pending');
    if (kept.length) invalid(`${kept.map((u) => `“${u.name}”（${UNIT_STATE_LABELS[u.state]}）`).join('、')}已下发填报包，不能移出本项目`);
    const added = (await chosenUnits(tx, round.year, refs)).filter((c) => !have.has(unitKey(c.schoolId, c.campusId)));
    for (const u of removed) await repo.deleteUnit(tx, u.id);
    const lastNumber = current.reduce((m, u) => Math.max(m, Number(u.code.split('-')[1] ?? 0)), 0);
    await addUnits(tx, id, added, lastNumber + 1, unit.at);
    if (added.length || removed.length) {
      const parts = [added.length ? `加入 ${added.map((u) => `“${u.name}”`).join('、')}` : '', removed.length ? `移出 ${removed.map((u) => `“${u.name}”`).join('、')}` : ''].filter(Boolean);
      unit.audit({
        entityType: 'round',
        entityId: id,
        entityName: round.name,
        action: 'update',
        summary: `调整评估项目“${round.name}”的参评单位：${parts.join('；')}`,
        before: { units: current.length },
        after: { units: current.length - removed.length + added.length },
      });
    }
  });
  return getRound(ctx, id);
}

function unitEntity(round: repo.RoundRow, u: repo.UnitRow) {
  return { entityType: 'round-unit' as const, entityId: u.id, entityName: `${round.name} · ${u.name}` };
}

/** 确认 / 撤销确认 / 确认弃权 / 撤销弃权 (see contract rounds.changeUnitState). */
export async function changeUnitState(ctx: ServiceContext, input: { roundId: number; unitIds: number[]; change: ManualChange; reason: string }): Promise<{ changed: number }> {
  const reason = input.reason.trim();
  if ((input.change !== 'confirm' && !reason) || (input.change === 'forfeit' && !reason)) invalid(`请填写${MANUAL_CHANGE_LABELS[input.change]}的原因`);
  return unitOfWork(ctx, async (tx, unit) => {
    const round = await roundRow(tx, input.roundId);
    const rows: { row: repo.UnitRow; next: UnitState }[] = [];
    for (const unitId of new Set(input.unitIds)) {
      const row = await repo.getUnitRow(tx, unitId);
      if (!row || row.round_id !== round.id) throw new AppError('not_found', `评估项目“${round.name}”中没有编号为 ${unitId} 的单位`);
      const r = applyManualChange({ state: row.state, revision: row.revision, packageVersion: row.package_version }, input.change);
      if ('refused' in r) invalid(`“${row.name}”：${r.refused}`);
      rows.push({ row, next: r.state });
    }
    for (const { row, next } of rows) {
      const forfeit = next === 'forfeited' ? { forfeit_reason: reason, forfeit_at: unit.at, forfeit_by: unit.operator.name } : input.change === 'unforfeit' ? { forfeit_reason: null, forfeit_at: null, forfeit_by: null } : {};
      await repo.updateUnit(tx, row.id, { state: next, state_changed_at: unit.at, ...forfeit });
      unit.audit({
        ...unitEntity(round, row),
        action: 'update',
        summary: `${MANUAL_CHANGE_LABELS[input.change]}：“${row.name}”由“${UNIT_STATE_LABELS[row.state]}”改为“${UNIT_STATE_LABELS[next]}”${reason ? `，原因：${reason}` : ''}`,
        before: { state: row.state },
        after: { state: next, reason: reason || null },
      });
    }
    return { changed: rows.length };
  });
}

/** Extends a unit's deadline for a stage (see contract rounds.extend). */
export async function extendUnit(ctx: ServiceContext, input: { unitId: number; stageId: number; until: string; reason: string }): Promise<RoundUnit> {
  const roundId = await unitOfWork(ctx, async (tx, unit) => {
    const row = await repo.getUnitRow(tx, input.unitId);
    if (!row) throw new AppError('not_found', `找不到编号为 ${input.unitId} 的评估单位`);
    const stage = await repo.getStageRow(tx, input.stageId);
    if (!stage || stage.round_id !== row.round_id) throw new AppError('not_found', `该单位所在的评估项目中没有编号为 ${input.stageId} 的阶段`);
    if (input.until <= stage.ends_on) invalid(`延期至（${input.until}）应晚于“${stage.name}”阶段的截止日期 ${stage.ends_on}`);
    const round = await roundRow(tx, row.round_id);
    const previous = await repo.latestExtension(tx, row.id, stage.id);
    await repo.insertExtension(tx, { unit_id: row.id, stage_id: stage.id, until: input.until, reason: input.reason, created_at: unit.at, created_by: unit.operator.name });
    unit.audit({
      ...unitEntity(round, row),
      action: 'update',
      summary: `为“${row.name}”办理“${stage.name}”阶段延期至 ${input.until}，原因：${input.reason}`,
      before: { stage: stage.name, until: previous?.until ?? stage.ends_on },
      after: { stage: stage.name, until: input.until, reason: input.reason },
    });
    return row.round_id;
  });
  return (await unitsOfRound(reader(ctx), roundId)).find((u) => u.id === input.unitId)!;
}

/** Closes a stage; for the collecting stage, lists the units without a submission (see contract rounds.closeStage). */
export async function closeStage(ctx: ServiceContext, roundId: number, stageId: number): Promise<{ stage: Stage; withoutSubmission: RoundUnit[] }> {
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundRow(tx, roundId);
    const stage = await repo.getStageRow(tx, stageId);
    if (!stage || stage.round_id !== roundId) throw new AppError('not_found', `评估项目“${round.name}”中没有编号为 ${stageId} 的阶段`);
    if (stage.closed_at) invalid(`“${stage.name}”阶段已于 ${stage.closed_at.slice(0, 10)} 关闭`);
    await repo.updateStage(tx, stageId, { closed_at: unit.at, closed_by: unit.operator.name });
    unit.audit({ entityType: 'round', entityId: roundId, entityName: round.name, action: 'update', summary: `关闭评估项目“${round.name}”的“${stage.name}”阶段`, before: { stageClosed: `${stage.name}：未关闭` }, after: { stageClosed: `${stage.name}：已关闭` } });
  });
  const db = reader(ctx);
  const stage = repo.toStage((await repo.getStageRow(db, stageId))!);
  const withoutSubmission = stage.collects ? (await unitsOfRound(db, roundId)).filter((u) => u.revision === 0 && u.state !== 'forfeited') : [];
  return { stage, withoutSubmission };
}

/** Reopens a closed stage with a reason (see contract rounds.reopenStage). */
export async function reopenStage(ctx: ServiceContext, roundId: number, stageId: number, reason: string): Promise<Stage> {
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundRow(tx, roundId);
    const stage = await repo.getStageRow(tx, stageId);
    if (!stage || stage.round_id !== roundId) throw new AppError('not_found', `评估项目“${round.name}”中没有编号为 ${stageId} 的阶段`);
    if (!stage.closed_at) invalid(`“${stage.name}”阶段尚未关闭`);
    await repo.updateStage(tx, stageId, { closed_at: null, closed_by: null });
    unit.audit({ entityType: 'round', entityId: roundId, entityName: round.name, action: 'update', summary: `重新开放评估项目“${round.name}”的“${stage.name}”阶段，原因：${reason}`, before: { stageClosed: `${stage.name}：已关闭` }, after: { stageClosed: `${stage.name}：未关闭`, reason } });
  });
  return repo.toStage((await repo.getStageRow(reader(ctx), stageId))!);
}

/** Deletes a round without submissions (see contract rounds.delete). */
export async function deleteRound(ctx: ServiceContext, id: number): Promise<{ deleted: boolean }> {
  return unitOfWork(ctx, async (tx, unit: Unit) => {
    const round = await roundRow(tx, id);
    const n = await repo.submissionCount(tx, id);
    if (n > 0) invalid(`评估项目“${round.name}”已收到 ${n} 份填报材料，不能删除`);
    const deleted = await repo.deleteRoundRow(tx, id);
    unit.audit({ entityType: 'round', entityId: id, entityName: round.name, action: 'delete', summary: `删除评估项目“${round.name}”`, before: { name: round.name, year: round.year } });
    return { deleted };
  });
}
