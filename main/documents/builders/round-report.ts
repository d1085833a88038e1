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
 */
import type { ResultLine } from '../../../shared/api/contracts/scoring';
import { round2 } from '../../../shared/domain/scoring/reconcile';
import { formatChineseDate } from '../dates';
import type { Block, ChartBlock, DocModel, TableCellInput, TableColumn } from '../model';

/** Points as the report prints them: always 2 decimals (“92.50”), the precision results are stored at. */
export const points = (n: number): string => n.toFixed(2);
/** A share as a percentage with 1 decimal (“66.7%”). */
export const share = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—');
/** A change in points, signed, 2 decimals: “+1.25”, “−0.50”, “0.00”. */
export const signedPoints = (d: number): string => (Math.abs(d) < 0.005 ? '0.00' : `${d > 0 ? '+' : '−'}${points(Math.abs(d))}`);

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
  const types = [...new Set(scored.map((l) => l.schoolType))];
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
    {
      type: 'table',
      caption: '参评单位提交情况',
      columns: [{ width: 4.5, align: 'left' }, { width: 2 }, { width: 2 }, { width: 11, align: 'left' }],
      header: [['情况', '单位数', '占比', '单位']],
      rows,
      fontSize: 10.5,
      note: `注：占比为占全部 ${f.units} 个参评单位的比例；提交情况取自评估项目的填报记录。`,
    },
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
    {
      type: 'table',
      caption: '总分分布',
      columns: [{ width: 8, align: 'left' }, { width: 3 }, { width: 3 }],
      header: [['总分段', '单位数', '占比']],
      rows: f.bands.map((b) => [b.label, String(b.count), share(b.count, n)]),
      fontSize: 10.5,
      note: `注：占比为占 ${n} 个有总分单位的比例；总分取自各单位锁定时存储的评分结果。`,
    },
    distributionChart(f),
  ];
  if (f.grades.length) {
    const graded = f.grades.reduce((a, g) => a + g.count, 0);
    out.push(
      para(`评定等级的单位 ${graded} 个：${f.grades.map((g) => `${g.grade} ${g.count} 个（${share(g.count, graded)}）`).join('，')}。`),
      {
        type: 'table',
        caption: '等级分布',
        columns: [{ width: 6 }, { width: 3 }, { width: 3 }],
        header: [['等级', '单位数', '占比']],
        rows: f.grades.map((g) => [g.grade, String(g.count), share(g.count, graded)]),
        fontSize: 10.5,
      },
    );
  }
  return out;
}

function rankingBlocks(src: RoundReportSource, f: RoundReportFigures): Block[] {
  if (f.scored.length === 0) return [];
  const compare = src.previousRound !== null;
  const columns: TableColumn[] = [{ width: 1.6 }, { width: 7, align: 'left' }, { width: 2.6 }, { width: 2.4 }, { width: 2 }, ...(compare ? [{ width: 2.6 }, { width: 2.6 }] : [])];
  const rows = f.scored.map((l): TableCellInput[] => {
    const res = l.result!;
    const prev = l.previous;
    return [
      l.rank ? `${l.rank.rank}${l.rank.tied ? '（并列）' : ''}` : '—',
      l.unitName,
      l.schoolType,
      points(res.total!),
      res.grade ?? '—',
      ...(compare ? [prev?.total != null ? points(prev.total) : '—', prev ? (prev.change !== null ? signedPoints(prev.change) : prev.note || '—') : '未参评'] : []),
    ];
  });
  return [
    heading('排名情况'),
    para(
      `按总分${src.byCategory ? '在同类学校中分别' : '对全部单位统一'}排名（${src.tieRule}；总分精确到 0.01 分比较，弃权单位不参加排名）。${compare ? `与上一轮“${src.previousRound}”相比的总分变化列于表中（满分不同时不作比较）。` : '没有同类的上一轮评估项目，不作对比。'}`,
    ),
    {
      type: 'table',
      caption: '排名情况',
      columns,
      header: [['名次', '单位', '类型', '总分', '等级', ...(compare ? ['上一轮总分', '较上一轮'] : [])]],
      rows,
      fontSize: 10.5,
      note: src.byCategory ? '注：名次为在同一学校类型中的名次。' : undefined,
    },
  ];
}

