/**
 * The balance computation's input for one year, read from the register: the rows of the year's
 * calculation under the stored basis (shared/domain/balance/basis.ts), with the office's manual
 * overrides.
 *
 * - In operation: a school closed (撤并) before 1 September of the year is not in that year's
 *   statistics (the census is taken at the start of the school year), so it is left out and listed
 *   (shared/domain/schools/evaluated-units.ts `inOperation`).
 * - Rows and records: see composeYearRows. A school in operation without any record enters with no
 *   data, so every indicator is flagged missing rather than dropped silently.
 * - Overrides are set per school: they apply to the school's row (under the per-unit basis, the rest
 *   of the school once campuses are split off — said in the school's note), never to a campus row.
 */
import type { BasisNoteDto, NotInOperation, SourceNote } from '../../../shared/api/contracts/balance';
import type { School } from '../../../shared/api/contracts/schools';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import { composeYearRows, type BalanceYearInput, type CalculationBasis, type SchoolBalanceInput, type SchoolOverrides } from '../../../shared/domain/balance';
import { inOperation } from '../../../shared/domain/schools/evaluated-units';
import type { OverrideRow } from '../../db/repositories/balance-overrides-repo';

export interface YearInputBuild {
  input: BalanceYearInput;
  notInOperation: NotInOperation[];
  sourceNotes: SourceNote[];
  basisNotes: BasisNoteDto[];
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

/** The year's input under `basis` (default 'school', the national statistics). */
export function buildYearInput(year: number, schools: readonly School[], stats: readonly StatRecord[], overrides: readonly OverrideRow[], basis: CalculationBasis = 'school'): YearInputBuild {
  const overridesBySchool = new Map<number, OverrideRow[]>();
  for (const o of overrides) {
    const list = overridesBySchool.get(o.schoolId) ?? [];
    list.push(o);
    overridesBySchool.set(o.schoolId, list);
  }

  const notInOperation: NotInOperation[] = [];
  const census: School[] = [];
  for (const s of schools) {
    if (inOperation(s, year)) {
      census.push(s);
      continue;
    }
    const extra = stats.some((r) => r.schoolId === s.id) ? '；该年仍有统计数据，未计入' : '';
    notInOperation.push({ schoolId: s.id, schoolName: s.name, closedOn: s.closedOn, reason: `已于 ${s.closedOn ?? '（日期未填）'} 撤并，不在 ${year} 年统计范围内${extra}` });
  }

  const composed = composeYearRows(year, census, stats, basis);
  const sourceNotes: SourceNote[] = [...composed.sourceNotes];
  const rowSchools = new Set(composed.rows.filter((r) => r.campusId === null).map((r) => r.schoolId));
  const split = new Set(composed.rows.filter((r) => r.campusId !== null).map((r) => r.schoolId));
  for (const [schoolId, rows] of overridesBySchool) {
    if (!split.has(schoolId)) continue;
    const name = census.find((s) => s.id === schoolId)?.name;
    if (!name) continue;
    sourceNotes.push({
      schoolId,
      schoolName: name,
      note: rowSchools.has(schoolId)
        ? `人工调整（${rows.length} 项）按学校设定，按评估单位计算时用于单列校区以外的部分，不用于单列的校区，请核对数值是否仍然适用`
        : `人工调整（${rows.length} 项）按学校设定；按评估单位计算时学校不再单列，调整未使用`,
    });
  }

  const out: SchoolBalanceInput[] = composed.rows.map((r) => {
    const row: SchoolBalanceInput = { id: r.id, name: r.name, type: r.type, stats: r.stats };
    if (r.campusId !== null) row.campusOf = String(r.schoolId);
    else {
      const o = overridesOf(overridesBySchool.get(r.schoolId) ?? []);
      if (o) row.overrides = o;
    }
    return row;
  });
  return { input: { year, schools: out }, notInOperation, sourceNotes, basisNotes: composed.basisNotes };
}
