import { sql, type Kysely } from 'kysely';

/**
 * 佐证材料 (attachments): evidence an office keeps for a school's yearly statistics (scans, photos,
 * PDFs). The file contents live in the content-addressed store under the data directory
 * (`blobs/aa/bb/<sha256>`, main/files/blob-store.ts); the database holds what refers to them.
 *
 * - `blobs`: one row per stored content (sha256 = the file's name in the store), so an attachment
 *   can only name a blob the database knows; rows no attachment uses are removed by the sweep,
 *   together with their files.
 * - `attachments`: one row per file of a school's year. The same content is attached to a
 *   school-year once (UNIQUE school_id, year, blob_sha256; its prefix also serves listing a
 *   school-year); the same content on two schools is two rows and one blob.
 * - No ON DELETE CASCADE: evidence is never dropped silently with its school; a school with evidence
 *   cannot be deleted until the evidence is removed.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    year INTEGER NOT NULL,
    blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    file_name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    note TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX attachments_school_year ON attachments (school_id, year, blob_sha256)`.execute(db);
  // Deleting a blob row checks the foreign key from attachments: without this index, a full scan each.
  await sql`CREATE INDEX attachments_blob ON attachments (blob_sha256)`.execute(db);
}
