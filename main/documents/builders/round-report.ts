/**
 * 督导评估报告 and 结果公示 of a round (issue 13 item 6) as DocModels for the product's engine
 * (DOCX and PDF from the same model), and the figures both are written from. Pure: the service
 * (main/services/scoring/report-service.ts) hands over the round's results exactly as
 * scoring.results gives them (the CURRENT stored result of each locked unit, its rank under the
 * round's tie rule and the change against the previous round), the units' participation from the
 * round, and per locked unit the items below standard read from its final scores. Nothing is
 * recomputed from scores here: totals, grades, subtotals and ranks are the stored ones; averages
 * are means of stored figures, rounded to 2 decimals exactly as the 一校一案 rounds them
 * (round2(sum / n)), so a figure in the report equals the same figure in a 督导意见书.
 *
 * Numbers: points always with 2 decimals (the precision results are stored at), shares with 1.
 * Tables: the report's are numbered 表1, 表2, … (figures 图1, 图2); columns holding numbers and
 * school types are sized to their content (sizeColumns) so 100.00 or 十二年一贯制 never wraps; with
 * ranks within school types the ranking and the 公示 list run in one block per type (compareTypes).
 */
import type { ResultLine } from '../../../shared/api/contracts/scoring';
import { round2 } from '../../../shared/domain/scoring/reconcile';
import { SCHOOL_TYPES } from '../../../shared/domain/schools/school-enums';
import { formatChineseDate } from '../dates';
import { LANDSCAPE_TEXT_WIDTH_PT, TEXT_WIDTH_PT } from '../layout';
import type { Align, Block, ChartBlock, DocModel, TableBlock, TableCellInput, TableColumn } from '../model';
import { widthInChars } from '../text-width';

/** Points as the report prints them: always 2 decimals (“92.50”), the precision results are stored at. */
export const points = (n: number): string => n.toFixed(2);
/** A share as a percentage with 1 decimal (“66.7%”). */
export const share = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—');
/** A change in points, signed, 2 decimals: “+1.25”, “−0.50”, “0.00”. */
export const signedPoints = (d: number): string => (Math.abs(d) < 0.005 ? '0.00' : `${d > 0 ? '+' : '−'}${points(Math.abs(d))}`);

/** Point size of the report's and the 公示's tables (五号). */
const TABLE_PT = 10.5;
/**
 * Horizontal room a cell needs besides its text, in points: the engine's cell padding (4 pt each
 * side, plan.ts CELL_PADDING) and the rule. A fitted column adds half a 字 of slack besides,
 * because a face's digits and Latin letters are not exactly half a 字 wide (no more: five school
 * types must still fit a portrait page in 各类学校平均分).
 */
const CELL_EXTRA_PT = 2 * 4 + 0.5;
/** A header longer than this many 字 may wrap rather than widen its column. */
const HEADER_FIT_CHARS = 4;

/**
 * How a column is sized: to its longest cell (never wraps; `wholeHeader`: its header too, however
 * long), or sharing the room left by weight.
 */
export type ColumnSpec = { fit: true; align?: Align; wholeHeader?: boolean } | { flex: number; align?: Align; minChars?: number };

/**
 * A cell's width in 字 for a column that must not wrap, as a reader's Word, WPS or LibreOffice sets
 * it: digits and Latin letters at 0.6 字, not 0.5 (the faces they substitute set them wider), and a
 * quarter 字 wherever Chinese meets a digit or letter (the 中西文间距 Word and LibreOffice add by
 * default). At 0.5 and no spacing, a 10-digit 学校标识码 and “2026年3月16日至4月10日” wrapped there.
 */
export function fitWidth(text: string): number {
  let half = 0;
  let boundaries = 0;
  let previous: boolean | null = null;
  for (const ch of text) {
    const isHalf = (ch.codePointAt(0) ?? 0) < 0x2e80;
    if (isHalf) half++;
    // Spaces and punctuation do not get the spacing; only a letter or digit next to a Han character.
    const kind = /[\p{L}\p{N}]/u.test(ch) ? isHalf : null;
    if (kind !== null && previous !== null && kind !== previous) boundaries++;
    if (kind !== null) previous = kind;
    else previous = null;
  }
  return widthInChars(text) + 0.1 * half + 0.25 * boundaries;
}

const cellText = (c: TableCellInput): string => (typeof c === 'string' ? c : c.text);
const cellSpan = (c: TableCellInput): number => (typeof c === 'string' ? 1 : (c.colSpan ?? 1));

/**
 * Column widths in points for a table of `fontSize` on a text block `pageWidth` wide: a `fit` column
 * gets its longest single-column cell (header cells counted up to HEADER_FIT_CHARS) plus padding, so
 * a number such as 100.00 or a type such as 十二年一贯制 stays on one line; the `flex` columns share
 * what is left by weight (at least `minChars` 字 each). `fits` is false when the fitted columns and
 * the flex minimums need more than the page: the caller then turns the table landscape. The engine
 * shares relative widths out across the text block, so widths in points come out as given.
 */
