import type { StatHistoryEntry, StatRecord, StatRecordWithSources, StatSourceKind } from '../../shared/api/contracts/statistics';
import { AppError } from '../../shared/api/envelope';
import { STAT_FIELD_BY_KEY, type StatValues } from '../../shared/domain/schools/statistics-fields';
import { getCampus } from '../db/repositories/schools-repo';
import * as repo from '../db/repositories/stats-repo';
import { reader, unitOfWork, type ServiceContext, type Tx, type Unit } from './context';
import { findSchool } from './schools-service';

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

/** A school's statistics, every year and campus, with each value's current source. */
export async function statsForSchool(ctx: ServiceContext, schoolId: number): Promise<StatRecordWithSources[]> {
  const db = reader(ctx);
  await findSchool(db, schoolId);
  return repo.statsForSchoolWithSources(db, schoolId);
}

/** Every value a record's fields were given, with source and time, newest first. */
export async function statsHistory(ctx: ServiceContext, schoolId: number, campusId: number | null, year: number): Promise<StatHistoryEntry[]> {
  const db = reader(ctx);
  await findSchool(db, schoolId);
  return repo.statHistory(db, schoolId, campusId, year);
}

/** “学校 东校区 2025 年”: how the log names one statistics record. */
export function statsEntityName(schoolName: string, campusName: string | null, year: number): string {
  return `${schoolName}${campusName ? ` ${campusName}` : ''} ${year} 年`;
}

/** The audit entity id of a statistics record: school/campus or -/year. */
export function statsEntityId(schoolId: number, campusId: number | null, year: number): string {
  return `${schoolId}/${campusId ?? '-'}/${year}`;
}

/** The file an import read: recorded as the source of the values it sets. */
export interface ImportedFile {
  fileName: string;
  sha256: string;
}

const SOURCE_OF_ACTION: Record<'create' | 'update' | 'import' | 'load-demo', StatSourceKind> = { create: 'manual', update: 'manual', import: 'import', 'load-demo': 'demo' };

/**
 * Writes one statistics record inside a unit of work, records the changed fields in the audit and
 * each changed value's source (manual for create/update, import with `file` and the unit's batch,
 * demo for the demo district) in the value history.
 */
export async function putStatsAudited(
  tx: Tx,
  unit: Unit,
  key: { schoolId: number; campusId: number | null; year: number; entityName: string },
  before: StatValues | null,
  values: StatValues,
  how: { action: 'create' | 'update' | 'import' | 'load-demo'; summary: string },
  file?: ImportedFile,
): Promise<void> {
  await repo.putStats(tx, key.schoolId, key.campusId, key.year, values);
  await repo.recordStatSources(tx, key.schoolId, key.campusId, key.year, before, values, {
    kind: SOURCE_OF_ACTION[how.action],
    operatorName: unit.operator.name,
    fileName: file?.fileName ?? null,
    fileSha256: file?.sha256 ?? null,
    batchId: unit.batchId,
    at: unit.at,
  });
  unit.audit({ entityType: 'statistics', entityId: statsEntityId(key.schoolId, key.campusId, key.year), entityName: key.entityName, action: how.action, summary: how.summary, before, after: values });
}

/** Saves a school's (or campus's) statistics for a year, replacing the record. */
export async function saveStats(ctx: ServiceContext, schoolId: number, campusId: number | null, year: number, values: StatValues): Promise<StatRecord> {
  const clean = validateStatValues(values);
  return unitOfWork(ctx, async (tx, unit) => {
    const school = await findSchool(tx, schoolId);
    let campusName: string | null = null;
    if (campusId !== null) {
      const campus = await getCampus(tx, campusId);
      if (!campus || campus.schoolId !== schoolId) throw new AppError('not_found', `“${school.name}”没有编号为 ${campusId} 的校区`);
      campusName = campus.name;
    }
    const before = await repo.getStats(tx, schoolId, campusId, year);
    await putStatsAudited(tx, unit, { schoolId, campusId, year, entityName: statsEntityName(school.name, campusName, year) }, before?.values ?? null, clean, {
      action: before ? 'update' : 'create',
      summary: `${before ? '修改' : '录入'}“${school.name}”${year} 年统计数据`,
    });
    const saved = await repo.getStats(tx, schoolId, campusId, year);
    return saved!;
  });
}

/** Deletes one statistics record. */
export async function deleteStats(ctx: ServiceContext, schoolId: number, campusId: number | null, year: number) {
  return unitOfWork(ctx, async (tx, unit) => {
    const school = await findSchool(tx, schoolId);
    const before = await repo.getStats(tx, schoolId, campusId, year);
    if (!before) return { deleted: false };
    const campusName = campusId === null ? null : ((await getCampus(tx, campusId))?.name ?? null);
    await repo.deleteStats(tx, schoolId, campusId, year);
    unit.audit({
      entityType: 'statistics',
      entityId: statsEntityId(schoolId, campusId, year),
      entityName: statsEntityName(school.name, campusName, year),
      action: 'delete',
      summary: `删除“${school.name}”${year} 年统计数据`,
      before: before.values,
    });
    return { deleted: true };
  });
}

/** The years that have statistics, newest first. */
export async function statsYears(ctx: ServiceContext): Promise<number[]> {
  return repo.statsYears(reader(ctx));
}
