import type { NamePath } from 'antd/es/form/interface';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { NoticeForm, type DisclosureMode, type NoticeFormInput } from '../../../../shared/api/contracts/documents';
import type { SchoolType } from '../../../../shared/domain/schools/school-enums';
import { placeIssues, type PlacedIssues } from './form-issues';

/** A stage as the form edits it: its dates are one range picker (开始日期 ~ 结束日期). */
export interface StageValues {
  name: string;
  dates: [Dayjs | null, Dayjs | null] | null;
  tasks: string;
}

/** What the notice form edits: multi-paragraph fields are text areas, one paragraph per line. */
export interface NoticeValues {
  title: string;
  addressee?: string;
  docNumber?: string;
  purpose: string;
  stages: StageValues[];
  procedure: string;
  requirements?: string;
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
  types?: SchoolType[];
  schoolIds?: number[];
  /** An 评估项目: its stage table and units (with 报送编码) replace the stages' names and dates and the school choice. */
  roundId?: number | null;
  date?: Dayjs | null;
  /** 印发日期; the 成文日期 when not chosen. */
  printDate?: Dayjs | null;
  note?: string;
  disclosure?: DisclosureMode;
}

const lines = (s: string | undefined) => (s ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
/** A calendar day as the contract writes it; '' when not chosen (the contract then says 请填写…). */
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');

/** The contract's notice from the form's values. */
export function toNoticeForm(v: NoticeValues): NoticeFormInput {
  return {
    title: v.title ?? '',
    addressee: v.addressee || undefined,
    docNumber: v.docNumber || undefined,
    purpose: lines(v.purpose),
    stages: (v.stages ?? []).map((s) => ({ name: s?.name ?? '', start: day(s?.dates?.[0]), end: day(s?.dates?.[1]), tasks: s?.tasks ?? '' })),
    procedure: lines(v.procedure),
    requirements: lines(v.requirements),
    contact: { name: v.contactName ?? '', phone: v.contactPhone ?? '', email: v.contactEmail || undefined },
    schools: v.roundId ? {} : { types: v.types?.length ? v.types : undefined, schoolIds: v.schoolIds?.length ? v.schoolIds : undefined },
    roundId: v.roundId ?? undefined,
    date: v.date ? day(v.date) : undefined,
    printDate: v.printDate ? day(v.printDate) : undefined,
    note: v.note || undefined,
    disclosure: v.disclosure,
  };
}

/** Form fields that are one item of the contract's notice, by the contract's key. */
const PLAIN: Record<string, NamePath> = {
  title: 'title',
  addressee: 'addressee',
  docNumber: 'docNumber',
  purpose: 'purpose',
  procedure: 'procedure',
  requirements: 'requirements',
  date: 'date',
  printDate: 'printDate',
  note: 'note',
  disclosure: 'disclosure',
};
const CONTACT: Record<string, NamePath> = { name: 'contactName', phone: 'contactPhone', email: 'contactEmail' };

/**
 * The form field an issue of the contract's notice belongs to. Accepts the path of the notice
 * itself (`stages.1.end`) or of the `documents.generate` input (`document.notice.stages.1.end`).
 * Both dates of a stage are one range picker; the schools selection is two fields.
 */
export function noticeFieldOf(raw: readonly PropertyKey[]): NamePath | null {
  const path = raw[0] === 'document' && raw[1] === 'notice' ? raw.slice(2) : raw;
  const [head, a, b] = path;
  if (typeof head !== 'string') return null;
  if (head in PLAIN) return PLAIN[head];
  if (head === 'contact') return CONTACT[String(a)] ?? 'contactName';
  if (head === 'schools') return a === 'types' ? 'types' : 'schoolIds';
  if (head === 'stages') {
    if (typeof a !== 'number') return 'stages';
    if (b === 'start' || b === 'end') return ['stages', a, 'dates'];
    if (b === 'name' || b === 'tasks') return ['stages', a, b];
    return ['stages', a, 'name'];
  }
  return null;
}

/** Every problem of the form's current values, as the contract states them, placed by field. */
export function noticeIssues(values: NoticeValues): PlacedIssues {
  const r = NoticeForm.safeParse(toNoticeForm(values));
  return placeIssues(r.success ? [] : r.error.issues, noticeFieldOf);
}

/** A new stage: blank, dates not chosen. */
export const blankStage = (): StageValues => ({ name: '', dates: null, tasks: '' });

/** The title a notice for an 评估项目 starts with: 关于开展<项目名称>的通知 (editable like any title). */
export const roundNoticeTitle = (roundName: string): string => `关于开展${roundName.trim()}的通知`;

/** The title the form starts with (no 评估项目 chosen). */
export const defaultNoticeTitle = (year: number): string => `关于开展${year}年义务教育优质均衡发展督导评估工作的通知`;

/**
 * The title after an 评估项目 is chosen (`chosen`) or the choice cleared (null): a title the form
 * wrote itself — blank, the form's default, or the default of any round — follows the choice (the
 * round's 关于开展<项目名称>的通知, or back to the form's default); a title the user typed stays.
 */
export function titleForRound(current: string | undefined, chosen: { name: string } | null, defaults: { initial: string; rounds: readonly { name: string }[] }): string {
  const now = (current ?? '').trim();
  const written = now === '' || now === defaults.initial || defaults.rounds.some((r) => roundNoticeTitle(r.name) === now);
  if (!written) return current ?? '';
  return chosen ? roundNoticeTitle(chosen.name) : defaults.initial;
}

export function initialNoticeValues(today: Dayjs = dayjs()): Partial<NoticeValues> {
  const year = today.year();
  return {
    title: defaultNoticeTitle(year),
    purpose: '为推进县域义务教育优质均衡发展，根据《县域义务教育优质均衡发展督导评估办法》，决定开展督导评估工作。现将有关事项通知如下。',
    stages: [
      { name: '学校自评', dates: null, tasks: '各校对照评估指标开展自评，形成自评报告并报送佐证材料。' },
      { name: '实地督导', dates: null, tasks: '督导组进校查阅资料、实地查看、座谈访谈。' },
    ],
    procedure: '学校自评，提交自评报告和统计数据。\n县教育督导室复核数据，组织实地督导。\n形成督导意见，反馈学校并督促整改。',
    date: today.startOf('day'),
    disclosure: '主动公开',
  };
}
