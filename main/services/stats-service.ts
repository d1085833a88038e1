import type { StatRecord } from '../../shared/api/contracts/statistics';
import { AppError } from '../../shared/api/envelope';
import { STAT_FIELD_BY_KEY, type StatValues } from '../../shared/domain/schools/statistics-fields';
import { writeAudit } from '../db/repositories/audit-repo';
import { getCampus } from '../db/repositories/schools-repo';
import * as repo from '../db/repositories/stats-repo';
import type { ServiceContext } from './context';
import { getSchool } from './schools-service';

/** Rejects unknown fields and values of the wrong shape, naming the field in Chinese. */
export function validateStatValues(values: StatValues): StatValues {
  const clean: StatValues = {};
  for (const [key, value] of Object.entries(values)) {
    const def = STAT_FIELD_BY_KEY.get(key);
    if (!def) throw new AppError('invalid_input', `未知的统计字段：${key}`);
    if (value === undefined || value === null) continue;
    if (def.kind === 'list') {
      if (!Array.isArray(value)) throw new AppError('invalid_input', `“${def.label}”应为数字列表`);
    } else if (Array.isArray(value)) {
      throw new AppError('invalid_input', `“${def.label}”应为单个数字`);
    } else if (def.kind === 'count' && !Number.isInteger(value)) {
      throw new AppError('invalid_input', `“${def.label}”应为整数（${def.unit}）`);
    }
    clean[key] = value;
  }
  return clean;
}

export async function statsForSchool(ctx: ServiceContext, schoolId: number): Promise<StatRecord[]> {
  await getSchool(ctx, schoolId);
  return repo.statsForSchool(ctx.db, schoolId);
}

export async function saveStats(ctx: ServiceContext, schoolId: number, campusId: number | null, year: number, values: StatValues): Promise<StatRecord> {
  const clean = validateStatValues(values);
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const school = await getSchool(c, schoolId);
    if (campusId !== null) {
      const campus = await getCampus(trx, campusId);
      if (!campus || campus.schoolId !== schoolId) throw new AppError('not_found', `“${school.name}”没有编号为 ${campusId} 的校区`);
    }
    const before = await repo.getStats(trx, schoolId, campusId, year);
    await repo.putStats(trx, schoolId, campusId, year, clean);
    await writeAudit(trx, {
      actor: ctx.actor,
      action: before ? 'update' : 'create',
      entity: 'stats',
      entityId: `${schoolId}/${campusId ?? '-'}/${year}`,
      summary: `${before ? '修改' : '录入'}“${school.name}”${year} 年统计数据`,
      before: before?.values,
      after: clean,
    });
    const saved = await repo.getStats(trx, schoolId, campusId, year);
    return saved!;
  });
}

export async function deleteStats(ctx: ServiceContext, schoolId: number, campusId: number | null, year: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const school = await getSchool(c, schoolId);
    const before = await repo.getStats(trx, schoolId, campusId, year);
    if (!before) return { deleted: false };
    await repo.deleteStats(trx, schoolId, campusId, year);
    await writeAudit(trx, { actor: ctx.actor, action: 'delete', entity: 'stats', entityId: `${schoolId}/${campusId ?? '-'}/${year}`, summary: `删除“${school.name}”${year} 年统计数据`, before: before.values });
    return { deleted: true };
  });
}

export async function statsYears(ctx: ServiceContext): Promise<number[]> {
  return repo.statsYears(ctx.db);
}
