import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * 整改进展包 (issue 14 item 6): a school's open rectification items out by USB and its progress back.
 *
 * - `rectification_package_key`: one row; `secret` signs every progress package's manifest (HMAC),
 *   as a round's `secret` signs its fill-in packages. The ledger is not tied to a round, so the key
 *   belongs to the installation; it never leaves the database except inside a backup.
 * - `rectification_package_imports`: every accepted package, per school a running `revision`; the
 *   package's identity and issue time (an older package than the latest accepted one is a
 *   conflict), the returned workbook by content (a blob: the sweep keeps it), and `data`, the JSON
 *   summary the 回执 prints (entries, moves, skipped rows, evidence files with size and SHA-256).
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE rectification_package_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`INSERT INTO rectification_package_key (id, secret, created_at) VALUES (1, ${randomBytes(32).toString('hex')}, ${new Date().toISOString()})`.execute(db);
  await sql`CREATE TABLE rectification_package_imports (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    school_name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    package_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    workbook_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    workbook_bytes INTEGER NOT NULL,
    source_name TEXT NOT NULL,
    data TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    UNIQUE (school_id, revision)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX rectification_package_imports_blob ON rectification_package_imports (workbook_sha256)`.execute(db);
}
