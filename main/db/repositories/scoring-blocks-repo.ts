/**
 * Tables of 评估组 (migration 0014): round_blocks (a round's groups of indicators, in order, with
 * their node ids and methods as JSON arrays) and round_expert_blocks (the groups an expert of the
 * round works in; none: all). Plain reads and writes; rules live in main/services/scoring/blocks-service.ts.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { RoundBlocksTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type BlockRow = Selectable<RoundBlocksTable>;

/** A round's groups in their order. */
export async function blocksOf(db: Db, roundId: number): Promise<BlockRow[]> {
  return db.selectFrom('round_blocks').selectAll().where('round_id', '=', roundId).orderBy('position').orderBy('id').execute();
}

export async function insertBlock(tx: Tx, row: Omit<BlockRow, 'id'>): Promise<number> {
  return (await tx.insertInto('round_blocks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateBlock(tx: Tx, id: number, patch: Partial<Omit<BlockRow, 'id' | 'round_id'>>): Promise<void> {
  await tx.updateTable('round_blocks').set(patch).where('id', '=', id).execute();
}

/** Removes groups (their expert assignments go with them: ON DELETE CASCADE). */
export async function deleteBlocks(tx: Tx, ids: readonly number[]): Promise<void> {
  if (ids.length) await tx.deleteFrom('round_blocks').where('id', 'in', ids).execute();
}

/** Every (round expert, group) pair of a round. */
export async function expertBlocksOf(db: Db, roundId: number): Promise<{ round_expert_id: number; block_id: number }[]> {
  return db
    .selectFrom('round_expert_blocks as x')
    .innerJoin('round_blocks as b', 'b.id', 'x.block_id')
    .select(['x.round_expert_id', 'x.block_id'])
    .where('b.round_id', '=', roundId)
    .orderBy('b.position')
    .orderBy('b.id')
    .execute();
}

/** Replaces the groups of one round expert. */
export async function setExpertBlocks(tx: Tx, roundExpertId: number, blockIds: readonly number[]): Promise<void> {
  await tx.deleteFrom('round_expert_blocks').where('round_expert_id', '=', roundExpertId).execute();
  if (blockIds.length) await tx.insertInto('round_expert_blocks').values(blockIds.map((block_id) => ({ round_expert_id: roundExpertId, block_id }))).execute();
}
