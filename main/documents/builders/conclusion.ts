/**
 * 一校一案 (issue 13 item 5): a unit's 督导意见书 and its one-page 结果摘要 as DocModels for the
 * product's engine (DOCX and PDF from the same model). Pure: the service gathers the data from the
 * unit's stored (locked) result, its final scores, the experts' opinions, the register, the
 * year's statistics and its balance computation (main/services/scoring/conclusions-service.ts), and the
 * document says once where its figures come from (the result and the day it was locked, the
 * register, the statistics year). It is written as the issuing office writes to a school: no
 * internal numbers or indicator codes of the software, no author tag on the office's own opinions.
 * Points are printed with 2 decimals everywhere (the precision results are stored at), as the
 * round report prints them (round-report.ts `points`).
 */
import { formatChineseDate } from '../dates';
import type { Block, ChartBlock, DocModel, TableCellInput } from '../model';
import { points, signedPoints } from './round-report';

/** One line of the unit's profile: a register or statistics figure with where it was read. */
export interface ProfileLine {
  label: string;
  /** The value in words with its unit (“1,234 人”), or “未填报”. */
  value: string;
  source: string;
}

/** A first-level indicator's score against the round's average of its locked, scored units. */
export interface LevelLine {
  code: string;
  title: string;
  /** 分 (2 decimals); null: not applicable to the unit. */
  earned: number | null;
  maxPoints: number;
  /** Average over the round's current non-forfeited results where it applies (分, 2 decimals); null when none. */
  average: number | null;
  /** How many units the average is over. */
  averageOf: number;
}

/** An expert's (or the office's) opinion as the document quotes it. */
export interface OpinionLine {
  /** The indicator's code and title, or null for the unit as a whole. */
  indicator: string | null;
  /** The expert's name; null when the opinion is the issuing body's own (it does not sign itself). */
  author: string | null;
  text: string;
}

/** An indicator whose final score is below the round's share of its points. */
export interface BelowLine {
  code: string;
  title: string;
  /** The final score when it is a rating (“等级 C”, “未达标”); null when it is given in points. */
  rating: string | null;
  /** Points earned by it (分) and its full points. */
  earned: number;
  points: number;
}

/** One balance indicator of the unit against its standard and the county's weighted mean (the year's 差异系数测算). */
export interface ResourceLine {
  /** The profile's code (L1…); not printed in the 督导意见书, which names indicators in words. */
  code: string;
  name: string;
  unit: string;
  /** Values already rounded for display by one formatter (money 2 decimals, others 3: “4.512”), or “—” when missing. */
  value: string;
  threshold: string;
  mean: string;
  /** 达标 / 未达标但不低于85% / 低于85% / 数据缺失. */
  status: string;
}

/**
 * The unit's resource attainment from the balance computation of the round's year, per section; or
 * why there is none. `explanation` details the verdict without restating it, its figures formatted
 * as the lines' (documents print “小学：达标。7 项指标全部达到要求。”).
 */
export type ResourceInput =
  | { kind: 'sections'; basis: string; year: number; sections: { label: string; verdict: string; explanation: string; lines: ResourceLine[] }[] }
  | { kind: 'none'; reason: string };

export interface ConclusionInput {
  roundName: string;
  year: number;
  /** 评估主体: signs the document. */
  evaluator: string;
  unitName: string;
  unitCode: string;
  schoolType: string;
  systemName: string;
  systemVersion: number;
  /** round_results.id of the stored result every score comes from (the workbook's 结果编号; the documents do not print it). */
  resultId: number;
  /** When the result was locked: ISO time, and the local ISO date the documents print. */
  lockedAt: string;
  lockedOn: string;
  /** Set when the unit forfeited: the reason as the result stored it, and whether the round's outcome for it is 未通过 (else 不评定). */
  forfeit: { reason: string | null; failed: boolean } | null;
  total: number | null;
  maxTotal: number | null;
  /** 通过 / 未通过; null when the system gives no verdict. */
  passed: boolean | null;
  grade: string | null;
  /** Rank among the round's ranked units, or null. */
  rank: { rank: number; of: number; tied: boolean } | null;
  vetoes: { code: string; title: string; reason: string }[];
  profile: ProfileLine[];
  resources: ResourceInput;
  levels: LevelLine[];
  /** What the formulas read (from the stored result), with their sources. */
  values: { label: string; value: string; source: string }[];
  strengths: OpinionLine[];
  problems: OpinionLine[];
  suggestions: OpinionLine[];
  below: BelowLine[];
  /** The share of an item's points below which it is listed (0.6 = 60%). */
  threshold: number;
  /** 成文日期 and the rectification deadline (ISO dates). */
  date: string;
  deadline: string;
}

