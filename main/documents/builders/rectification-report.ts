/**
 * 整改情况报告 (issue 14 item 7) as a DocModel, and the figures it is written from. Pure: every
 * figure is counted here from the ledger's items as ledger-service gives them on one day (state,
 * owner, source kind, supervision of that day), so the report's counts are the ledger's counts
 * (Ledger.counts) by construction. Tables are numbered 表1, 表2, … (the engine's 续表 carries the
 * number), charts 图1, 图2.
 *
 * Rates: 整改销号率 = 已销号 ÷ 事项数, as a percentage with 1 decimal (share()).
 */
import { SOURCE_KINDS, SOURCE_KIND_LABELS, type RectificationItem, type SourceKind } from '../../../shared/api/contracts/rectification';
import { RECTIFICATION_STATES, RECTIFICATION_STATE_LABELS, SUPERVISION_LEVEL_LABELS, type RectificationState, type SupervisionLevel } from '../../../shared/domain/rectification';
import { formatChineseDate } from '../dates';
import { titleLines } from '../title-lines';
import { TEXT_WIDTH_PT } from '../layout';
import type { Block, ChartBlock, DocModel, TableBlock } from '../model';
import { dateText } from './rectification-ledger';
import { numberTables, share, sizeColumns, type ColumnSpec } from './round-report';

const TABLE_PT = 10.5;
const LEVELS: readonly SupervisionLevel[] = ['red', 'yellow', 'blue'];

/** Counts of one group of items (a unit, a department, a source). */
export interface GroupCounts {
  name: string;
  total: number;
  byState: Record<RectificationState, number>;
  overdue: number;
}

export interface RectificationReportFigures {
  /** The day the supervision was computed for (ISO). */
  today: string;
  total: number;
  byState: Record<RectificationState, number>;
  /** 已销号 ÷ 事项数 in words (“33.3%”), “—” for an empty ledger. */
  closureRate: string;
  overdue: number;
  dueSoon: number;
  /** Overdue items per colour; `none`: overdue but not yet at the first colour's span. */
  byLevel: Record<SupervisionLevel | 'none', number>;
  /** Per responsible unit that is a school, most items first. */
  schools: GroupCounts[];
  /** Per responsible county department, most items first. */
  departments: GroupCounts[];
  /** Per source kind that has items, in the contract's order. */
  sources: (GroupCounts & { kind: SourceKind })[];
  /** Overdue items, longest overdue first. */
  overdueItems: RectificationItem[];
}

const zero = (): Record<RectificationState, number> => ({ not_started: 0, in_progress: 0, awaiting_verification: 0, closed: 0 });