export function sizeColumns(specs: ColumnSpec[], header: TableCellInput[][], rows: TableCellInput[][], pageWidth: number, fontSize = TABLE_PT): { columns: TableColumn[]; fits: boolean } {
  const need = specs.map(() => 0);
  const measure = (cells: TableCellInput[][], cap: number) => {
    for (const row of cells) {
      let col = 0;
      for (const c of row) {
        const spec = specs[col];
        const limit = spec && 'fit' in spec && spec.wholeHeader ? Infinity : cap;
        if (cellSpan(c) === 1 && col < need.length) need[col] = Math.max(need[col]!, Math.min(limit, fitWidth(cellText(c))));
        col += cellSpan(c);
      }
    }
  };
  measure(rows, Infinity);
  measure(header, HEADER_FIT_CHARS);
  const fitted = specs.map((s, i) => ('fit' in s ? (need[i]! + 0.5) * fontSize + CELL_EXTRA_PT : 0));
  const mins = specs.map((s) => ('flex' in s ? (s.minChars ?? 4) * fontSize + CELL_EXTRA_PT : 0));
  const fixed = fitted.reduce((a, b) => a + b, 0);
  const weights = specs.reduce((a, s) => a + ('flex' in s ? s.flex : 0), 0);
  const room = pageWidth - fixed;
  const fits = fixed + mins.reduce((a, b) => a + b, 0) <= pageWidth + 0.01;
  const widths = specs.map((s, i) => ('flex' in s ? Math.max(mins[i]!, weights > 0 ? (room * s.flex) / weights : 0) : fitted[i]!));
  return { columns: widths.map((w, i) => ({ width: Math.round(w * 100) / 100, ...(specs[i]!.align ? { align: specs[i]!.align } : {}) })), fits };
}

/**
 * A table sized by `sizeColumns` on a portrait page, or on landscape pages when it does not fit
 * there (or when `landscape` asks for it).
 */
function sizedTable(t: Omit<TableBlock, 'type' | 'columns' | 'fontSize' | 'landscape'> & { specs: ColumnSpec[]; landscape?: boolean }): TableBlock {
  const { specs, landscape, ...rest } = t;
  const portrait = sizeColumns(specs, rest.header, rest.rows, TEXT_WIDTH_PT);
  const wide = landscape || !portrait.fits;
  const columns = wide ? sizeColumns(specs, rest.header, rest.rows, LANDSCAPE_TEXT_WIDTH_PT).columns : portrait.columns;
  return { type: 'table', ...rest, columns, fontSize: TABLE_PT, ...(wide ? { landscape: true } : {}) };
}

/**
 * School types in a stable order: the register's order (小学, 初中, 九年一贯制, …), then any other
 * name (a statistics name such as 初级中学) by its Chinese collation.
 */
export function compareTypes(a: string, b: string): number {
  const order = (t: string) => {
    const i = (SCHOOL_TYPES as readonly string[]).indexOf(t);
    return i < 0 ? SCHOOL_TYPES.length : i;
  };
  return order(a) - order(b) || a.localeCompare(b, 'zh-Hans-CN');
}

/** A unit's submission of its self-evaluation materials, as the round records it (rounds.get). */
export interface ParticipationLine {
  unitId: number;
  /** Accepted revisions; 0: nothing submitted. */
  revision: number;
  /** The latest revision was accepted after the deadline (逾期). */
  late: boolean;
  /** The unit forfeited the round (弃权). */
  forfeited: boolean;
}

/** An item below standard in one unit's final scores (the 一校一案's 存在问题 list). */
export interface BelowItem {
  code: string;
  title: string;
}

/** Everything the report and the publication list are written from. */
export interface RoundReportSource {
  roundName: string;
  year: number;
  /** 评估主体: signs both documents. */
  evaluator: string;
  systemName: string;
  systemVersion: number;
  /** The tie rule in words and whether ranks are within school types (scoring.results). */
  tieRule: string;
  byCategory: boolean;
  previousRound: string | null;
  /** scoring.results lines, as given. */
  lines: ResultLine[];
  participation: ParticipationLine[];
  /** Per locked, non-forfeited unit: its items below `threshold` of their points. */
  below: Map<number, BelowItem[]>;
  /** The share below which an item counts as below standard (0.6 = 60%). */
  threshold: number;
  /** 成文日期 (ISO). */
  date: string;
}

export interface Named {
  unitId: number;
  code: string;
  name: string;
}

export interface LevelAverage {
  code: string;
  title: string;
  maxPoints: number;
  /** Mean earned over the scored units it applies to (分, round2); null when none. */
  average: number | null;
  of: number;
}

/** The report's figures, each traceable to the stored results. */
export interface RoundReportFigures {
  units: number;
  participation: { submitted: Named[]; late: Named[]; forfeited: Named[]; notSubmitted: Named[] };
  /** Units with a current stored result (locked), and those without (not included). */
  included: Named[];
  notIncluded: Named[];
  /** Included units with a total (not forfeited), in rank order (unranked last, by code). */
  scored: ResultLine[];
  /** The common full score, or null when the scored units' full scores differ. */
  maxTotal: number | null;
  /** Mean (round2), highest and lowest total of the scored units; null when none. */
  totals: { mean: number; max: number; min: number } | null;
  /** Bands of totals, best first (by points when one full score, else by score rate). */
  /** `axis`: the band's short label for the chart's axis (“80–90”). */
  bands: { label: string; axis: string; count: number }[];
  /** Included units per grade (forfeited ones with a failing grade included), in order of first appearance by rank. */
  grades: { grade: string; count: number }[];
  levels: LevelAverage[];
  /** Per school type: units scored, mean total, first-level means (same order as `levels`). */
  byType: { schoolType: string; count: number; meanTotal: number; levels: (number | null)[] }[];
  /** Indicators below standard, most often first (then by code): how many and which units. */
  below: { code: string; title: string; units: string[] }[];
}