/** A share as a percentage with 1 decimal (“66.7%”). */
export const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const para = (text: string): Block => ({ type: 'paragraph', text });
const heading = (text: string): Block => ({ type: 'heading', level: 1, text });
const sentence = (text: string): string => `${text}${/[。！？；]$/.test(text) ? '' : '。'}`;
/** An opinion as quoted: its indicator, its text, and the expert's name when an expert gave it. */
const ofOpinion = (o: OpinionLine): string => `${o.indicator ? `（${o.indicator}）` : ''}${sentence(o.text)}${o.author ? `（${o.author}）` : ''}`;
/** An item below the threshold: its rating when it has one (“评定为等级 D”), then the points it earns. */
const belowText = (b: BelowLine, threshold: number): string =>
  `指标 ${b.code} ${b.title}：${b.rating ? `评定为${b.rating}，` : ''}得分 ${points(b.earned)} 分（满分 ${points(b.points)} 分），得分率 ${pct(b.points > 0 ? b.earned / b.points : 0)}，低于 ${pct(threshold)}。`;

/**
 * The result in words as the office states it: 通过 / 未通过 and the grade, a forfeit's outcome,
 * the vetoes; figures with 2 decimals (the stored conclusion text prints them as computed).
 */
export function conclusionWords(input: Pick<ConclusionInput, 'forfeit' | 'passed' | 'grade' | 'total' | 'maxTotal' | 'vetoes'>): string {
  if (input.forfeit) return input.forfeit.failed ? `弃权，未通过${input.grade ? `，等级 ${input.grade}` : ''}` : '弃权，不评定结果';
  const parts: string[] = [];
  if (input.passed !== null) parts.push(input.passed ? '通过' : '未通过');
  if (input.grade) parts.push(`等级 ${input.grade}`);
  if (parts.length === 0) parts.push(`总分 ${points(input.total ?? 0)} 分（满分 ${points(input.maxTotal ?? 0)} 分）`);
  const veto = input.vetoes.length ? `；触发一票否决：${input.vetoes.map((v) => `${v.code} ${v.title}`).join('、')}` : '';
  return `${parts.join('，')}${veto}`;
}

function levelRows(levels: readonly LevelLine[]): TableCellInput[][] {
  return levels.map((l) => [
    l.code,
    l.title,
    // A bonus or veto branch has no maximum of its own (0): shown as —, never “0 分满分”.
    l.maxPoints > 0 ? points(l.maxPoints) : '—',
    l.earned === null ? '不适用' : points(l.earned),
    l.earned === null || l.maxPoints <= 0 ? '—' : pct(l.earned / l.maxPoints),
    l.average === null ? '—' : points(l.average),
    l.earned === null || l.average === null ? '—' : signedPoints(l.earned - l.average),
  ]);
}

/** A bar's value with its label printed as the tables print points (2 decimals; ECharts' “{c}” would print 16.8). */
const bar = (v: number | null) => (v === null ? null : { value: v, label: { formatter: points(v) } });

