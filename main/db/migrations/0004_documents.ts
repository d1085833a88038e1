import { sql, type Kysely } from 'kysely';

/**
 * Official documents (公文): the document-number register (发文登记). Every number handed out is a
 * row that is never deleted, so the next number of a series is always MAX(seq) + 1 and a number
 * is never issued twice — also when rendering the document failed after the number was taken.
 * A series is one 机关代字 (prefix) in one year. The office settings (发文机关, 文号格式, 印发机关,
 * 抄送, 署名) are one JSON value in `settings` under 'documents.office'.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // status: reserved = handed out, no document generated yet; used = a document carries it;
  // void = withdrawn by the office (kept, never reissued).
  await sql`CREATE TABLE document_numbers (
    id INTEGER PRIMARY KEY,
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    number_text TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'notice',
    status TEXT NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'used', 'void')),
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    used_at TEXT,
    UNIQUE (prefix, year, seq),
    UNIQUE (number_text)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX document_numbers_year ON document_numbers (year)`.execute(db);
}
