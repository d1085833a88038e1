import type { ImportIssue, ImportNotice, ImportRowPreview, FieldChange } from '../../../shared/api/contracts/exchange';
import { SchoolInput, type School } from '../../../shared/api/contracts/schools';
import { cleanName, describeNameDifference, nameKey, showInvisible } from '../../../shared/domain/text/normalize';
import { makeIssue, capIssues, type IssuePlace } from './issues';
import type { ParsedSchoolRow, RejectedSchoolRow } from './parse-schools';
import { CAMPUS_SEPARATOR, SCHOOL_FIELD_LABELS, type SchoolColumnKey, type SchoolField } from './school-columns';

export type SchoolOp =
  | { kind: 'insert'; input: SchoolInput; campuses: string[]; sheet: string; row: number }
  | { kind: 'update'; id: number; input: SchoolInput; addCampuses: string[]; sheet: string; row: number };

export interface SchoolImportPlan {
  rows: ImportRowPreview[];
  errors: ImportIssue[];
  /** Only rows that change something; applying them in order within one transaction is safe. */
  ops: SchoolOp[];
  /** Names matched although they differ by spaces or invisible characters, and names repaired. */
  notices: ImportNotice[];
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
 * Match by 学校标识码 when the row has one, else by name under {@link nameKey}: a name that differs
 * from a stored one only by spaces, full-/half-width forms or invisible characters is the same
 * school (the stored name is kept, and a notice says so). Names and codes are unique, so a row that
 * would take another school's name or code — or a name that only looks different — is an error,
 * never a second school that looks identical. The merged result of every row is checked with the
 * shared SchoolInput schema, the same rules as the form and the API (撤并 needs a date, …).
 * Rows with cell errors (RejectedSchoolRow) are checked too, for what the register can tell, so
 * every error of a row comes in one pass; they never become a write. Rows are taken in file order.
 */
export function planSchoolImport(parsed: readonly (ParsedSchoolRow | RejectedSchoolRow)[], existing: School[], fileName: string): SchoolImportPlan {
  const byCode = new Map(existing.filter((s) => s.code).map((s) => [s.code!, s]));
  const byName = new Map(existing.map((s) => [nameKey(s.name), s]));
  const claimed = new Map<number, number>();
  const rows: ImportRowPreview[] = [];
  const errors: ImportIssue[] = [];
  const ops: SchoolOp[] = [];
  const notices: ImportNotice[] = [];

  // In file order, rows with errors among them: a school claimed by two rows is told at the later one.
  for (const p of [...parsed].sort((a, b) => a.row - b.row)) {
    const at = (key: SchoolColumnKey | null): IssuePlace => {
      const ref = key ? p.columns[key] : undefined;
      return { sheet: p.sheetName === undefined ? p.sheet : p.sheetName, row: p.row, column: ref?.column ?? null, columnLabel: ref?.label ?? null };
    };
    const fail = (key: SchoolColumnKey | null, text: string) => errors.push(makeIssue(fileName, at(key), text));
    if ('failed' in p) {
      checkRejected(p, { byCode, byName, claimed }, fail);
      continue;
    }
    const { input } = p;

    let match: School | undefined;
    if (input.code !== null) {
      match = byCode.get(input.code);
      if (!match) {
        const sameName = byName.get(nameKey(input.name));
        if (sameName && sameName.code !== null) {
          fail('code', codeConflict(sameName, input.name, input.code));
          continue;
        }
        match = sameName;
      }
    } else {
      match = byName.get(nameKey(input.name));
    }

    if (match) {
      const earlier = claimed.get(match.id);
      if (earlier !== undefined) {
        fail(input.code !== null ? 'code' : 'name', `与第 ${earlier} 行对应同一所已有学校“${match.name}”`);
        continue;
      }
      claimed.set(match.id, p.row);
      const holder = byName.get(nameKey(input.name));
      if (holder && holder.id !== match.id) {
        fail('name', nameTaken(holder, input.name));
        continue;
      }
      const before = inputOf(match);
      // Columns absent from the file, and a blank 标识码 (it is the matching key), keep the stored value.
      const merged: SchoolInput = { ...before };
      for (const f of p.fields) {
        if (f === 'code' && input.code === null) continue;
        (merged as Record<string, unknown>)[f] = input[f];
      }
      // A name that only looks different is the stored name (cleaned, if it was stored with invisible characters).
      if (p.fields.includes('name') && nameKey(input.name) === nameKey(match.name)) {
        merged.name = cleanName(match.name);
        if (input.name !== match.name) {
          const d = describeNameDifference(match.name, input.name);
          notices.push({
            kind: 'duplicate',
            message: `第 ${p.row} 行的“${showInvisible(input.name)}”与名册中的“${showInvisible(match.name)}”${d}，按同一所学校处理${merged.name === match.name ? '，名称保持不变' : `，名称整理为“${merged.name}”`}`,
          });
        }
      }
      const after = checked(merged, p, fail);
      if (!after) continue;
      const changes: FieldChange[] = INPUT_FIELDS.filter((f) => before[f] !== after[f]).map((f) => ({
        field: f, label: SCHOOL_FIELD_LABELS[f], before: before[f], after: after[f],
      }));
      const known = new Set(match.campuses.map((c) => nameKey(c.name)));
      const addCampuses = p.campuses.filter((c) => !known.has(nameKey(c)));
      if (addCampuses.length > 0) {
        const names = match.campuses.map((c) => c.name);
        changes.push({ field: 'campuses', label: SCHOOL_FIELD_LABELS.campuses, before: names.join(CAMPUS_SEPARATOR), after: [...names, ...addCampuses].join(CAMPUS_SEPARATOR) });
      }
      const status = changes.length > 0 ? 'changed' : 'unchanged';
      rows.push({ sheet: p.sheet, row: p.row, key: after.code ?? after.name, label: after.name, status, changes });
      if (status === 'changed') ops.push({ kind: 'update', id: match.id, input: after, addCampuses, sheet: p.sheet, row: p.row });
    } else {
      const after = checked(input, p, fail);
      if (!after) continue;
      const changes: FieldChange[] = INPUT_FIELDS.filter((f) => after[f] !== null).map((f) => ({
        field: f, label: SCHOOL_FIELD_LABELS[f], before: null, after: after[f],
      }));
      if (p.campuses.length > 0) changes.push({ field: 'campuses', label: SCHOOL_FIELD_LABELS.campuses, before: null, after: p.campuses.join(CAMPUS_SEPARATOR) });
      rows.push({ sheet: p.sheet, row: p.row, key: after.code ?? after.name, label: after.name, status: 'new', changes });
      ops.push({ kind: 'insert', input: after, campuses: p.campuses, sheet: p.sheet, row: p.row });
    }
  }
  return { rows, errors: capIssues(errors), ops, notices };
}

/** A row's 标识码 differs from the one stored for the school of its name (or a name that only looks different). */
function codeConflict(sameName: School, name: string, code: string): string {
  const d = describeNameDifference(sameName.name, name);
  const shown = d ? `“${showInvisible(sameName.name)}”（与本行的“${showInvisible(name)}”${d}）` : `“${sameName.name}”`;
  return `名册中已有学校${shown}，其标识码为 ${sameName.code}，与本行的 ${code} 不一致`;
}

/** A row's name is held by another stored school than the one the row matched (or only looks different from it). */
function nameTaken(holder: School, name: string): string {
  const d = describeNameDifference(holder.name, name);
  return d
    ? `学校名称“${showInvisible(name)}”与名册中另一所学校“${showInvisible(holder.name)}”（${holder.code ?? '无标识码'}）${d}，可能是同一所学校`
    : `学校名称“${name}”已被名册中另一所学校（${holder.code ?? '无标识码'}）使用`;
}

/**
 * The row's final state checked with the shared schema (every field and the rules between them);
 * each problem becomes an error at its cell, except on the columns in `quiet` (already reported).
 * A rule about a column the file does not have points at the column that triggered it (撤并 in 状态
 * without a 撤并日期 column).
 */
function checked(
  candidate: Partial<SchoolInput>,
  p: ParsedSchoolRow | RejectedSchoolRow,
  fail: (key: SchoolColumnKey | null, text: string) => void,
  quiet: ReadonlySet<SchoolColumnKey> = new Set(),
): SchoolInput | null {
  const r = SchoolInput.safeParse(candidate);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? '') as SchoolColumnKey;
    if (quiet.has(field)) continue;
    if (p.columns[field]) fail(field, issue.message);
    else if (field === 'closedOn' && p.columns.status) fail('status', `${issue.message}（文件中没有“${SCHOOL_FIELD_LABELS.closedOn}”列）`);
    else fail(null, `${SCHOOL_FIELD_LABELS[field] ? `“${SCHOOL_FIELD_LABELS[field]}”：` : ''}${issue.message}`);
  }
  return null;
}

