/**
 * 通知 (notice) builder: "关于开展……督导评估工作的通知" from a plain form, with the participating
 * schools and the schedule as attachments generated from data.
 */
import { formatChineseDate } from '../dates.js';
import type { Block, DocModel } from '../model.js';
import { numberedItems } from '../numbering.js';
import { TEXT_WIDTH_PT } from '../layout.js';
import { sizeColumns } from './round-report.js';

export interface NoticeStage {
  name: string;
  /** ISO dates. */
  start: string;
  end: string;
  /** What happens in this stage, one or more sentences. */
  tasks: string;
}

export interface NoticeSchool {
  name: string;
  /** 学校标识码 (10 digits). */
  code: string;
  /** 类型, e.g. 小学 / 初级中学 / 九年一贯制学校. */
  type: string;
  /** 城乡, e.g. 城区 / 镇区 / 乡村. */
  urbanRural: string;
}

export interface NoticeContact {
  name: string;
  phone: string;
  email?: string;
  address?: string;
}

export interface NoticeInput {
  /** 发文机关标志. */
  issuer: string;
  /** 发文字号, e.g. 城教督〔2026〕12号. */
  docNumber: string;
  /** Title; give lines to control the breaks (GB/T 9704 wants a trapezoid or diamond shape). */
  title: string | string[];
  addressee: string;
  /** Opening paragraphs: purpose and basis, ending with "现将有关事项通知如下。". */
  purpose: string[];
  stages: NoticeStage[];
  /** Working procedure, one paragraph per step. */
  procedure: string[];
  /** Work requirements, one paragraph each (optional). */
  requirements?: string[];
  contact: NoticeContact;
  schools: NoticeSchool[];
  /**
   * A notice for an 评估项目: the attachment lists its units (schools and campuses evaluated
   * separately) with their 报送编码 instead of the 学校标识码, and calls them 参评单位.
   */
  roundUnits?: boolean;
  /** 发文机关署名. */
  signature: string;
  /** 成文日期, ISO. */
  date: string;
  note?: string;
  cc?: string[];
  /** 印发机关. */
  printer: string;
  /** 印发日期, ISO. */
  printDate: string;
}

const SCHOOLS_TITLE = '参评学校名单';
const UNITS_TITLE = '参评单位名单及报送编码';
const SCHEDULE_TITLE = '工作日程安排表';

/** Point size of the attachments' tables (小四, the engine's default for tables). */
const ATTACHMENT_TABLE_PT = 12;

/**
 * An attachment table whose codes, types and date ranges are sized to stay on one line (a date
 * range broken as “2027年1 / 月10日” misreads); names and tasks share what is left and may wrap.
 */
function sizedTable(specs: Parameters<typeof sizeColumns>[0], header: string[][], rows: string[][]): Block {
  return { type: 'table', columns: sizeColumns(specs, header, rows, TEXT_WIDTH_PT, ATTACHMENT_TABLE_PT).columns, header, rows, fontSize: ATTACHMENT_TABLE_PT };
}

export const dateRange = (start: string, end: string): string => {
  const a = formatChineseDate(start);
  const b = formatChineseDate(end);
  // Within one year the second date drops the year: 2026年3月1日至3月31日.
  return start.slice(0, 4) === end.slice(0, 4) ? `${a}至${b.replace(/^\d{4}年/, '')}` : `${a}至${b}`;
};

const para = (text: string): Block => ({ type: 'paragraph', text });

export function buildNotice(input: NoticeInput): DocModel {
  if (input.schools.length === 0) throw new Error('参评学校名单不能为空');
  const { contact } = input;
  const contactText = [
    `联系人：${contact.name}`,
    `联系电话：${contact.phone}`,
    contact.email ? `电子邮箱：${contact.email}` : '',
    contact.address ? `地址：${contact.address}` : '',
  ]
    .filter(Boolean)
    .join('；');

  const body: Block[] = [
    ...input.purpose.map(para),
    { type: 'heading', level: 1, text: '工作安排' },
    para(`本次督导评估分${input.stages.length}个阶段进行，具体日程见附件2。`),
    ...input.stages.flatMap((s): Block[] => [
      { type: 'heading', level: 2, text: `${s.name}（${dateRange(s.start, s.end)}）`, runIn: s.tasks },
    ]),
    { type: 'heading', level: 1, text: '工作程序' },
    // （一）（二）… in 楷体; numbers typed by hand are recognised and renumbered (numbering.ts).
    ...numberedItems(input.procedure),
    { type: 'heading', level: 1, text: '参评学校' },
    para(input.roundUnits ? `参加本次督导评估的单位共${input.schools.length}个，名单及报送编码见附件1。` : `参加本次督导评估的学校共${input.schools.length}所，名单见附件1。`),
  ];
  if (input.requirements && input.requirements.length > 0) {
    body.push({ type: 'heading', level: 1, text: '工作要求' }, ...numberedItems(input.requirements));
  }
  body.push({ type: 'heading', level: 1, text: '联系方式' }, para(`${contactText}。`));

  return {
    meta: { title: Array.isArray(input.title) ? input.title.join('') : input.title, author: input.signature, subject: '通知', keywords: ['督导评估', '通知'] },
    letterhead: { issuer: input.issuer, docNumber: input.docNumber },
    title: input.title,
    addressee: input.addressee,
    body,
    attachments: [
      {
        title: input.roundUnits ? UNITS_TITLE : SCHOOLS_TITLE,
        blocks: [
          sizedTable(
            [{ fit: true }, { flex: 1, align: 'left' }, { fit: true }, { fit: true }, { fit: true }],
            [input.roundUnits ? ['序号', '单位名称', '报送编码', '类型', '城乡'] : ['序号', '学校名称', '学校标识码', '类型', '城乡']],
            input.schools.map((s, i) => [String(i + 1), s.name, s.code, s.type, s.urbanRural]),
          ),
        ],
      },
      {
        title: SCHEDULE_TITLE,
        blocks: [
          sizedTable(
            [{ fit: true }, { fit: true }, { fit: true }, { flex: 1, align: 'left' }],
            [['序号', '阶段', '起止时间', '主要任务']],
            input.stages.map((s, i) => [String(i + 1), s.name, dateRange(s.start, s.end), s.tasks]),
          ),
        ],
      },
    ],
    signature: { issuer: input.signature, date: input.date },
    note: input.note,
    colophon: { cc: input.cc, printer: input.printer, printDate: input.printDate },
  };
}
