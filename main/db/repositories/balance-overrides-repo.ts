import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { BalanceOverridesTable } from '../schema';

/** A stored override row, with the school's name for display; labels are added by the service. */
export interface OverrideRow {
  id: number;
  schoolId: number;
  schoolName: string;
  year: number;
  section: 'primary' | 'junior';
  targetKind: 'indicator' | 'field';
  target: string;
  value: number;
  note: string | null;
  updatedAt: string;
  updatedBy: string;
}

function toRow(r: Selectable<BalanceOverridesTable> & { school_name: string }): OverrideRow {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    year: r.year,
    section: r.section as OverrideRow['section'],
    targetKind: r.target_kind as OverrideRow['targetKind'],
    target: r.target,
    value: r.value,
    note: r.note,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function base(db: Db) {
  return db
    .selectFrom('balance_overrides as o')
    .innerJoin('schools as s', 's.id', 'o.school_id')
    .selectAll('o')
    .select('s.name as school_name');
}

export async function listOverrides(db: Db, filter: { year?: number; schoolId?: number } = {}): Promise<OverrideRow[]> {
  let q = base(db);
  if (filter.year !== undefined) q = q.where('o.year', '=', filter.year);
  if (filter.schoolId !== undefined) q = q.where('o.school_id', '=', filter.schoolId);
  const rows = await q.orderBy('o.year', 'desc').orderBy('s.name').orderBy('o.section').orderBy('o.target').execute();
  return rows.map(toRow);
}

export async function getOverride(db: Db, id: number): Promise<OverrideRow | undefined> {
  const r = await base(db).where('o.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

export async function findOverride(db: Db, key: { schoolId: number; year: number; section: string; target: string }): Promise<OverrideRow | undefined> {
  const r = await base(db)
    .where('o.school_id', '=', key.schoolId)
    .where('o.year', '=', key.year)
    .where('o.section', '=', key.section)
    .where('o.target', '=', key.target)
    .executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** Insert or replace the override of (school, year, section, target); returns its id. */
export async function upsertOverride(
  db: Db,
  o: { schoolId: number; year: number; section: string; targetKind: string; target: string; value: number; note: string | null; actor: string },
): Promise<number> {
  const now = new Date().toISOString();
  const r = await db
    .insertInto('balance_overrides')
    .values({ school_id: o.schoolId, year: o.year, section: o.section, target_kind: o.targetKind, target: o.target, value: o.value, note: o.note, updated_at: now, updated_by: o.actor })
    .onConflict((oc) =>
      oc.columns(['school_id', 'year', 'section', 'target']).doUpdateSet({ target_kind: o.targetKind, value: o.value, note: o.note, updated_at: now, updated_by: o.actor }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteOverrideRow(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('balance_overrides').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
