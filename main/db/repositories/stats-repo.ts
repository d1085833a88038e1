import type { StatHistoryEntry, StatRecord, StatRecordWithSources, StatSource, StatSourceKind } from '../../../shared/api/contracts/statistics';
import type { StatValues } from '../../../shared/domain/schools/statistics-fields';
import type { Db } from '../connection';

function toRecord(r: { school_id: number; campus_id: number | null; year: number; data: string; updated_at: string }): StatRecord {
  return { schoolId: r.school_id, campusId: r.campus_id, year: r.year, values: JSON.parse(r.data), updatedAt: r.updated_at };
}

/** The years that have statistics, newest first. */
export async function statsYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('school_stats').select('year').distinct().orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}

/** A school's records (every campus), newest year first. */
export async function statsForSchool(db: Db, schoolId: number): Promise<StatRecord[]> {
  const rows = await db.selectFrom('school_stats').selectAll().where('school_id', '=', schoolId).orderBy('year', 'desc').execute();
  return rows.map(toRecord);
}

/** Every record of one year. */
export async function statsForYear(db: Db, year: number): Promise<StatRecord[]> {
  const rows = await db.selectFrom('school_stats').selectAll().where('year', '=', year).orderBy('school_id').execute();
  return rows.map(toRecord);
}

/** One (school, campus, year) record, if stored. */
export async function getStats(db: Db, schoolId: number, campusId: number | null, year: number): Promise<StatRecord | undefined> {
  let q = db.selectFrom('school_stats').selectAll().where('school_id', '=', schoolId).where('year', '=', year);
  q = campusId === null ? q.where('campus_id', 'is', null) : q.where('campus_id', '=', campusId);
  const r = await q.executeTakeFirst();
  return r ? toRecord(r) : undefined;
}

/** Replaces (or creates) one record's values. Sources are recorded separately, with `recordStatSources`. */
export async function putStats(db: Db, schoolId: number, campusId: number | null, year: number, values: StatValues): Promise<void> {
  const now = new Date().toISOString();
  const data = JSON.stringify(sortKeys(values));
  const existing = await getStats(db, schoolId, campusId, year);
  if (existing) {
    let q = db.updateTable('school_stats').set({ data, updated_at: now }).where('school_id', '=', schoolId).where('year', '=', year);
    q = campusId === null ? q.where('campus_id', 'is', null) : q.where('campus_id', '=', campusId);
    await q.execute();
  } else {
    await db.insertInto('school_stats').values({ school_id: schoolId, campus_id: campusId, year, data, updated_at: now }).execute();
  }
}

/** Deletes one record and its values' sources and history. */
export async function deleteStats(db: Db, schoolId: number, campusId: number | null, year: number): Promise<boolean> {
  let q = db.deleteFrom('school_stats').where('school_id', '=', schoolId).where('year', '=', year);
  q = campusId === null ? q.where('campus_id', 'is', null) : q.where('campus_id', '=', campusId);
  const r = await q.executeTakeFirst();
  let h = db.deleteFrom('stat_value_log').where('school_id', '=', schoolId).where('year', '=', year);
  h = campusId === null ? h.where('campus_id', 'is', null) : h.where('campus_id', '=', campusId);
  await h.execute();
  return Number(r.numDeletedRows) > 0;
}

function sortKeys(values: StatValues): StatValues {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
}

/** True when any record of the campus is stored. */
export async function campusHasStats(db: Db, campusId: number): Promise<boolean> {
  return (await db.selectFrom('school_stats').select('id').where('campus_id', '=', campusId).executeTakeFirst()) !== undefined;
}

/** Where a write comes from; the time is the unit of work's. */
export interface StatSourceInput {
  kind: StatSourceKind;
  operatorName: string | null;
  fileName?: string | null;
  fileSha256?: string | null;
  /** Worksheet (null for CSV) and row the import read the value from. */
  fileSheet?: string | null;
  fileRow?: number | null;
  batchId?: string | null;
  at: string;
}

