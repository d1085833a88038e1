import { sql, type Kysely } from 'kysely';

/** Frozen in time: imports nothing from the app. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE schools (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE,
    name TEXT NOT NULL UNIQUE,
    short_name TEXT,
    type TEXT NOT NULL,
    ownership TEXT NOT NULL,
    locality TEXT NOT NULL,
    township TEXT,
    address TEXT,
    principal TEXT,
    contact TEXT,
    status TEXT NOT NULL,
    closed_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE campuses (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT,
    evaluated_separately INTEGER NOT NULL DEFAULT 0,
    UNIQUE (school_id, name)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE school_stats (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    campus_id INTEGER REFERENCES campuses(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX school_stats_key ON school_stats (school_id, IFNULL(campus_id, 0), year)`.execute(db);
  await sql`CREATE INDEX school_stats_year ON school_stats (year)`.execute(db);
  await sql`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    summary TEXT NOT NULL,
    before TEXT,
    after TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)`.execute(db);
  await sql`CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`.execute(db);
}
