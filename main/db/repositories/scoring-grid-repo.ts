/**
 * Round-wide reads for the 评分总表 (main/services/scoring/grid-service.ts): the current score of
 * every unit, leaf, kind and expert, and every unit's latest self-evaluation, each in one query for
 * the whole round — the per-unit reads of the score sheet would be 2 × 300 queries on a large round.
 */
import type { Db } from '../connection';

/** A current score: the latest row of its unit, leaf, kind and expert (answer null: withdrawn). */
export interface CurrentScore {
  unit_id: number;
  node_id: string;
  kind: 'office' | 'expert' | 'final';
  round_expert_id: number | null;
  answer: string | null;
}

/**
 * The current score of every slot of the round's units. round_scores is append-only, so the
 * latest row (highest id) of a slot is current; the index round_scores_item covers the grouping.
 */
export async function currentScoresOfRound(db: Db, roundId: number): Promise<CurrentScore[]> {
  return db
    .selectFrom('round_scores as s')
    .select(['s.unit_id', 's.node_id', 's.kind', 's.round_expert_id', 's.answer'])
    .where('s.id', 'in', (eb) =>
      eb
        .selectFrom('round_scores as m')
        .select((x) => x.fn.max('m.id').as('id'))
        .where('m.unit_id', 'in', (u) => u.selectFrom('round_units').select('id').where('round_id', '=', roundId))
        .groupBy(['m.unit_id', 'm.node_id', 'm.kind', 'm.round_expert_id']),
    )
    .orderBy('s.id')
    .execute();
}

/** The latest revision's stored data (JSON, see rounds contract SubmissionData) of every unit of the round that submitted. */
export async function latestSubmissionsOfRound(db: Db, roundId: number): Promise<{ unit_id: number; revision: number; data: string }[]> {
  return db
    .selectFrom('round_submissions as s')
    .innerJoin('round_units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 's.revision', 's.data'])
    .where('u.round_id', '=', roundId)
    .where(({ eb, selectFrom }) => eb('s.revision', '=', selectFrom('round_submissions as m').select((x) => x.fn.max('m.revision').as('r')).whereRef('m.unit_id', '=', 's.unit_id')))
    .execute();
}
