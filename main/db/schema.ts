import type { Generated } from 'kysely';

export interface SchoolsTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  short_name: string | null;
  type: string;
  ownership: string;
  locality: string;
  township: string | null;
  address: string | null;
  principal: string | null;
  contact: string | null;
  status: string;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampusesTable {
  id: Generated<number>;
  school_id: number;
  name: string;
  address: string | null;
  evaluated_separately: number;
}

export interface SchoolStatsTable {
  id: Generated<number>;
  school_id: number;
  campus_id: number | null;
  year: number;
  data: string;
  updated_at: string;
}

/** One value a statistics field was given, with its source (see migration 0006); the newest per field is current. */
export interface StatValueLogTable {
  id: Generated<number>;
  school_id: number;
  campus_id: number | null;
  year: number;
  field: string;
  /** The value as JSON; null when the field was cleared. */
  value: string | null;
  source_kind: string;
  operator_name: string | null;
  file_name: string | null;
  file_sha256: string | null;
  batch_id: string | null;
  at: string;
}

/** One audit entry; the chain columns are written by audit-repo's appendAudit only. */
export interface AuditLogTable {
  id: Generated<number>;
  /** Position in the hash chain, 1 = oldest. */
  seq: number;
  at: string;
  operator_id: number | null;
  operator_name: string;
  operator_office: string;
  /** The door and system account the change came through, e.g. `zhang@electron`. */
  via: string;
  entity_type: string;
  entity_id: string | null;
  entity_name: string;
  action: string;
  summary: string;
  /** JSON of the changed fields before / after (entries migrated from before 0005: as recorded then). */
  before: string | null;
  after: string | null;
  batch_id: string | null;
  prev_hash: string;
  hash: string;
}

/** The chain's head (one row): the last position and hash, so removing the newest entries shows. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface OperatorsTable {
  id: Generated<number>;
  name: string;
  office: string;
  created_at: string;
  last_active_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface IndicatorSystemsTable {
  id: Generated<number>;
  system_key: string;
  version: number;
  state: string;
  name: string;
  level: string;
  data: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  archived_at: string | null;
}

export interface IndicatorResultsTable {
  id: Generated<number>;
  system_id: number;
  system_key: string;
  system_version: number;
  kind: Generated<string>;
  label: string;
  input: string;
  result: string;
  system_snapshot: string;
  created_at: string;
}

export interface BalanceOverridesTable {
  id: Generated<number>;
  school_id: number;
  year: number;
  section: string;
  target_kind: string;
  target: string;
  value: number;
  note: string | null;
  updated_at: string;
  updated_by: string;
}

export interface DocumentNumbersTable {
  id: Generated<number>;
  prefix: string;
  year: number;
  seq: number;
  number_text: string;
  title: Generated<string>;
  kind: Generated<string>;
  status: Generated<string>;
  issued_at: string;
  issued_by: string;
  used_at: string | null;
}

/** 作业 (migration 0007): long work and its progress, outputs and outcome. */
export interface JobsTable {
  id: string;
  kind: string;
  title: string;
  /** JSON */
  parameters: string;
  state: string;
  done: Generated<number>;
  total: Generated<number>;
  message: string | null;
  /** JSON array of Chinese messages. */
  errors: Generated<string>;
  /** JSON array of { name (relative to the data directory), format, bytes }. */
  outputs: Generated<string>;
  /** The output folder, relative to the data directory. */
  folder: string | null;
  operator_id: number | null;
  operator_name: string;
  /** `<pid>:<instance>` of the process running it. */
  runner: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** JSON: the outcome of kinds that have one (an import's report); null otherwise (migration 0009). */
  result: string | null;
}

/** Stored file contents (migration 0008): one row per blob in `blobs/aa/bb/<sha256>` under the data directory. */
export interface BlobsTable {
  /** Hex sha256 of the content: the blob's name in the store. */
  sha256: string;
  bytes: number;
  created_at: string;
}

/** 佐证材料 (migration 0008): a file kept as evidence for a school's year; its content is a blob. */
export interface AttachmentsTable {
  id: Generated<number>;
  school_id: number;
  year: number;
  blob_sha256: string;
  /** The name the user gave the file (cleaned), shown and used for downloads. */
  file_name: string;
  mime_type: string;
  bytes: number;
  note: string | null;
  added_at: string;
  /** The operator's name as recorded in the audit log. */
  added_by: string;
}

export interface Database {
  schools: SchoolsTable;
  campuses: CampusesTable;
  school_stats: SchoolStatsTable;
  stat_value_log: StatValueLogTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  operators: OperatorsTable;
  settings: SettingsTable;
  indicator_systems: IndicatorSystemsTable;
  indicator_results: IndicatorResultsTable;
  balance_overrides: BalanceOverridesTable;
  document_numbers: DocumentNumbersTable;
  jobs: JobsTable;
  blobs: BlobsTable;
  attachments: AttachmentsTable;
}
