/**
 * 学校自评报告（初稿） (issue 13 item 7): the draft of a school's self-evaluation report that the
 * fill-in package carries, as a DocModel for the product's engine (GB/T 9704 layout in DOCX and PDF).
 * The school edits it rather than starting from nothing.
 *
 * Outline: the five headings of seed 000 (学校概况、自评过程、自评结论、…主要创新举措及成效、主要问题及
 * 改进举措; format.ts REPORT_HEADINGS), with domain.md §7.1's content under them: the profile and the
 * year's statistics under 学校概况, the seven resource indicators against their standards and the
 * indicator-by-indicator self-evaluation table under 自评结论. What the product knows is written
 * in as facts; what only the school can write is a grey paragraph starting “【待学校填写】” that
 * the school replaces. Numbers are printed exactly as given (never rounded or guessed here); a
 * statistic with no value is “未填报”, never 0. Ends with the seal line 学校（盖章） and a date
 * placeholder the school fills in (____年__月__日): the draft is not dated by the office.
 *
 * Pure: the package writer (main/exchange/packages/write/report.ts) maps a PackageSpec to the input.
 */
import type { Block, DocModel, TableCellInput, TextRun } from '../model';
import { SECTION_LABELS, sectionsOfType, type SchoolType } from '../../../shared/domain/schools/school-enums';
import type { ResourceInput } from './conclusion';

/** The sections a school type runs, in words: “小学、初中”. */
export function sectionsText(type: SchoolType): string {
  return sectionsOfType(type)
    .map((s) => SECTION_LABELS[s])
    .join('、');
}

/** Text of a missing figure. */
export const NOT_REPORTED = '未填报';
/** Marker that starts every paragraph the school is to replace. */
export const TO_FILL = '【待学校填写】';
/** Colour of the guidance paragraphs (grey: visibly not part of the finished report). */
export const GUIDANCE_COLOR = '808080';
/** The date line under the seal: left for the school to fill in. */
export const DATE_PLACEHOLDER = '____年__月__日';

/** One statistics field as the package issues it (the 统计数据 sheet's row). */
export interface SelfReportStatistic {
  /** The catalogue's label with its unit, e.g. “小学在校生数（人）”. */
  label: string;
  /** In the unit the label names; null = no figure (printed 未填报). */
  value: number | null;
  /** The value is last year's (the year has none yet): the draft says so. */
  fromLastYear?: boolean;
}

/** One row of the self-evaluation table, in the indicator tree's order. */
export interface SelfReportRow {
  code: string;
  title: string;
  /** 1 = first level. */
  depth: number;
  /** A leaf takes a self-evaluation; a branch is a heading row. */
  leaf: boolean;
  /** 分值 (for a branch, its nominal total); null when it has none. */
  points: number | null;
  /** 自评方式 in words (format.ts answerKindLabel), '' for a branch. */
  method: string;
  /** The school's answer already entered (退回修改), in the workbook's words; '' when none. */
  answer: string;
  /** The leaf is computed by the office from the statistics (no self-evaluation). */
  computed?: boolean;
}

export interface SelfReportInput {
  /** 参评单位 name (the school, or a campus evaluated separately). */
  unitName: string;
  /** The round's statistics year (评估年度). */
  year: number;
  roundName: string;
  /** 评估主体, named in the guidance of 自评过程. */
  evaluator: string;
  /** Register facts, label → value in words (学校名称, 学校类型, 学段, 校区, 校址 …); only what is stored. */
  profile: { label: string; value: string }[];
  statistics: SelfReportStatistic[];
  /** The year's resource attainment (差异系数测算), or why there is none; null = not available to the package. */
  resources: ResourceInput | null;
  rows: SelfReportRow[];
}