const named = (l: Pick<ResultLine, 'unitId' | 'unitCode' | 'unitName'>): Named => ({ unitId: l.unitId, code: l.unitCode, name: l.unitName });
const byCode = (a: { unitCode: string }, b: { unitCode: string }) => a.unitCode.localeCompare(b.unitCode);

/** The first-level subtotals of a stored result (its shallowest depth). */
export function topLevels(levels: NonNullable<ResultLine['result']>['levels']) {
  const top = levels.reduce((m, l) => Math.min(m, l.depth), Infinity);
  return levels.filter((l) => l.depth === top);
}

const mean = (xs: number[]): number => round2(xs.reduce((a, b) => a + b, 0) / xs.length);

/** The bands of totals: 90%, 80%, 70%, 60% of the full score, in points when it is common. */
function bandsOf(scored: ResultLine[], maxTotal: number | null): { label: string; axis: string; count: number }[] {
  const cuts = [0.9, 0.8, 0.7, 0.6];
  const rate = (l: ResultLine) => l.result!.total! / (l.result!.maxTotal || 1);
  const word = (c: number) => (maxTotal !== null ? `${points(c * maxTotal)} 分` : `得分率 ${(c * 100).toFixed(0)}%`);
  // The axis has room for a few characters per band: the bounds only (“80–90”, “90%及以上”).
  const bound = (c: number) => (maxTotal !== null ? String(Number((c * maxTotal).toFixed(2))) : `${(c * 100).toFixed(0)}%`);
  const out: { label: string; axis: string; count: number }[] = [];
  let upper: number | null = null;
  for (const c of cuts) {
    const count = scored.filter((l) => rate(l) >= c && (upper === null || rate(l) < upper)).length;
    out.push({ label: upper === null ? `${word(c)}及以上` : `${word(c)}至${word(upper)}以下`, axis: upper === null ? `${bound(c)}及以上` : `${bound(c)}–${bound(upper)}`, count });
    upper = c;
  }
  out.push({ label: `${word(cuts.at(-1)!)}以下`, axis: `${bound(cuts.at(-1)!)}以下`, count: scored.filter((l) => rate(l) < cuts.at(-1)!).length });
  return out;
}

/**
 * The report's figures from the source: participation from the round's records, everything else
 * from the current stored results (a unit without one is only named as not included).
 */
export function reportFigures(src: RoundReportSource): RoundReportFigures {
  const lines = [...src.lines].sort(byCode);
  const part = new Map(src.participation.map((p) => [p.unitId, p]));
  const participation = { submitted: [] as Named[], late: [] as Named[], forfeited: [] as Named[], notSubmitted: [] as Named[] };
  for (const l of lines) {
    const p = part.get(l.unitId);
    if (p?.forfeited) participation.forfeited.push(named(l));
    else if (p && p.revision > 0) (p.late ? participation.late : participation.submitted).push(named(l));
    else participation.notSubmitted.push(named(l));
  }
  const included = lines.filter((l) => l.result);
  const scored = included
    .filter((l) => !l.result!.forfeited && l.result!.total !== null)
    .sort((a, b) => (a.rank?.rank ?? Infinity) - (b.rank?.rank ?? Infinity) || byCode(a, b));
  const maxes = new Set(scored.map((l) => l.result!.maxTotal));
  const maxTotal = maxes.size === 1 ? [...maxes][0]! : null;
  const totals = scored.map((l) => l.result!.total!);

  const grades = new Map<string, number>();
  for (const l of [...scored, ...included.filter((x) => x.result!.forfeited)]) if (l.result!.grade) grades.set(l.result!.grade, (grades.get(l.result!.grade) ?? 0) + 1);

  // First-level heads in the order of the first result holding them; means as the 一校一案 takes them.
  const heads = new Map<string, { nodeId: string; code: string; title: string; maxPoints: number }>();
  for (const l of scored) for (const lv of topLevels(l.result!.levels)) if (!heads.has(lv.nodeId)) heads.set(lv.nodeId, lv);
  const levelMean = (of: ResultLine[], nodeId: string): { average: number | null; of: number } => {
    const xs = of.flatMap((l) => l.result!.levels.filter((lv) => lv.nodeId === nodeId && lv.earned !== null).map((lv) => lv.earned!));
    return { average: xs.length ? mean(xs) : null, of: xs.length };
  };
  const levels = [...heads.values()].map((h) => ({ code: h.code, title: h.title, maxPoints: h.maxPoints, ...levelMean(scored, h.nodeId) }));
  const types = [...new Set(scored.map((l) => l.schoolType))].sort(compareTypes);
  const byType = types.map((t) => {
    const of = scored.filter((l) => l.schoolType === t);
    return { schoolType: t, count: of.length, meanTotal: mean(of.map((l) => l.result!.total!)), levels: [...heads.values()].map((h) => levelMean(of, h.nodeId).average) };
  });

  const below = new Map<string, { code: string; title: string; units: string[] }>();
  for (const l of scored)
    for (const item of src.below.get(l.unitId) ?? []) {
      const b = below.get(item.code) ?? { code: item.code, title: item.title, units: [] };
      b.units.push(l.unitName);
      below.set(item.code, b);
    }

  return {
    units: lines.length,
    participation,
    included: included.map(named),
    notIncluded: lines.filter((l) => !l.result).map(named),
    scored,
    maxTotal,
    totals: totals.length ? { mean: mean(totals), max: Math.max(...totals), min: Math.min(...totals) } : null,
    bands: scored.length ? bandsOf(scored, maxTotal) : [],
    grades: [...grades].map(([grade, count]) => ({ grade, count })),
    levels,
    byType,
    below: [...below.values()].sort((a, b) => b.units.length - a.units.length || a.code.localeCompare(b.code, undefined, { numeric: true })),
  };
}