type LogRow = { id: number; school_id: number; campus_id: number | null; year: number; field: string; value: string | null; source_kind: string; operator_name: string | null; file_name: string | null; file_sha256: string | null; file_sheet: string | null; file_row: number | null; batch_id: string | null; at: string };

function toSource(r: LogRow): StatSource {
  return { kind: r.source_kind as StatSourceKind, operatorName: r.operator_name, fileName: r.file_name, fileSha256: r.file_sha256, fileSheet: r.file_sheet, fileRow: r.file_row, batchId: r.batch_id, at: r.at };
}

/**
 * Records the source of every field whose value differs between `before` and `after` (a field
 * dropped from `after` is recorded as cleared, value null). Unchanged fields keep their source, so
 * writing the same values again adds no history.
 */
export async function recordStatSources(db: Db, schoolId: number, campusId: number | null, year: number, before: StatValues | null, after: StatValues, source: StatSourceInput): Promise<number> {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const rows = [];
  for (const field of [...fields].sort()) {
    const old = before?.[field] === undefined ? null : JSON.stringify(before[field]);
    const now = after[field] === undefined ? null : JSON.stringify(after[field]);
    if (old === now) continue;
    rows.push({
      school_id: schoolId,
      campus_id: campusId,
      year,
      field,
      value: now,
      source_kind: source.kind,
      operator_name: source.operatorName,
      file_name: source.fileName ?? null,
      file_sha256: source.fileSha256 ?? null,
      file_sheet: source.fileSheet ?? null,
      file_row: source.fileRow ?? null,
      batch_id: source.batchId ?? null,
      at: source.at,
    });
  }
  if (rows.length > 0) await db.insertInto('stat_value_log').values(rows).execute();
  return rows.length;
}

/** Each field's current source per record, keyed like `${schoolId}/${campusId ?? '-'}/${year}`. */
export async function currentSources(db: Db, filter: { schoolId?: number; years?: number[] }): Promise<Map<string, Record<string, StatSource>>> {
  if (filter.years !== undefined && filter.years.length === 0) return new Map();
  const q = db
    .selectFrom('stat_value_log')
    .selectAll()
    .where('id', 'in', (sub) => {
      let latest = sub.selectFrom('stat_value_log').select((eb) => eb.fn.max('id').as('id'));
      if (filter.schoolId !== undefined) latest = latest.where('school_id', '=', filter.schoolId);
      if (filter.years !== undefined) latest = latest.where('year', 'in', filter.years);
      return latest.groupBy(['school_id', 'campus_id', 'year', 'field']);
    });
  const out = new Map<string, Record<string, StatSource>>();
  for (const r of (await q.execute()) as LogRow[]) {
    if (r.value === null) continue;
    const key = `${r.school_id}/${r.campus_id ?? '-'}/${r.year}`;
    const sources = out.get(key) ?? {};
    sources[r.field] = toSource(r);
    out.set(key, sources);
  }
  return out;
}

/** A school's records with each value's current source. */
export async function statsForSchoolWithSources(db: Db, schoolId: number): Promise<StatRecordWithSources[]> {
  const records = await statsForSchool(db, schoolId);
  const sources = await currentSources(db, { schoolId });
  return records.map((r) => ({ ...r, sources: sources.get(`${r.schoolId}/${r.campusId ?? '-'}/${r.year}`) ?? {} }));
}

/** Every value the record's fields were given, newest first (the first of a field is its current value). */
export async function statHistory(db: Db, schoolId: number, campusId: number | null, year: number): Promise<StatHistoryEntry[]> {
  let q = db.selectFrom('stat_value_log').selectAll().where('school_id', '=', schoolId).where('year', '=', year);
  q = campusId === null ? q.where('campus_id', 'is', null) : q.where('campus_id', '=', campusId);
  const rows = (await q.orderBy('id', 'desc').execute()) as LogRow[];
  return rows.map((r) => ({ id: r.id, field: r.field, value: r.value === null ? null : JSON.parse(r.value), ...toSource(r) }));
}
