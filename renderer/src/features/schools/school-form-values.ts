import dayjs, { type Dayjs } from 'dayjs';
import { schoolInputIssues, type School, type SchoolInput } from '../../../../shared/api/contracts/schools';
import type { SchoolRuleField } from '../../../../shared/domain/schools/school-rules';
import type { Locality, Ownership, SchoolStatus, SchoolType } from '../../../../shared/domain/schools/school-enums';

/** What the antd form holds: dates as Dayjs, blanks as empty strings. */
export interface SchoolFormValues {
  code?: string;
  name: string;
  shortName?: string;
  type?: SchoolType;
  ownership: Ownership;
  locality?: Locality;
  township?: string;
  address?: string;
  principal?: string;
  contact?: string;
  status: SchoolStatus;
  closedOn?: Dayjs | null;
}

export function toFormValues(s?: School): SchoolFormValues {
  if (!s) return { name: '', ownership: '公办', status: '在办' };
  return {
    code: s.code ?? '',
    name: s.name,
    shortName: s.shortName ?? '',
    type: s.type,
    ownership: s.ownership,
    locality: s.locality,
    township: s.township ?? '',
    address: s.address ?? '',
    principal: s.principal ?? '',
    contact: s.contact ?? '',
    status: s.status,
    closedOn: s.closedOn ? dayjs(s.closedOn) : null,
  };
}

/** The form's values as the API input; the shared schema cleans and checks them (schoolFieldError). */
export function toSchoolInput(v: SchoolFormValues): SchoolInput {
  return {
    code: v.code?.trim() || null,
    name: (v.name ?? '').trim(),
    shortName: v.shortName?.trim() || null,
    type: v.type!,
    ownership: v.ownership,
    locality: v.locality!,
    township: v.township?.trim() || null,
    address: v.address?.trim() || null,
    principal: v.principal?.trim() || null,
    contact: v.contact?.trim() || null,
    status: v.status,
    // A school in operation has no closing date, even if one was picked before switching back.
    closedOn: v.status === '撤并' && v.closedOn ? v.closedOn.format('YYYY-MM-DD') : null,
  };
}

/**
 * The first problem of one field, judged by the shared schema on the whole draft (so rules between
 * fields, like 撤并 needing a date, apply too); null when the field is fine. The form's rules call
 * this, so the form refuses exactly what the API and the import refuse, with the same words.
 */
export function schoolFieldError(field: SchoolRuleField, values: SchoolFormValues): string | null {
  return schoolInputIssues(toSchoolInput(values)).find((i) => i.field === field)?.message ?? null;
}
