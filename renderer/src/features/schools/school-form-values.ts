import dayjs, { type Dayjs } from 'dayjs';
import type { School, SchoolInput } from '../../../../shared/api/contracts/schools';
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

export function toSchoolInput(v: SchoolFormValues): SchoolInput {
  return {
    code: v.code?.trim() || null,
    name: v.name.trim(),
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
