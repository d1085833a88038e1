import { sql, type Kysely } from 'kysely';

/**
 * A job's result (JSON), for kinds whose outcome is more than files: an import's report (counts,
 * rows, warnings), shown again in 作业记录 after the window that started it is gone.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE jobs ADD COLUMN result TEXT`.execute(db);
}
