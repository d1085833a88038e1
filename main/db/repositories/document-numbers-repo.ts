import { sql, type Selectable } from 'kysely';
import type { DocumentNumber } from '../../../shared/api/contracts/documents';
import type { Db } from '../connection';
import type { DocumentNumbersTable } from '../schema';

function toDto(r: Selectable<DocumentNumbersTable>): DocumentNumber {
  return {
    id: r.id,
    prefix: r.prefix,
    year: r.year,
    seq: r.seq,
    number: r.number_text,
    title: r.title,
    kind: r.kind,
    status: r.status as DocumentNumber['status'],
    issuedAt: r.issued_at,
    issuedBy: r.issued_by,
    usedAt: r.used_at,
  };
}

export interface NextNumberRequest {
  prefix: string;
  year: number;
  title: string;
  kind: string;
  at: string;
  by: string;
  /** The printed number for a sequence number, from the office's pattern. */
  format(seq: number): string;
}

/**
 * Takes the next number of a series. The sequence is computed and inserted in one statement, so
 * two writers (the app and a CLI run on the same file) can never take the same one: SQLite holds
 * the write lock for the whole INSERT … SELECT, and UNIQUE (prefix, year, seq) backs it up.
 * Call inside a transaction together with the audit entry.
 */
export async function insertNextNumber(db: Db, r: NextNumberRequest): Promise<DocumentNumber> {
  // A placeholder unique within the series keeps UNIQUE (number_text) satisfied until the
  // formatted text, which needs the sequence number, is written below.
  const inserted = await sql<{ id: number; seq: number }>`
    INSERT INTO document_numbers (prefix, year, seq, number_text, title, kind, status, issued_at, issued_by)
    SELECT ${r.prefix}, ${r.year}, COALESCE(MAX(seq), 0) + 1, ${`\u0000${r.prefix}\u0000${r.year}\u0000`} || (COALESCE(MAX(seq), 0) + 1),
           ${r.title}, ${r.kind}, 'reserved', ${r.at}, ${r.by}
    FROM document_numbers WHERE prefix = ${r.prefix} AND year = ${r.year}
    RETURNING id, seq`.execute(db);
  const { id, seq } = inserted.rows[0];
  await db.updateTable('document_numbers').set({ number_text: r.format(seq) }).where('id', '=', id).execute();
  return toDto(await db.selectFrom('document_numbers').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export interface GivenNumber {
  prefix: string;
  year: number;
  seq: number;
  number: string;
  title: string;
  kind: string;
  at: string;
  by: string;
}

/**
 * Enters a number typed by hand (reserved until its document is rendered). Returns undefined when
 * its text or its series position (prefix, year, seq) is already taken, so the caller can refuse
 * it by name; the UNIQUE constraints decide, not a prior read, so two writers cannot both enter it.
 */
export async function insertGivenNumber(db: Db, r: GivenNumber): Promise<DocumentNumber | undefined> {
  const inserted = await db
    .insertInto('document_numbers')
    .values({ prefix: r.prefix, year: r.year, seq: r.seq, number_text: r.number, title: r.title, kind: r.kind, status: 'reserved', issued_at: r.at, issued_by: r.by })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? getNumber(db, inserted.id) : undefined;
}

/** The register row holding a series position (prefix, year, seq), if any. */
export async function numberAt(db: Db, prefix: string, year: number, seq: number): Promise<DocumentNumber | undefined> {
  const row = await db.selectFrom('document_numbers').selectAll().where('prefix', '=', prefix).where('year', '=', year).where('seq', '=', seq).executeTakeFirst();
  return row ? toDto(row) : undefined;
}

export async function listNumbers(db: Db, filter: { year?: number; limit?: number } = {}): Promise<DocumentNumber[]> {
  let q = db.selectFrom('document_numbers').selectAll();
  if (filter.year !== undefined) q = q.where('year', '=', filter.year);
  const rows = await q.orderBy('year', 'desc').orderBy('prefix').orderBy('seq', 'desc').limit(filter.limit ?? 1000).execute();
  return rows.map(toDto);
}

export async function findNumber(db: Db, numberText: string): Promise<DocumentNumber | undefined> {
  const row = await db.selectFrom('document_numbers').selectAll().where('number_text', '=', numberText).executeTakeFirst();
  return row ? toDto(row) : undefined;
}

/** Every number of one `kind` that was not voided (a round's 通知 has a kind of its own), newest first. */
export async function numbersOfKind(db: Db, kind: string): Promise<DocumentNumber[]> {
  const rows = await db.selectFrom('document_numbers').selectAll().where('kind', '=', kind).where('status', '!=', 'void').orderBy('id', 'desc').execute();
  return rows.map(toDto);
}

export async function getNumber(db: Db, id: number): Promise<DocumentNumber | undefined> {
  const row = await db.selectFrom('document_numbers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDto(row) : undefined;
}

export async function markNumberUsed(db: Db, id: number, title: string, kind: string, at: string): Promise<void> {
  await db.updateTable('document_numbers').set({ status: 'used', title, kind, used_at: at }).where('id', '=', id).execute();
}

export async function voidNumber(db: Db, id: number): Promise<void> {
  await db.updateTable('document_numbers').set({ status: 'void' }).where('id', '=', id).execute();
}
