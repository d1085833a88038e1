/**
 * 整改台账 (issue 14 item 7) as a DocModel: a landscape table in the official format with 填报单位
 * and 填报日期 above it, the columns of domain.md §7.3 (序号/编号, 问题来源, 指标, 涉及学校, 问题描述,
 * 整改目标, 整改措施, 责任单位/配合单位, 责任人, 整改时限, 整改进展, 状态, 销号, 备注), its header
 * repeated on every page (the engine's 续表). Pure: the service hands over the items exactly as the
 * ledger gives them (ledger-service allItems, filtered with `matches`), so every cell is the
 * ledger's. Dates are written 2026年12月31日 and the date columns are sized to them, so a date never
 * breaks across lines.
 */
import type { LedgerFilter, RectificationItem } from '../../../shared/api/contracts/rectification';
import { SEVERITY_LABELS, SOURCE_KIND_LABELS } from '../../../shared/api/contracts/rectification';
import { RECTIFICATION_STATE_LABELS, SUPERVISION_LEVEL_LABELS } from '../../../shared/domain/rectification';
import { chineseDatesInText, formatChineseDate } from '../dates';
import { LANDSCAPE_TEXT_WIDTH_PT } from '../layout';
import type { DocModel, TableCellInput } from '../model';
import { widthInChars } from '../text-width';
import { fitWidth, sizeColumns, type ColumnSpec } from './round-report';

/** Point size of the ledger's cells (小五): fourteen columns on a landscape page. */
export const LEDGER_TABLE_PT = 9;
/** Room a date column gets beyond fitWidth's estimate, in 字 (see buildLedgerDoc). */
const DATE_SLACK_CHARS = 1.5;

/** “XX县义务教育督导评估问题整改台账” (the county from the office's name; none found: without it). */
export const ledgerTitle = (region: string): string => `${region}义务教育督导评估问题整改台账`;

/** A date of the ledger as documents write it, or '' for none. */
export const dateText = (iso: string | null | undefined): string => (iso ? formatChineseDate(iso) : '');

/** 指标 column: code and title of the source indicator, '' when the item has none (hand-entered). */
export function indicatorText(i: Pick<RectificationItem, 'source'>): string {
  const code = i.source.indicator?.trim() ?? '';
  const title = i.source.indicatorTitle?.trim() ?? '';
  // A title that already starts with its code (“B2.3 课程实施”) is not prefixed twice.
  return code && !title.startsWith(code) ? `${code} ${title}`.trim() : title || code;
}

/** 涉及学校: the school an item concerns (a school owner), '' for a department's item. */
export const schoolText = (i: Pick<RectificationItem, 'owner' | 'ownerName'>): string => (i.owner.kind === 'school' ? i.ownerName : '');

/**
 * 状态 in words with the supervision of the day and the severity when above 一般: “整改中，已逾期
 * 16 天（黄色督办）；较重问题”.
 */
export function stateText(i: Pick<RectificationItem, 'stateLabel' | 'supervision'> & Partial<Pick<RectificationItem, 'severity'>>): string {
  const state = i.supervision.text ? `${i.stateLabel}，${i.supervision.text}` : i.stateLabel;
  return i.severity && i.severity !== 'minor' ? `${state}；${SEVERITY_LABELS[i.severity]}问题` : state;
}

/** 销号 column: “2026年11月25日 核验人：李华” for a closed item, '' otherwise. */
export function closureText(i: Pick<RectificationItem, 'closedOn' | 'verification'>): string {
  if (!i.closedOn) return '';
  return `${formatChineseDate(i.closedOn)}${i.verification ? ` 核验人：${i.verification.by}` : ''}`;
}

/** 整改进展 column: the latest progress entry with its date written in words (“2026年11月20日 已制定整改方案。”). */
export const progressText = (i: Pick<RectificationItem, 'latestProgress'>): string => chineseDatesInText(i.latestProgress);

/** 责任单位/配合单位 column. */
export const ownerText = (i: Pick<RectificationItem, 'ownerName' | 'cooperating'>): string => (i.cooperating ? `${i.ownerName}／配合：${i.cooperating}` : i.ownerName);

/** The filter in words, as the 说明 sheet and the table's note state it (“状态：整改中；逾期：是”), or “全部事项”. */
export function filterWords(f: LedgerFilter, roundName?: string | null): string {
  const parts: string[] = [];
  if (f.states?.length) parts.push(`状态：${f.states.map((s) => RECTIFICATION_STATE_LABELS[s]).join('、')}`);
  if (f.owner) parts.push(`责任单位：${f.owner}`);
  if (f.sourceKinds?.length) parts.push(`问题来源：${f.sourceKinds.map((k) => SOURCE_KIND_LABELS[k]).join('、')}`);
  if (f.roundId !== undefined) parts.push(`评估项目：${roundName ?? `编号 ${f.roundId}`}`);
  if (f.year !== undefined) parts.push(`年度：${f.year}年`);
  if (f.overdue !== undefined) parts.push(f.overdue ? '仅逾期事项' : '未逾期事项');
  if (f.dueSoon !== undefined) parts.push(f.dueSoon ? '仅即将到期事项' : '非即将到期事项');
  if (f.level) parts.push(`督办等级：${SUPERVISION_LEVEL_LABELS[f.level]}`);
  if (f.search) parts.push(`包含“${f.search}”`);
  return parts.length ? parts.join('；') : '全部事项';
}

