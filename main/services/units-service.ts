/**
 * 评估单位 and statistics completeness for a year, read from the register: the units rounds,
 * scoring and per-unit documents are built on (rule: shared/domain/schools/evaluated-units.ts), and
 * how complete each school's and campus's figures are (shared/domain/schools/stat-completeness.ts).
 * Read-only; nothing is stored.
 */
import type { EvaluatedUnitDto, School } from '../../shared/api/contracts/schools';
import type { StatCompletenessRow, StatRecord } from '../../shared/api/contracts/statistics';
import { sumRecords } from '../../shared/domain/balance/basis';
import { campusUnitName, evaluatedUnits, inOperation } from '../../shared/domain/schools/evaluated-units';
import { statCompleteness } from '../../shared/domain/schools/stat-completeness';
import { listSchools } from '../db/repositories/schools-repo';
import { statsForYear } from '../db/repositories/stats-repo';
import { reader, type ServiceContext } from './context';

async function registerAndRecords(ctx: ServiceContext, year: number): Promise<{ schools: School[]; records: StatRecord[] }> {
  const db = reader(ctx);
  const [schools, records] = await Promise.all([listSchools(db), statsForYear(db, year)]);
  return { schools, records };
}

const recordKey = (schoolId: number, campusId: number | null) => `${schoolId}/${campusId ?? ''}`;

/**
 * The year's evaluated units with the completeness of the figures each would be evaluated on: a
 * campus unit its own record; a school unit its school-level record, or without one the sum of the
 * records of the campuses it covers (summed as the balance sums them); `source` says which.
 */
export async function listUnits(ctx: ServiceContext, year: number): Promise<EvaluatedUnitDto[]> {
  const { schools, records } = await registerAndRecords(ctx, year);
  const byKey = new Map(records.map((r) => [recordKey(r.schoolId, r.campusId), r]));
  return evaluatedUnits(schools, year).map((u) => {
    const own = byKey.get(recordKey(u.schoolId, u.campusId));
    if (own) return { ...u, statistics: { ...statCompleteness(u.type, own.values), source: 'own' as const } };
    const covered = u.kind === 'school' ? u.campusIds.map((id) => byKey.get(recordKey(u.schoolId, id))).filter((r) => r !== undefined) : [];
    if (covered.length) return { ...u, statistics: { ...statCompleteness(u.type, sumRecords(covered.map((r) => r.values)).values), source: 'campuses' as const } };
    return { ...u, statistics: { ...statCompleteness(u.type, null), source: 'none' as const } };
  });
}

/**
 * Completeness per school and per campus for the year: one line per school in the census (its own
 * record), then one per campus that has a record or is marked 单独评估. A campus without a record
 * and not evaluated separately is covered by its school's line and not listed.
 */
export async function statsCompleteness(ctx: ServiceContext, year: number): Promise<StatCompletenessRow[]> {
  const { schools, records } = await registerAndRecords(ctx, year);
  const byKey = new Map(records.map((r) => [recordKey(r.schoolId, r.campusId), r]));
  const out: StatCompletenessRow[] = [];
  for (const s of schools) {
    if (!inOperation(s, year)) continue;
    const own = byKey.get(recordKey(s.id, null));
    out.push({ schoolId: s.id, campusId: null, unitName: s.name, schoolName: s.name, campusName: null, type: s.type, evaluatedSeparately: false, hasRecord: !!own, ...statCompleteness(s.type, own?.values) });
    for (const c of s.campuses) {
      const rec = byKey.get(recordKey(s.id, c.id));
      if (!rec && !c.evaluatedSeparately) continue;
      out.push({
        schoolId: s.id,
        campusId: c.id,
        unitName: campusUnitName(s.name, c.name),
        schoolName: s.name,
        campusName: c.name,
        type: s.type,
        evaluatedSeparately: c.evaluatedSeparately,
        hasRecord: !!rec,
        ...statCompleteness(s.type, rec?.values),
      });
    }
  }
  return out;
}
