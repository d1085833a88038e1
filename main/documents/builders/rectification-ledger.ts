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
/** Room a date column gets beyond fitWidth's estimate, in 字 (round-report.ts; see buildLedgerDoc). */
const DATE_SLACK_CHARS = 0.5;

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

/**
 * The table's columns: domain.md §7.3's, with 指标 folded into 问题来源 (its text names the indicator),
 * 涉及学校 into 责任单位 (a school's item is owned by the school), and 整改目标 with 整改措施 — eleven
 * columns that fit a landscape page at 小五 without squeezing a date or a number.
 */
const HEADER = ['编号', '问题来源', '问题描述', '整改目标及措施', '责任单位／配合单位', '责任人', '整改时限', '整改进展', '状态', '销号', '备注'];

/** 问题来源 with the indicator when its text does not already name it. */
export function sourceText(i: Pick<RectificationItem, 'source'>): string {
  const ind = indicatorText(i);
  const { text, indicator, indicatorTitle } = i.source;
  if (!ind || text.includes(ind)) return text;
  // “2026年评估·B2.3” names the code already: its title follows it.
  if (indicator && indicatorTitle && text.endsWith(indicator)) return `${text} ${indicatorTitle}`;
  return `${text}（${ind}）`;
}

/** 整改目标及措施: “目标：…；措施：…” (a cell has no line break in both formats), either alone, or '' when neither is written yet. */
export function targetAndMeasures(i: Pick<RectificationItem, 'target' | 'measures'>): string {
  return [i.target ? `目标：${i.target.replace(/[。；]$/, '')}` : '', i.measures ? `措施：${i.measures.replace(/[。；]$/, '')}` : ''].filter(Boolean).join('；');
}

/** One row of the table per item, in the columns of HEADER. */
export function ledgerRows(items: readonly RectificationItem[]): string[][] {
  return items.map((i) => [i.number, sourceText(i), i.problem, targetAndMeasures(i), ownerText(i), i.person, dateText(i.deadline), progressText(i), stateText(i), closureText(i), i.remarks]);
}

/** Room a fitted date column gets beyond fitWidth's estimate (LibreOffice set “2027年2月28日” wider still). */
const DATE_SLACK_PT = DATE_SLACK_CHARS * LEDGER_TABLE_PT;

/**
 * The landscape 整改台账. 编号 and 整改时限 fit their content and never wrap, 销号 fits its date (the
 * 核验人 wraps below it); the text columns share the rest by how much they hold, and when the page is
 * too narrow for every text column's minimum, the text columns give way, never the fitted ones (the
 * engine would otherwise scale all down and break 2026-001 and the dates).
 * @throws Error when `items` is empty (the service refuses before, in words).
 */
export function buildLedgerDoc(input: LedgerDocInput): DocModel {
  if (input.items.length === 0) throw new Error('整改台账没有可列出的事项');
  const title = ledgerTitle(input.region);
  const rows = ledgerRows(input.items);
  // Text columns share the room by how much they hold (the square root of their typical length in
  // 字), so a column every item leaves empty shrinks to 2 字 (its header wrapping) and the problem
  // and measures get the width.
  const flex = (k: number, least = 4): ColumnSpec => {
    const lengths = rows.map((r) => widthInChars(r[k] ?? ''));
    const typical = (lengths.reduce((a, b) => a + b, 0) / lengths.length + Math.max(...lengths)) / 2;
    return { flex: Math.max(1, Math.sqrt(typical)), align: 'left', minChars: lengths.some((n) => n > 0) ? least : 2 };
  };
  const closed = rows.some((r) => r[9]);
  const specs: ColumnSpec[] = [
    { fit: true },
    flex(1),
    flex(2, 6),
    flex(3, 5),
    flex(4),
    // 责任人 is a name or two: fitted (never “张校 / 长”) unless someone typed a long list.
    rows.every((r) => widthInChars(r[5] ?? '') <= 6) ? { fit: true, align: 'center' } : { ...flex(5, 3), align: 'center' },
    { fit: true },
    // 整改进展 opens with its date: at least as wide as a date, so the date never breaks.
    flex(7, Math.ceil(fitWidth('2026年12月31日') + DATE_SLACK_CHARS + 1)),
    flex(8, 5),
    // 销号 fits its date; with no item closed it is an empty column and takes only its minimum.
    closed ? { fit: true } : flex(9),
    flex(10, 3),
  ];
  // The 销号 column is measured by its date alone: the 核验人 may wrap under it, the date may not.
  const measured: TableCellInput[][] = rows.map((r) => r.map((c, k) => (k === 9 ? c.replace(/ 核验人：.*$/, '') : c)));
  const sized = sizeColumns(specs, [HEADER], measured, LANDSCAPE_TEXT_WIDTH_PT, LEDGER_TABLE_PT).columns;
  const dated = new Set([6, ...(closed ? [9] : [])]);
  // Only the date columns get the slack; the other fitted ones (编号, 责任人) hold no Chinese-digit mix.
  const widened = sized.map((c, k) => (dated.has(k) ? c.width + DATE_SLACK_PT : c.width));
  const fixed = widened.reduce((n, w, k) => n + ('flex' in specs[k]! ? 0 : w), 0);
  const flexible = widened.reduce((n, w, k) => n + ('flex' in specs[k]! ? w : 0), 0);
  // The text columns take exactly what the fitted ones leave.
  const scale = (LANDSCAPE_TEXT_WIDTH_PT - fixed) / flexible;
  const columns = sized.map((c, k) => ({ ...c, width: Math.round(('flex' in specs[k]! ? widened[k]! * scale : widened[k]!) * 100) / 100 }));
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
        rows: rows.map((r) => r.map((text, k) => (k === 0 || k === 5 || k === 6 || k === 9 ? { text, align: 'center' as const } : text))),
        fontSize: LEDGER_TABLE_PT,
        keepTogether: false,
        note: `注：共 ${input.items.length} 项（${input.filterText}）。状态、逾期天数和督办等级按填报日期计算；整改进展为最近一次进展记录。`,
      },
    ],
  };
}
