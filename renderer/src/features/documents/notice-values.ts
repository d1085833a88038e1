import type { NoticeFormInput } from '../../../../shared/api/contracts/documents';
import type { SchoolType } from '../../../../shared/domain/schools/school-enums';

/** What the notice form edits: multi-paragraph fields are text areas, one paragraph per line. */
export interface NoticeValues {
  title: string;
  addressee?: string;
  docNumber?: string;
  purpose: string;
  stages: { name: string; start: string; end: string; tasks: string }[];
  procedure: string;
  requirements?: string;
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
  types?: SchoolType[];
  schoolIds?: number[];
  date?: string;
  note?: string;
}

const lines = (s: string | undefined) => (s ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export function toNoticeForm(v: NoticeValues): NoticeFormInput {
  return {
    title: v.title,
    addressee: v.addressee || undefined,
    docNumber: v.docNumber || undefined,
    purpose: lines(v.purpose),
    stages: v.stages,
    procedure: lines(v.procedure),
    requirements: lines(v.requirements),
    contact: { name: v.contactName, phone: v.contactPhone, email: v.contactEmail || undefined },
    schools: { types: v.types?.length ? v.types : undefined, schoolIds: v.schoolIds?.length ? v.schoolIds : undefined },
    date: v.date || undefined,
    note: v.note || undefined,
  };
}

export function initialNoticeValues(today: string): Partial<NoticeValues> {
  const year = today.slice(0, 4);
  return {
    title: `关于开展${year}年义务教育优质均衡发展督导评估工作的通知`,
    purpose: '为推进县域义务教育优质均衡发展，根据《县域义务教育优质均衡发展督导评估办法》，决定开展督导评估工作。现将有关事项通知如下。',
    stages: [
      { name: '学校自评', start: '', end: '', tasks: '各校对照评估指标开展自评，形成自评报告并报送佐证材料。' },
      { name: '实地督导', start: '', end: '', tasks: '督导组进校查阅资料、实地查看、座谈访谈。' },
    ],
    procedure: '学校自评，提交自评报告和统计数据。\n县教育督导室复核数据，组织实地督导。\n形成督导意见，反馈学校并督促整改。',
    date: today,
  };
}
