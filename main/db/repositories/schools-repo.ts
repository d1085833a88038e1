import { sql, type Selectable } from 'kysely';
import type { Campus, CampusInput, School, SchoolInput, SchoolQuery } from '../../../shared/api/contracts/schools';
import type { Locality, Ownership, SchoolStatus, SchoolType } from '../../../shared/domain/schools/school-enums';
import { AppError } from '../../../shared/api/envelope';
import type { Db } from '../connection';
import { isUniqueViolation } from '../sqlite-errors';
import type { CampusesTable, SchoolsTable } from '../schema';

type SchoolRow = Selectable<SchoolsTable>;

function toCampus(r: Selectable<CampusesTable>): Campus {
  return { id: r.id, schoolId: r.school_id, name: r.name, address: r.address, evaluatedSeparately: r.evaluated_separately === 1 };
}

function toSchool(r: SchoolRow, campuses: Campus[], latestStatsYear: number | null): School {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    type: r.type as SchoolType,
    ownership: r.ownership as Ownership,
    locality: r.locality as Locality,
    township: r.township,
    address: r.address,
    principal: r.principal,
    contact: r.contact,
    status: r.status as SchoolStatus,
    closedOn: r.closed_on,
    campuses,
    latestStatsYear,
    updatedAt: r.updated_at,
  };
}

function toColumns(s: SchoolInput) {
  return {
    code: s.code,
    name: s.name,
    short_name: s.shortName,
    type: s.type,
    ownership: s.ownership,
    locality: s.locality,
    township: s.township,
    address: s.address,
    principal: s.principal,
    contact: s.contact,
    status: s.status,
    closed_on: s.status === '撤并' ? s.closedOn : null,
  };
}

async function hydrate(db: Db, rows: SchoolRow[]): Promise<School[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const campusRows = await db.selectFrom('campuses').selectAll().where('school_id', 'in', ids).orderBy('id').execute();
  const years = await db
    .selectFrom('school_stats')
    .select(['school_id', (eb) => eb.fn.max('year').as('year')])
    .where('school_id', 'in', ids)
    .groupBy('school_id')
    .execute();
  const campusesBySchool = new Map<number, Campus[]>();
  for (const c of campusRows) {
    const list = campusesBySchool.get(c.school_id) ?? [];
    list.push(toCampus(c));
    campusesBySchool.set(c.school_id, list);
  }
  const yearBySchool = new Map(years.map((y) => [y.school_id, y.year as number | null]));
  return rows.map((r) => toSchool(r, campusesBySchool.get(r.id) ?? [], yearBySchool.get(r.id) ?? null));
}

// SQLite caps bound parameters; chunk large IN lists so a 5,000-school register still loads.
const CHUNK = 500;

export async function listSchools(db: Db, query: SchoolQuery = {}): Promise<School[]> {
  let q = db.selectFrom('schools').selectAll();
  if (query.search) {
    const like = `%${query.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    // ESCAPE makes a user's % or _ match literally instead of acting as a wildcard.
    const cols = ['name', 'short_name', 'code', 'township', 'principal'] as const;
    q = q.where((eb) => eb.or(cols.map((c) => sql<boolean>`${sql.ref(c)} LIKE ${like} ESCAPE '\\'`)));
  }
  if (query.type) q = q.where('type', '=', query.type);
  if (query.locality) q = q.where('locality', '=', query.locality);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.township) q = q.where('township', '=', query.township);
  const rows = await q.orderBy('code').orderBy('name').execute();
  const out: School[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await hydrate(db, rows.slice(i, i + CHUNK))));
  return out;
}

export async function getSchool(db: Db, id: number): Promise<School | undefined> {
  const row = await db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function findSchoolByCode(db: Db, code: string) {
  return db.selectFrom('schools').select(['id', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function findSchoolByName(db: Db, name: string) {
  return db.selectFrom('schools').select(['id', 'code']).where('name', '=', name).executeTakeFirst();
}

/** Every school's id and name, for duplicate checks that compare names under a normalised key. */
export async function listSchoolNames(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('schools').select(['id', 'name']).execute();
}

/**
 * The domain error for a UNIQUE failure on schools (recognised by its SQLite code, not its text):
 * looks up which other school holds the code or the name, so the message can name it.
 */
async function schoolConflict(db: Db, s: SchoolInput, selfId?: number): Promise<AppError> {
  const byCode = s.code ? await findSchoolByCode(db, s.code) : undefined;
  if (byCode && byCode.id !== selfId) return new AppError('conflict', `学校标识码 ${s.code} 已被“${byCode.name}”使用`);
  return new AppError('conflict', `已有名为“${s.name}”的学校`);
}

/** Inserts a school; a code or name already taken becomes a `conflict` AppError. */
export async function insertSchool(db: Db, s: SchoolInput): Promise<number> {
  const now = new Date().toISOString();
  try {
    const r = await db
      .insertInto('schools')
      .values({ ...toColumns(s), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw await schoolConflict(db, s);
    throw error;
  }
}

/** Replaces a school's columns; a code or name already taken by another school becomes a `conflict` AppError. */
export async function updateSchoolRow(db: Db, id: number, s: SchoolInput): Promise<void> {
  try {
    await db
      .updateTable('schools')
      .set({ ...toColumns(s), updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw await schoolConflict(db, s, id);
    throw error;
  }
}

export async function deleteSchoolRow(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('schools').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Adds or updates a campus; a name the school already has for another campus becomes a `conflict` AppError. */
export async function upsertCampus(db: Db, schoolId: number, c: CampusInput): Promise<number> {
  const cols = { name: c.name, address: c.address, evaluated_separately: c.evaluatedSeparately ? 1 : 0 };
  try {
    if (c.id) {
      await db.updateTable('campuses').set(cols).where('id', '=', c.id).where('school_id', '=', schoolId).execute();
      return c.id;
    }
    const r = await db.insertInto('campuses').values({ ...cols, school_id: schoolId }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `该学校已有名为“${c.name}”的校区`);
    throw error;
  }
}

export async function getCampus(db: Db, id: number) {
  const r = await db.selectFrom('campuses').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCampus(r) : undefined;
}

export async function deleteCampusRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('campuses').where('id', '=', id).execute();
}

export async function listTownships(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('schools').select('township').distinct().where('township', 'is not', null).orderBy('township').execute();
  return rows.map((r) => r.township as string);
}

/** Schools as a school-input snapshot, for diffs in imports and the audit log. */
export function schoolToInput(s: School): SchoolInput {
  return {
    code: s.code,
    name: s.name,
    shortName: s.shortName,
    type: s.type,
    ownership: s.ownership,
    locality: s.locality,
    township: s.township,
    address: s.address,
    principal: s.principal,
    contact: s.contact,
    status: s.status,
    closedOn: s.closedOn,
  };
}

export async function countSchools(db: Db): Promise<number> {
  const r = await db.selectFrom('schools').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteAllSchools(db: Db): Promise<void> {
  await db.deleteFrom('schools').execute();
}
