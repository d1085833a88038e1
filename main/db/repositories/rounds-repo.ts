/** 评估项目 (migration 0011): reads take any handle, writes take the unit of work's transaction. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Extension, RoundUnit, Stage } from '../../../shared/api/contracts/rounds';
import type { SchoolType } from '../../../shared/domain/schools/school-enums';
import type { Db } from '../connection';
import type { RoundExtensionsTable, RoundStagesTable, RoundsTable, RoundUnitsTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type RoundRow = Selectable<RoundsTable>;
export type StageRow = Selectable<RoundStagesTable>;
export type UnitRow = Selectable<RoundUnitsTable>;
export type ExtensionRow = Selectable<RoundExtensionsTable>;

export function toStage(r: StageRow): Stage {
  return { id: r.id, position: r.position, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, collects: r.collects === 1, closedAt: r.closed_at, closedBy: r.closed_by };
}

/** A unit row as the contract shows it, with its extensions (latest first), open queries and township. */
export function toRoundUnit(r: UnitRow, extra: { township: string | null; extensions: Extension[]; openQueries: number }): RoundUnit {
  return {
    id: r.id,
    roundId: r.round_id,
    schoolId: r.school_id,
    campusId: r.campus_id,
    name: r.name,
    schoolType: r.school_type as SchoolType,
    township: extra.township,
    code: r.code,
    state: r.state,
    revision: r.revision,
    packageVersion: r.package_version,
    issuedAt: r.issued_at,
    lastImportAt: r.last_import_at,
    late: r.late === 1,
    forfeit: r.forfeit_at ? { reason: r.forfeit_reason ?? '', at: r.forfeit_at, by: r.forfeit_by ?? '' } : null,
    extensions: extra.extensions,
    openQueries: extra.openQueries,
    stateChangedAt: r.state_changed_at,
  };
}

export async function listRoundRows(db: Db): Promise<RoundRow[]> {
  return db.selectFrom('rounds').selectAll().orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

export async function getRoundRow(db: Db, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRoundByName(db: Db, name: string): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findRoundByUid(db: Db, uid: string): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('uid', '=', uid).executeTakeFirst();
}

export async function stagesOf(db: Db, roundIds: readonly number[]): Promise<StageRow[]> {
  if (roundIds.length === 0) return [];
  return db.selectFrom('round_stages').selectAll().where('round_id', 'in', roundIds).orderBy('round_id').orderBy('position').execute();
}

export async function getStageRow(db: Db, id: number): Promise<StageRow | undefined> {
  return db.selectFrom('round_stages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function unitsOf(db: Db, roundId: number): Promise<UnitRow[]> {
  return db.selectFrom('round_units').selectAll().where('round_id', '=', roundId).orderBy('code').execute();
}

export async function getUnitRow(db: Db, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('round_units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Units per state of each round, for the list. */
export async function unitCounts(db: Db): Promise<{ round_id: number; state: UnitRow['state']; n: number }[]> {
  return db
    .selectFrom('round_units')
    .select(['round_id', 'state'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['round_id', 'state'])
    .execute();
}

export async function extensionsOf(db: Db, roundId: number): Promise<(ExtensionRow & { stage_name: string })[]> {
  return db
    .selectFrom('round_extensions as e')
    .innerJoin('round_units as u', 'u.id', 'e.unit_id')
    .innerJoin('round_stages as s', 's.id', 'e.stage_id')
    .selectAll('e')
    .select('s.name as stage_name')
    .where('u.round_id', '=', roundId)
    .orderBy('e.id', 'desc')
    .execute();
}

/** Open queries per unit of a round. */
export async function openQueryCounts(db: Db, roundId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('round_queries as q')
    .innerJoin('round_units as u', 'u.id', 'q.unit_id')
    .select('q.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('u.round_id', '=', roundId)
    .where('q.closed_at', 'is', null)
    .groupBy('q.unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unit_id, r.n]));
}

/** How many submissions (revisions) the round's units hold. */
export async function submissionCount(db: Db, roundId: number): Promise<number> {
  const r = await db
    .selectFrom('round_submissions as s')
    .innerJoin('round_units as u', 'u.id', 's.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('u.round_id', '=', roundId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Names of the rounds a school (or one campus) takes part in: deleting it would lose their outcome. */
export async function roundsOfSchool(db: Db, filter: { schoolId?: number; campusId?: number }): Promise<string[]> {
  let q = db.selectFrom('round_units as u').innerJoin('rounds as r', 'r.id', 'u.round_id').select('r.name').distinct();
  if (filter.schoolId !== undefined) q = q.where('u.school_id', '=', filter.schoolId);
  if (filter.campusId !== undefined) q = q.where('u.campus_id', '=', filter.campusId);
  return (await q.orderBy('r.name').execute()).map((r) => r.name);
}

export async function insertRound(tx: Tx, row: Insertable<RoundsTable>): Promise<number> {
  const r = await tx.insertInto('rounds').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRound(tx: Tx, id: number, patch: Updateable<RoundsTable>): Promise<void> {
  await tx.updateTable('rounds').set(patch).where('id', '=', id).execute();
}

export async function deleteRoundRow(tx: Tx, id: number): Promise<boolean> {
  const r = await tx.deleteFrom('rounds').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertStage(tx: Tx, row: Insertable<RoundStagesTable>): Promise<number> {
  const r = await tx.insertInto('round_stages').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateStage(tx: Tx, id: number, patch: Updateable<RoundStagesTable>): Promise<void> {
  await tx.updateTable('round_stages').set(patch).where('id', '=', id).execute();
}

export async function deleteStage(tx: Tx, id: number): Promise<void> {
  await tx.deleteFrom('round_stages').where('id', '=', id).execute();
}

export async function insertUnit(tx: Tx, row: Insertable<RoundUnitsTable>): Promise<number> {
  const r = await tx.insertInto('round_units').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUnit(tx: Tx, id: number, patch: Updateable<RoundUnitsTable>): Promise<void> {
  await tx.updateTable('round_units').set(patch).where('id', '=', id).execute();
}

export async function deleteUnit(tx: Tx, id: number): Promise<void> {
  await tx.deleteFrom('round_units').where('id', '=', id).execute();
}

export async function insertExtension(tx: Tx, row: Insertable<RoundExtensionsTable>): Promise<void> {
  await tx.insertInto('round_extensions').values(row).execute();
}

/** The extension in force for a unit and stage (the latest recorded), if any. */
export async function latestExtension(db: Db, unitId: number, stageId: number): Promise<ExtensionRow | undefined> {
  return db.selectFrom('round_extensions').selectAll().where('unit_id', '=', unitId).where('stage_id', '=', stageId).orderBy('id', 'desc').executeTakeFirst();
}
