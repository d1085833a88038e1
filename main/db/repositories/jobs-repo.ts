/** 作业 rows (migration 0007): reads take any handle, writes take the unit of work's transaction. */
import BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { JobsTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type JobRow = Selectable<JobsTable>;

/** A new job as the service creates it. */
export interface NewJobRow {
  id: string;
  kind: string;
  title: string;
  parameters: string;
  state: string;
  total: number;
  operator_id: number | null;
  operator_name: string;
  runner: string;
  created_at: string;
}

/** Inserts a job row. */
export async function insertJob(tx: Tx, row: NewJobRow): Promise<void> {
  await tx.insertInto('jobs').values(row).execute();
}

/** Changes some columns of a job. */
export async function updateJob(tx: Tx, id: string, changes: Partial<Omit<JobRow, 'id' | 'kind' | 'created_at'>>): Promise<void> {
  await tx.updateTable('jobs').set(changes).where('id', '=', id).execute();
}

/** One job, or undefined. */
export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest jobs first (optionally of one kind). */
export async function listJobRows(db: Db, options: { kind?: string; limit: number }): Promise<JobRow[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (options.kind) q = q.where('kind', '=', options.kind);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** Jobs still 排队 or 运行中 (for the start-up check of jobs whose process is gone). */
export async function activeJobRows(db: Db): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('state', 'in', ['排队', '运行中']).execute();
}

/**
 * In a database copy (a 手动备份 being written): records the job that makes the copy as finished with
 * its file, so that restoring the copy later shows that job 已完成 rather than cut off by the restore.
 */
export function finishJobInCopy(copy: string, id: string, changes: { outputs: string; folder: string; finishedAt: string }): void {
  const db = new BetterSqlite3(copy);
  try {
    db.prepare("UPDATE jobs SET state = '已完成', done = total, message = NULL, outputs = ?, folder = ?, finished_at = ? WHERE id = ?").run(changes.outputs, changes.folder, changes.finishedAt, id);
  } finally {
    db.close();
  }
}
