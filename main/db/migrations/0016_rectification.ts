import { sql, type Kysely } from 'kysely';

/**
 * 整改台账 (issue 14).
 *
 * - `rectification_items`: one row per problem. `source_key` is the identity of an origin found in
 *   data (unique when not null), so proposing and confirming the same batch twice adds nothing;
 *   `source` is the JSON link to the origin (round, unit, indicator, year, figures at the time).
 *   The owner is a school of the register (`owner_school_id`) or a department (`owner_name` only).
 *   `state` is one of 未启动/整改中/已完成待核验/已销号; 逾期 is derived from `deadline`, never stored.
 *   `reported_*` is who reported completion (operator id null: the data re-check); `verified_*` the
 *   last verification; `recheck` the last data re-check (JSON). `version` guards concurrent edits.
 * - `rectification_events`: the item's history, append-only: created, edits, progress entries, moves
 *   (with reason), verifications, data re-checks, package imports.
 * - `rectification_files`: evidence files of an event, by content (blobs): the sweep keeps them.
 * - `rectification_numbers`: the running number per year of entry (编号 2026-001).
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE rectification_items (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    source_kind TEXT NOT NULL,
    source_key TEXT UNIQUE,
    source TEXT NOT NULL,
    round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL,
    year INTEGER,
    problem TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    owner_school_id INTEGER REFERENCES schools(id) ON DELETE SET NULL,
    owner_name TEXT NOT NULL,
    cooperating TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    severity TEXT NOT NULL DEFAULT 'minor',
    state TEXT NOT NULL DEFAULT 'not_started',
    reported_by_id INTEGER,
    reported_by TEXT,
    reported_at TEXT,
    verified_by TEXT,
    verified_at TEXT,
    verified_on TEXT,
    verified_passed INTEGER,
    verified_result TEXT,
    closed_on TEXT,
    remarks TEXT NOT NULL DEFAULT '',
    recheck TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
  ) STRICT`.execute(db);
  await sql`CREATE INDEX rectification_items_owner ON rectification_items (owner_name)`.execute(db);
  await sql`CREATE INDEX rectification_items_state ON rectification_items (state, deadline)`.execute(db);
  await sql`CREATE TABLE rectification_events (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES rectification_items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    action TEXT,
    from_state TEXT,
    to_state TEXT,
    date TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    operator_id INTEGER,
    by TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX rectification_events_item ON rectification_events (item_id, id)`.execute(db);
  await sql`CREATE TABLE rectification_files (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES rectification_events(id) ON DELETE CASCADE,
    blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    file_name TEXT NOT NULL,
    bytes INTEGER NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX rectification_files_event ON rectification_files (event_id)`.execute(db);
  await sql`CREATE INDEX rectification_files_blob ON rectification_files (blob_sha256)`.execute(db);
  await sql`CREATE TABLE rectification_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
  ) STRICT`.execute(db);
}