/** The bar chart of the first-level indicators: the unit's score against the round's average (分). */
export function levelChart(input: Pick<ConclusionInput, 'unitName' | 'levels'>): ChartBlock {
  // Branches with a maximum only: a bonus or veto branch's bar would compare nothing.
  const shown = input.levels.filter((l) => l.earned !== null && l.maxPoints > 0);
  return {
    type: 'chart',
    widthMm: 150,
    heightMm: 70,
    caption: `图 ${input.unitName}一级指标得分与全项目平均分（分）`,
    option: {
      legend: { top: 0, data: ['本单位得分', '全项目平均分'] },
      grid: { left: 40, right: 16, top: 30, bottom: 28 },
      xAxis: { type: 'category', data: shown.map((l) => l.code) },
      yAxis: { type: 'value', name: '分', nameTextStyle: { fontSize: 9 } },
      series: [
        { name: '本单位得分', type: 'bar', barMaxWidth: 18, data: shown.map((l) => bar(l.earned)), label: { show: true, position: 'top', fontSize: 8 }, itemStyle: { color: '#2f5597' } },
        { name: '全项目平均分', type: 'bar', barMaxWidth: 18, data: shown.map((l) => bar(l.average)), label: { show: true, position: 'top', fontSize: 8 }, itemStyle: { color: '#a6a6a6' } },
      ],
    },
  };
}

function resourceBlocks(r: ResourceInput): Block[] {
  const out: Block[] = [heading('资源配置达标情况')];
  if (r.kind === 'none') return [...out, para(r.reason)];
  out.push(para(`依据${r.basis}，按${r.year}年统计数据测算：`));
  for (const sec of r.sections) {
    out.push(para(`${sec.label}：${sec.verdict}。${sec.explanation}`));
    out.push({
      type: 'table',
      caption: `${sec.label}资源配置指标`,
      columns: [{ width: 8.6, align: 'left' }, { width: 2.4 }, { width: 2.4 }, { width: 2.6 }, { width: 3.4 }],
      header: [['指标', '本单位', '标准', '全县平均', '达标情况']],
      rows: sec.lines.map((l) => [`${l.name}（${l.unit}）`, l.value, l.threshold, l.mean, l.status]),
      fontSize: 10.5,
      note: '注：全县平均为按学生数加权的平均值；“低于85%”指低于标准值的85%。',
    });
  }
  return out;
}

/** How a forfeited unit's result reads: the reason it stored and the round's outcome in plain words. */
function forfeitText(input: ConclusionInput, forfeit: NonNullable<ConclusionInput['forfeit']>): string {
  const reason = forfeit.reason ? `（弃权原因：${forfeit.reason}）` : '';
  const outcome = forfeit.failed ? `评估结论为未通过${input.grade ? `，等级为“${input.grade}”` : ''}，不参加排名` : '不评定结果，不参加排名';
  return `你校在本次督导评估中弃权${reason}。按本项目对弃权单位的处理，${outcome}。`;
}

function resultBlocks(input: ConclusionInput): Block[] {
  const out: Block[] = [heading('评估结果')];
  if (input.forfeit) {
    out.push(para(forfeitText(input, input.forfeit)));
    return out;
  }
  const rank = input.rank ? `，在本项目已排名的 ${input.rank.of} 个单位中列第 ${input.rank.rank} 名${input.rank.tied ? '（并列）' : ''}` : '';
  const verdict = input.passed === null ? '' : `评估结论：${input.passed ? '通过' : '未通过'}。`;
  out.push(
    para(
      `依据《${input.systemName}》（第 ${input.systemVersion} 版），你校总分 ${points(input.total ?? 0)} 分（满分 ${points(input.maxTotal ?? 0)} 分）${input.grade ? `，等级为“${input.grade}”` : ''}${rank}。${verdict}以上分数由专家组确定的各项指标最终得分按指标体系计算得出。`,
    ),
  );
  if (input.vetoes.length) out.push(para(`触发一票否决：${input.vetoes.map((v) => `${v.code} ${v.title}（${v.reason}）`).join('；')}。`));
  if (input.levels.length) {
    const n = Math.max(0, ...input.levels.map((l) => l.averageOf));
    out.push({
      type: 'table',
      caption: '一级指标得分与全项目平均分',
      columns: [{ width: 2 }, { width: 7, align: 'left' }, { width: 2 }, { width: 2.4 }, { width: 2.4 }, { width: 2.8 }, { width: 2.4 }],
      header: [['编码', '一级指标', '满分', '本单位得分', '得分率', '全项目平均分', '差值']],
      rows: levelRows(input.levels),
      fontSize: 10.5,
      note: `注：单位为分；全项目平均分为本项目 ${n} 个评分已锁定且未弃权的单位该项得分的算术平均（该项不适用的单位不计入）。`,
    });
    out.push(levelChart(input));
  }
  if (input.values.length) {
    out.push(para(`计算所用数据：${input.values.map((v) => `${v.label} ${v.value}（${v.source}）`).join('；')}。`));
  }
  return out;
}

