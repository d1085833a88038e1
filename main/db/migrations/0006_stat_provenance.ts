import { sql, type Kysely } from 'kysely';

/**
 * Statistics values that know their source.
 *
 * `stat_value_log` holds, per (school, campus, year, field), every value that field was given, with
 * where it came from (manual edit by an operator, an import with file name, sha256 and the audit
 * batch, an override, a school submission, the demo data, or `legacy` when nothing says). The
 * newest row of a field is its current source; the older rows are its history. `value` is the
 * value as JSON, NULL when the field was cleared.
 *
 * Existing data is kept as it is (`school_stats.data` is not touched). Each stored value gets its
 * history from the audit log where the log tells (entries on the record whose `after` holds the
 * field: 'import' → import with the file name from the summary, 'load-demo' → demo, 'create' /
 * 'update' → manual by the entry's operator); when the newest of those is not the stored value (or
 * there is none), a final `legacy` row (未记录来源) with the stored value is added, so every stored
 * value has a current source equal to it.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE stat_value_log (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    campus_id INTEGER REFERENCES campuses(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    source_kind TEXT NOT NULL CHECK (source_kind IN ('legacy', 'manual', 'import', 'override', 'submission', 'demo')),
    operator_name TEXT,
    file_name TEXT,
    file_sha256 TEXT,
    batch_id TEXT,
    at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX stat_value_log_key ON stat_value_log (school_id, IFNULL(campus_id, 0), year, field, id)`.execute(db);

  const records = await sql<StatsRow>`SELECT school_id, campus_id, year, data, updated_at FROM school_stats ORDER BY id`.execute(db);
  if (records.rows.length === 0) return;
  const audit = await sql<AuditRow>`SELECT entity_id, action, summary, after, operator_name, batch_id, at FROM audit_log
    WHERE entity_type = 'statistics' AND entity_id IS NOT NULL AND action IN ('create', 'update', 'import', 'load-demo') ORDER BY seq`.execute(db);
  const byRecord = new Map<string, AuditRow[]>();
  for (const a of audit.rows) {
    const list = byRecord.get(a.entity_id) ?? [];
    list.push(a);
    byRecord.set(a.entity_id, list);
  }

  for (const r of records.rows) {
    const values = parse(r.data) ?? {};
    const entries = byRecord.get(`${r.school_id}/${r.campus_id ?? '-'}/${r.year}`) ?? [];
    for (const field of Object.keys(values).sort()) {
      const current = JSON.stringify(values[field]);
      let last: string | null | undefined;
      for (const e of entries) {
        const after = parse(e.after);
        if (!after || !(field in after)) continue;
        const value = after[field] === null || after[field] === undefined ? null : JSON.stringify(after[field]);
        const kind = e.action === 'import' ? 'import' : e.action === 'load-demo' ? 'demo' : 'manual';
        const file = kind === 'import' ? (/导入统计数据“([^”]+)”/.exec(e.summary)?.[1] ?? null) : null;
        await insert(db, r, field, value, { kind, operator: e.operator_name, file, batch: e.batch_id, at: e.at });
        last = value;
      }
      if (last !== current) await insert(db, r, field, current, { kind: 'legacy', operator: null, file: null, batch: null, at: r.updated_at });
    }
  }
}

interface StatsRow {
  school_id: number;
  campus_id: number | null;
  year: number;
  data: string;
  updated_at: string;
}

interface AuditRow {
  entity_id: string;
  action: string;
  summary: string;
  after: string | null;
  operator_name: string;
  batch_id: string | null;
  at: string;
}

interface Source {
  kind: string;
  operator: string | null;
  file: string | null;
  batch: string | null;
  at: string;
}

async function insert(db: Kysely<any>, r: StatsRow, field: string, value: string | null, s: Source): Promise<void> {
  await sql`INSERT INTO stat_value_log (school_id, campus_id, year, field, value, source_kind, operator_name, file_name, file_sha256, batch_id, at)
    VALUES (${r.school_id}, ${r.campus_id}, ${r.year}, ${field}, ${value}, ${s.kind}, ${s.operator}, ${s.file}, ${null}, ${s.batch}, ${s.at})`.execute(db);
}

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
