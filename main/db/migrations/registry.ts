import type { Kysely } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_indicator_systems';
import * as m0003 from './0003_balance';
import * as m0004 from './0004_documents';
import * as m0005 from './0005_audit_operators';
import * as m0006 from './0006_stat_provenance';
import * as m0007 from './0007_jobs';
import * as m0008 from './0008_attachments';
import * as m0009 from './0009_job_results';
import * as m0010 from './0010_stat_source_grid';
import * as m0011 from './0011_rounds';
import * as m0012 from './0012_stat_source_row';
import * as m0013 from './0013_scoring';
import * as m0014 from './0014_scoring_work';
import * as m0015 from './0015_conclusions';
import * as m0016 from './0016_rectification';
import * as m0017 from './0017_rectification_packages';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/**
 * Explicit, ordered registry: bundlers break folder scanning, and an explicit list makes the
 * schema version a plain number we can compare against a file written by a newer release.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: m0001.up },
  { version: 2, name: 'indicator_systems', up: m0002.up },
  { version: 3, name: 'balance', up: m0003.up },
  { version: 4, name: 'documents', up: m0004.up },
  { version: 5, name: 'audit_operators', up: m0005.up },
  { version: 6, name: 'stat_provenance', up: m0006.up },
  { version: 7, name: 'jobs', up: m0007.up },
  { version: 8, name: 'attachments', up: m0008.up },
  { version: 9, name: 'job_results', up: m0009.up },
  { version: 10, name: 'stat_source_grid', up: m0010.up },
  { version: 11, name: 'rounds', up: m0011.up },
  { version: 12, name: 'stat_source_row', up: m0012.up },
  { version: 13, name: 'scoring', up: m0013.up },
  { version: 14, name: 'scoring_work', up: m0014.up },
  { version: 15, name: 'conclusions', up: m0015.up },
  { version: 16, name: 'rectification', up: m0016.up },
  { version: 17, name: 'rectification_packages', up: m0017.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