/**
 * A unit's 督导意见书: title, 主送 the unit, the basis, 学校基本情况 (register and the round year's
 * statistics), 资源配置达标情况 (the year's balance computation), 评估结果 (total, grade, conclusion, rank, first-level scores against the round's
 * average with a bar chart), 主要成绩 (做法成效), 存在问题 (the experts' and the indicators below the
 * threshold), 整改要求 (整改建议 and the items below the threshold, with the deadline), 数据来源
 * (said once: the result and the day it was locked), then the evaluator's signature and date. A
 * forfeited unit gets its forfeit outcome only.
 */
export function buildConclusion(input: ConclusionInput): DocModel {
  const body: Block[] = [
    para(
      `根据“${input.roundName}”工作安排，${input.evaluator}组织专家对你校（报送编码 ${input.unitCode}）开展了督导评估。${input.forfeit ? '' : '专家组通过审阅学校自评材料和佐证材料、实地查看、座谈访谈等方式，对照评估指标逐项评分。'}现将督导意见反馈如下。`,
    ),
    heading('学校基本情况'),
    {
      type: 'table',
      columns: [{ width: 5, align: 'left' }, { width: 5 }, { width: 7, align: 'left' }],
      header: [['项目', '情况', '来源']],
      rows: input.profile.map((p) => [p.label, p.value, p.source]),
      fontSize: 10.5,
    },
    ...resourceBlocks(input.resources),
    ...resultBlocks(input),
  ];
  if (!input.forfeit) {
    body.push(heading('主要成绩'));
    if (input.strengths.length) body.push(...input.strengths.map((o) => para(ofOpinion(o))));
    else body.push(para('专家组未提出做法成效方面的意见。'));

    body.push(heading('存在问题'));
    if (input.problems.length === 0 && input.below.length === 0) body.push(para(`专家组未提出存在问题，且没有得分率低于 ${pct(input.threshold)} 的指标。`));
    body.push(...input.problems.map((o) => para(ofOpinion(o))));
    if (input.below.length) {
      body.push(para(`以下 ${input.below.length} 项指标的最终得分低于该项分值的 ${pct(input.threshold)}：`));
      body.push(...input.below.map((b, i) => para(`${i + 1}. ${belowText(b, input.threshold)}`)));
    }

    body.push(heading('整改要求'));
    const deadline = formatChineseDate(input.deadline);
    if (input.suggestions.length === 0 && input.below.length === 0) {
      body.push(para(`请你校总结巩固督导评估中体现的做法成效，持续改进，并于${deadline}前将改进情况报送${input.evaluator}。`));
    } else {
      body.push(...input.suggestions.map((o) => para(ofOpinion(o))));
      body.push(...input.below.map((b) => para(`对照指标 ${b.code} ${b.title}的评分标准查找原因、制定措施，整改到位。`)));
      body.push(para(`请你校针对上述问题制定整改方案，明确责任人和时限，于${deadline}前完成整改，并将整改报告报送${input.evaluator}。`));
    }
  }
  const scores = input.forfeit
    ? `评估结果取自你校评分结果（${formatChineseDate(input.lockedOn)}锁定）`
    : `分数取自你校评分结果（${formatChineseDate(input.lockedOn)}锁定）及锁定时各项指标的最终得分，名次和全项目平均分按本项目各单位评分已锁定的结果计算`;
  body.push(
    heading('数据来源'),
    para(
      `本意见书的${scores}；学校基本情况取自学校名册和${input.year}年统计数据，资源配置达标情况取自${input.year}年差异系数测算${input.forfeit ? '' : '；意见为督导评估中提出的做法成效、存在问题和整改建议'}。本项目各单位的评分如有调整，以重新印发的意见书为准。`,
    ),
  );
  return {
    meta: { title: `${input.unitName}督导意见书`, author: input.evaluator, subject: input.roundName, keywords: ['督导意见书', '一校一案'] },
    title: `关于${input.unitName}的督导意见书`,
    addressee: input.unitName,
    body,
    signature: { issuer: input.evaluator, date: input.date },
  };
}

