import { sql, type Kysely } from 'kysely';

/**
 * Scoring (issue 12): the experts an office works with, a round's scoring settings, the experts
 * taking part in a round and the units each scores, and every score given.
 *
 * - `experts`: the office's list (name, organisation, speciality), shared by its rounds.
 * - `round_scoring`: one row per round that has scoring settings: how experts' scores are
 *   reconciled (shared/domain/scoring/reconcile.ts: rule, how many highest and lowest a trimmed mean
 *   drops, the tolerance of consensus in points), the departure from the self-evaluation (points)
 *   beyond which a final score needs a reason (null: never), and the ranking's tie rule.
 * - `round_experts` / `round_expert_units`: who scores in the round, and which units.
 * - `round_scores`: append-only. Every score given — the office's initial score, an expert's, the
 *   agreed final one — is a new row with its scorer, time, note and the evidence viewed; the current
 *   score of a (unit, leaf, kind, expert) is its latest row, a withdrawn one has no answer. Nothing is
 *   updated in place, so every change keeps its history.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE experts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    speciality TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX experts_identity ON experts (name, organisation)`.execute(db);
  await sql`CREATE TABLE round_scoring (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    rule TEXT NOT NULL CHECK (rule IN ('mean', 'median', 'trimmed_mean', 'consensus')),
    trim INTEGER NOT NULL DEFAULT 1 CHECK (trim >= 1),
    tolerance REAL NOT NULL DEFAULT 0 CHECK (tolerance >= 0),
    departure_threshold REAL CHECK (departure_threshold IS NULL OR departure_threshold >= 0),
    tie_rule TEXT NOT NULL DEFAULT 'competition' CHECK (tie_rule IN ('competition', 'dense'))
  ) STRICT`.execute(db);
  await sql`CREATE TABLE round_experts (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    expert_id INTEGER NOT NULL REFERENCES experts(id),
    UNIQUE (round_id, expert_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_experts_expert ON round_experts (expert_id)`.execute(db);
  await sql`CREATE TABLE round_expert_units (
    round_expert_id INTEGER NOT NULL REFERENCES round_experts(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    PRIMARY KEY (round_expert_id, unit_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_expert_units_unit ON round_expert_units (unit_id)`.execute(db);
  await sql`CREATE TABLE round_scores (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('office', 'expert', 'final')),
    round_expert_id INTEGER REFERENCES round_experts(id),
    answer TEXT,
    note TEXT NOT NULL DEFAULT '',
    evidence_viewed TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK ((kind = 'expert') = (round_expert_id IS NOT NULL))
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_scores_item ON round_scores (unit_id, node_id, kind, round_expert_id, id)`.execute(db);
  await sql`CREATE INDEX round_scores_expert ON round_scores (round_expert_id)`.execute(db);
}