const para = (text: string): Block => ({ type: 'paragraph', text });
const heading = (text: string): Block => ({ type: 'heading', level: 1, text });
const names = (ns: Named[], max = 30): string => (ns.length === 0 ? '无' : `${ns.slice(0, max).map((n) => n.name).join('、')}${ns.length > max ? ` 等 ${ns.length} 个单位` : ''}`);
/** At most this many indicators are listed as most often below standard. */
export const BELOW_LISTED = 10;

function participationBlocks(f: RoundReportFigures): Block[] {
  const p = f.participation;
  const rows: TableCellInput[][] = [
    ['按时提交自评材料', String(p.submitted.length), share(p.submitted.length, f.units), { text: names(p.submitted), align: 'left' }],
    ['逾期提交自评材料', String(p.late.length), share(p.late.length, f.units), { text: names(p.late), align: 'left' }],
    ['弃权', String(p.forfeited.length), share(p.forfeited.length, f.units), { text: names(p.forfeited), align: 'left' }],
  ];
  if (p.notSubmitted.length) rows.push(['未提交自评材料', String(p.notSubmitted.length), share(p.notSubmitted.length, f.units), { text: names(p.notSubmitted), align: 'left' }]);
  const out: Block[] = [
    heading('参评情况'),
    para(
      `本次评估共有参评单位 ${f.units} 个，其中按时提交自评材料 ${p.submitted.length} 个，逾期提交 ${p.late.length} 个，弃权 ${p.forfeited.length} 个${p.notSubmitted.length ? `，未提交自评材料 ${p.notSubmitted.length} 个` : ''}。评分已锁定的单位 ${f.included.length} 个，纳入本报告统计${f.notIncluded.length ? `；评分尚未锁定的单位 ${f.notIncluded.length} 个（${names(f.notIncluded)}），没有确定的结果，未纳入本报告统计` : ''}。`,
    ),
    sizedTable({
      caption: '参评单位提交情况',
      specs: [{ fit: true, align: 'left' }, { fit: true }, { fit: true }, { flex: 1, align: 'left' }],
      header: [['情况', '单位数', '占比', '单位']],
      rows,
      note: `注：占比为占全部 ${f.units} 个参评单位的比例；提交情况取自评估项目的填报记录。`,
    }),
  ];
  return out;
}

/** The bar chart of the distribution of totals (units per band). */
export function distributionChart(f: RoundReportFigures): ChartBlock {
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 65,
    caption: '图1 总分分布（单位数）',
    option: {
      grid: { left: 36, right: 24, top: 20, bottom: 28 },
      xAxis: { type: 'category', data: f.bands.map((b) => b.axis), name: f.maxTotal !== null ? '分' : '', axisLabel: { fontSize: 8, interval: 0 } },
      yAxis: { type: 'value', name: '个', minInterval: 1, nameTextStyle: { fontSize: 9 } },
      series: [{ type: 'bar', barMaxWidth: 28, data: f.bands.map((b) => b.count), label: { show: true, position: 'top', fontSize: 8 }, itemStyle: { color: '#2f5597' } }],
    },
  };
}

/** The bar chart of the first-level averages against their full points (分). */
export function averagesChart(f: RoundReportFigures): ChartBlock {
  const shown = f.levels.filter((l) => l.average !== null && l.maxPoints > 0);
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 70,
    caption: '图2 一级指标平均分与满分（分）',
    option: {
      legend: { top: 0, data: ['平均分', '满分'] },
      grid: { left: 40, right: 16, top: 30, bottom: 28 },
      xAxis: { type: 'category', data: shown.map((l) => l.code) },
      yAxis: { type: 'value', name: '分', nameTextStyle: { fontSize: 9 } },
      series: [
        { name: '平均分', type: 'bar', barMaxWidth: 18, data: shown.map((l) => l.average), label: { show: true, position: 'top', fontSize: 8, formatter: '{c}' }, itemStyle: { color: '#2f5597' } },
        { name: '满分', type: 'bar', barMaxWidth: 18, data: shown.map((l) => l.maxPoints), itemStyle: { color: '#a6a6a6' } },
      ],
    },
  };
}

