/**
 * 督导整改通知书 (issue 14 item 7) as a DocModel in the 通知 form of GB/T 9704 (版头 with the 发文字号,
 * title, 主送机关, body, signature, 版记): addressed to one responsible unit, it lists that unit's
 * items still to rectify (未启动, 整改中) with the problem, the 整改要求 (target and measures) and the
 * deadline, and asks for a written 整改报告 by the latest of those deadlines. Pure: items, number and
 * dates come from the service (main/services/rectification/outputs-notices.ts).
 */
import type { RectificationItem } from '../../../shared/api/contracts/rectification';
import { formatChineseDate } from '../dates';
import { titleLines } from '../title-lines';
import { TEXT_WIDTH_PT } from '../layout';
import type { Block, DocModel } from '../model';
import { dateText, indicatorText } from './rectification-ledger';
import { sizeColumns } from './round-report';

export interface RectificationNoticeInput {
  /** 发文机关标志 (document settings `letterhead`). */
  issuer: string;
  /** 发文字号 reserved for this notice from the 发文登记. */
  docNumber: string;
  /** The responsible unit (责任单位) the notice is addressed to. */
  owner: string;
  /** Its items still to rectify, in number order (never empty). */
  items: readonly RectificationItem[];
  /** The day the written 整改报告 is due (ISO): the latest deadline among the items. */
  reportBy: string;
  /** 发文机关署名. */
  signature: string;
  /** 成文日期 (ISO). */
  date: string;
  /** 抄送. */
  cc?: string[];
  /** 印发机关. */
  printer: string;
}

/** The notice's title: “关于城关镇第一小学督导评估问题限期整改的通知”. */
export const noticeTitle = (owner: string): string => `关于${owner}督导评估问题限期整改的通知`;

/** What a unit is asked to achieve for one item: 整改目标 then 整改措施, in words (“整改目标：…；整改措施：…”). */
export function requirementText(i: Pick<RectificationItem, 'target' | 'measures'>): string {
  const parts = [i.target ? `整改目标：${i.target.replace(/[。；;]$/, '')}` : '', i.measures ? `整改措施：${i.measures.replace(/[。；;]$/, '')}` : ''].filter(Boolean);
  return parts.length ? `${parts.join('；')}。` : '按问题描述整改到位。';
}

const end = (s: string) => (/[。！？]$/.test(s) ? s : `${s}。`);

/**
 * The notice. Each item is a numbered paragraph （一）（二）… naming its 编号, source, problem,
 * requirements and deadline; an overview table (编号, 问题, 整改时限) follows as the attachment.
 * @throws Error when the unit has no item (the service never asks for one).
 */
export function buildRectificationNotice(input: RectificationNoticeInput): DocModel {
  if (input.items.length === 0) throw new Error(`${input.owner}没有需要整改的事项`);
  const title = noticeTitle(input.owner);
  const body: Block[] = [
    {
      type: 'paragraph',
      text: `根据督导评估和日常督导中发现的问题，经对照整改台账核实，你单位尚有 ${input.items.length} 项问题未完成整改（编号为整改台账中的编号，清单见附件）。为压实整改责任、确保按期整改到位，现将整改要求通知如下。`,
    },
    { type: 'heading', level: 1, text: '存在问题及整改要求' },
    ...input.items.map(
      (i): Block => ({
        type: 'heading',
        level: 2,
        text: `${i.number}号问题。`,
        runIn: [
          `问题来源：${i.source.text}${indicatorText(i) && !i.source.text.includes(indicatorText(i)) ? `（${indicatorText(i)}）` : ''}。`,
          `问题描述：${end(i.problem)}`,
          requirementText(i),
          i.deadline ? `整改时限：${formatChineseDate(i.deadline)}前完成。` : '整改时限：未规定，请在书面整改报告中写明计划完成时间。',
          i.supervision.overdue ? `该问题${i.supervision.text}，请立即整改。` : '',
        ].join(''),
      }),
    ),
    { type: 'heading', level: 1, text: '工作要求' },
    { type: 'heading', level: 2, text: '高度重视，落实责任。', runIn: '请你单位主要负责人亲自研究部署，对照上述问题逐项制定整改方案，明确责任人、整改措施和完成时限，做到整改一项、销号一项。' },
    {
      type: 'heading',
      level: 2,
      text: '按时报送整改报告。',
      runIn: `请于${formatChineseDate(input.reportBy)}前将书面整改报告（包括各项问题的整改措施、完成情况和佐证材料）报送${input.signature}。整改完成的问题经核验后予以销号。`,
    },
    { type: 'heading', level: 2, text: '加强督办问责。', runIn: '逾期未完成整改的问题，将按照蓝色、黄色、红色三色督办逐级督办，并在督导评估结果中予以体现。' },
  ];
  const header = [['序号', '编号', '问题描述', '整改时限']];
  const rows = input.items.map((i, k) => [String(k + 1), i.number, i.problem, dateText(i.deadline) || '未规定']);
  return {
    meta: { title, author: input.signature, subject: '督导整改通知书', keywords: ['督导整改通知书', '整改台账'] },
    letterhead: { issuer: input.issuer, docNumber: input.docNumber },
    // Broken between words and balanced, as every notice title is (title-lines.ts).
    title: titleLines(title),
    addressee: input.owner,
    body,
    attachments: [
      {
        title: `${input.owner}整改问题清单`,
        blocks: [
          {
            type: 'table',
            columns: sizeColumns([{ fit: true }, { fit: true }, { flex: 1, align: 'left' }, { fit: true }], header, rows, TEXT_WIDTH_PT, 12).columns,
            header,
            rows,
            fontSize: 12,
          },
        ],
      },
    ],
    signature: { issuer: input.signature, date: input.date },
    colophon: { cc: input.cc, printer: input.printer, printDate: input.date },
  };
}
