/**
 * Lock events and stored results of units' scores (migration 0014: round_unit_locks,
 * round_results). Both append-only: nothing here updates or deletes a row.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { RoundResultsTable, RoundUnitLocksTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type LockRow = Selectable<RoundUnitLocksTable>;
export type ResultRow = Selectable<RoundResultsTable>;

/** A unit's lock events, newest first. */
export async function locksOf(db: Db, unitId: number): Promise<LockRow[]> {
  return db.selectFrom('round_unit_locks').selectAll().where('unit_id', '=', unitId).orderBy('id', 'desc').execute();
}

/** The latest lock event of every unit of a round that has one, by unit id. */
export async function latestLocksOfRound(db: Db, roundId: number): Promise<Map<number, LockRow>> {
  const rows = await db
    .selectFrom('round_unit_locks as l')
    .innerJoin('round_units as u', 'u.id', 'l.unit_id')
    .selectAll('l')
    .where('u.round_id', '=', roundId)
    .where(({ eb, selectFrom }) => eb('l.id', '=', selectFrom('round_unit_locks as m').select((x) => x.fn.max('m.id').as('id')).whereRef('m.unit_id', '=', 'l.unit_id')))
    .execute();
  return new Map(rows.map((r) => [r.unit_id, r]));
}

export async function insertLock(tx: Tx, row: Insertable<RoundUnitLocksTable>): Promise<number> {
  return (await tx.insertInto('round_unit_locks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertResult(tx: Tx, row: Insertable<RoundResultsTable>): Promise<number> {
  return (await tx.insertInto('round_results').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A unit's stored results, newest first. */
export async function resultsOf(db: Db, unitId: number): Promise<ResultRow[]> {
  return db.selectFrom('round_results').selectAll().where('unit_id', '=', unitId).orderBy('id', 'desc').execute();
}

/** The results of a round whose lock is still the unit's latest lock event (the current ones), by unit id. */
export async function currentResultsOfRound(db: Db, roundId: number): Promise<Map<number, ResultRow>> {
  const latest = await latestLocksOfRound(db, roundId);
  const lockIds = [...latest.values()].filter((l) => l.locked === 1).map((l) => l.id);
  if (lockIds.length === 0) return new Map();
  const out = new Map<number, ResultRow>();
  // Chunked: SQLite limits bound parameters, and a round may have thousands of units.
  for (let i = 0; i < lockIds.length; i += 500) {
    const rows = await db.selectFrom('round_results').selectAll().where('lock_id', 'in', lockIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.unit_id, r);
  }
  return out;
}