interface Register {
  byCode: ReadonlyMap<string, School>;
  byName: ReadonlyMap<string, School>;
  /** School id → the row that first described it; rows with errors claim too. */
  claimed: Map<number, number>;
}

/**
 * A row with cell errors is never stored, but everything else wrong with it is said now rather than
 * after the user fixes those cells: a 标识码 or name another school holds, a school another row
 * already describes, and the rules between fields (撤并 needs a date) on the row merged with the
 * stored school. Nothing is said about a failed cell again, nor about a rule whose outcome depends
 * on a failed cell or on which school the row turns out to be.
 */
function checkRejected(p: RejectedSchoolRow, reg: Register, fail: (key: SchoolColumnKey | null, text: string) => void): void {
  const failed = new Set(p.failed);
  const { input } = p;
  // undefined: the cell is wrong; null: left blank.
  const code = failed.has('code') ? undefined : (input.code ?? null);
  const name = failed.has('name') ? undefined : input.name;
  let match: School | undefined;
  // Whether the row certainly describes `match` (or certainly a new school when there is none).
  let known = name !== undefined && code !== undefined;
  if (code) {
    match = reg.byCode.get(code);
    if (!match && name !== undefined) {
      const sameName = reg.byName.get(nameKey(name));
      if (sameName && sameName.code !== null) {
        fail('code', codeConflict(sameName, name, code));
        known = false;
      }
      match = sameName;
    } else if (match) known = true;
  } else if (name !== undefined) {
    match = reg.byName.get(nameKey(name));
  }
  if (match && known) {
    const earlier = reg.claimed.get(match.id);
    if (earlier !== undefined) fail(code ? 'code' : 'name', `与第 ${earlier} 行对应同一所已有学校“${match.name}”`);
    else reg.claimed.set(match.id, p.row);
    const holder = name !== undefined ? reg.byName.get(nameKey(name)) : undefined;
    if (holder && holder.id !== match.id) fail('name', nameTaken(holder, name!));
  }

  // The rules between 状态 and 撤并日期: not while either cell is wrong, and from the stored school
  // only when the row certainly is that school (or when the file states both, and the store has no say).
  if (failed.has('status') || failed.has('closedOn')) return;
  const fileStatesBoth = p.fields.includes('status') && p.fields.includes('closedOn');
  if (!known && !fileStatesBoth) return;
  let candidate: Partial<SchoolInput> = input;
  if (match) {
    const merged: Record<string, unknown> = { ...inputOf(match) };
    for (const f of p.fields) {
      if (failed.has(f) || (f === 'code' && input.code == null)) continue;
      merged[f] = input[f];
    }
    candidate = merged as Partial<SchoolInput>;
  }
  checked(candidate, p, fail, failed);
}
