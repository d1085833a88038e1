import type { FieldChange, ImportIssue, ImportNotice, ImportQuestion, ImportRowPreview } from '../../../shared/api/contracts/exchange';
import type { School } from '../../../shared/api/contracts/schools';
import { MANUAL_OVERWRITE_MARK, type StatRecord, type StatSource } from '../../../shared/api/contracts/statistics';
import { STAT_FIELD_BY_KEY, type StatValue, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { SECTION_LABELS } from '../../../shared/domain/schools/school-enums';
import { statFieldApplies } from '../../../shared/domain/schools/stat-completeness';
import { capIssues, describeRows, makeIssue, type IssuePlace } from './issues';
import type { ParsedStatsRow, RejectedStatsRow } from './parse-stats';
import { checkPlausibility } from './plausibility';
import { sameStatValue } from './stat-values';
import { magnitudeCheck } from './magnitude';
import { nameKey, showInvisible } from '../../../shared/domain/text/normalize';

export interface StatsOp {
  schoolId: number;
  campusId: number | null;
  campusName?: string;
  year: number;
  /** Existing values overlaid with the file's: a column left blank keeps what is stored. */
  values: StatValues;
  sheet: string;
  row: number;
}

export interface StatsImportPlan {
  rows: ImportRowPreview[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
  ops: StatsOp[];
  notices: ImportNotice[];
  /** Values off by ~×10,000 against last year or the district: nothing is stored until answered. */
  questions: ImportQuestion[];
}

export interface StatsPlanContext {
  schools: School[];
  /** Stored records for the year(s) being imported. */
  current: StatRecord[];
  /** Stored records for the year before, for the plausibility checks. */
  previousYear: StatRecord[];
  /** Current sources of the stored values, keyed `${schoolId}/${campusId ?? '-'}/${year}`: a value entered by hand that the file changes is warned about. */
  sources?: ReadonlyMap<string, Readonly<Record<string, StatSource>>>;
}

/** “1,833,700 元”, “45,43 人”: a stored value as the overwrite warning shows it. */
function showValue(value: unknown, unit: string | undefined): string {
  const one = (v: unknown) => (typeof v === 'number' ? String(v).replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+$)/g, ',')) : String(v));
  const text = Array.isArray(value) ? value.map(one).join('、') : one(value);
  return unit ? `${text} ${unit}` : text;
}

/** 0, or a list of nothing but zeros: what a formula or a filled-down template leaves in a column that does not apply. */
function isZero(v: StatValue): boolean {
  return Array.isArray(v) ? v.every((x) => x === 0) : v === 0;
}

const recordKey = (schoolId: number, campusId: number | null, year: number) => `${schoolId}|${campusId ?? 0}|${year}`;

/**
 * Matches parsed rows to the register and plans the writes: per row new / changed / unchanged with
 * each field's old and new value. Refuses unknown schools and campuses and duplicate rows; skips
 * (with a warning) rows for a school closed before the year; asks before storing a money or area
 * value ~×10,000 off last year's or the district's (see magnitude.ts), applying `answers`.
 * A field of a section the school's type does not run (statFieldApplies: a 小学's 初中在校生数) is
 * never newly stored: a 0 is dropped with one notice per type and field, any other figure is an
 * error (one equal to the stored value is left alone, with a warning). Rows with cell errors
 * (RejectedStatsRow) are checked the same way for what the register can tell, but never planned
 * for writing. Rows are taken in file order.
 */