function averageBlocks(f: RoundReportFigures): Block[] {
  if (f.levels.length === 0) return [];
  const out: Block[] = [
    heading('各级指标得分情况'),
    para(`各一级指标的平均分为纳入统计且有总分的单位中该项得分的算术平均（不适用的单位不计入），与一校一案中的“全项目平均分”为同一数值。`),
    {
      type: 'table',
      caption: '一级指标平均分',
      columns: [{ width: 2 }, { width: 8, align: 'left' }, { width: 2.4 }, { width: 2.6 }, { width: 2.4 }, { width: 2.4 }],
      header: [['编码', '一级指标', '满分', '平均分', '得分率', '单位数']],
      rows: f.levels.map((l) => [l.code, l.title, l.maxPoints > 0 ? points(l.maxPoints) : '—', l.average === null ? '—' : points(l.average), l.average === null || l.maxPoints <= 0 ? '—' : share(l.average, l.maxPoints), String(l.of)]),
      fontSize: 10.5,
    },
    averagesChart(f),
  ];
  if (f.byType.length) {
    // One column per school type (few), one row per indicator: landscape only with many types.
    out.push({
      type: 'table',
      caption: '各类学校平均分',
      columns: [{ width: 2 }, { width: 7, align: 'left' }, { width: 2.4 }, ...f.byType.map(() => ({ width: 3.8 }))],
      header: [['编码', '指标', '满分', ...f.byType.map((t) => `${t.schoolType}（${t.count} 个）`)]],
      rows: [
        ...f.levels.map((l, i): TableCellInput[] => [l.code, l.title, l.maxPoints > 0 ? points(l.maxPoints) : '—', ...f.byType.map((t) => (t.levels[i] === null ? '—' : points(t.levels[i]!)))]),
        ['', '总分', f.maxTotal !== null ? points(f.maxTotal) : '—', ...f.byType.map((t) => points(t.meanTotal))],
      ],
      fontSize: 10.5,
      landscape: f.byType.length > 5,
      note: '注：平均分为该类学校纳入统计且有总分的单位的算术平均（不适用的单位不计入），单位为分。',
    });
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
    {
      type: 'table',
      caption: '低于标准较多的指标',
      columns: [{ width: 1.6 }, { width: 7, align: 'left' }, { width: 2 }, { width: 2 }, { width: 8, align: 'left' }],
      header: [['编码', '指标', '单位数', '占比', '涉及单位']],
      rows: listed.map((b) => [b.code, b.title, String(b.units.length), share(b.units.length, n), { text: b.units.join('、'), align: 'left' }]),
      fontSize: 10.5,
      note: `注：占比为占 ${n} 个有总分单位的比例；加分、扣分和一票否决项不计。`,
    },
  );
  return out;
}

/** The per-unit results table of the attachment: every unit, its first-level subtotals, total, grade, rank; wide ones landscape. */
function resultsAttachment(src: RoundReportSource, f: RoundReportFigures): { title: string; blocks: Block[]; landscape: boolean } {
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
  const landscape = heads.length + 7 > 9;
  return {
    title: `${src.roundName}各单位${src.roundName.endsWith('评估') ? '' : '评估'}结果`,
    landscape,
    blocks: [
      {
        type: 'table',
        columns: [{ width: 2.6 }, { width: 6, align: 'left' }, { width: 2.6 }, ...heads.map(() => ({ width: 2.2 })), { width: 2.2 }, { width: 1.8 }, { width: 1.8 }, { width: 2.8 }],
        header: [['报送编码', '单位', '类型', ...heads.map((h) => `${h.code} ${h.title}`), '总分', '等级', '名次', '评分结果']],
        rows,
        fontSize: 9,
        note: '注：分数单位为分，各一级指标的满分见正文“一级指标平均分”表；“评分结果”为各单位锁定时存储的评分结果编号，单位评分如被解锁，本表即过时。',
      },
    ],
  };
}

/** The report's title, without doubling 评估 when the round's name ends with it (“…督导评估报告”). */
export const reportTitle = (roundName: string): string => `${roundName}${roundName.endsWith('评估') ? '' : '督导评估'}报告`;

/**
 * The round's 督导评估报告: 参评情况 (submitted, late, forfeited, with names; units not locked named
 * as not included), 总分分布 with its chart and 等级分布, 排名情况 with the change against the previous
 * round, 各级指标得分情况 (first-level means with a chart, per school type), 主要问题指标 (the items
 * most often below standard), 数据来源; the per-unit results as 附件; the evaluator's signature.
 */
