import type { StatCellIssue, StatHistoryEntry, StatRecord, StatRecordWithSources, StatSourceKind } from '../../shared/api/contracts/statistics';
import { AppError } from '../../shared/api/envelope';
import { statValuesIssues } from '../../shared/domain/schools/stat-validation';
import type { StatValues } from '../../shared/domain/schools/statistics-fields';
import { getCampus } from '../db/repositories/schools-repo';
import * as repo from '../db/repositories/stats-repo';
import { reader, unitOfWork, type ServiceContext, type Tx, type Unit } from './context';
import { findSchool } from './schools-service';

/**
 * Rejects unknown fields and refused values (negative figures, fractions of people, wrong shapes:
 * shared/domain/schools/stat-validation.ts), naming each field as the form labels it; drops
 * missing (null/undefined) values. invalid_input lists every problem, `details` holds them by field.
 */
export function validateStatValues(values: Readonly<Record<string, unknown>>): StatValues {
  const issues = statValuesIssues(values);
  if (issues.length > 0) throw new AppError('invalid_input', issues.map((i) => i.message).join('；'), { fields: issues });
  const clean: StatValues = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null) clean[key] = value as StatValues[string];
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

/** The file an import read, and where in it the record's values stand: recorded as the source of the values it sets. */
export interface ImportedFile {
  fileName: string;
  sha256: string;
  /** The worksheet (null for CSV) and the row (as Excel numbers it) of the record. */
  sheet?: string | null;
  row?: number;
}

const SOURCE_OF_ACTION: Record<'create' | 'update' | 'import' | 'load-demo', StatSourceKind> = { create: 'manual', update: 'manual', import: 'import', 'load-demo': 'demo' };

/** Two records' values are the same (key order and missing-vs-absent do not matter). */
function sameValues(a: StatValues | null | undefined, b: StatValues): boolean {
  const canon = (v: StatValues | null | undefined) =>
    JSON.stringify(
      Object.entries(v ?? {})
        .filter(([, x]) => x !== undefined && x !== null)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    );
  return canon(a) === canon(b);
}

/**
 * Writes one statistics record inside a unit of work, records the changed fields in the audit and
 * each changed value's source (manual for create/update unless `how.source` says otherwise — the
 * year grid's `grid` —, import with `file` and the unit's batch, demo for the demo district) in the
 * value history.
 */
export async function putStatsAudited(
  tx: Tx,
  unit: Unit,
  key: { schoolId: number; campusId: number | null; year: number; entityName: string },
  before: StatValues | null,
  values: StatValues,
  how: { action: 'create' | 'update' | 'import' | 'load-demo'; summary: string; source?: StatSourceKind },
  file?: ImportedFile,
): Promise<void> {
  await repo.putStats(tx, key.schoolId, key.campusId, key.year, values);
  await repo.recordStatSources(tx, key.schoolId, key.campusId, key.year, before, values, {
    kind: how.source ?? SOURCE_OF_ACTION[how.action],
    operatorName: unit.operator.name,
    fileName: file?.fileName ?? null,
    fileSha256: file?.sha256 ?? null,
    fileSheet: file?.sheet ?? null,
    fileRow: file?.row ?? null,
    batchId: unit.batchId,
    at: unit.at,
  });
  unit.audit({ entityType: 'statistics', entityId: statsEntityId(key.schoolId, key.campusId, key.year), entityName: key.entityName, action: how.action, summary: how.summary, before, after: values });
}

/** The campus's name after checking it belongs to the school (null for the school as a whole). */
async function campusNameOf(tx: Tx, school: { id: number; name: string }, campusId: number | null): Promise<string | null> {
  if (campusId === null) return null;
  const campus = await getCampus(tx, campusId);
  if (!campus || campus.schoolId !== school.id) throw new AppError('not_found', `“${school.name}”没有编号为 ${campusId} 的校区`);
  return campus.name;
}

