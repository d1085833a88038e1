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
  /** Worksheet and row (as Excel numbers it) the import read the value from; null for CSV (no sheet) and before migration 0012. */
  file_sheet: string | null;
  file_row: number | null;
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
  rounds: RoundsTable;
  round_stages: RoundStagesTable;
  round_units: RoundUnitsTable;
  round_extensions: RoundExtensionsTable;
  round_submissions: RoundSubmissionsTable;
  round_submission_files: RoundSubmissionFilesTable;
  round_queries: RoundQueriesTable;
  experts: ExpertsTable;
  round_scoring: RoundScoringTable;
  round_experts: RoundExpertsTable;
  round_expert_units: RoundExpertUnitsTable;
  round_scores: RoundScoresTable;
  round_blocks: RoundBlocksTable;
  round_expert_blocks: RoundExpertBlocksTable;
  round_opinions: RoundOpinionsTable;
  round_unit_locks: RoundUnitLocksTable;
  round_results: RoundResultsTable;
  round_expert_submissions: RoundExpertSubmissionsTable;
  round_conclusions: RoundConclusionsTable;
  rectification_items: RectificationItemsTable;
  rectification_events: RectificationEventsTable;
  rectification_files: RectificationFilesTable;
  rectification_numbers: RectificationNumbersTable;
  rectification_package_key: RectificationPackageKeyTable;
  rectification_package_imports: RectificationPackageImportsTable;
}