const GUIDANCE = {
  profile: '请在以上数据的基础上，简要介绍学校的办学历史、办学理念、占地面积和校舍、办学条件与特色等。数据应与自评表“统计数据”工作表一致；如数据有误，请先在自评表中改正。',
  statistics: '如表中数据与实际不符，请在自评表“统计数据”工作表中改正并写明原因，再同步修改本表。标注“未填报”的数据项请据实填写，不要填 0。',
  process: (evaluator: string) =>
    `说明自评工作如何开展：成立自评工作领导小组及分工，制定自评工作日程，召开动员会部署自评，听取教职工、家长、学生及社区代表意见的情况，佐证材料的收集整理情况，以及按${evaluator}要求完成自评表填写的情况。`,
  resources: '请对照上表逐项说明资源配置的达标情况；未达标的指标请分析原因。',
  rows: '请按自评表填写的自评结果补全上表“自评结果”一列（与自评表保持一致），并在此写出总体自评结论：各一级指标的达标情况和自评等级（或得分）。',
  measures: (year: number) => `写${year - 1}—${year}年两年来学校在办学、管理、教育教学等方面的主要创新做法及取得的成效，尽量用事实和数据说明。`,
  problems: '对照评估指标找出学校存在的主要问题（问题及原因宜占报告相当篇幅），分析原因，提出具体的改进措施、责任人和完成时间。',
} as const;

/** A grey paragraph the school replaces, starting with the 【待学校填写】 marker. */
function toFill(text: string): Block {
  const runs: TextRun[] = [
    { text: TO_FILL, font: 'heiti', color: GUIDANCE_COLOR },
    { text: `${text}（撰写后请删除本段提示。）`, color: GUIDANCE_COLOR },
  ];
  return { type: 'paragraph', runs };
}

const heading = (level: 1 | 2, text: string): Block => ({ type: 'heading', level, text });
const para = (text: string): Block => ({ type: 'paragraph', text });

/** A number exactly as stored (no rounding, no grouping): what the school confirmed is what it reads. */
const exact = (v: number): string => String(v);

/** A figure of a ResourceLine (already formatted by the balance engine), missing shown as 未填报. */
const resourceFigure = (s: string): string => (s === '—' || s === '' ? NOT_REPORTED : s);

function profileBlocks(input: SelfReportInput): Block[] {
  const out: Block[] = [heading(2, '基本情况')];
  out.push({
    type: 'table',
    caption: `表1\u3000${input.unitName}基本情况`,
    columns: [{ width: 3 }, { width: 7, align: 'left' }],
    header: [['项目', '内容']],
    rows: input.profile.map((p) => [p.label, { text: p.value, align: 'left' }]),
  });
  out.push(heading(2, `${input.year}年基本数据`));
  const fromLast = input.statistics.some((s) => s.fromLastYear && s.value !== null);
  out.push({
    type: 'table',
    caption: `表2\u3000${input.unitName}${input.year}年基本数据`,
    columns: [{ width: 6, align: 'left' }, { width: 2, align: 'right' }, { width: 3 }],
    header: [['数据项（单位）', '数值', '说明']],
    rows: input.statistics.map((s) => [
      { text: s.label, align: 'left' },
      { text: s.value === null ? NOT_REPORTED : exact(s.value), align: s.value === null ? 'center' : 'right' },
      s.value !== null && s.fromLastYear ? `${input.year - 1}年数值，待核实` : '',
    ]),
    note: `注：数据来自填报包自评表“统计数据”工作表预填的数值${fromLast ? `；${input.year}年尚无数据的项目预填${input.year - 1}年数值，请核实后改为${input.year}年数值` : ''}。`,
  });
  out.push(toFill(GUIDANCE.statistics), toFill(GUIDANCE.profile));
  return out;
}

