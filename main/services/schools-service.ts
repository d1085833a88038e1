import { CampusInput, SchoolInput, type School, type SchoolQuery } from '../../shared/api/contracts/schools';
import { AppError } from '../../shared/api/envelope';
import { describeNameDifference, nameKey, showInvisible } from '../../shared/domain/text/normalize';
import { writeAudit } from '../db/repositories/audit-repo';
import * as repo from '../db/repositories/schools-repo';
import { campusHasStats } from '../db/repositories/stats-repo';
import type { ServiceContext } from './context';

export async function listSchools(ctx: ServiceContext, query: SchoolQuery): Promise<School[]> {
  return repo.listSchools(ctx.db, query);
}

export async function getSchool(ctx: ServiceContext, id: number): Promise<School> {
  const school = await repo.getSchool(ctx.db, id);
  if (!school) throw new AppError('not_found', `找不到编号为 ${id} 的学校`);
  return school;
}

/**
 * Code and name are unique. Names are compared under nameKey: a name that differs from another
 * school's only by spaces, full-/half-width forms or invisible characters is refused as a duplicate.
 */
async function assertUnique(ctx: ServiceContext, input: SchoolInput, selfId?: number) {
  if (input.code) {
    const other = await repo.findSchoolByCode(ctx.db, input.code);
    if (other && other.id !== selfId) throw new AppError('conflict', `学校标识码 ${input.code} 已被“${other.name}”使用`);
  }
  const key = nameKey(input.name);
  const byName = (await repo.listSchoolNames(ctx.db)).find((s) => s.id !== selfId && nameKey(s.name) === key);
  if (!byName) return;
  const d = describeNameDifference(byName.name, input.name);
  throw new AppError(
    'conflict',
    d ? `已有学校“${showInvisible(byName.name)}”，与“${showInvisible(input.name)}”${d}，不能再建一所看起来相同的学校` : `已有名为“${input.name}”的学校`,
  );
}

/**
 * Every write checks the school with the shared schema (the form and the import use the same one):
 * texts cleaned, 10-digit code, 撤并 with a closing date, and so on. Idempotent on input the API has
 * already parsed; it matters for callers inside main (CLI, tests, future batch jobs).
 */
function checkInput(input: SchoolInput): SchoolInput {
  const r = SchoolInput.safeParse(input);
  if (r.success) return r.data;
  throw new AppError('invalid_input', r.error.issues.map((i) => i.message).join('；'), r.error.issues);
}

/** Creates a school after the shared checks and the uniqueness of its code and name (see assertUnique). */
export async function createSchool(ctx: ServiceContext, raw: SchoolInput): Promise<School> {
  const input = checkInput(raw);
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    await assertUnique(c, input);
    const id = await repo.insertSchool(trx, input);
    await writeAudit(trx, { actor: ctx.actor, action: 'create', entity: 'school', entityId: id, summary: `新增学校“${input.name}”`, after: input });
    return getSchool(c, id);
  });
}

/** Replaces a school's fields after the same checks as createSchool. */
export async function updateSchool(ctx: ServiceContext, id: number, raw: SchoolInput): Promise<School> {
  const input = checkInput(raw);
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const before = await getSchool(c, id);
    await assertUnique(c, input, id);
    await repo.updateSchoolRow(trx, id, input);
    await writeAudit(trx, {
      actor: ctx.actor,
      action: 'update',
      entity: 'school',
      entityId: id,
      summary: `修改学校“${input.name}”`,
      before: repo.schoolToInput(before),
      after: input,
    });
    return getSchool(c, id);
  });
}

/** Deleting removes the school's history too, so it is only allowed for a school without statistics; closing (撤并) keeps the past. */
export async function deleteSchool(ctx: ServiceContext, id: number): Promise<{ deleted: boolean }> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const before = await getSchool(c, id);
    if (before.latestStatsYear !== null) {
      throw new AppError('conflict', `“${before.name}”已有统计数据，不能删除；如学校已撤并，请把状态改为“撤并”，历史数据会保留`);
    }
    const deleted = await repo.deleteSchoolRow(trx, id);
    await writeAudit(trx, { actor: ctx.actor, action: 'delete', entity: 'school', entityId: id, summary: `删除学校“${before.name}”`, before: repo.schoolToInput(before) });
    return { deleted };
  });
}

/** Adds or edits a campus; its name is cleaned like a school's and unique within the school under nameKey. */
export async function saveCampus(ctx: ServiceContext, schoolId: number, raw: CampusInput): Promise<School> {
  const parsed = CampusInput.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues.map((i) => i.message).join('；'), parsed.error.issues);
  const campus = parsed.data;
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const school = await getSchool(c, schoolId);
    const before = campus.id ? school.campuses.find((x) => x.id === campus.id) : undefined;
    if (campus.id && !before) throw new AppError('not_found', `“${school.name}”没有编号为 ${campus.id} 的校区`);
    if (school.campuses.some((x) => nameKey(x.name) === nameKey(campus.name) && x.id !== campus.id)) {
      throw new AppError('conflict', `“${school.name}”已有名为“${campus.name}”的校区`);
    }
    const id = await repo.upsertCampus(trx, schoolId, campus);
    await writeAudit(trx, {
      actor: ctx.actor,
      action: before ? 'update' : 'create',
      entity: 'campus',
      entityId: id,
      summary: `${before ? '修改' : '新增'}“${school.name}”的校区“${campus.name}”`,
      before,
      after: campus,
    });
    return getSchool(c, schoolId);
  });
}

export async function deleteCampus(ctx: ServiceContext, campusId: number): Promise<School> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const campus = await repo.getCampus(trx, campusId);
    if (!campus) throw new AppError('not_found', `找不到编号为 ${campusId} 的校区`);
    const school = await getSchool(c, campus.schoolId);
    if (await campusHasStats(trx, campusId)) throw new AppError('conflict', `校区“${campus.name}”已有统计数据，不能删除`);
    await repo.deleteCampusRow(trx, campusId);
    await writeAudit(trx, { actor: ctx.actor, action: 'delete', entity: 'campus', entityId: campusId, summary: `删除“${school.name}”的校区“${campus.name}”`, before: campus });
    return getSchool(c, campus.schoolId);
  });
}

export async function listTownships(ctx: ServiceContext): Promise<string[]> {
  return repo.listTownships(ctx.db);
}
