/**
 * The append-only table of experts' and the office's opinions (round_opinions, migration 0014).
 * Plain reads and writes; what is current, who may write and what an opinion may be about live in
 * main/services/scoring/opinions-service.ts.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { RoundOpinionsTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type OpinionRow = Selectable<RoundOpinionsTable>;

/** Every opinion row of a unit (all versions, withdrawals included), oldest first. */
export async function opinionRowsOfUnit(db: Db, unitId: number): Promise<OpinionRow[]> {
  return db.selectFrom('round_opinions').selectAll().where('unit_id', '=', unitId).orderBy('id').execute();
}

/** Every opinion row of a round's units (all versions, withdrawals included), oldest first. */
export async function opinionRowsOfRound(db: Db, roundId: number): Promise<OpinionRow[]> {
  return db
    .selectFrom('round_opinions as o')
    .innerJoin('round_units as u', 'u.id', 'o.unit_id')
    .selectAll('o')
    .where('u.round_id', '=', roundId)
    .orderBy('o.id')
    .execute();
}

export async function getOpinionRow(db: Db, id: number): Promise<OpinionRow | undefined> {
  return db.selectFrom('round_opinions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row that replaces `id` (its next version or its withdrawal), if any: a row with none is its chain's latest. */
export async function replacementOf(db: Db, id: number): Promise<OpinionRow | undefined> {
  return db.selectFrom('round_opinions').selectAll().where('replaces', '=', id).executeTakeFirst();
}

export async function insertOpinion(tx: Tx, row: Omit<OpinionRow, 'id'>): Promise<number> {
  return (await tx.insertInto('round_opinions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