function distributionBlocks(f: RoundReportFigures): Block[] {
  const n = f.scored.length;
  if (!f.totals) return [heading('总分分布'), para('已锁定的单位均为弃权，没有可统计的总分。')];
  const full = f.maxTotal !== null ? `（满分 ${points(f.maxTotal)} 分）` : '（各单位满分不同，按得分率分段）';
  const out: Block[] = [
    heading('总分分布'),
    para(`纳入统计且有总分的单位 ${n} 个${full}，平均总分 ${points(f.totals.mean)} 分，最高 ${points(f.totals.max)} 分，最低 ${points(f.totals.min)} 分。`),
    sizedTable({
      caption: '总分分布',
      specs: [{ flex: 1, align: 'left' }, { fit: true }, { fit: true }],
      header: [['总分段', '单位数', '占比']],
      rows: f.bands.map((b) => [b.label, String(b.count), share(b.count, n)]),
      note: `注：占比为占 ${n} 个有总分单位的比例；总分取自各单位锁定时存储的评分结果。`,
    }),
    distributionChart(f),
  ];
  if (f.grades.length) {
    const graded = f.grades.reduce((a, g) => a + g.count, 0);
    out.push(
      para(`评定等级的单位 ${graded} 个：${f.grades.map((g) => `${g.grade} ${g.count} 个（${share(g.count, graded)}）`).join('，')}。`),
      sizedTable({
        caption: '等级分布',
        specs: [{ flex: 1 }, { fit: true }, { fit: true }],
        header: [['等级', '单位数', '占比']],
        rows: f.grades.map((g) => [g.grade, String(g.count), share(g.count, graded)]),
      }),
    );
  }
  return out;
}

/**
 * Lines in blocks of one school type each (in `compareTypes` order, each block in the given order)
 * when ranks are within school types; one block of all otherwise.
 */
export function typeGroups<T extends { schoolType: string }>(lines: readonly T[], byCategory: boolean): { schoolType: string | null; lines: T[] }[] {
  if (!byCategory) return [{ schoolType: null, lines: [...lines] }];
  return [...new Set(lines.map((l) => l.schoolType))].sort(compareTypes).map((t) => ({ schoolType: t, lines: lines.filter((l) => l.schoolType === t) }));
}

/** The sub-heading row of a school type's block in a grouped table: the type and its count, across every column. */
const typeRow = (schoolType: string, count: number, columns: number): TableCellInput[] => [{ text: `${schoolType}（${count} 个单位）`, colSpan: columns, align: 'left', bold: true }];

function rankingBlocks(src: RoundReportSource, f: RoundReportFigures): Block[] {
  if (f.scored.length === 0) return [];
  const compare = src.previousRound !== null;
  // Ranked within school types: one block per type under its sub-heading, so the 类型 column goes.
  const grouped = src.byCategory;
  const specs: ColumnSpec[] = [{ fit: true }, { flex: 1, align: 'left', minChars: 6 }, ...(grouped ? [] : [{ fit: true } as const]), { fit: true }, { fit: true }, ...(compare ? [{ fit: true } as const, { fit: true } as const] : [])];
  const row = (l: ResultLine): TableCellInput[] => {
    const res = l.result!;
    const prev = l.previous;
    return [
      l.rank ? `${l.rank.rank}${l.rank.tied ? '（并列）' : ''}` : '—',
      l.unitName,
      ...(grouped ? [] : [l.schoolType]),
      points(res.total!),
      res.grade ?? '—',
      ...(compare ? [prev?.total != null ? points(prev.total) : '—', prev ? (prev.change !== null ? signedPoints(prev.change) : prev.note || '—') : '未参评'] : []),
    ];
  };
  const rows = typeGroups(f.scored, grouped).flatMap((g) => [...(g.schoolType !== null ? [typeRow(g.schoolType, g.lines.length, specs.length)] : []), ...g.lines.map(row)]);
  return [
    heading('排名情况'),
    para(
      `按总分${src.byCategory ? '在同类学校中分别' : '对全部单位统一'}排名（${src.tieRule}；总分精确到 0.01 分比较，弃权单位不参加排名）。${compare ? `与上一轮“${src.previousRound}”相比的总分变化列于表中（满分不同时不作比较）。` : '没有同类的上一轮评估项目，不作对比。'}`,
    ),
    sizedTable({
      caption: '排名情况',
      specs,
      header: [['名次', '单位', ...(grouped ? [] : ['类型']), '总分', '等级', ...(compare ? ['上一轮总分', '较上一轮'] : [])]],
      rows,
      note: grouped ? '注：按学校类型分列，名次为在同一学校类型中的名次。' : undefined,
    }),
  ];
}

