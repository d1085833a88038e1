import { sql, type Kysely } from 'kysely';

/**
 * Balance (资源配置与校际均衡): per-school manual overrides of indicator numerators or per-section
 * teacher counts, kept per statistics year and shown with the figures they replace. The balance
 * options (split weights, teaching-point size, default profile) live in `settings`.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // target_kind 'indicator': target is an indicator code (L4, B5…) and value is that section's
  // numerator in real units; 'field': target is a per-section teacher field key.
  await sql`CREATE TABLE balance_overrides (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    section TEXT NOT NULL CHECK (section IN ('primary', 'junior')),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('indicator', 'field')),
    target TEXT NOT NULL,
    value REAL NOT NULL CHECK (value >= 0),
    note TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (school_id, year, section, target)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX balance_overrides_year ON balance_overrides (year)`.execute(db);
}
