import type { Db } from '../db/connection';

/** What every service call gets: the database and who is acting (for the audit log). */
export interface ServiceContext {
  db: Db;
  actor: string;
  dataDir: string;
  schemaVersion: number;
  /** 'electron' | 'web' | 'cli' | 'test' — shown in 关于 and recorded with audit entries. */
  mode: string;
}
