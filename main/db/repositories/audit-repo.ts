/**
 * The audit log's storage: appending hash-chained entries (only through a unit of work, see
 * ../unit-of-work.ts), reading them back, and the operators who make them.
 *
 * Chain: each row's `hash` is sha256 of the previous row's hash, a newline and the row's canonical
 * content (every column but id and the hashes, keys sorted, JSON). The first row's previous hash is
 * 64 zeros. `audit_chain_head` keeps the last position and hash, so removing the newest rows shows.
 * Migration 0005 computes the same hash for the rows that existed before it (its own frozen copy).
 */
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { AuditEntry } from '../../../shared/api/contracts/system';
import type { AuditFilter } from '../../../shared/api/contracts/audit';
import type { Operator } from '../../../shared/api/contracts/operators';
import type { Db } from '../connection';
import type { AuditLogTable, OperatorsTable } from '../schema';
import type { Tx } from '../unit-of-work';

export const GENESIS_HASH = '0'.repeat(64);

/** A stored audit row. */
export type AuditRow = Selectable<AuditLogTable>;

/** The hashed content of a row: every column except id, prev_hash and hash. */
export type AuditContent = Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>;

/** An entry about to be appended: the chain position is assigned by appendAudit. */
export type NewAuditRow = Omit<AuditContent, 'seq'>;

/** JSON with object keys sorted and no spaces, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** The content of a stored row, as hashed. */
export function contentOf(r: AuditRow): AuditContent {
  return {
    seq: r.seq,
    at: r.at,
    operator_id: r.operator_id,
    operator_name: r.operator_name,
    operator_office: r.operator_office,
    via: r.via,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    entity_name: r.entity_name,
    action: r.action,
    summary: r.summary,
    before: r.before,
    after: r.after,
    batch_id: r.batch_id,
  };
}

