/**
 * Tables of scoring (migration 0013): experts, round_scoring, round_experts, round_expert_units and
 * the append-only round_scores. Plain reads and writes; rules live in main/services/scoring/.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { ExpertsTable, RoundExpertSubmissionsTable, RoundScoresTable, RoundScoringTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type ExpertRow = Selectable<ExpertsTable>;
export type ScoreRowData = Selectable<RoundScoresTable>;
export type ScoringSettingsRow = Selectable<RoundScoringTable>;

/** Every expert with the number of rounds they take part in, by name. */
export async function listExperts(db: Db): Promise<(ExpertRow & { rounds: number })[]> {
  return db
    .selectFrom('experts as e')
    .leftJoin('round_experts as r', 'r.expert_id', 'e.id')
    .selectAll('e')
    .select((eb) => eb.fn.count<number>('r.id').as('rounds'))
    .groupBy('e.id')
    .orderBy('e.name')
    .orderBy('e.id')
    .execute();
}

export async function getExpert(db: Db, id: number): Promise<ExpertRow | undefined> {
  return db.selectFrom('experts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findExpert(db: Db, name: string, organisation: string): Promise<ExpertRow | undefined> {
  return db.selectFrom('experts').selectAll().where('name', '=', name).where('organisation', '=', organisation).executeTakeFirst();
}

export async function insertExpert(tx: Tx, row: Omit<ExpertRow, 'id'>): Promise<number> {
  return (await tx.insertInto('experts').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateExpert(tx: Tx, id: number, patch: Partial<Omit<ExpertRow, 'id' | 'created_at' | 'created_by'>>): Promise<void> {
  await tx.updateTable('experts').set(patch).where('id', '=', id).execute();
}

export async function getSettings(db: Db, roundId: number): Promise<ScoringSettingsRow | undefined> {
  return db.selectFrom('round_scoring').selectAll().where('round_id', '=', roundId).executeTakeFirst();
}

export async function putSettings(tx: Tx, row: ScoringSettingsRow): Promise<void> {
  const { round_id: _id, ...set } = row;
  await tx
    .insertInto('round_scoring')
    .values(row)
    .onConflict((oc) => oc.column('round_id').doUpdateSet(set))
    .execute();
}

/** The round's experts (round_experts.id as `roundExpertId`) with the units each scores. */
export async function roundExperts(db: Db, roundId: number): Promise<{ roundExpertId: number; expert: ExpertRow; unitIds: number[] }[]> {
  const rows = await db.selectFrom('round_experts as r').innerJoin('experts as e', 'e.id', 'r.expert_id').selectAll('e').select('r.id as round_expert_id').where('r.round_id', '=', roundId).orderBy('e.name').orderBy('e.id').execute();
  const units = rows.length
    ? await db
        .selectFrom('round_expert_units')
        .select(['round_expert_id', 'unit_id'])
        .where(
          'round_expert_id',
          'in',
          rows.map((r) => r.round_expert_id),
        )
        .orderBy('unit_id')
        .execute()
    : [];
  return rows.map(({ round_expert_id, ...expert }) => ({ roundExpertId: round_expert_id, expert, unitIds: units.filter((u) => u.round_expert_id === round_expert_id).map((u) => u.unit_id) }));
}

export async function ensureRoundExpert(tx: Tx, roundId: number, expertId: number): Promise<number> {
  const found = await tx.selectFrom('round_experts').select('id').where('round_id', '=', roundId).where('expert_id', '=', expertId).executeTakeFirst();
  if (found) return found.id;
  return (await tx.insertInto('round_experts').values({ round_id: roundId, expert_id: expertId }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setExpertUnits(tx: Tx, roundExpertId: number, unitIds: readonly number[]): Promise<void> {
  await tx.deleteFrom('round_expert_units').where('round_expert_id', '=', roundExpertId).execute();
  if (unitIds.length) await tx.insertInto('round_expert_units').values(unitIds.map((unit_id) => ({ round_expert_id: roundExpertId, unit_id }))).execute();
}

export async function deleteRoundExpert(tx: Tx, roundExpertId: number): Promise<void> {
  await tx.deleteFrom('round_experts').where('id', '=', roundExpertId).execute();
}

/** How many scores and opinions (round_opinions, issue 12 item 6) name a round's expert: one who has any stays on the round. */
export async function scoreCountOf(db: Db, roundExpertId: number): Promise<number> {
  const r = await db.selectFrom('round_scores').select((eb) => eb.fn.countAll<number>().as('n')).where('round_expert_id', '=', roundExpertId).executeTakeFirstOrThrow();
  const o = await db.selectFrom('round_opinions').select((eb) => eb.fn.countAll<number>().as('n')).where('round_expert_id', '=', roundExpertId).executeTakeFirstOrThrow();
  return Number(r.n) + Number(o.n);
}

/** Every score row of a unit, oldest first (the latest of each unit, leaf, kind and expert is current). */
export async function scoresOf(db: Db, unitId: number): Promise<ScoreRowData[]> {
  return db.selectFrom('round_scores').selectAll().where('unit_id', '=', unitId).orderBy('id').execute();
}

export async function insertScore(tx: Tx, row: Omit<ScoreRowData, 'id'>): Promise<number> {
  return (await tx.insertInto('round_scores').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export type ExpertSubmissionRow = Selectable<RoundExpertSubmissionsTable>;

/** An expert's accepted package revisions, newest first. */
export async function expertSubmissionsOf(db: Db, roundExpertId: number): Promise<ExpertSubmissionRow[]> {
  return db.selectFrom('round_expert_submissions').selectAll().where('round_expert_id', '=', roundExpertId).orderBy('revision', 'desc').execute();
}

export async function insertExpertSubmission(tx: Tx, row: Insertable<RoundExpertSubmissionsTable>): Promise<number> {
  return (await tx.insertInto('round_expert_submissions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** An expert's current scores in a round (the latest row per unit and leaf), keyed `unitId|nodeId`; withdrawn ones have a null answer. */
export async function currentExpertScores(db: Db, roundExpertId: number): Promise<Map<string, { answer: Record<string, unknown> | null; note: string }>> {
  const rows = await db.selectFrom('round_scores').select(['unit_id', 'node_id', 'answer', 'note']).where('round_expert_id', '=', roundExpertId).where('kind', '=', 'expert').orderBy('id').execute();
  const out = new Map<string, { answer: Record<string, unknown> | null; note: string }>();
  for (const r of rows) out.set(`${r.unit_id}|${r.node_id}`, { answer: r.answer === null ? null : (JSON.parse(r.answer) as Record<string, unknown>), note: r.note });
  return out;
}
