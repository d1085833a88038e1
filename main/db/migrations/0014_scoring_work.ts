import { sql, type Kysely } from 'kysely';

/**
 * The rest of a round's scoring work (issue 12): blocks of indicators, experts' opinions, locking
 * and the stored results.
 *
 * - `round_blocks`: the round's blocks of indicators (seed 000's four working groups: 校园观察, 问卷,
 *   座谈访谈, 随堂听课与资料查阅 …), in order, each with the nodes it covers (JSON array of node ids of
 *   the round's frozen system; a branch covers its leaves) and its methods checklist (JSON array of
 *   method names). `round_expert_blocks`: the blocks an expert scores (none: all of them).
 * - `round_opinions`: append-only. An expert's (or the office's, round_expert_id null) opinion on a
 *   unit as a whole (node_id null) or on one indicator, of a kind: 做法成效 (strength), 存在问题
 *   (problem), 整改建议 (suggestion). Editing writes a new row naming the row it `replaces`; a
 *   withdrawn opinion is a row with `withdrawn` 1. The current opinions are the rows no later row
 *   replaces and not withdrawn.
 * - `round_unit_locks`: append-only lock events of a unit's scores: locked 1 when agreed, 0 when
 *   unlocked (with its reason). The latest event is the state.
 * - `round_results`: one immutable row per locking: the unit's result computed by the indicator
 *   engine on the round's frozen system version (key, version and content hash stored with it), or
 *   the round's forfeit outcome for a unit that forfeited. A result is current while its lock is the
 *   unit's latest lock event; an unlock makes it (and any document generated from it) outdated.
 * - `round_expert_submissions`: an expert's returned 专家评分包, one row per accepted revision (the
 *   expert's scores read from it, the workbook's hash and size in the content-addressed store, the
 *   content hash that tells the same package imported twice). Scores themselves go to round_scores
 *   under that expert only.
 * - `round_scoring` gains the forfeit outcome (fail: 未通过 with the system's failing grade;
 *   unrated: 不评定) and the round's values for formulas that no statistics field gives (JSON object
 *   name → typed value, read against the value's declared scale).
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE round_blocks (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    node_ids TEXT NOT NULL DEFAULT '[]',
    methods TEXT NOT NULL DEFAULT '[]',
    UNIQUE (round_id, name)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE round_expert_blocks (
    round_expert_id INTEGER NOT NULL REFERENCES round_experts(id) ON DELETE CASCADE,
    block_id INTEGER NOT NULL REFERENCES round_blocks(id) ON DELETE CASCADE,
    PRIMARY KEY (round_expert_id, block_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_expert_blocks_block ON round_expert_blocks (block_id)`.execute(db);
  await sql`CREATE TABLE round_opinions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    node_id TEXT,
    round_expert_id INTEGER REFERENCES round_experts(id),
    kind TEXT NOT NULL CHECK (kind IN ('strength', 'problem', 'suggestion')),
    text TEXT NOT NULL,
    replaces INTEGER REFERENCES round_opinions(id),
    withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_opinions_unit ON round_opinions (unit_id, id)`.execute(db);
  await sql`CREATE INDEX round_opinions_replaces ON round_opinions (replaces)`.execute(db);
  await sql`CREATE TABLE round_unit_locks (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    locked INTEGER NOT NULL CHECK (locked IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_unit_locks_unit ON round_unit_locks (unit_id, id)`.execute(db);
  await sql`CREATE TABLE round_results (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES round_units(id) ON DELETE CASCADE,
    lock_id INTEGER NOT NULL UNIQUE REFERENCES round_unit_locks(id),
    system_key TEXT NOT NULL,
    system_version INTEGER NOT NULL,
    system_hash TEXT NOT NULL,
    forfeited INTEGER NOT NULL CHECK (forfeited IN (0, 1)),
    total REAL,
    max_total REAL,
    passed INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
    grade TEXT,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    result TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX round_results_unit ON round_results (unit_id, id)`.execute(db);
  await sql`CREATE TABLE round_expert_submissions (
    id INTEGER PRIMARY KEY,
    round_expert_id INTEGER NOT NULL REFERENCES round_experts(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    package_id TEXT NOT NULL,
    base_revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    workbook_sha256 TEXT NOT NULL,
    workbook_bytes INTEGER NOT NULL,
    source_name TEXT NOT NULL,
    data TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    UNIQUE (round_expert_id, revision)
  ) STRICT`.execute(db);
  await sql`ALTER TABLE round_scoring ADD COLUMN forfeit_outcome TEXT NOT NULL DEFAULT 'fail' CHECK (forfeit_outcome IN ('fail', 'unrated'))`.execute(db);
  await sql`ALTER TABLE round_scoring ADD COLUMN round_values TEXT NOT NULL DEFAULT '{}'`.execute(db);
}
