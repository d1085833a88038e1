import type { ImportIssue, ImportRowPreview, FieldChange } from '../../../shared/api/contracts/exchange';
import type { School, SchoolInput } from '../../../shared/api/contracts/schools';
import { makeIssue, capIssues, type IssuePlace } from './issues';
import type { ParsedSchoolRow } from './parse-schools';
import { CAMPUS_SEPARATOR, SCHOOL_FIELD_LABELS, type SchoolColumnKey, type SchoolField } from './school-columns';

export type SchoolOp =
  | { kind: 'insert'; input: SchoolInput; campuses: string[]; sheet: string; row: number }
  | { kind: 'update'; id: number; input: SchoolInput; addCampuses: string[]; sheet: string; row: number };

export interface SchoolImportPlan {
  rows: ImportRowPreview[];
  errors: ImportIssue[];
  /** Only rows that change something; applying them in order within one transaction is safe. */
  ops: SchoolOp[];
}

const INPUT_FIELDS: readonly SchoolField[] = [
  'code', 'name', 'shortName', 'type', 'ownership', 'locality', 'township', 'address', 'principal', 'contact', 'status', 'closedOn',
];

function inputOf(s: School): SchoolInput {
  return {
    code: s.code, name: s.name, shortName: s.shortName, type: s.type, ownership: s.ownership, locality: s.locality,
    township: s.township, address: s.address, principal: s.principal, contact: s.contact, status: s.status, closedOn: s.closedOn,
  };
}

/**
 * Decides, for each parsed row, whether it inserts or updates a school, and what would change.
 * Match by 学校标识码 when the row has one, else by exact name. Names and codes are unique in the
 * database, so a row that would take another school's name or code is an error, not a silent merge.
 */
export function planSchoolImport(parsed: ParsedSchoolRow[], existing: School[], fileName: string): SchoolImportPlan {
  const byCode = new Map(existing.filter((s) => s.code).map((s) => [s.code!, s]));
  const byName = new Map(existing.map((s) => [s.name, s]));
  const claimed = new Map<number, number>();
  const rows: ImportRowPreview[] = [];
  const errors: ImportIssue[] = [];
  const ops: SchoolOp[] = [];

  for (const p of parsed) {
    const at = (key: SchoolColumnKey | null): IssuePlace => {
      const ref = key ? p.columns[key] : undefined;
      return { sheet: p.sheet, row: p.row, column: ref?.column ?? null, columnLabel: ref?.label ?? null };
    };
    const fail = (key: SchoolColumnKey | null, text: string) => errors.push(makeIssue(fileName, at(key), text));
    const { input } = p;

    let match: School | undefined;
    if (input.code !== null) {
      match = byCode.get(input.code);
      if (!match) {
        const sameName = byName.get(input.name);
        if (sameName && sameName.code !== null) {
          fail('code', `名册中已有学校“${input.name}”，其标识码为 ${sameName.code}，与本行的 ${input.code} 不一致`);
          continue;
        }
        match = sameName;
      }
    } else {
      match = byName.get(input.name);
    }

    if (match) {
      const earlier = claimed.get(match.id);
      if (earlier !== undefined) {
        fail(input.code !== null ? 'code' : 'name', `与第 ${earlier} 行对应同一所已有学校“${match.name}”`);
        continue;
      }
      claimed.set(match.id, p.row);
      const holder = byName.get(input.name);
      if (holder && holder.id !== match.id) {
        fail('name', `学校名称“${input.name}”已被名册中另一所学校（${holder.code ?? '无标识码'}）使用`);
        continue;
      }
      const before = inputOf(match);
      // Columns absent from the file, and a blank 标识码 (it is the matching key), keep the stored value.
      const after: SchoolInput = { ...before };
      for (const f of p.fields) {
        if (f === 'code' && input.code === null) continue;
        (after as Record<string, unknown>)[f] = input[f];
      }
      const changes: FieldChange[] = INPUT_FIELDS.filter((f) => before[f] !== after[f]).map((f) => ({
        field: f, label: SCHOOL_FIELD_LABELS[f], before: before[f], after: after[f],
      }));
      const known = new Set(match.campuses.map((c) => c.name));
      const addCampuses = p.campuses.filter((c) => !known.has(c));
      if (addCampuses.length > 0) {
        const names = match.campuses.map((c) => c.name);
        changes.push({ field: 'campuses', label: SCHOOL_FIELD_LABELS.campuses, before: names.join(CAMPUS_SEPARATOR), after: [...names, ...addCampuses].join(CAMPUS_SEPARATOR) });
      }
      const status = changes.length > 0 ? 'changed' : 'unchanged';
      rows.push({ sheet: p.sheet, row: p.row, key: after.code ?? after.name, label: after.name, status, changes });
      if (status === 'changed') ops.push({ kind: 'update', id: match.id, input: after, addCampuses, sheet: p.sheet, row: p.row });
    } else {
      const changes: FieldChange[] = INPUT_FIELDS.filter((f) => input[f] !== null).map((f) => ({
        field: f, label: SCHOOL_FIELD_LABELS[f], before: null, after: input[f],
      }));
      if (p.campuses.length > 0) changes.push({ field: 'campuses', label: SCHOOL_FIELD_LABELS.campuses, before: null, after: p.campuses.join(CAMPUS_SEPARATOR) });
      rows.push({ sheet: p.sheet, row: p.row, key: input.code ?? input.name, label: input.name, status: 'new', changes });
      ops.push({ kind: 'insert', input, campuses: p.campuses, sheet: p.sheet, row: p.row });
    }
  }
  return { rows, errors: capIssues(errors), ops };
}