/**
 * Saves a school's (or campus's) statistics for a year, replacing the record. Values are checked
 * by validateStatValues (invalid_input naming the field); not_found for an unknown school or a
 * campus of another school.
 */
export async function saveStats(ctx: ServiceContext, schoolId: number, campusId: number | null, year: number, values: Readonly<Record<string, unknown>>): Promise<StatRecord> {
  const clean = validateStatValues(values);
  return unitOfWork(ctx, async (tx, unit) => {
    const school = await findSchool(tx, schoolId);
    const campusName = await campusNameOf(tx, school, campusId);
    const before = await repo.getStats(tx, schoolId, campusId, year);
    await putStatsAudited(tx, unit, { schoolId, campusId, year, entityName: statsEntityName(school.name, campusName, year) }, before?.values ?? null, clean, {
      action: before ? 'update' : 'create',
      summary: `${before ? '修改' : '录入'}“${school.name}”${year} 年统计数据`,
    });
    const saved = await repo.getStats(tx, schoolId, campusId, year);
    return saved!;
  });
}

/** One record of a saveMany call. */
export interface StatRow {
  schoolId: number;
  campusId: number | null;
  values: Readonly<Record<string, unknown>>;
}

/**
 * Saves several records of one year in one unit of work (the year grid, see the `stats.saveMany`
 * contract): all values are checked before anything is written; a refused value anywhere leaves
 * every record as it was and the error's `details.cells` lists each refused value with school and
 * field (StatCellIssue). Rows equal to the stored record are skipped; written values get the
 * source `grid`, and every entry of the call shares one audit batch.
 */
export async function saveManyStats(ctx: ServiceContext, year: number, rows: readonly StatRow[]): Promise<{ saved: number; unchanged: number }> {
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.schoolId}/${r.campusId ?? '-'}`;
    if (seen.has(key)) throw new AppError('invalid_input', `同一所学校${r.campusId === null ? '' : '的同一校区'}在一次保存中出现了两次（学校编号 ${r.schoolId}）`);
    seen.add(key);
  }
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      const checked: { row: StatRow; school: { id: number; name: string }; campusName: string | null }[] = [];
      const cells: StatCellIssue[] = [];
      for (const row of rows) {
        const school = await findSchool(tx, row.schoolId);
        const campusName = await campusNameOf(tx, school, row.campusId);
        const where = campusName ? `${school.name} ${campusName}` : school.name;
        for (const i of statValuesIssues(row.values)) {
          cells.push({ schoolId: school.id, campusId: row.campusId, schoolName: where, field: i.field, label: i.label, message: `${where}：${i.message}` });
        }
        checked.push({ row, school, campusName });
      }
      if (cells.length > 0) {
        const shown = cells.slice(0, 3).map((c) => c.message).join('；');
        throw new AppError('invalid_input', `有 ${cells.length} 项数据不符合要求，未保存任何数据：${shown}${cells.length > 3 ? '……' : ''}`, { cells });
      }
      let saved = 0;
      let unchanged = 0;
      for (const { row, school, campusName } of checked) {
        const clean = validateStatValues(row.values);
        const before = await repo.getStats(tx, school.id, row.campusId, year);
        if (before && sameValues(before.values, clean)) {
          unchanged++;
          continue;
        }
        await putStatsAudited(tx, unit, { schoolId: school.id, campusId: row.campusId, year, entityName: statsEntityName(school.name, campusName, year) }, before?.values ?? null, clean, {
          action: before ? 'update' : 'create',
          source: 'grid',
          summary: `表格录入：${before ? '修改' : '录入'}“${school.name}”${campusName ? `${campusName} ` : ''}${year} 年统计数据`,
        });
        saved++;
      }
      return { saved, unchanged };
    },
    { batch: true },
  );
}

/** Every record of one year (schools and campuses), ordered by school id. */
export async function statsForYear(ctx: ServiceContext, year: number): Promise<StatRecord[]> {
  return repo.statsForYear(reader(ctx), year);
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
