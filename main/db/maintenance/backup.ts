import { sql } from 'kysely';
import type { Db } from '../connection';

/** VACUUM INTO gives a consistent, compact copy even while the WAL holds pages not yet checkpointed. */
export async function vacuumInto(db: Db, target: string): Promise<void> {
  await sql`VACUUM INTO ${target}`.execute(db);
}