function group(items: readonly RectificationItem[], key: (i: RectificationItem) => string): GroupCounts[] {
  const out = new Map<string, GroupCounts>();
  for (const i of items) {
    const k = key(i);
    const g = out.get(k) ?? { name: k, total: 0, byState: zero(), overdue: 0 };
    g.total++;
    g.byState[i.state]++;
    if (i.supervision.overdue) g.overdue++;
    out.set(k, g);
  }
  return [...out.values()].sort((a, b) => b.total - a.total || b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The report's figures, counted from `items` (the whole ledger on `today`). */
export function rectificationFigures(items: readonly RectificationItem[], today: string): RectificationReportFigures {
  const byState = zero();
  const byLevel: Record<SupervisionLevel | 'none', number> = { red: 0, yellow: 0, blue: 0, none: 0 };
  let overdue = 0;
  let dueSoon = 0;
  for (const i of items) {
    byState[i.state]++;
    if (i.supervision.overdue) {
      overdue++;
      byLevel[i.supervision.level ?? 'none']++;
    }
    if (i.supervision.dueSoon) dueSoon++;
  }
  const bySource = new Map(group(items, (i) => i.source.kind).map((g) => [g.name, g]));
  return {
    today,
    total: items.length,
    byState,
    closureRate: share(byState.closed, items.length),
    overdue,
    dueSoon,
    byLevel,
    schools: group(
      items.filter((i) => i.owner.kind === 'school'),
      (i) => i.ownerName,
    ),
    departments: group(
      items.filter((i) => i.owner.kind === 'department'),
      (i) => i.ownerName,
    ),
    sources: SOURCE_KINDS.flatMap((k) => {
      const g = bySource.get(k);
      return g ? [{ ...g, name: SOURCE_KIND_LABELS[k], kind: k }] : [];
    }),
    overdueItems: items.filter((i) => i.supervision.overdue).sort((a, b) => (a.supervision.daysLeft ?? 0) - (b.supervision.daysLeft ?? 0) || a.number.localeCompare(b.number)),
  };
}

export interface RectificationReportInput {
  /** Region for the title (regionOf), '' when the office name has none. */
  region: string;
  /** 发文机关署名 (the office). */
  signature: string;
  /** 成文日期 (ISO). */
  date: string;
  figures: RectificationReportFigures;
}

/** “XX县义务教育督导评估问题整改情况报告”. */
export const reportTitleOf = (region: string): string => `${region}义务教育督导评估问题整改情况报告`;

const para = (text: string): Block => ({ type: 'paragraph', text });
const heading = (text: string): Block => ({ type: 'heading', level: 1, text });

function table(caption: string, specs: ColumnSpec[], header: string[], rows: string[][]): TableBlock {
  return { type: 'table', caption, columns: sizeColumns(specs, [header], rows, TEXT_WIDTH_PT, TABLE_PT).columns, header: [header], rows, fontSize: TABLE_PT };
}

const GROUP_HEADER = ['事项数', '未启动', '整改中', '待核验', '已销号', '逾期', '销号率'];
const groupRow = (g: GroupCounts): string[] => [g.name, String(g.total), ...RECTIFICATION_STATES.map((s) => String(g.byState[s])), String(g.overdue), share(g.byState.closed, g.total)];
const groupSpecs = (): ColumnSpec[] => [{ flex: 1, align: 'left', minChars: 6 }, ...GROUP_HEADER.map((): ColumnSpec => ({ fit: true, align: 'center' }))];

function bar(caption: string, labels: string[], series: { name: string; data: number[]; color: string }[]): ChartBlock {
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 65,
    caption,
    option: {
      ...(series.length > 1 ? { legend: { top: 0, data: series.map((s) => s.name) } } : {}),
      grid: { left: 36, right: 16, top: series.length > 1 ? 30 : 20, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 8, interval: 0, width: 60, overflow: 'break' } },
      yAxis: { type: 'value', name: '项', minInterval: 1, nameTextStyle: { fontSize: 9 } },
      series: series.map((s) => ({ name: s.name, type: 'bar', stack: series.length > 1 ? 'all' : undefined, barMaxWidth: 28, data: s.data, label: { show: series.length === 1, position: 'top', fontSize: 8 }, itemStyle: { color: s.color } })),
    },
  };
}

const STATE_COLORS: Record<RectificationState, string> = { not_started: '#a6a6a6', in_progress: '#2f5597', awaiting_verification: '#bf9000', closed: '#548235' };

/** The per-state stacked bars of some groups (units or departments), lying down so long unit names stay readable. */
function stackedChart(caption: string, groups: readonly GroupCounts[]): ChartBlock {
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: Math.min(200, 24 + 8 * groups.length),
    caption,
    option: {
      legend: { top: 0, data: RECTIFICATION_STATES.map((st) => RECTIFICATION_STATE_LABELS[st]) },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: '项', minInterval: 1, nameTextStyle: { fontSize: 9 } },
      yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.name), axisLabel: { fontSize: 8 } },
      series: RECTIFICATION_STATES.map((st) => ({ name: RECTIFICATION_STATE_LABELS[st], type: 'bar', stack: 'all', barMaxWidth: 16, data: groups.map((g) => g.byState[st]), itemStyle: { color: STATE_COLORS[st] } })),
    },
  };
}

/**
 * The 整改情况报告: 总体情况 (counts per state with a chart), 按责任单位 (schools) and 按责任部门
 * (county departments) with their charts, 按问题来源, 逾期督办情况 (per colour, and the overdue items),
 * 数据来源; signed by the office.
 * @throws Error when the ledger is empty (the service refuses before, in words).
 */
