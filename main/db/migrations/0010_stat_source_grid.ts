import { sql, type Kysely } from 'kysely';

/**
 * A statistics value can come from the year grid (统计数据（按年度）, several schools saved at once):
 * `stat_value_log.source_kind` admits 'grid' beside the kinds of migration 0006. SQLite cannot alter
 * a CHECK constraint, so the table is rebuilt with the same columns, rows (ids kept, so history
 * order is unchanged) and index.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE stat_value_log_next (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    campus_id INTEGER REFERENCES campuses(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    source_kind TEXT NOT NULL CHECK (source_kind IN ('legacy', 'manual', 'import', 'override', 'submission', 'demo', 'grid')),
    operator_name TEXT,
    file_name TEXT,
    file_sha256 TEXT,
    batch_id TEXT,
    at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`INSERT INTO stat_value_log_next (id, school_id, campus_id, year, field, value, source_kind, operator_name, file_name, file_sha256, batch_id, at)
    SELECT id, school_id, campus_id, year, field, value, source_kind, operator_name, file_name, file_sha256, batch_id, at FROM stat_value_log`.execute(db);
  await sql`DROP TABLE stat_value_log`.execute(db);
  await sql`ALTER TABLE stat_value_log_next RENAME TO stat_value_log`.execute(db);
  await sql`CREATE INDEX stat_value_log_key ON stat_value_log (school_id, IFNULL(campus_id, 0), year, field, id)`.execute(db);
}