export function buildRoundReport(src: RoundReportSource, f: RoundReportFigures = reportFigures(src)): DocModel {
  const attachment = resultsAttachment(src, f);
  const body: Block[] = [
    para(`根据工作安排，${src.evaluator}组织开展了“${src.roundName}”，依据《${src.systemName}》（第 ${src.systemVersion} 版）对 ${f.units} 个单位进行了督导评估。现将评估情况报告如下。`),
    ...participationBlocks(f),
    ...distributionBlocks(f),
    ...rankingBlocks(src, f),
    ...averageBlocks(f),
    ...belowBlocks(src, f),
    heading('数据来源'),
    para(
      `本报告的总分、等级、各级指标得分和名次均取自各单位评分锁定时存储的评分结果（编号见附件），主要问题指标取自锁定单位的最终得分，参评情况取自评估项目的填报记录。统计截至${formatChineseDate(src.date)}；此后如有单位的评分被解锁或新锁定，本报告即过时，应重新生成。`,
    ),
  ];
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

/** The 公示 rows: the locked units, ranked ones by rank, then the forfeited; units not locked are left out (counted in the text). */
export function publicationRows(f: RoundReportFigures, lines: readonly ResultLine[]): PublicationRow[] {
  const forfeited = [...lines].filter((l) => l.result?.forfeited).sort(byCode);
  return [
    ...f.scored.map((l) => ({
      code: l.unitCode,
      name: l.unitName,
      schoolType: l.schoolType,
      total: points(l.result!.total!),
      grade: l.result!.grade ?? '—',
      rank: l.rank ? String(l.rank.rank) : '—',
      note: l.rank?.tied ? '并列' : '',
    })),
    ...forfeited.map((l) => ({ code: l.unitCode, name: l.unitName, schoolType: l.schoolType, total: '—', grade: l.result!.grade ?? '—', rank: '—', note: '弃权' })),
  ];
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
 * The 结果公示: title 关于……评估结果的公示, the basis and the 公示期 (dates, days), how to object
 * (the 联系电话 and 监督方式 as typed), the list of locked units with total, grade and rank, the
 * units not yet locked counted as published later, and the evaluator's signature and date.
 */
export function buildPublication(src: RoundReportSource, f: RoundReportFigures, p: PublicationFields): DocModel {
  const rows = publicationRows(f, src.lines);
  const body: Block[] = [
    para(
      `根据工作安排，${src.evaluator}依据《${src.systemName}》组织开展了“${src.roundName}”。经学校自评、专家评估和结果审定，现将 ${rows.length} 个单位的评估结果予以公示${f.notIncluded.length ? `（另有 ${f.notIncluded.length} 个单位的评分尚未完成，其结果另行公示）` : ''}。`,
    ),
    para(`公示期：${formatChineseDate(p.start)}至${formatChineseDate(p.end)}（共 ${publicationDays(p)} 天）。`),
    para(`公示期间，如对评估结果有异议，请以书面形式实名向${src.evaluator}反映，并提供必要的事实依据。`),
    para(`联系电话：${p.phone}`),
    para(`监督方式：${p.supervision}`),
    {
      type: 'table',
      caption: `${src.roundName}${src.roundName.endsWith('评估') ? '' : '评估'}结果`,
      columns: [{ width: 1.6 }, { width: 7, align: 'left' }, { width: 2.6 }, { width: 2.4 }, { width: 2 }, { width: 1.8 }, { width: 1.8 }],
      header: [['序号', '单位名称', '类型', '总分', '等级', '名次', '备注']],
      rows: rows.map((r, i) => [String(i + 1), r.name, r.schoolType, r.total, r.grade, r.rank, r.note]),
      fontSize: 10.5,
      note: `注：总分单位为分，${f.maxTotal !== null ? `满分 ${points(f.maxTotal)} 分；` : ''}${src.byCategory ? '名次为在同一学校类型中的名次；' : ''}${src.tieRule}。`,
    },
  ];
  return {
    meta: { title: publicationTitle(src.roundName), author: src.evaluator, subject: src.roundName, keywords: ['结果公示'] },
    title: publicationTitleLines(src.roundName),
    body,
    signature: { issuer: src.evaluator, date: src.date },
  };
}
