import { sql, type Kysely } from 'kysely';

/**
 * 评估项目 (evaluation rounds, issue 11): a round, its stages, the units taking part, per-unit
 * deadline extensions, the revisions each unit submitted (append-only) with the files they carried,
 * and the office's queries (退回修改).
 *
 * - A round freezes one published indicator-system version (`system_id` + the sha256 of its
 *   canonical JSON): packages and submissions are read against exactly that version.
 * - `secret` signs the round's packages (HMAC); it never leaves the database except inside a
 *   signature. `uid` tells this installation's rounds from another's.
 * - Units copy their name and school type when the round is created, so a later rename in the
 *   register does not change what the round issued; `code` is the 报送编码 printed in the notice.
 * - No ON DELETE CASCADE from the register: a school or campus that took part in a round cannot be
 *   deleted silently with its outcome (the delete is refused and says why).
 * - Submissions are never updated or deleted: a correction is a new revision. Their files refer to
 *   the content-addressed store (`blobs`), so the blob sweep keeps them.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    evaluator_kind TEXT NOT NULL CHECK (evaluator_kind IN ('office', 'third_party')),
    evaluator_name TEXT NOT NULL,
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('school', 'partnership', 'county')),
    system_id INTEGER NOT NULL REFERENCES indicator_systems(id),
    system_hash TEXT NOT NULL,
    secret TEXT NOT NULL,
    late_policy TEXT NOT NULL CHECK (late_policy IN ('refuse', 'accept')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE round_stages (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    collects INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT,
    closed_by TEXT,
    UNIQUE (round_id, position)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE round_units (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    campus_id INTEGER REFERENCES campuses(id),
    name TEXT NOT NULL,
    school_type TEXT NOT NULL,
    code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'issued', 'submitted', 'returned', 'confirmed', 'forfeited')),
    revision INTEGER NOT NULL DEFAULT 0,
    package_version INTEGER NOT NULL DEFAULT 0,
    package_id TEXT,
    issued_at TEXT,
    last_import_at TEXT,
    late INTEGER NOT NULL DEFAULT 0,
    forfeit_reason TEXT,
    forfeit_at TEXT,
    forfeit_by TEXT,
    state_changed_at TEXT NOT NULL,
    UNIQUE (round_id, code)
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX round_units_unit ON round_units (round_id, school_id, IFNULL(campus_id, 0))`.execute(db);
  // Deleting a school or campus checks these foreign keys: without the indexes, a full scan each.
  await sql`CREATE INDEX round_units_school ON round_units (school_id)`.execute(db);
  await sql`CREATE INDEX round_units_campus ON round_units (campus_id)`.execute(db);
  await sql`CREATE TABLE round_extensions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    stage_id INTEGER NOT NULL REFERENCES round_stages(id) ON DELETE CASCADE,
    until TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_extensions_unit ON round_extensions (unit_id, stage_id)`.execute(db);
  await sql`CREATE TABLE round_submissions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL CHECK (revision > 0),
    package_id TEXT NOT NULL,
    package_version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    source_name TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    late INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    UNIQUE (unit_id, revision)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE round_submission_files (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES round_submissions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('workbook', 'report', 'evidence')),
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    node_id TEXT,
    blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    bytes INTEGER NOT NULL,
    mime_type TEXT,
    UNIQUE (submission_id, path)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_submission_files_blob ON round_submission_files (blob_sha256)`.execute(db);
  await sql`CREATE TABLE round_queries (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('indicator', 'statistic', 'report', 'evidence')),
    target_key TEXT,
    text TEXT NOT NULL,
    asked_revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    answered_revision INTEGER,
    closed_at TEXT,
    closed_by TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_queries_unit ON round_queries (unit_id)`.execute(db);
}