function averageBlocks(f: RoundReportFigures): Block[] {
  if (f.levels.length === 0) return [];
  const out: Block[] = [
    heading('各级指标得分情况'),
    para(`各一级指标的平均分为纳入统计且有总分的单位中该项得分的算术平均（不适用的单位不计入），与一校一案中的“全项目平均分”为同一数值。`),
    sizedTable({
      caption: '一级指标平均分',
      specs: [{ fit: true }, { flex: 1, align: 'left' }, { fit: true }, { fit: true }, { fit: true }, { fit: true }],
      header: [['编码', '一级指标', '满分', '平均分', '得分率', '单位数']],
      rows: f.levels.map((l) => [l.code, l.title, l.maxPoints > 0 ? points(l.maxPoints) : '—', l.average === null ? '—' : points(l.average), l.average === null || l.maxPoints <= 0 ? '—' : share(l.average, l.maxPoints), String(l.of)]),
    }),
    averagesChart(f),
  ];
  if (f.byType.length) {
    // One column per school type, each as wide as its name and its figures (the unit counts go in
    // a row of their own so the header stays one line); landscape once the types outgrow the page.
    out.push(
      sizedTable({
        caption: '各类学校平均分',
        specs: [{ fit: true }, { flex: 1, align: 'left', minChars: 4 }, { fit: true }, ...f.byType.map((): ColumnSpec => ({ fit: true, wholeHeader: true }))],
        header: [['编码', '指标', '满分', ...f.byType.map((t) => t.schoolType)]],
        rows: [
          ...f.levels.map((l, i): TableCellInput[] => [l.code, l.title, l.maxPoints > 0 ? points(l.maxPoints) : '—', ...f.byType.map((t) => (t.levels[i] === null ? '—' : points(t.levels[i]!)))]),
          ['', '总分', f.maxTotal !== null ? points(f.maxTotal) : '—', ...f.byType.map((t) => points(t.meanTotal))],
          ['', '单位数', '', ...f.byType.map((t) => String(t.count))],
        ],
        note: '注：平均分为该类学校纳入统计且有总分的单位的算术平均（不适用的单位不计入），单位为分；单位数为该类学校纳入统计且有总分的单位数。',
      }),
    );
  }
  return out;
}

function belowBlocks(src: RoundReportSource, f: RoundReportFigures): Block[] {
  const n = f.scored.length;
  if (n === 0) return [];
  const out: Block[] = [heading('主要问题指标')];
  if (f.below.length === 0) {
    out.push(para(`纳入统计的 ${n} 个单位中，没有最终得分低于该项分值 ${share(src.threshold, 1)} 的指标。`));
    return out;
  }
  const listed = f.below.slice(0, BELOW_LISTED);
  out.push(
    para(
      `按各单位锁定时的最终得分，共有 ${f.below.length} 项指标在至少一个单位中得分低于该项分值的 ${share(src.threshold, 1)}。${f.below.length > BELOW_LISTED ? `下表列出涉及单位最多的 ${BELOW_LISTED} 项。` : ''}其中涉及单位最多的是指标 ${listed[0]!.code} ${listed[0]!.title}（${listed[0]!.units.length} 个单位，占 ${share(listed[0]!.units.length, n)}）。`,
    ),
    sizedTable({
      caption: '低于标准较多的指标',
      specs: [{ fit: true }, { flex: 7, align: 'left' }, { fit: true }, { fit: true }, { flex: 8, align: 'left' }],
      header: [['编码', '指标', '单位数', '占比', '涉及单位']],
      rows: listed.map((b) => [b.code, b.title, String(b.units.length), share(b.units.length, n), { text: b.units.join('、'), align: 'left' }]),
      note: `注：占比为占 ${n} 个有总分单位的比例；加分、扣分和一票否决项不计。`,
    }),
  );
  return out;
}

/** Point size of the attachment's results table (小五): many columns. */
const ATTACHMENT_PT = 9;

/** The per-unit results table of the attachment: every unit, its first-level subtotals, total, grade, rank; wide ones landscape. */
function resultsAttachment(src: RoundReportSource, f: RoundReportFigures, levelsTable: string | null): { title: string; blocks: Block[]; landscape: boolean } {
  const heads = f.levels;
  const lines = [...src.lines].sort(byCode);
  const rows = lines.map((l): TableCellInput[] => {
    const res = l.result;
    if (!res) return [l.unitCode, l.unitName, l.schoolType, ...heads.map(() => '—'), '—', '—', '—', '未锁定，未纳入'];
    if (res.forfeited) return [l.unitCode, l.unitName, l.schoolType, ...heads.map(() => '—'), '—', res.grade ?? '—', '—', '弃权'];
    const lv = new Map(topLevels(res.levels).map((x) => [x.code, x.earned]));
    return [
      l.unitCode,
      l.unitName,
      l.schoolType,
      ...heads.map((h) => {
        const v = lv.get(h.code);
        return v === undefined || v === null ? '不适用' : points(v);
      }),
      points(res.total!),
      res.grade ?? '—',
      l.rank ? `${l.rank.rank}${l.rank.tied ? '（并列）' : ''}` : '—',
      `第 ${res.id} 号`,
    ];
  });
  const header: TableCellInput[][] = [['报送编码', '单位', '类型', ...heads.map((h) => `${h.code} ${h.title}`), '总分', '等级', '名次', '评分结果']];
  const specs: ColumnSpec[] = [{ fit: true }, { flex: 6, align: 'left', minChars: 5 }, { fit: true }, ...heads.map((): ColumnSpec => ({ fit: true })), { fit: true }, { fit: true }, { fit: true }, { flex: 2.8, minChars: 4 }];
  // Landscape with many first-level indicators, or whenever the fitted columns outgrow a portrait page.
  const portrait = sizeColumns(specs, header, rows, TEXT_WIDTH_PT, ATTACHMENT_PT);
  const landscape = heads.length + 7 > 9 || !portrait.fits;
  return {
    title: `${src.roundName}各单位${src.roundName.endsWith('评估') ? '' : '评估'}结果`,
    landscape,
    blocks: [
      {
        type: 'table',
        columns: landscape ? sizeColumns(specs, header, rows, LANDSCAPE_TEXT_WIDTH_PT, ATTACHMENT_PT).columns : portrait.columns,
        header,
        rows,
        fontSize: ATTACHMENT_PT,
        note: `注：分数单位为分，各一级指标的满分见正文${levelsTable ?? '“一级指标平均分”表'}；“评分结果”为各单位锁定时存储的评分结果编号，单位评分如被解锁，本表即过时。`,
      },
    ],
  };
}

