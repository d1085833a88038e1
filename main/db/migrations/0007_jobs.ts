import { sql, type Kysely } from 'kysely';

/**
 * Jobs (作业): long work recorded as a row, so a user who navigates away, reloads or restarts finds
 * the job, its progress or its files again (作业记录).
 *
 * - `state` is one of 排队 / 运行中 / 已完成 / 已取消 / 失败 (stored in Chinese: it is what users read).
 * - `parameters`, `errors` and `outputs` are JSON; outputs name files relative to the data directory.
 * - `runner` says which process runs the job (`<pid>:<instance>`): a job left 运行中 or 排队 by a
 *   process that is gone is marked 失败（程序已退出） on the next start.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    parameters TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('排队', '运行中', '已完成', '已取消', '失败')),
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    errors TEXT NOT NULL DEFAULT '[]',
    outputs TEXT NOT NULL DEFAULT '[]',
    folder TEXT,
    operator_id INTEGER,
    operator_name TEXT NOT NULL,
    runner TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX jobs_created ON jobs (created_at)`.execute(db);
  await sql`CREATE INDEX jobs_state ON jobs (state)`.execute(db);
}