/** 评估项目 (migration 0011). */
export interface RoundsTable {
  id: Generated<number>;
  /** Random uuid: tells this installation's rounds from another's in a package's manifest. */
  uid: string;
  name: string;
  year: number;
  evaluator_kind: 'office' | 'third_party';
  evaluator_name: string;
  unit_kind: 'school' | 'partnership' | 'county';
  /** The frozen, published indicator-system version. */
  system_id: number;
  /** sha256 (hex) of that version's canonical JSON when the round was created. */
  system_hash: string;
  /** HMAC key for the round's packages, 64 hex digits; never leaves the core. */
  secret: string;
  late_policy: 'refuse' | 'accept';
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** A stage of a round (自评, 实地督导 …); dates are YYYY-MM-DD, both inclusive. */
export interface RoundStagesTable {
  id: Generated<number>;
  round_id: number;
  position: number;
  name: string;
  starts_on: string;
  ends_on: string;
  /** 1 on the stage whose window receives the schools' packages. */
  collects: Generated<number>;
  closed_at: string | null;
  closed_by: string | null;
}

/** A unit taking part in a round (a school, or a campus evaluated separately). */
export interface RoundUnitsTable {
  id: Generated<number>;
  round_id: number;
  school_id: number;
  campus_id: number | null;
  /** The unit's name when the round was created. */
  name: string;
  school_type: string;
  /** 报送编码, unique in the round. */
  code: string;
  state: 'pending' | 'issued' | 'submitted' | 'returned' | 'confirmed' | 'forfeited';
  /** Latest accepted revision; 0 before the first submission. */
  revision: Generated<number>;
  /** Version of the last package issued (1 = first issue, 2 … = 退回修改); 0 before any. */
  package_version: Generated<number>;
  package_id: string | null;
  issued_at: string | null;
  last_import_at: string | null;
  /** 1 when the latest revision arrived after the deadline and was accepted as 逾期. */
  late: Generated<number>;
  forfeit_reason: string | null;
  forfeit_at: string | null;
  forfeit_by: string | null;
  state_changed_at: string;
}

/** A unit's extension of a stage's deadline, with its reason; the latest per unit and stage applies. */
export interface RoundExtensionsTable {
  id: Generated<number>;
  unit_id: number;
  stage_id: number;
  until: string;
  reason: string;
  created_at: string;
  created_by: string;
}

/** One accepted revision of a unit's submission (append-only). */
export interface RoundSubmissionsTable {
  id: Generated<number>;
  unit_id: number;
  revision: number;
  package_id: string;
  package_version: number;
  /** sha256 of the canonical content (format.ts contentHash): the same content twice is one revision. */
  content_hash: string;
  /** The zip or folder name it came from. */
  source_name: string;
  received_at: string;
  received_by: string;
  late: Generated<number>;
  /** JSON: { answers, statistics, issues } as read (see rounds contract SubmissionData). */
  data: string;
}

/** A file a revision carried (the report or evidence); the content is a blob. */
export interface RoundSubmissionFilesTable {
  id: Generated<number>;
  submission_id: number;
  role: 'workbook' | 'report' | 'evidence';
  path: string;
  name: string;
  node_id: string | null;
  blob_sha256: string;
  bytes: number;
  mime_type: string | null;
}

/** A query of the office on a unit's submission (退回修改), closed when a later revision answers it. */
export interface RoundQueriesTable {
  id: Generated<number>;
  unit_id: number;
  target_kind: 'indicator' | 'statistic' | 'report' | 'evidence';
  target_key: string | null;
  text: string;
  asked_revision: number;
  created_at: string;
  created_by: string;
  answered_revision: number | null;
  closed_at: string | null;
  closed_by: string | null;
}

/** An expert the office works with (migration 0013). */
export interface ExpertsTable {
  id: Generated<number>;
  name: string;
  organisation: string;
  speciality: string;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** A round's scoring settings (shared/domain/scoring/reconcile.ts); points in the items' unit. */
export interface RoundScoringTable {
  round_id: number;
  rule: 'mean' | 'median' | 'trimmed_mean' | 'consensus';
  trim: number;
  tolerance: number;
  departure_threshold: number | null;
  tie_rule: 'competition' | 'dense';
  /** What a forfeited unit's result is (migration 0014): 未通过 with the failing grade, or 不评定. */
  forfeit_outcome: Generated<'fail' | 'unrated'>;
  /** JSON object: the round's values for formulas no statistics field gives (name → typed value). */
  round_values: Generated<string>;
}

export interface RoundExpertsTable {
  id: Generated<number>;
  round_id: number;
  expert_id: number;
}

export interface RoundExpertUnitsTable {
  round_expert_id: number;
  unit_id: number;
}

/** One score given (append-only; the latest row of a unit, leaf, kind and expert is the current score). */
export interface RoundScoresTable {
  id: Generated<number>;
  unit_id: number;
  node_id: string;
  kind: 'office' | 'expert' | 'final';
  round_expert_id: number | null;
  /** JSON of the answer (grade, points, met, triggered); null = the score was withdrawn. */
  answer: string | null;
  note: string;
  /** JSON array of the evidence paths the scorer viewed. */
  evidence_viewed: string;
  created_at: string;
  created_by: string;
}

/** A round's block of indicators (migration 0014). */
export interface RoundBlocksTable {
  id: Generated<number>;
  round_id: number;
  position: number;
  name: string;
  /** JSON array of node ids of the round's frozen system (a branch covers its leaves). */
  node_ids: string;
  /** JSON array of the block's methods (校园观察, 问卷, 座谈, 访谈, 随堂听课, 资料查阅 …). */
  methods: string;
}

export interface RoundExpertBlocksTable {
  round_expert_id: number;
  block_id: number;
}

/** An opinion (append-only; a row `replaces` an earlier one, or withdraws it). */
export interface RoundOpinionsTable {
  id: Generated<number>;
  unit_id: number;
  /** null: the unit as a whole. */
  node_id: string | null;
  /** null: the office's own opinion. */
  round_expert_id: number | null;
  kind: 'strength' | 'problem' | 'suggestion';
  text: string;
  replaces: number | null;
  withdrawn: Generated<number>;
  created_at: string;
  created_by: string;
}

/** A lock event of a unit's scores (append-only; the latest is the state). */
export interface RoundUnitLocksTable {
  id: Generated<number>;
  unit_id: number;
  locked: number;
  reason: Generated<string>;
  created_at: string;
  created_by: string;
}

/** A unit's result stored when its scores were locked (immutable). */
export interface RoundResultsTable {
  id: Generated<number>;
  unit_id: number;
  lock_id: number;
  system_key: string;
  system_version: number;
  system_hash: string;
  forfeited: number;
  total: number | null;
  max_total: number | null;
  passed: number | null;
  grade: string | null;
  complete: number;
  /** JSON of the stored result (shared/api/contracts/scoring.ts UnitResult without ids). */
  result: string;
  created_at: string;
  created_by: string;
}

/** A generated 一校一案 of a unit and the stored result it came from (migration 0015; append-only). */
export interface RoundConclusionsTable {
  id: Generated<number>;
  unit_id: number;
  /** round_results.id: outdated once that result is no longer the unit's current one. */
  result_id: number;
  job_id: string | null;
  /** JSON array of the files written (relative to the data directory, or names in a chosen folder). */
  files: string;
  created_at: string;
  created_by: string;
}

/** An expert's returned 专家评分包, one row per accepted revision (migration 0014). */
export interface RoundExpertSubmissionsTable {
  id: Generated<number>;
  round_expert_id: number;
  revision: number;
  package_id: string;
  /** The expert's revision the package was issued on (0: none yet). */
  base_revision: number;
  /** sha256 of the scores read (canonical JSON): the same package twice has the same hash. */
  content_hash: string;
  /** The workbook in the content-addressed store. */
  workbook_sha256: string;
  workbook_bytes: number;
  /** The zip or folder name as the user chose it. */
  source_name: string;
  /** JSON: the scores read, by unit and indicator, and the warnings. */
  data: string;
  received_at: string;
  received_by: string;
}

/** 整改台账 item (migration 0016); see the migration for the columns' meaning. */
export interface RectificationItemsTable {
  id: Generated<number>;
  number: string;
  source_kind: string;
  source_key: string | null;
  /** JSON RectificationSource. */
  source: string;
  round_id: number | null;
  year: number | null;
  problem: string;
  target: string;
  owner_school_id: number | null;
  owner_name: string;
  cooperating: string;
  person: string;
  measures: string;
  deadline: string | null;
  severity: string;
  state: string;
  reported_by_id: number | null;
  reported_by: string | null;
  reported_at: string | null;
  verified_by: string | null;
  verified_at: string | null;
  verified_on: string | null;
  verified_passed: number | null;
  verified_result: string | null;
  closed_on: string | null;
  remarks: string;
  /** JSON RecheckView, or null. */
  recheck: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: Generated<number>;
}

/** An entry of an item's history (migration 0016), append-only. */
export interface RectificationEventsTable {
  id: Generated<number>;
  item_id: number;
  kind: string;
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  date: string;
  text: string;
  reason: string;
  operator_id: number | null;
  by: string;
  at: string;
}

/** An evidence file of a history entry, by content (migration 0016). */
export interface RectificationFilesTable {
  id: Generated<number>;
  event_id: number;
  blob_sha256: string;
  file_name: string;
  bytes: number;
}

/** The last 编号 given per year of entry (migration 0016). */
export interface RectificationNumbersTable {
  year: number;
  last: number;
}

/** The installation's key signing 整改进展包 manifests (migration 0017); one row. */
export interface RectificationPackageKeyTable {
  id: number;
  secret: string;
  created_at: string;
}

/** An accepted 整改进展包 (migration 0017): per school a running revision; `data` the JSON the 回执 prints. */
export interface RectificationPackageImportsTable {
  id: Generated<number>;
  school_id: number;
  school_name: string;
  revision: number;
  package_id: string;
  issued_at: string;
  content_hash: string;
  workbook_sha256: string;
  workbook_bytes: number;
  source_name: string;
  data: string;
  received_at: string;
  received_by: string;
}