/**
 * The basis as offices write it: 依据《体系名称》（第 N 版）, the indicator system's own name (any 《》
 * the name carries dropped so they are not doubled), the version only when known (`withVersion`);
 * 依据评估指标体系 when the name is unknown. No internal id is ever shown.
 */
export function basisOf(src: Pick<RoundReportSource, 'systemName' | 'systemVersion'>, withVersion: boolean): string {
  const name = src.systemName.replace(/[《》]/g, '').trim();
  if (!name) return '依据评估指标体系';
  return `依据《${name}》${withVersion && src.systemVersion > 0 ? `（第 ${src.systemVersion} 版）` : ''}`;
}

/** A table's caption without its number (“表3 排名情况” → “排名情况”). */
export const captionOf = (t: TableBlock): string => (t.caption ?? '').replace(/^表\d+\s*/, '');

/**
 * Numbers the captioned tables 表1, 表2, … in order (figures are numbered 图1, 图2 by their
 * builders), so the engine's 续表 on a continued page carries the number (plan.ts continuedLabel).
 */
export function numberTables(blocks: Block[]): Block[] {
  let n = 0;
  return blocks.map((b) => (b.type === 'table' && b.caption ? { ...b, caption: `表${++n} ${b.caption}` } : b));
}

/** The report's title, without doubling 评估 when the round's name ends with it (“…督导评估报告”). */
export const reportTitle = (roundName: string): string => `${roundName}${roundName.endsWith('评估') ? '' : '督导评估'}报告`;

/**
 * The round's 督导评估报告: 参评情况 (submitted, late, forfeited, with names; units not locked named
 * as not included), 总分分布 with its chart and 等级分布, 排名情况 with the change against the previous
 * round, 各级指标得分情况 (first-level means with a chart, per school type), 主要问题指标 (the items
 * most often below standard), 数据来源; the per-unit results as 附件; the evaluator's signature.
 * The basis reads 依据《体系名称》（第 N 版） (basisOf); the tables are numbered 表1, 表2, ….
 */
export function buildRoundReport(src: RoundReportSource, f: RoundReportFigures = reportFigures(src)): DocModel {
  const body: Block[] = numberTables([
    para(`根据工作安排，${src.evaluator}组织开展了“${src.roundName}”，${basisOf(src, true)}对 ${f.units} 个单位进行了督导评估。现将评估情况报告如下。`),
    ...participationBlocks(f),
    ...distributionBlocks(f),
    ...rankingBlocks(src, f),
    ...averageBlocks(f),
    ...belowBlocks(src, f),
    heading('数据来源'),
    para(
      `本报告的总分、等级、各级指标得分和名次均取自各单位评分锁定时存储的评分结果（编号见附件），主要问题指标取自锁定单位的最终得分，参评情况取自评估项目的填报记录。统计截至${formatChineseDate(src.date)}；此后如有单位的评分被解锁或新锁定，本报告即过时，应重新生成。`,
    ),
  ]);
  const levels = body.find((b): b is TableBlock => b.type === 'table' && captionOf(b) === '一级指标平均分');
  const attachment = resultsAttachment(src, f, levels?.caption ? `${/^表\d+/.exec(levels.caption)![0]}` : null);
  return {
    meta: { title: reportTitle(src.roundName), author: src.evaluator, subject: src.roundName, keywords: ['督导评估报告'] },
    title: reportTitle(src.roundName),
    body,
    attachments: [attachment],
    signature: { issuer: src.evaluator, date: src.date },
  };
}

/** What the user typed for the 公示, with the dates as ISO. */
export interface PublicationFields {
  start: string;
  end: string;
  phone: string;
  supervision: string;
}

/** One unit in the 公示 list. */
export interface PublicationRow {
  code: string;
  name: string;
  schoolType: string;
  /** Points (2 decimals) or “—” (forfeited). */
  total: string;
  grade: string;
  rank: string;
  note: string;
}

/**
 * The 公示 rows: the locked units, ranked ones by rank, then the forfeited; units not locked are
 * left out (counted in the text). With ranks within school types (`byCategory`) the rows come in
 * one block per type (compareTypes order), each ranked then forfeited, so ranks never interleave.
 */