function resourceBlocks(input: SelfReportInput): Block[] {
  const out: Block[] = [heading(2, '资源配置七项指标达成情况')];
  const r = input.resources;
  if (r === null) {
    out.push(toFill('请按本校统计数据计算资源配置七项指标的数值，对照国家标准逐项说明是否达标。'));
    return out;
  }
  if (r.kind === 'none') {
    out.push(para(r.reason), toFill('请按本校统计数据计算资源配置七项指标的数值，对照国家标准逐项说明是否达标。'));
    return out;
  }
  r.sections.forEach((sec, i) => {
    out.push({
      type: 'table',
      caption: `表${3 + i}\u3000${sec.label}资源配置指标达成情况（${r.year}年）`,
      columns: [{ width: 6, align: 'left' }, { width: 2, align: 'right' }, { width: 2, align: 'right' }, { width: 3 }],
      header: [['指标（单位）', '本校数值', '标准值', '达成情况']],
      rows: sec.lines.map((l) => [{ text: `${l.name}（${l.unit}）`, align: 'left' }, resourceFigure(l.value), resourceFigure(l.threshold), l.status]),
      note: `注：按${r.year}年差异系数测算（${r.basis}）。`,
    });
    out.push(para(`${sec.label}：${sec.verdict}。${sec.explanation}`));
  });
  out.push(toFill(GUIDANCE.resources));
  return out;
}

function evaluationBlocks(input: SelfReportInput): Block[] {
  const out: Block[] = [heading(2, '各项指标自评情况')];
  const leaves = input.rows.filter((r) => r.leaf);
  const computed = leaves.filter((r) => r.computed).length;
  const tableNo = 3 + (input.resources?.kind === 'sections' ? input.resources.sections.length : 0);
  out.push({
    type: 'table',
    caption: `表${tableNo}\u3000${input.unitName}各项指标自评情况`,
    columns: [{ width: 2 }, { width: 5.6 }, { width: 1.3 }, { width: 4.2 }, { width: 2.4 }],
    header: [['指标编码', '指标名称', '分值', '自评方式', '自评结果']],
    fontSize: 10.5,
    rows: input.rows.map((r): TableCellInput[] => {
      const points = r.points === null ? '—' : exact(r.points);
      if (!r.leaf) return [{ text: r.code, bold: true }, { text: r.title, bold: true, align: 'left' }, { text: points, bold: true }, '', ''];
      return [r.code, { text: r.title, align: 'left' }, points, { text: r.method, align: 'left' }, r.computed ? '由评估主体按统计数据计算' : r.answer];
    }),
    // “其中 0 项由评估主体计算” says nothing: the clause is there only when some are computed.
    note: `注：共 ${leaves.length} 项末级指标，${computed ? `其中 ${computed} 项由评估主体按统计数据计算；其余各项` : '各项'}的自评结果以自评表“自评”工作表为准。`,
  });
  out.push(toFill(GUIDANCE.rows));
  return out;
}

/** Title lines, broken by hand between words: 单位名称 / 年度 + 义务教育优质均衡发展 / 自评报告（初稿）. */
export function selfReportTitle(unitName: string, year: number): string[] {
  return [unitName, `${year}年义务教育优质均衡发展`, '自评报告（初稿）'];
}

/**
 * Builds the draft's DocModel. Headings are numbered by the engine (一、（一）); the five first-level
 * headings are REPORT_HEADINGS without their numbers, passed in `headings` so the outline has one home.
 */
export function buildSelfReport(input: SelfReportInput, headings: readonly [string, string, string, string, string]): DocModel {
  const [profile, process, conclusion, measures, problems] = headings;
  const body: Block[] = [
    { type: 'paragraph', align: 'center', indent: false, runs: [{ text: `（${input.roundName}）`, font: 'kaiti' }] },
    heading(1, profile),
    ...profileBlocks(input),
    heading(1, process),
    toFill(GUIDANCE.process(input.evaluator)),
    heading(1, conclusion),
    ...resourceBlocks(input),
    ...evaluationBlocks(input),
    heading(1, measures),
    toFill(GUIDANCE.measures(input.year)),
    heading(1, problems),
    toFill(GUIDANCE.problems),
    { type: 'paragraph', text: '' },
    { type: 'paragraph', align: 'right', indent: false, text: '学校（盖章）\u3000\u3000\u3000\u3000' },
    { type: 'paragraph', align: 'right', indent: false, text: `${DATE_PLACEHOLDER}\u3000\u3000` },
  ];
  const title = selfReportTitle(input.unitName, input.year);
  return {
    meta: { title: title.join(''), author: input.unitName, subject: input.roundName, keywords: ['学校自评报告', '初稿'] },
    title,
    body,
  };
}
