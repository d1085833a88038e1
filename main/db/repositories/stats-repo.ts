import type { StatRecord } from '../../../shared/api/contracts/statistics';
import type { StatValues } from '../../../shared/domain/schools/statistics-fields';
import type { Db } from '../connection';

function toRecord(r: { school_id: number; campus_id: number | null; year: number; data: string; updated_at: string }): StatRecord {
  return { schoolId: r.school_id, campusId: r.campus_id, year: r.year, values: JSON.parse(r.data), updatedAt: r.updated_at };
}

export async function statsYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('school_stats').select('year').distinct().orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}

export async function statsForSchool(db: Db, schoolId: number): Promise<StatRecord[]> {
  const rows = await db.selectFrom('school_stats').selectAll().where('school_id', '=', schoolId).orderBy('year', 'desc').execute();
  return rows.map(toRecord);
}

export async function statsForYear(db: Db, year: number): Promise<StatRecord[]> {
  const rows = await db.selectFrom('school_stats').selectAll().where('year', '=', year).orderBy('school_id').execute();
  return rows.map(toRecord);
}

export async function getStats(db: Db, schoolId: number, campusId: number | null, year: number): Promise<StatRecord | undefined> {
  let q = db.selectFrom('school_stats').selectAll().where('school_id', '=', schoolId).where('year', '=', year);
  q = campusId === null ? q.where('campus_id', 'is', null) : q.where('campus_id', '=', campusId);
  const r = await q.executeTakeFirst();
  return r ? toRecord(r) : undefined;
}

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

export async function deleteStats(db: Db, schoolId: number, campusId: number | null, year: number): Promise<boolean> {
  let q = db.deleteFrom('school_stats').where('school_id', '=', schoolId).where('year', '=', year);
  q = campusId === null ? q.where('campus_id', 'is', null) : q.where('campus_id', '=', campusId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

function sortKeys(values: StatValues): StatValues {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
}

export async function campusHasStats(db: Db, campusId: number): Promise<boolean> {
  return (await db.selectFrom('school_stats').select('id').where('campus_id', '=', campusId).executeTakeFirst()) !== undefined;
}