export function publicationRows(f: RoundReportFigures, lines: readonly ResultLine[], byCategory = false): PublicationRow[] {
  const forfeited = [...lines].filter((l) => l.result?.forfeited).sort(byCode);
  const scored = (l: ResultLine): PublicationRow => ({
    code: l.unitCode,
    name: l.unitName,
    schoolType: l.schoolType,
    total: points(l.result!.total!),
    grade: l.result!.grade ?? '—',
    rank: l.rank ? String(l.rank.rank) : '—',
    note: l.rank?.tied ? '并列' : '',
  });
  const lost = (l: ResultLine): PublicationRow => ({ code: l.unitCode, name: l.unitName, schoolType: l.schoolType, total: '—', grade: l.result!.grade ?? '—', rank: '—', note: '弃权' });
  const all = [...f.scored.map(scored), ...forfeited.map(lost)];
  // typeGroups keeps each block in the order given: ranked by rank, then the forfeited.
  return typeGroups(all, byCategory).flatMap((g) => g.lines);
}

/** Inclusive days of the 公示期. */
export const publicationDays = (p: Pick<PublicationFields, 'start' | 'end'>): number => Math.round((Date.parse(`${p.end}T00:00:00Z`) - Date.parse(`${p.start}T00:00:00Z`)) / 86_400_000) + 1;

/** 关于……评估结果的公示, without doubling 评估 when the round's name ends with it. */
export const publicationTitle = (roundName: string): string => `关于${roundName}${roundName.endsWith('评估') ? '' : '评估'}结果的公示`;

/** Characters of 2号 小标宋 on one title line of the 156 mm text block (22 pt each, with margin). */
const TITLE_LINE_CHARS = 19;

/**
 * The 公示's title in lines: a long one is broken after the round's name (“关于……评估” / “结果的公示”)
 * rather than wherever the line fills, so 公示 never splits; a name too long for one line is left
 * to the engine's word-aware breaking.
 */
export function publicationTitleLines(roundName: string): string | string[] {
  const title = publicationTitle(roundName);
  if (title.length <= TITLE_LINE_CHARS) return title;
  const head = `关于${roundName}`;
  return head.length <= TITLE_LINE_CHARS ? [head, title.slice(head.length)] : title;
}

/**
 * The 结果公示 as offices write one: title 关于……评估结果的公示; the basis, with the units not yet
 * locked counted as published later; the list of locked units with total, grade and rank (one
 * block per school type when ranked within types); the 公示期 (dates, days), how to object (the
 * 联系电话 and 监督方式 as typed); 特此公示。; the evaluator's signature and date. The caller checks
 * that the date is not after the 公示期's start (report-service publicationOf).
 */
export function buildPublication(src: RoundReportSource, f: RoundReportFigures, p: PublicationFields): DocModel {
  const rows = publicationRows(f, src.lines, src.byCategory);
  // Ranked within school types: a sub-heading row per type instead of a 类型 column.
  const grouped = src.byCategory;
  const specs: ColumnSpec[] = [{ fit: true }, { flex: 1, align: 'left', minChars: 6 }, ...(grouped ? [] : [{ fit: true } as const]), { fit: true }, { fit: true }, { fit: true }, { fit: true }];
  const row = (r: PublicationRow, i: number): TableCellInput[] => [String(i + 1), r.name, ...(grouped ? [] : [r.schoolType]), r.total, r.grade, r.rank, r.note];
  let seq = 0;
  const tableRows = typeGroups(rows, grouped).flatMap((g) => [...(g.schoolType !== null ? [typeRow(g.schoolType, g.lines.length, specs.length)] : []), ...g.lines.map((r) => row(r, seq++))]);
  // The list comes right after the opening paragraph and the explanations and 特此公示。 after it:
  // the engine binds the signature with the last body paragraph (GB/T 9704: the signature never
  // stands alone on a page), and a body ending with the table left it nothing to bind to.
  const body: Block[] = [
    para(
      `根据工作安排，${src.evaluator}${basisOf(src, false)}组织开展了“${src.roundName}”。经学校自评、专家评估和结果审定，现将 ${rows.length} 个单位的评估结果公示如下${f.notIncluded.length ? `（另有 ${f.notIncluded.length} 个单位的评分尚未完成，其结果另行公示）` : ''}。`,
    ),
    sizedTable({
      caption: `${src.roundName}${src.roundName.endsWith('评估') ? '' : '评估'}结果`,
      specs,
      header: [['序号', '单位名称', ...(grouped ? [] : ['类型']), '总分', '等级', '名次', '备注']],
      rows: tableRows,
      note: `注：总分单位为分，${f.maxTotal !== null ? `满分 ${points(f.maxTotal)} 分；` : ''}${grouped ? '按学校类型分列，名次为在同一学校类型中的名次；' : ''}${src.tieRule}。`,
    }),
    para(`公示期：${formatChineseDate(p.start)}至${formatChineseDate(p.end)}（共 ${publicationDays(p)} 天）。`),
    para(`公示期间，如对评估结果有异议，请以书面形式实名向${src.evaluator}反映，并提供必要的事实依据。`),
    para(`联系电话：${p.phone}`),
    para(`监督方式：${p.supervision}`),
    para('特此公示。'),
  ];
  return {
    meta: { title: publicationTitle(src.roundName), author: src.evaluator, subject: src.roundName, keywords: ['结果公示'] },
    title: publicationTitleLines(src.roundName),
    body,
    signature: { issuer: src.evaluator, date: src.date },
  };
}
