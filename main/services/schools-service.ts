import { roundsOfSchool } from '../db/repositories/rounds-repo';
import { findAttachments } from '../db/repositories/attachments-repo';
import { countOwnedItems } from '../db/repositories/rectification-repo';
import { CampusInput, SchoolInput, type School, type SchoolQuery } from '../../shared/api/contracts/schools';
import { AppError } from '../../shared/api/envelope';
import { describeNameDifference, nameKey, showInvisible } from '../../shared/domain/text/normalize';
import type { Db } from '../db/connection';
import * as repo from '../db/repositories/schools-repo';
import { campusHasStats } from '../db/repositories/stats-repo';
import { reader, unitOfWork, type ServiceContext, type Tx, type Unit } from './context';

/** The register, filtered. */
export async function listSchools(ctx: ServiceContext, query: SchoolQuery): Promise<School[]> {
  return repo.listSchools(reader(ctx), query);
}

/** One school with its campuses; not_found in Chinese when there is none. */
export async function getSchool(ctx: ServiceContext, id: number): Promise<School> {
  return findSchool(reader(ctx), id);
}

/** getSchool on a given handle (the reader, or a unit of work's transaction). */
export async function findSchool(db: Db, id: number): Promise<School> {
  const school = await repo.getSchool(db, id);
  if (!school) throw new AppError('not_found', `找不到编号为 ${id} 的学校`);
  return school;
}

/** A campus as its audit snapshot. */
const campusSnapshot = (c: { name: string; address: string | null; evaluatedSeparately: boolean }) => ({ name: c.name, address: c.address, evaluatedSeparately: c.evaluatedSeparately });

/**
 * Code and name are unique. Names are compared under nameKey: a name that differs from another
 * school's only by spaces, full-/half-width forms or invisible characters is refused as a duplicate.
 */
async function assertUnique(tx: Tx, input: SchoolInput, selfId?: number) {
  if (input.code) {
    const other = await repo.findSchoolByCode(tx, input.code);
    if (other && other.id !== selfId) throw new AppError('conflict', `学校标识码 ${input.code} 已被“${other.name}”使用`);
  }
  const key = nameKey(input.name);
  const byName = (await repo.listSchoolNames(tx)).find((s) => s.id !== selfId && nameKey(s.name) === key);
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

/** Inserts a school inside a unit of work and records it. */
export async function insertSchoolAudited(tx: Tx, unit: Unit, input: SchoolInput, how: { action: 'create' | 'import' | 'load-demo'; summary: string }): Promise<number> {
  const id = await repo.insertSchool(tx, input);
  unit.audit({ entityType: 'school', entityId: id, entityName: input.name, action: how.action, summary: how.summary, after: input });
  return id;
}

/** Replaces a school's fields inside a unit of work and records the changed ones. */
export async function updateSchoolAudited(tx: Tx, unit: Unit, id: number, before: SchoolInput, input: SchoolInput, how: { action: 'update' | 'import'; summary: string }): Promise<void> {
  await repo.updateSchoolRow(tx, id, input);
  unit.audit({ entityType: 'school', entityId: id, entityName: input.name, action: how.action, summary: how.summary, before, after: input });
}

/** Adds a campus inside a unit of work and records it under “school campus”. */
export async function addCampusAudited(tx: Tx, unit: Unit, school: { id: number; name: string }, name: string, how: { action: 'create' | 'import' | 'load-demo'; summary: string }, evaluatedSeparately = false): Promise<number> {
  const campus = { name, address: null, evaluatedSeparately };
  const id = await repo.upsertCampus(tx, school.id, campus);
  unit.audit({ entityType: 'campus', entityId: id, entityName: `${school.name} ${name}`, action: how.action, summary: how.summary, after: campusSnapshot(campus) });
  return id;
}

/** Creates a school after the shared checks and the uniqueness of its code and name (see assertUnique). */
export async function createSchool(ctx: ServiceContext, raw: SchoolInput): Promise<School> {
  const input = checkInput(raw);
  return unitOfWork(ctx, async (tx, unit) => {
    await assertUnique(tx, input);
    const id = await insertSchoolAudited(tx, unit, input, { action: 'create', summary: `新增学校“${input.name}”` });
    return findSchool(tx, id);
  });
}

/** Replaces a school's fields after the same checks as createSchool. */
export async function updateSchool(ctx: ServiceContext, id: number, raw: SchoolInput): Promise<School> {
  const input = checkInput(raw);
  return unitOfWork(ctx, async (tx, unit) => {
    const before = await findSchool(tx, id);
    await assertUnique(tx, input, id);
    await updateSchoolAudited(tx, unit, id, repo.schoolToInput(before), input, { action: 'update', summary: `修改学校“${input.name}”` });
    return findSchool(tx, id);
  });
}

/** Deleting removes the school's history too, so it is only allowed for a school without statistics; closing (撤并) keeps the past. */
export async function deleteSchool(ctx: ServiceContext, id: number): Promise<{ deleted: boolean }> {
  return unitOfWork(ctx, async (tx, unit) => {
    const before = await findSchool(tx, id);
    if (before.latestStatsYear !== null) {
      throw new AppError('conflict', `“${before.name}”已有统计数据，不能删除；如学校已撤并，请把状态改为“撤并”，历史数据会保留`);
    }
    // Evidence kept for a school is never lost by deleting it: the files must be removed on purpose first.
    const evidence = await findAttachments(tx, { schoolId: id });
    if (evidence.length > 0) {
      throw new AppError('conflict', `“${before.name}”存有 ${evidence.length} 份佐证材料，不能删除；请先在该校统计数据页删除佐证材料，或把状态改为“撤并”`);
    }
    // A school that took part in a round carries that round's outcome: deleting it would lose it.
    const rounds = await roundsOfSchool(tx, { schoolId: id });
    if (rounds.length > 0) {
      throw new AppError('conflict', `“${before.name}”参加了评估项目${rounds.map((r) => `“${r}”`).join('、')}，不能删除；如学校已撤并，请把状态改为“撤并”`);
    }
    // Its 整改事项 would lose their responsible unit.
    const owned = await countOwnedItems(tx, id);
    if (owned > 0) {
      throw new AppError('conflict', `“${before.name}”是整改台账中 ${owned} 项整改事项的责任单位，不能删除；如学校已撤并，请把状态改为“撤并”`);
    }
    const deleted = await repo.deleteSchoolRow(tx, id);
    unit.audit({ entityType: 'school', entityId: id, entityName: before.name, action: 'delete', summary: `删除学校“${before.name}”`, before: repo.schoolToInput(before) });
    return { deleted };
  });
}

/** Adds or edits a campus; its name is cleaned like a school's and unique within the school under nameKey. */
export async function saveCampus(ctx: ServiceContext, schoolId: number, raw: CampusInput): Promise<School> {
  const parsed = CampusInput.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues.map((i) => i.message).join('；'), parsed.error.issues);
  const campus = parsed.data;
  return unitOfWork(ctx, async (tx, unit) => {
    const school = await findSchool(tx, schoolId);
    const before = campus.id ? school.campuses.find((x) => x.id === campus.id) : undefined;
    if (campus.id && !before) throw new AppError('not_found', `“${school.name}”没有编号为 ${campus.id} 的校区`);
    if (school.campuses.some((x) => nameKey(x.name) === nameKey(campus.name) && x.id !== campus.id)) {
      throw new AppError('conflict', `“${school.name}”已有名为“${campus.name}”的校区`);
    }
    const id = await repo.upsertCampus(tx, schoolId, campus);
    unit.audit({
      entityType: 'campus',
      entityId: id,
      entityName: `${school.name} ${campus.name}`,
      action: before ? 'update' : 'create',
      summary: `${before ? '修改' : '新增'}“${school.name}”的校区“${campus.name}”`,
      before: before ? campusSnapshot(before) : null,
      after: campusSnapshot(campus),
    });
    return findSchool(tx, schoolId);
  });
}