export function buildRectificationReport(input: RectificationReportInput): DocModel {
  const f = input.figures;
  if (f.total === 0) throw new Error('整改台账中没有事项');
  const title = reportTitleOf(input.region);
  const s = f.byState;
  const open = s.not_started + s.in_progress;
  const levelWords = LEVELS.filter((l) => f.byLevel[l] > 0).map((l) => `${SUPERVISION_LEVEL_LABELS[l]} ${f.byLevel[l]} 项`);
  const blocks: Block[] = [
    para(
      `截至${formatChineseDate(f.today)}，整改台账共登记问题 ${f.total} 项，其中已销号 ${s.closed} 项，整改销号率 ${f.closureRate}；已完成待核验 ${s.awaiting_verification} 项，整改中 ${s.in_progress} 项，未启动 ${s.not_started} 项。尚未完成整改的 ${open} 项中，逾期 ${f.overdue} 项${levelWords.length ? `（${levelWords.join('、')}${f.byLevel.none ? `、逾期未满督办期限 ${f.byLevel.none} 项` : ''}）` : ''}，即将到期 ${f.dueSoon} 项。现将整改情况报告如下。`,
    ),
    heading('总体情况'),
    table(
      '各状态事项数',
      [{ flex: 1, align: 'left', minChars: 6 }, { fit: true, align: 'center' }, { fit: true, align: 'center' }],
      ['状态', '事项数', '占比'],
      [...RECTIFICATION_STATES.map((st) => [RECTIFICATION_STATE_LABELS[st], String(s[st]), share(s[st], f.total)]), ['合计', String(f.total), share(f.total, f.total)]],
    ),
    bar(
      '图1 各状态事项数（项）',
      RECTIFICATION_STATES.map((st) => RECTIFICATION_STATE_LABELS[st]),
      [{ name: '事项数', data: RECTIFICATION_STATES.map((st) => s[st]), color: '#2f5597' }],
    ),
  ];
  let figure = 1;
  const groupBlocks = (what: string, groups: readonly GroupCounts[], none: string) => {
    if (groups.length === 0) return [para(none)];
    const worst = [...groups].sort((a, b) => b.total - b.byState.closed - (a.total - a.byState.closed) || a.name.localeCompare(b.name, 'zh-CN'))[0]!;
    return [
      para(`涉及${what} ${groups.length} 个，共 ${groups.reduce((n, g) => n + g.total, 0)} 项；其中“${worst.name}”尚未销号的问题最多（${worst.total - worst.byState.closed} 项）。`),
      table(`各${what}整改情况`, groupSpecs(), [`责任${what === '学校' ? '学校' : '部门'}`, ...GROUP_HEADER], groups.map(groupRow)),
      stackedChart(`图${++figure} 各${what}整改情况（项）`, groups.slice(0, 15)),
    ];
  };
  blocks.push(heading('各责任学校整改情况'), ...groupBlocks('学校', f.schools, '台账中没有由学校负责整改的问题。'));
  blocks.push(heading('各责任部门整改情况'), ...groupBlocks('部门', f.departments, '台账中没有由县直部门或乡镇负责整改的问题。'));
  blocks.push(
    heading('问题来源'),
    table('各来源问题整改情况', groupSpecs(), ['问题来源', ...GROUP_HEADER], f.sources.map(groupRow)),
    bar(
      `图${++figure} 各来源问题数（项）`,
      f.sources.map((g) => g.name),
      [{ name: '事项数', data: f.sources.map((g) => g.total), color: '#2f5597' }],
    ),
    heading('逾期督办情况'),
  );
  if (f.overdue === 0) blocks.push(para(`截至${formatChineseDate(f.today)}，没有逾期未完成整改的问题。`));
  else {
    blocks.push(
      para(`逾期未完成整改的问题 ${f.overdue} 项，按逾期天数实行三色督办。`),
      table(
        '逾期问题督办等级',
        [{ flex: 1, align: 'left', minChars: 6 }, { fit: true, align: 'center' }],
        ['督办等级', '事项数'],
        [...LEVELS.map((l) => [SUPERVISION_LEVEL_LABELS[l], String(f.byLevel[l])]), ...(f.byLevel.none ? [['逾期未满督办期限', String(f.byLevel.none)]] : []), ['合计', String(f.overdue)]],
      ),
      table(
        '逾期问题清单',
        [{ fit: true }, { flex: 1, align: 'left', minChars: 5 }, { flex: 2, align: 'left', minChars: 6 }, { fit: true }, { fit: true, align: 'center' }, { fit: true, align: 'center' }],
        ['编号', '责任单位', '问题描述', '整改时限', '逾期天数', '督办等级'],
        f.overdueItems.map((i) => [i.number, i.ownerName, i.problem, dateText(i.deadline), String(-(i.supervision.daysLeft ?? 0)), i.supervision.level ? SUPERVISION_LEVEL_LABELS[i.supervision.level] : '—']),
      ),
    );
  }
  blocks.push(
    heading('数据来源'),
    para(`本报告的各项数字均取自整改台账，状态、逾期天数和督办等级按${formatChineseDate(f.today)}计算；整改销号率为已销号事项占登记事项的比例。台账此后如有变动，以台账为准。`),
  );
  return {
    meta: { title, author: input.signature, subject: '整改情况报告', keywords: ['整改情况报告', '整改台账'] },
    title: titleLines(title),
    body: numberTables(blocks),
    signature: { issuer: input.signature, date: input.date },
  };
}
