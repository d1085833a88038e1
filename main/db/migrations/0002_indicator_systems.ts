import { sql, type Kysely } from 'kysely';

/**
 * Indicator systems (指标体系) by stable key + version, and results stored under the version
 * they were computed with. Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // `data` holds the full canonical system JSON; key/version/state/name/level are copied out
  // so lists and uniqueness do not need to parse JSON.
  await sql`CREATE TABLE indicator_systems (
    id INTEGER PRIMARY KEY,
    system_key TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'archived')),
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    archived_at TEXT,
    UNIQUE (system_key, version)
  ) STRICT`.execute(db);
  // A result keeps a reference to the version row AND a snapshot of the system it was computed
  // with, so it stays reproducible even if that row was a draft edited later. RESTRICT: a
  // version with stored results cannot be deleted.
  await sql`CREATE TABLE indicator_results (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES indicator_systems(id) ON DELETE RESTRICT,
    system_key TEXT NOT NULL,
    system_version INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'trial',
    label TEXT NOT NULL,
    input TEXT NOT NULL,
    result TEXT NOT NULL,
    system_snapshot TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX indicator_results_system ON indicator_results (system_id)`.execute(db);
}