export interface LedgerDocInput {
  /** The region for the title (regionOf the document settings), '' when the office name has none. */
  region: string;
  /** 填报单位: the office's 署名. */
  office: string;
  /** 填报日期 (ISO): the day the supervision columns were computed for. */
  date: string;
  /** The filter in words (filterWords). */
  filterText: string;
  /** The items, in number order, as the ledger gives them on `date`. */
  items: readonly RectificationItem[];
}

const HEADER = ['编号', '问题来源', '指标', '涉及学校', '问题描述', '整改目标', '整改措施', '责任单位／配合单位', '责任人', '整改时限', '整改进展', '状态', '销号', '备注'];

/** One row of the table per item, in the columns of HEADER. */
export function ledgerRows(items: readonly RectificationItem[]): string[][] {
  return items.map((i) => [
    i.number,
    i.source.text,
    indicatorText(i),
    schoolText(i),
    i.problem,
    i.target,
    i.measures,
    ownerText(i),
    i.person,
    dateText(i.deadline),
    progressText(i),
    stateText(i),
    closureText(i),
    i.remarks,
  ]);
}

/**
 * The landscape 整改台账. The 编号 and 整改时限 columns fit their longest cell; the 销号 column fits
 * its date (the 核验人 wraps below it); text columns share the rest by weight.
 * @throws Error when `items` is empty (the service refuses before, in words).
 */
export function buildLedgerDoc(input: LedgerDocInput): DocModel {
  if (input.items.length === 0) throw new Error('整改台账没有可列出的事项');
  const title = ledgerTitle(input.region);
  const rows = ledgerRows(input.items);
  // Text columns share the room by how much they hold (the square root of their mean length in 字),
  // so a column every item leaves empty (措施 not yet written) shrinks to its minimum and the
  // problem and measures get the width; 编号, 整改时限 and 销号 fit their content and never wrap.
  const flex = (k: number, least = 4): ColumnSpec => {
    const lengths = rows.map((r) => widthInChars(r[k] ?? ''));
    // A column with text is at least `least` 字 wide (a school's name in 3-字 lines made rows four
    // times taller); one every item leaves empty keeps 2 字, its header wrapping in two lines.
    const minChars = lengths.some((n) => n > 0) ? least : 2;
    // The mean and the longest both count, so a column that only one item fills still gets room.
    const typical = (lengths.reduce((a, b) => a + b, 0) / lengths.length + Math.max(...lengths)) / 2;
    return { flex: Math.max(1, Math.sqrt(typical)), align: 'left', minChars };
  };
  const specs: ColumnSpec[] = [
    { fit: true },
    flex(1),
    flex(2),
    flex(3, 5),
    flex(4, 6),
    flex(5),
    flex(6),
    flex(7),
    { ...flex(8), align: 'center' },
    { fit: true },
    // 整改进展 opens with its date: wide enough for it, so the date never breaks.
    { ...flex(10), minChars: rows.some((r) => r[10]) ? Math.ceil(fitWidth('2026年12月31日')) : 3 },
    flex(11),
    // 销号 fits its date; with no item closed it is an empty column and takes only its minimum.
    rows.some((r) => r[12]) ? { fit: true } : flex(12),
    flex(13),
  ];
  // The 销号 column is measured by its date alone: the 核验人 may wrap under it, the date may not.
  const measured: TableCellInput[][] = rows.map((r) => r.map((c, k) => (k === 12 ? c.replace(/ 核验人：.*$/, '') : c)));
  const sized = sizeColumns(specs, [HEADER], measured, LANDSCAPE_TEXT_WIDTH_PT, LEDGER_TABLE_PT).columns;
  // The date columns get DATE_SLACK_CHARS more than fitWidth's estimate, taken from the text columns
  // in proportion: LibreOffice with a substituted face set “2027年2月28日” wider still and broke it.
  const dated = new Set([9, 12, ...(rows.some((r) => r[10]) ? [10] : [])].filter((k) => !('flex' in specs[k]!) || k === 10));
  const extra = DATE_SLACK_CHARS * LEDGER_TABLE_PT * dated.size;
  const flexTotal = sized.reduce((n, c, k) => n + (dated.has(k) || !('flex' in specs[k]!) ? 0 : c.width), 0);
  const columns = sized.map((c, k) => ({
    ...c,
    width: Math.round((dated.has(k) ? c.width + DATE_SLACK_CHARS * LEDGER_TABLE_PT : 'flex' in specs[k]! ? c.width * (1 - extra / flexTotal) : c.width) * 100) / 100,
  }));
  return {
    meta: { title, author: input.office, subject: '整改台账', keywords: ['整改台账', '督导评估'] },
    orientation: 'landscape',
    title,
    body: [
      // 填报单位 and 填报日期 on one line, four full-width spaces apart, as offices head their ledgers.
      { type: 'paragraph', indent: false, runs: [{ text: `填报单位：${input.office}` }, { text: `${'\u3000'.repeat(4)}填报日期：${formatChineseDate(input.date)}` }] },
      {
        type: 'table',
        columns,
        header: [HEADER],
        rows: rows.map((r) => r.map((text, k) => (k === 0 || k === 8 || k === 9 || k === 12 ? { text, align: 'center' as const } : text))),
        fontSize: LEDGER_TABLE_PT,
        keepTogether: false,
        note: `注：共 ${input.items.length} 项（${input.filterText}）。状态、逾期天数和督办等级按填报日期计算；整改进展为最近一次进展记录。`,
      },
    ],
  };
}