/** sha256 (hex) of the previous hash and the row's canonical content. */
export function auditRowHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(content)}`, 'utf8').digest('hex');
}

/** The chain's recorded head: last position and hash; null when the head row is missing (removed by hand). */
export async function chainHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const r = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return r ?? null;
}

/** Where the next entry goes: after the head, or (head missing) after the last row, or at the start. */
async function appendPoint(db: Db): Promise<{ seq: number; hash: string }> {
  const head = await chainHead(db);
  if (head) return head;
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

const APPEND_CHUNK = 200;

/**
 * Appends entries at the end of the chain, in order, and moves the head. Takes only a unit of
 * work's transaction: the read of the head and the writes must not interleave with another writer.
 */
export async function appendAudit(tx: Tx, rows: readonly NewAuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  let { seq, hash } = await appendPoint(tx);
  const chained = rows.map((row) => {
    seq++;
    const content: AuditContent = { ...row, seq };
    const next = auditRowHash(hash, content);
    const out = { ...content, prev_hash: hash, hash: next };
    hash = next;
    return out;
  });
  // Several rows per statement: an import of thousands of schools writes its entries in a few statements.
  for (let i = 0; i < chained.length; i += APPEND_CHUNK) await tx.insertInto('audit_log').values(chained.slice(i, i + APPEND_CHUNK)).execute();
  await tx
    .insertInto('audit_chain_head')
    .values({ id: 1, seq, hash })
    .onConflict((oc) => oc.column('id').doUpdateSet({ seq, hash }))
    .execute();
}

/** Every row in chain order, a chunk at a time (verification of a large log stays small in memory). */
export async function* auditRowsInOrder(db: Db, chunk = 2000): AsyncGenerator<AuditRow> {
  let after: { seq: number; id: number } | null = null;
  for (;;) {
    let q = db.selectFrom('audit_log').selectAll();
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('seq', '>', a.seq), eb.and([eb('seq', '=', a.seq), eb('id', '>', a.id)])]));
    }
    const rows = await q.orderBy('seq').orderBy('id').limit(chunk).execute();
    for (const r of rows) yield r;
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1];
    after = { seq: last.seq, id: last.id };
  }
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.operator) q = q.where('operator_name', '=', f.operator);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.batchId) q = q.where('batch_id', '=', f.batchId);
  // instr, not LIKE: the words are matched literally (a % or _ typed by the user is just a character).
  if (f.search) q = q.where(sql<boolean>`(instr(summary, ${f.search}) > 0 OR instr(entity_name, ${f.search}) > 0)`);
  return q;
}

/** One page of entries matching the filter, newest first (or oldest first), and how many match in all. */
export async function queryAudit(db: Db, f: AuditFilter, page: number, pageSize: number, order: 'desc' | 'asc' = 'desc'): Promise<{ rows: AuditRow[]; total: number }> {
  const total = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('seq', order)
    .orderBy('id', order)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

/** Every entry matching the filter, newest first (for the export), at most `limit`. */
export async function filteredAudit(db: Db, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  return filtered(db, f).selectAll().orderBy('seq', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The operator names that appear in the log, for the filter. */
export async function auditOperatorNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('operator_name').distinct().orderBy('operator_name').execute();
  return rows.map((r) => r.operator_name);
}

/**
 * Names used for `audit.list`'s entity filter before the log was typed, mapped to the closed set;
 * settings were one entity each, now `settings` with the key as the entity id.
 */
const LEGACY_ENTITY_FILTERS: Record<string, { type: string; id?: string }> = {
  stats: { type: 'statistics' },
  indicator_system: { type: 'indicator-system' },
  indicator_result: { type: 'indicator-result' },
  'balance-options': { type: 'settings', id: 'balance.options' },
  'document-settings': { type: 'settings', id: 'documents.office' },
  'backup-settings': { type: 'settings', id: 'backup' },
};

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Entries in stored form, newest first (`audit.list`; tests and scripts). */
export async function listAudit(db: Db, limit: number, entity?: string): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').orderBy('id', 'desc').limit(limit);
  if (entity) {
    const legacy = LEGACY_ENTITY_FILTERS[entity];
    q = q.where('entity_type', '=', legacy?.type ?? entity);
    if (legacy?.id) q = q.where('entity_id', '=', legacy.id);
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.operator_name,
    action: r.action,
    entity: r.entity_type,
    entityId: r.entity_id,
    summary: r.summary,
    before: parseJson(r.before),
    after: parseJson(r.after),
  }));
}

// ---- Operators: the people the entries name ------------------------------------------------

function toOperator(r: Selectable<OperatorsTable>): Operator {
  return { id: r.id, name: r.name, office: r.office, createdAt: r.created_at, lastActiveAt: r.last_active_at };
}

/** Every operator, most recently active first. */
export async function listOperators(db: Db): Promise<Operator[]> {
  const rows = await db.selectFrom('operators').selectAll().orderBy('last_active_at', 'desc').orderBy('id').execute();
  return rows.map(toOperator);
}

/** One operator by id. */
export async function getOperator(db: Db, id: number): Promise<Operator | undefined> {
  const r = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOperator(r) : undefined;
}

/** The operator who was active last (the default when nobody was chosen in this process). */
export async function mostRecentOperator(db: Db): Promise<Operator | undefined> {
  const r = await db.selectFrom('operators').selectAll().orderBy('last_active_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? toOperator(r) : undefined;
}

/** Adds an operator (inside a unit of work). */
export async function insertOperator(tx: Tx, o: { name: string; office: string; at: string }): Promise<number> {
  const r = await tx
    .insertInto('operators')
    .values({ name: o.name, office: o.office, created_at: o.at, last_active_at: o.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Marks an operator as the one chosen last. */
export async function touchOperator(tx: Tx, id: number, at: string): Promise<void> {
  await tx.updateTable('operators').set({ last_active_at: at }).where('id', '=', id).execute();
}
