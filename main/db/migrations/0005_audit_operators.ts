import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Operators, and the typed, hash-chained audit log.
 *
 * - `operators`: the people who use this installation (name + 科室), chosen in the window.
 * - `audit_log` is rebuilt with typed columns (entity type, entity name, operator, batch) and a hash
 *   chain: each row carries sha256(previous hash + its canonical content). Existing rows are kept
 *   one for one, in order, with their ids, summaries and before/after JSON unchanged; their old
 *   entity and action names are mapped to the closed sets, the entity's name is looked up (or read
 *   from the summary), the old `actor` becomes the operator's name, and the chain is computed here.
 * - `audit_chain_head` holds the last position and hash, so removing the newest rows shows too.
 *
 * Frozen in time: imports nothing from the app (the app's audit-repo computes the same hash; the
 * migration test checks that a migrated log verifies).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    office TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_active_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX operators_name ON operators (name)`.execute(db);

  await sql`CREATE TABLE audit_log_v5 (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    operator_id INTEGER,
    operator_name TEXT NOT NULL,
    operator_office TEXT NOT NULL,
    via TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    entity_name TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    before TEXT,
    after TEXT,
    batch_id TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT`.execute(db);

  const old = await sql<LegacyRow>`SELECT id, at, actor, action, entity, entity_id, summary, before, after FROM audit_log ORDER BY id`.execute(db);
  let prev = GENESIS;
  let seq = 0;
  for (const r of old.rows) {
    seq++;
    const mapped = ENTITY_MAP[r.entity];
    const entityType = mapped ?? 'settings';
    const row: ChainRow = {
      seq,
      at: r.at,
      operator_id: null,
      operator_name: r.actor,
      operator_office: '',
      via: r.actor,
      entity_type: entityType,
      entity_id: r.entity_id,
      entity_name: mapped ? await legacyEntityName(db, entityType, r) : r.entity,
      action: ACTION_MAP[r.action] ?? 'update',
      summary: r.summary,
      before: r.before,
      after: r.after,
      batch_id: null,
    };
    const hash = rowHash(prev, row);
    await sql`INSERT INTO audit_log_v5 (id, seq, at, operator_id, operator_name, operator_office, via, entity_type, entity_id, entity_name, action, summary, before, after, batch_id, prev_hash, hash)
      VALUES (${r.id}, ${row.seq}, ${row.at}, ${row.operator_id}, ${row.operator_name}, ${row.operator_office}, ${row.via}, ${row.entity_type}, ${row.entity_id}, ${row.entity_name}, ${row.action}, ${row.summary}, ${row.before}, ${row.after}, ${row.batch_id}, ${prev}, ${hash})`.execute(db);
    prev = hash;
  }

  await sql`DROP TABLE audit_log`.execute(db);
  await sql`ALTER TABLE audit_log_v5 RENAME TO audit_log`.execute(db);
  await sql`CREATE INDEX audit_log_seq ON audit_log (seq)`.execute(db);
  await sql`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id)`.execute(db);
  await sql`CREATE INDEX audit_log_at ON audit_log (at)`.execute(db);
  await sql`CREATE INDEX audit_log_batch ON audit_log (batch_id)`.execute(db);

  await sql`CREATE TABLE audit_chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, ${seq}, ${prev})`.execute(db);
}

interface LegacyRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string;
  before: string | null;
  after: string | null;
}

interface ChainRow {
  seq: number;
  at: string;
  operator_id: number | null;
  operator_name: string;
  operator_office: string;
  via: string;
  entity_type: string;
  entity_id: string | null;
  entity_name: string;
  action: string;
  summary: string;
  before: string | null;
  after: string | null;
  batch_id: string | null;
}

const GENESIS = '0'.repeat(64);

/** The entity names written before 0005 → the closed set of entity types. */
const ENTITY_MAP: Record<string, string> = {
  school: 'school',
  campus: 'campus',
  stats: 'statistics',
  register: 'register',
  indicator_system: 'indicator-system',
  indicator_result: 'indicator-result',
  'balance-override': 'balance-override',
  'balance-options': 'settings',
  'document-settings': 'settings',
  'document-number': 'document-number',
};

const ACTION_MAP: Record<string, string> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  import: 'import',
  demo: 'load-demo',
  publish: 'publish',
  archive: 'archive',
  reserve: 'reserve',
  void: 'void',
  issue: 'issue',
};

const SETTING_NAMES: Record<string, string> = { 'balance.options': '差异系数计算设置', 'documents.office': '公文设置' };

/** Sorted keys, no spaces: the same value always gives the same text. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

function rowHash(prev: string, row: ChainRow): string {
  return createHash('sha256').update(`${prev}\n${canonical(row)}`, 'utf8').digest('hex');
}

const quotes = (s: string) => [...s.matchAll(/“([^”]*)”/g)].map((m) => m[1]);

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function schoolName(db: Kysely<any>, id: unknown): Promise<string | null> {
  const n = Number(id);
  if (!Number.isInteger(n)) return null;
  const r = await sql<{ name: string }>`SELECT name FROM schools WHERE id = ${n}`.execute(db);
  return r.rows[0]?.name ?? null;
}

async function campusName(db: Kysely<any>, id: unknown): Promise<string | null> {
  const n = Number(id);
  if (!Number.isInteger(n)) return null;
  const r = await sql<{ name: string }>`SELECT name FROM campuses WHERE id = ${n}`.execute(db);
  return r.rows[0]?.name ?? null;
}

/** The entity's name for a row written before 0005: from the row's own data, the summary, or the live tables. */
async function legacyEntityName(db: Kysely<any>, type: string, r: LegacyRow): Promise<string> {
  const q = quotes(r.summary);
  const data = parse(r.after) ?? parse(r.before);
  switch (type) {
    case 'school':
      if (r.entity_id === null) return q[0] ? `导入文件“${q[0]}”` : '学校名册';
      return q[0] ?? (await schoolName(db, r.entity_id)) ?? (typeof data?.name === 'string' ? data.name : `学校 ${r.entity_id}`);
    case 'campus': {
      const campus = typeof data?.name === 'string' ? data.name : (q[1] ?? (await campusName(db, r.entity_id)) ?? `校区 ${r.entity_id}`);
      return q[0] ? `${q[0]} ${campus}` : campus;
    }
    case 'statistics': {
      if (r.entity_id === null) return q[0] ? `导入文件“${q[0]}”` : '统计数据';
      const [sid, cid, year] = r.entity_id.split('/');
      const school = q[0] ?? (await schoolName(db, sid)) ?? `学校 ${sid}`;
      const campus = cid && cid !== '-' ? ` ${(await campusName(db, cid)) ?? `校区 ${cid}`}` : '';
      return `${school}${campus} ${year} 年`;
    }
    case 'indicator-system': {
      const n = Number(r.entity_id);
      if (Number.isInteger(n)) {
        const s = await sql<{ name: string; version: number }>`SELECT name, version FROM indicator_systems WHERE id = ${n}`.execute(db);
        if (s.rows[0]) return `${s.rows[0].name}（第 ${s.rows[0].version} 版）`;
      }
      return q[q.length - 1] ?? `指标体系 ${r.entity_id ?? ''}`.trim();
    }
    case 'indicator-result':
      return q[q.length - 1] ?? `试算结果 ${r.entity_id ?? ''}`.trim();
    case 'balance-override': {
      const m = /“(.+?)”(\d{4}) 年(小学|初中)人工调整：(.+?)(?: = .*)?$/.exec(r.summary);
      return m ? `${m[1]} ${m[2]} 年${m[3]} ${m[4]}` : (q[0] ?? '差异系数人工调整');
    }
    case 'settings':
      return SETTING_NAMES[r.entity_id ?? ''] ?? r.entity_id ?? '设置';
    case 'document-number': {
      if (typeof data?.number === 'string') return data.number;
      const m = /：(.+?)(?:《|$)/.exec(r.summary);
      return m ? m[1] : `文号 ${r.entity_id ?? ''}`.trim();
    }
    case 'register':
      return '学校名册';
    default:
      return r.entity;
  }
}
