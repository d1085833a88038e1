import type { CampusInput, School, SchoolInput, SchoolQuery } from '../../shared/api/contracts/schools';
import { AppError } from '../../shared/api/envelope';
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

async function assertUnique(ctx: ServiceContext, input: SchoolInput, selfId?: number) {
  if (input.code) {
    const other = await repo.findSchoolByCode(ctx.db, input.code);
    if (other && other.id !== selfId) throw new AppError('conflict', `学校标识码 ${input.code} 已被“${other.name}”使用`);
  }
  const byName = await repo.findSchoolByName(ctx.db, input.name);
  if (byName && byName.id !== selfId) throw new AppError('conflict', `已有名为“${input.name}”的学校`);
}

function checkClosed(input: SchoolInput) {
  if (input.status === '撤并' && !input.closedOn) throw new AppError('invalid_input', '学校状态为“撤并”时须填写撤并日期');
}

export async function createSchool(ctx: ServiceContext, input: SchoolInput): Promise<School> {
  checkClosed(input);
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    await assertUnique(c, input);
    const id = await repo.insertSchool(trx, input);
    await writeAudit(trx, { actor: ctx.actor, action: 'create', entity: 'school', entityId: id, summary: `新增学校“${input.name}”`, after: input });
    return getSchool(c, id);
  });
}

export async function updateSchool(ctx: ServiceContext, id: number, input: SchoolInput): Promise<School> {
  checkClosed(input);
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

export async function saveCampus(ctx: ServiceContext, schoolId: number, campus: CampusInput): Promise<School> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const school = await getSchool(c, schoolId);
    const before = campus.id ? school.campuses.find((x) => x.id === campus.id) : undefined;
    if (campus.id && !before) throw new AppError('not_found', `“${school.name}”没有编号为 ${campus.id} 的校区`);
    if (school.campuses.some((x) => x.name === campus.name && x.id !== campus.id)) {
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
