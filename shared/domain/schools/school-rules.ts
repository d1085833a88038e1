/**
 * The register's business rules, stated once. The API schema (shared/api/contracts/schools.ts)
 * applies them, so every door that writes a school — the form, the service behind the API and the
 * CLI, the register import — refuses the same things with the same Chinese message.
 */
import type { SchoolStatus } from './school-enums';

/** A 学校标识码 (全国学校统一标识码) is exactly ten digits. */
export const SCHOOL_CODE_PATTERN = /^\d{10}$/;

/** Longest text each field keeps, in characters. */
export const SCHOOL_TEXT_LIMITS = { name: 100, shortName: 50, township: 50, address: 200, principal: 50, contact: 50 } as const;

/** Field labels used in rule messages (the form and the import template name the fields the same way). */
export const SCHOOL_RULE_LABELS = {
  code: '学校标识码',
  name: '学校名称',
  shortName: '简称',
  type: '学校类型',
  ownership: '办学性质',
  locality: '城乡类别',
  township: '乡镇（街道）',
  address: '地址',
  principal: '校长',
  contact: '联系电话',
  status: '办学状态',
  closedOn: '撤并日期',
} as const;

export type SchoolRuleField = keyof typeof SCHOOL_RULE_LABELS;

/** Whether a form must ask for the field; 撤并日期 only for a closed school. */
export function isSchoolFieldRequired(field: SchoolRuleField, status?: SchoolStatus | null): boolean {
  if (field === 'closedOn') return status === '撤并';
  return field === 'name' || field === 'type' || field === 'locality' || field === 'ownership' || field === 'status';
}

/** Whether `iso` is a real calendar date written YYYY-MM-DD (2021-02-30 is not), between 1900 and 2100. */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2100) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export interface SchoolRuleIssue {
  field: SchoolRuleField;
  message: string;
}

/** The part of a school the cross-field rules read. */
export interface SchoolRuleSubject {
  status: SchoolStatus | string;
  closedOn: string | null;
}

/** Message for a closed school without a date; the balance leaves such a school out of every year. */
export const CLOSED_WITHOUT_DATE = '撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）';

/**
 * The rules that tie fields together:
 * - a school marked 撤并 has a closing date (without one the balance would leave it out of every year);
 * - a closing date belongs to a school marked 撤并 (a date on a school in operation would be dropped silently).
 * Field-level rules (10-digit code, lengths, enumerations, calendar dates) are in the schema.
 */
export function schoolRuleIssues(s: SchoolRuleSubject): SchoolRuleIssue[] {
  const issues: SchoolRuleIssue[] = [];
  if (s.status === '撤并' && !s.closedOn) issues.push({ field: 'closedOn', message: CLOSED_WITHOUT_DATE });
  if (s.status !== '撤并' && s.closedOn) {
    issues.push({
      field: 'closedOn',
      message: `填写了撤并日期 ${s.closedOn}，但办学状态是“${s.status}”：已撤并的学校请把状态改为“撤并”，仍在办的学校请清空撤并日期`,
    });
  }
  return issues;
}
