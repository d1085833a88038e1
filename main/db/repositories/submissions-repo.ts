/** Revisions a unit submitted in a round, their files and the office's queries (migration 0011). */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { RoundQueriesTable, RoundSubmissionFilesTable, RoundSubmissionsTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type SubmissionRow = Selectable<RoundSubmissionsTable>;
export type FileRow = Selectable<RoundSubmissionFilesTable>;
export type QueryRow = Selectable<RoundQueriesTable>;

/** A unit's revisions, newest first. */
export async function submissionsOf(db: Db, unitId: number): Promise<SubmissionRow[]> {
  return db.selectFrom('round_submissions').selectAll().where('unit_id', '=', unitId).orderBy('revision', 'desc').execute();
}

/** A revision's files: the report first, then evidence by path. */
export async function filesOf(db: Db, submissionId: number): Promise<FileRow[]> {
  return db.selectFrom('round_submission_files').selectAll().where('submission_id', '=', submissionId).orderBy('role', 'desc').orderBy('path').execute();
}

export async function insertSubmission(tx: Tx, row: Insertable<RoundSubmissionsTable>): Promise<number> {
  const r = await tx.insertInto('round_submissions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Only while the unit of work that inserted it runs (warnings found after the insert); stored revisions are never changed. */
export async function updateSubmissionData(tx: Tx, id: number, data: string): Promise<void> {
  await tx.updateTable('round_submissions').set({ data }).where('id', '=', id).execute();
}

export async function insertFile(tx: Tx, row: Insertable<RoundSubmissionFilesTable>): Promise<void> {
  await tx.insertInto('round_submission_files').values(row).execute();
}

/** A unit's queries, newest first. */
export async function queriesOf(db: Db, unitId: number): Promise<QueryRow[]> {
  return db.selectFrom('round_queries').selectAll().where('unit_id', '=', unitId).orderBy('id', 'desc').execute();
}

export async function insertQuery(tx: Tx, row: Insertable<RoundQueriesTable>): Promise<number> {
  const r = await tx.insertInto('round_queries').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Marks the unit's open queries asked on an earlier revision as answered by `revision` and closes
 * them (the school's reply arrived as that revision); returns how many.
 */
export async function answerOpenQueries(tx: Tx, unitId: number, revision: number): Promise<number> {
  const r = await tx
    .updateTable('round_queries')
    .set({ answered_revision: revision, closed_at: new Date().toISOString(), closed_by: '学校提交新版本' })
    .where('unit_id', '=', unitId)
    .where('closed_at', 'is', null)
    .where('asked_revision', '<', revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function getQuery(db: Db, id: number): Promise<QueryRow | undefined> {
  return db.selectFrom('round_queries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Closes a query without an answer (withdrawn by the office). */
export async function closeQuery(tx: Tx, id: number, at: string, by: string): Promise<void> {
  await tx.updateTable('round_queries').set({ closed_at: at, closed_by: by }).where('id', '=', id).execute();
}