export function planStatsImport(
  parsed: readonly (ParsedStatsRow | RejectedStatsRow)[],
  ctx: StatsPlanContext,
  fileName: string,
  answers: Readonly<Record<string, string>> = {},
): StatsImportPlan {
  const byCode = new Map(ctx.schools.filter((s) => s.code).map((s) => [s.code!, s]));
  // Names that differ only by spaces, invisible or full-width characters are the same school.
  const byName = new Map(ctx.schools.map((s) => [nameKey(s.name), s]));
  const looseMatches = new Map<string, string>();
  const current = new Map(ctx.current.map((r) => [recordKey(r.schoolId, r.campusId, r.year), r]));
  const previous = new Map(ctx.previousYear.map((r) => [recordKey(r.schoolId, r.campusId, r.year), r]));
  const seen = new Map<string, number>();
  const rows: ImportRowPreview[] = [];
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const ops: StatsOp[] = [];
  const notices: ImportNotice[] = [];
  const magnitude = magnitudeCheck(ctx, answers);

  const ignored = new Map<string, { type: string; label: string; rows: number[] }>();

  // In file order, rows with errors among them: a repeat is told at the later row.
  for (const p of [...parsed].sort((a, b) => a.row - b.row)) {
    const rejected = 'failed' in p;
    const failed = new Set(rejected ? p.failed : []);
    const at = (key: string | null): IssuePlace => {
      const ref = key ? p.columns[key] : undefined;
      return { sheet: p.sheet, row: p.row, column: ref?.column ?? null, columnLabel: ref?.label ?? null };
    };
    const fail = (key: string | null, text: string) => errors.push(makeIssue(fileName, at(key), text));
    // A row whose school cannot be told (its 标识码 or name cell is wrong) has nothing more to check.
    if (failed.has('schoolCode') || (p.schoolCode === null && failed.has('schoolName'))) continue;

    let school: School | undefined;
    if (p.schoolCode !== null) {
      school = byCode.get(p.schoolCode);
      if (!school) {
        fail('schoolCode', `学校名册中没有标识码为 ${p.schoolCode} 的学校${p.schoolName ? `（本行学校名称为“${p.schoolName}”）` : ''}，请先在学校名册中登记`);
        continue;
      }
      if (p.schoolName && !failed.has('schoolName') && nameKey(p.schoolName) !== nameKey(school.name)) {
        warnings.push(makeIssue(fileName, at('schoolName'), `学校名称“${p.schoolName}”与名册中标识码 ${p.schoolCode} 的学校“${school.name}”不一致，已按标识码匹配`));
      }
    } else {
      school = byName.get(nameKey(p.schoolName));
      if (!school) {
        fail('schoolName', `学校名册中没有名为“${showInvisible(p.schoolName)}”的学校，请核对名称或先在学校名册中登记`);
        continue;
      }
      if (school.name !== p.schoolName && !rejected) looseMatches.set(p.schoolName, school.name);
    }

    if (p.year !== null && school.status !== '在办' && school.closedOn && school.closedOn < `${p.year}-01-01`) {
      warnings.push(
        makeIssue(
          fileName,
          at('schoolName'),
          `“${school.name}”已于 ${school.closedOn} ${school.status}，早于 ${p.year} 年，该行${p.hidden ? '（文件中的隐藏行）' : ''}未导入。若该校仍在办学，请先在学校名册中更正状态`,
        ),
      );
      continue;
    }

    let campusId: number | null = null;
    if (p.campusName !== null && !failed.has('campusName')) {
      const campus = school.campuses.find((c) => c.name === p.campusName);
      if (!campus) {
        const known = school.campuses.map((c) => `“${c.name}”`).join('、');
        fail('campusName', `“${school.name}”没有名为“${p.campusName}”的校区${known ? `，已登记的校区有：${known}` : '，该校尚未登记任何校区'}`);
        continue;
      }
      campusId = campus.id;
    }

    const year = p.year;
    const key = year === null || failed.has('campusName') ? null : recordKey(school.id, campusId, year);
    if (key !== null) {
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        fail(p.columns.schoolCode && p.schoolCode !== null ? 'schoolCode' : 'schoolName', `“${school.name}”${p.campusName ? `“${p.campusName}”校区` : ''} ${year} 年的数据与第 ${earlier} 行重复`);
        continue;
      }
      seen.set(key, p.row);
    }

    // Figures of a section the school's type does not run: a zero (often a formula's) is stored as 0,
    // as offices expect of such files (shared/cases/imports: formula-result-zero), and said once — it
    // counts nothing; any other figure is an error — stored, it would count pupils the school cannot have.
    // One already stored (the school's type changed since) is left as it is, with a warning, so that
    // re-importing an export changes nothing.
    const stored = key === null ? undefined : current.get(key)?.values;
    const applicable: StatValues = {};
    let wrongType = false;
    for (const [field, value] of Object.entries(p.values)) {
      const def = STAT_FIELD_BY_KEY.get(field);
      if (value === undefined || !def || statFieldApplies(school.type, def)) {
        applicable[field] = value;
        continue;
      }
      const section = SECTION_LABELS[def.section!];
      const what = `“${school.name}”在学校名册中是${school.type}，没有${section}学段，不填${def.label}`;
      if (isZero(value)) {
        applicable[field] = value;
        const k = `${school.type}|${field}`;
        const entry = ignored.get(k) ?? { type: school.type, label: def.label, rows: [] };
        if (!entry.rows.includes(p.row)) entry.rows.push(p.row);
        ignored.set(k, entry);
      } else if (p.derived.includes(field)) {
        // A derived total is the sum of grade cells, each of which is reported on its own.
      } else if (sameStatValue(stored?.[field], value)) {
        warnings.push(makeIssue(fileName, at(field), `${what}；文件中的 ${showValue(value, def.unit)}与已存的值相同，未改动。请核对学校类型，或在学校页面清除该值`));
      } else {
        fail(field, `${what}，本行却填写了 ${showValue(value, def.unit)}。若该校确有${section}学段，请先在学校名册中更正学校类型；否则请删除该值`);
        wrongType = true;
      }
    }
    if (rejected || wrongType || year === null || key === null) continue;

    const fileValues = magnitude.apply({ ...p, year, values: applicable }, school, campusId, { ...(stored ?? {}), ...applicable });
    const changes: FieldChange[] = [];
    for (const [field, after] of Object.entries(fileValues)) {
      const before = stored?.[field];
      if (!sameStatValue(before, after)) changes.push({ field, label: STAT_FIELD_BY_KEY.get(field)?.label ?? field, before: before ?? null, after });
    }
    const sources = ctx.sources?.get(`${school.id}/${campusId ?? '-'}/${p.year}`);
    for (const c of changes) {
      const source = sources?.[c.field];
      if (c.before === null || source?.kind !== 'manual') continue;
      const unit = STAT_FIELD_BY_KEY.get(c.field)?.unit;
      warnings.push(
        makeIssue(
          fileName,
          at(c.field),
          `${c.label}：现有值 ${showValue(c.before, unit)}为 ${source.operatorName ?? '（未记录操作人）'} ${source.at.slice(0, 10)} ${MANUAL_OVERWRITE_MARK} ${showValue(c.after, unit)}（原值保留在该项的历史中）`,
        ),
      );
    }
    const merged: StatValues = { ...(stored ?? {}), ...fileValues };
    const hasValues = Object.keys(fileValues).length > 0;
    const status = !stored && hasValues ? 'new' : changes.length > 0 ? 'changed' : 'unchanged';
    const label = p.campusName ? `${school.name}（${p.campusName}）` : school.name;
    rows.push({ sheet: p.sheet, row: p.row, key: `${school.code ?? school.name}${p.campusName ? `/${p.campusName}` : ''}/${year}`, label, status, changes });
    if (status !== 'unchanged') {
      ops.push({ schoolId: school.id, campusId, ...(p.campusName ? { campusName: p.campusName } : {}), year, values: merged, sheet: p.sheet, row: p.row });
    }

    if (hasValues) {
      const last = previous.get(recordKey(school.id, campusId, year - 1))?.values;
      for (const note of checkPlausibility(merged, last, new Set(Object.keys(fileValues)))) warnings.push(makeIssue(fileName, at(note.field), note.message));
    }
  }
  for (const [typed, stored] of looseMatches) {
    notices.push({ kind: 'duplicate', message: `学校名称“${showInvisible(typed)}”与名册中的“${stored}”只差空格或不可见字符，已按同一所学校匹配` });
  }
  for (const e of ignored.values()) {
    notices.push({ kind: 'skipped', message: `${e.type}不填${e.label}：${describeRows(e.rows)}为 0，按 0 保存（不计入该校的任何计算）` });
  }
  notices.push(...magnitude.notices());
  return { rows, errors: capIssues(errors), warnings: capIssues(warnings), ops, notices, questions: magnitude.questions() };
}
