import { sql, type Kysely } from 'kysely';

/**
 * 一校一案 (issue 13 item 5): which stored result each generated per-unit conclusion came from.
 *
 * - `round_conclusions`: one row per unit per generation (append-only): the unit, the stored result
 *   (round_results.id) the conclusion was written from, the job that generated it (null from a
 *   direct call), the files written (JSON array of names relative to the data directory, or plain
 *   file names when written to a folder the user chose) and when and by whom. A conclusion is
 *   outdated once its result is no longer the unit's current one (the unit was unlocked after).
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE round_conclusions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    result_id INTEGER NOT NULL REFERENCES round_results(id),
    job_id TEXT,
    files TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_conclusions_unit ON round_conclusions (unit_id, id)`.execute(db);
}
