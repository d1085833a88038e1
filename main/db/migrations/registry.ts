import type { Kysely } from 'kysely';
import * as m0001 from './0001_initial';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/**
 * Explicit, ordered registry: bundlers break folder scanning, and an explicit list makes the
 * schema version a plain number we can compare against a file written by a newer release.
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'initial', up: m0001.up }];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