/** At most this many items are listed on the one-page summary; the rest are counted. */
const SUMMARY_ITEMS = 6;

const clipped = (items: string[]): string => (items.length === 0 ? '无' : `${items.slice(0, SUMMARY_ITEMS).join('；')}${items.length > SUMMARY_ITEMS ? `；等 ${items.length} 项` : ''}`);
const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * A unit's one-page 督导评估结果摘要: a table of the unit, its result, its first-level scores
 * against the round's average, the items below the threshold and the opinions' counts and first
 * lines (each list clipped to SUMMARY_ITEMS, long opinions to 60 characters, so the page holds).
 * Points with 2 decimals, as in the 督导意见书.
 */
export function buildConclusionSummary(input: ConclusionInput): DocModel {
  const rows: TableCellInput[][] = [
    ['单位', `${input.unitName}（报送编码 ${input.unitCode}，${input.schoolType}）`],
    ['评估项目', input.roundName],
    ['评估结论', conclusionWords(input)],
  ];
  if (!input.forfeit) {
    rows.push(
      ['总分', `${points(input.total ?? 0)} / ${points(input.maxTotal ?? 0)} 分${input.grade ? `，等级 ${input.grade}` : ''}`],
      ['名次', input.rank ? `${input.rank.rank} / ${input.rank.of}${input.rank.tied ? '（并列）' : ''}` : '不参加排名'],
      ...input.levels.map((l): TableCellInput[] => [
        `${l.code} ${l.title}`,
        `${l.earned === null ? '不适用' : l.maxPoints > 0 ? `${points(l.earned)} / ${points(l.maxPoints)} 分` : `${points(l.earned)} 分`}${l.average === null ? '' : `（全项目平均 ${points(l.average)} 分）`}`,
      ]),
      ['资源配置', input.resources.kind === 'sections' ? input.resources.sections.map((x) => `${x.label}${x.verdict}`).join('；') : '不评价'],
      [`得分率低于 ${pct(input.threshold)} 的指标`, clipped(input.below.map((b) => `${b.code} ${b.title}（${points(b.earned)} / ${points(b.points)} 分）`))],
      [`做法成效（${input.strengths.length} 条）`, clipped(input.strengths.map((o) => short(o.text)))],
      [`存在问题（${input.problems.length} 条）`, clipped(input.problems.map((o) => short(o.text)))],
      [`整改建议（${input.suggestions.length} 条）`, clipped(input.suggestions.map((o) => short(o.text)))],
      ['整改期限', input.below.length + input.problems.length + input.suggestions.length > 0 ? formatChineseDate(input.deadline) : '无整改事项'],
    );
  }
  return {
    meta: { title: `${input.unitName}督导评估结果摘要`, author: input.evaluator, subject: input.roundName },
    title: '督导评估结果摘要',
    body: [
      { type: 'table', columns: [{ width: 6, align: 'left' }, { width: 14, align: 'left' }], header: [['项目', '内容']], rows, fontSize: 10.5, note: `注：分数单位为分，取自${formatChineseDate(input.lockedOn)}锁定的评分结果；详见《关于${input.unitName}的督导意见书》。` },
      { type: 'paragraph', text: `${input.evaluator}\u3000${formatChineseDate(input.date)}`, align: 'right', indent: false },
    ],
    pageNumbers: false,
  };
}
