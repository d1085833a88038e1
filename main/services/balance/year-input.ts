/**
 * The balance computation's input for one year, read from the register: the schools in operation
 * that year with their statistics, and the office's manual overrides.
 *
 * - In operation: a school closed (撤并) before 1 September of the year is not in that year's
 *   statistics (the census is taken at the start of the school year), so it is left out and listed.
 * - Records: the school-level record (campusId null); a school with only campus records gets them
 *   summed (see campus-merge.ts); a school in operation without any record enters with no data, so
 *   every indicator is flagged missing rather than dropped silently.
 */
import type { NotInOperation, SourceNote } from '../../../shared/api/contracts/balance';
import type { School } from '../../../shared/api/contracts/schools';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import type { BalanceYearInput, SchoolBalanceInput, SchoolOverrides } from '../../../shared/domain/balance';
import type { StatValues } from '../../../shared/domain/schools/statistics-fields';
import type { OverrideRow } from '../../db/repositories/balance-overrides-repo';
import { mergeCampusRecords } from './campus-merge';

export interface YearInputBuild {
  input: BalanceYearInput;
  notInOperation: NotInOperation[];
  sourceNotes: SourceNote[];
}

/** The year's statistics describe the autumn census: closed on or after 1 September → still counted. */
export function inOperation(school: Pick<School, 'status' | 'closedOn'>, year: number): boolean {
  if (school.status !== '撤并') return true;
  return school.closedOn !== null && school.closedOn >= `${year}-09-01`;
}

function overridesOf(rows: readonly OverrideRow[]): SchoolOverrides | undefined {
  if (!rows.length) return undefined;
  const o: SchoolOverrides = {};
  const notes = new Set<string>();
  for (const r of rows) {
    if (r.note) notes.add(r.note);
    if (r.targetKind === 'field') (o.sectionFields ??= {})[r.target] = r.value;
    else ((o.numerators ??= {})[r.section] ??= {})[r.target] = r.value;
  }
  if (notes.size) o.note = [...notes].join('；');
  return o;
}

export function buildYearInput(year: number, schools: readonly School[], stats: readonly StatRecord[], overrides: readonly OverrideRow[]): YearInputBuild {
  const bySchool = new Map<number, StatRecord[]>();
  for (const r of stats) {
    const list = bySchool.get(r.schoolId) ?? [];
    list.push(r);
    bySchool.set(r.schoolId, list);
  }
  const overridesBySchool = new Map<number, OverrideRow[]>();
  for (const o of overrides) {
    const list = overridesBySchool.get(o.schoolId) ?? [];
    list.push(o);
    overridesBySchool.set(o.schoolId, list);
  }

  const out: SchoolBalanceInput[] = [];
  const notInOperation: NotInOperation[] = [];
  const sourceNotes: SourceNote[] = [];
  for (const s of schools) {
    const records = bySchool.get(s.id) ?? [];
    if (!inOperation(s, year)) {
      const extra = records.length ? '；该年仍有统计数据，未计入' : '';
      notInOperation.push({ schoolId: s.id, schoolName: s.name, closedOn: s.closedOn, reason: `已于 ${s.closedOn ?? '（日期未填）'} 撤并，不在 ${year} 年统计范围内${extra}` });
      continue;
    }
    const own = records.find((r) => r.campusId === null);
    const campusRecords = records.filter((r) => r.campusId !== null);
    let values: StatValues = own?.values ?? {};
    if (!own && campusRecords.length) {
      const merged = mergeCampusRecords(campusRecords);
      values = merged.values;
      const names = campusRecords.map((r) => s.campuses.find((c) => c.id === r.campusId)?.name ?? `校区 ${r.campusId}`);
      const partial = merged.partial.length ? `；${merged.partial.map((l) => `“${l}”`).join('、')}只有部分校区填报，按缺失处理` : '';
      sourceNotes.push({ schoolId: s.id, schoolName: s.name, note: `未填报全校统计数据，按 ${names.length} 个校区（${names.join('、')}）的统计数据汇总${partial}` });
    } else if (!own) {
      sourceNotes.push({ schoolId: s.id, schoolName: s.name, note: `${year} 年没有统计数据，各项指标按缺失处理` });
    }
    out.push({ id: String(s.id), name: s.name, type: s.type, stats: values, overrides: overridesOf(overridesBySchool.get(s.id) ?? []) });
  }
  return { input: { year, schools: out }, notInOperation, sourceNotes };
}