/** Deletes a campus without statistics. */
export async function deleteCampus(ctx: ServiceContext, campusId: number): Promise<School> {
  return unitOfWork(ctx, async (tx, unit) => {
    const campus = await repo.getCampus(tx, campusId);
    if (!campus) throw new AppError('not_found', `找不到编号为 ${campusId} 的校区`);
    const school = await findSchool(tx, campus.schoolId);
    if (await campusHasStats(tx, campusId)) throw new AppError('conflict', `校区“${campus.name}”已有统计数据，不能删除`);
    const rounds = await roundsOfSchool(tx, { campusId });
    if (rounds.length > 0) throw new AppError('conflict', `校区“${campus.name}”参加了评估项目${rounds.map((r) => `“${r}”`).join('、')}，不能删除`);
    await repo.deleteCampusRow(tx, campusId);
    unit.audit({ entityType: 'campus', entityId: campusId, entityName: `${school.name} ${campus.name}`, action: 'delete', summary: `删除“${school.name}”的校区“${campus.name}”`, before: campusSnapshot(campus) });
    return findSchool(tx, campus.schoolId);
  });
}

/**
 * Sets the status of several schools at once (撤并 on `closedOn`, or back to 在办 with no date), in
 * one unit of work with one audit batch. Each result is checked like a form save (checkInput: 撤并
 * needs a calendar date); schools already so are counted as unchanged.
 */
export async function setSchoolsStatus(ctx: ServiceContext, ids: readonly number[], status: SchoolInput['status'], closedOn: string | null): Promise<{ changed: number; unchanged: number }> {
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      let changed = 0;
      let unchanged = 0;
      for (const id of [...new Set(ids)]) {
        const school = await findSchool(tx, id);
        const before = repo.schoolToInput(school);
        const input = checkInput({ ...before, status, closedOn: status === '撤并' ? closedOn : null });
        if (before.status === input.status && before.closedOn === input.closedOn) {
          unchanged++;
          continue;
        }
        const what = input.status === '撤并' ? `撤并（${input.closedOn}）` : '在办';
        await updateSchoolAudited(tx, unit, id, before, input, { action: 'update', summary: `批量修改办学状态：“${input.name}”改为${what}` });
        changed++;
      }
      return { changed, unchanged };
    },
    { batch: true },
  );
}

/** Every township named in the register. */
export async function listTownships(ctx: ServiceContext): Promise<string[]> {
  return repo.listTownships(reader(ctx));
}
