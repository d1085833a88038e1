/**
 * 差异系数测算报告, written as an evaluation institute writes it, from one year's balance result
 * (shared/domain/balance) so the report prints exactly the figures the 差异系数 page shows:
 * an opening paragraph (basis, 委托单位, 测算单位), the standard's values per indicator and section,
 * the data's source, reference date and checks, the method with the formula, the scope, the
 * coefficients against their limits, contributions, charts, conclusions and 建议 from the gaps.
 * Standards are named by their official titles, never by the product's profile names; indicators
 * by their names (codes only as column keys of the per-school attachment).
 */
import { BALANCE_SECTION_LABELS, describeBasis, floorOf, formatForDisplay, type BalanceResult, type BalanceSection } from '../../../shared/domain/balance';
import type { StatSourceKind } from '../../../shared/api/contracts/statistics';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';
import { formatChineseDate as chineseDate } from '../dates';
import { TEXT_WIDTH_PT } from '../layout';
import type { Attachment, Block, DocModel, TableBlock, TableCellInput } from '../model';
import { coefficientChart, contributionChart } from './balance/charts';
import { conclusionParagraphs } from './balance/conclusions';
import { amount, cv, limit, quantity, roundingSentence } from './balance/format';
import { gapAttachment, recommendationBlocks } from './balance/recommendations';
import { coefficientTable, columnsInPoints, contributionTable, fitWidth, schoolValuesKey, schoolValuesTable } from './balance/tables';
import { formulaBlocks, formulaSentence, profileNotes, standardTitle } from './balance/wording';

/** Where the year's statistics came from, as the register records it (stat_value_log). */
export interface BalanceDataSource {
  /** 统计时点 (ISO date). */
  referenceDate: string;
  /** Whether the user gave the date; otherwise it is 1 September of the year (the census the register assumes). */
  referenceDateGiven: boolean;
  /** Statistics records of the year (schools and campuses). */
  records: number;
  /** The year's stored values by their current source; `none` for values with no source recorded. */
  byKind: { kind: StatSourceKind | 'none'; values: number }[];
  /** Files the imported values came from: name, local date of the newest import, values still from it. */
  files: { name: string; on: string; values: number }[];
}

export interface BalanceReportInput {
  /** County name for the title, e.g. 城关县; empty for none. */
  region: string;
  year: number;
  result: BalanceResult;
  /** Schools in the register that were closed before the year's census. */
  notInOperation: { schoolName: string; closedOn: string | null; reason: string }[];
  /** 委托单位 as typed; empty: the opening has no 受……委托 clause and begins with the 测算单位 (none is invented). */
  commissioner: string;
  /** 测算单位: named in the opening and signs the report. */
  measurer: string;
  dataSource: BalanceDataSource;
  /** Date of the report (ISO). */
  date: string;
}

const para = (text: string): Block => ({ type: 'paragraph', text });

/**
 * Text written for the screen (“已于 2024年8月31日 撤并”) as print sets it: no space next to a
 * Chinese character or full-width punctuation (a space between two Latin words or figures stays).
 */
const printed = (text: string): string => text.replace(/ +(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef]) +/g, '');

/** The opening paragraph: who asked, who measured, on what basis, over what. */
function openingBlocks(input: BalanceReportInput): Block[] {
  const r = input.result;
  const sections = r.sections.map((s) => s.label).join('、') || '义务教育学校';
  const scope = `${input.region}${sections}资源配置${r.profile.indicators.length}项指标的校际差异系数`;
  const data = `${input.year}年教育事业统计数据（统计时点${chineseDate(input.dataSource.referenceDate)}）`;
  const basis = standardTitle(r.profile);
  const commissioned = input.commissioner.trim() ? `受${input.commissioner.trim()}委托，` : '';
  return [para(`${commissioned}${input.measurer}依据${basis}，以${data}为基础，对${scope}进行了测算。现将测算情况报告如下。`)];
}

/**
 * The standard values per indicator and section, so every 达标 / 未达标 mark can be checked. Each
 * figure has its unit's decimals (./balance/format.ts); an 85 % value that has more decimals than
 * that (3.825 平方米/生 printed 3.83) is named in the note, with the rule that judging uses the exact one.
 */
function standardsTable(r: BalanceResult, caption: string): TableBlock {
  const sections = r.sections.length ? r.sections.map((s) => s.section) : (['primary', 'junior'] as BalanceSection[]);
  const rule = r.profile.perSchoolRule;
  const pct = rule ? `${formatForDisplay(rule.floorRatio, 'ratio').replace(/\.00%$/, '%')}` : '';
  const rounded: string[] = [];
  const cells = r.profile.indicators.map((i) =>
    sections.flatMap((sec) => {
      const t = i.thresholds?.[sec];
      if (t === undefined) return ['—', ...(rule ? ['—'] : [])];
      if (!rule) return [quantity(t, i.unit)];
      const floor = floorOf(t, rule.floorRatio);
      const shown = quantity(floor, i.unit);
      if (Math.abs(Number(shown) - floor) > 1e-9) rounded.push(`${i.name}${BALANCE_SECTION_LABELS[sec]}${Number(floor.toFixed(10))}${i.unit}列为${shown}`);
      return [quantity(t, i.unit), shown];
    }),
  );
  const rows: TableCellInput[][] = r.profile.indicators.map((i, k) => [i.name, i.unit, ...cells[k]]);
  const perCell = rule ? 2 : 1;
  const cvRow = r.profile.cvTest === 'composite' ? '综合差异系数（不高于）' : '每项指标差异系数（不高于）';
  rows.push([{ text: cvRow, colSpan: 2 }, ...sections.map((sec): TableCellInput => ({ text: limit(r.profile.cvLimits[sec]), colSpan: perCell }))]);
  const fontSize = 10.5;
  const heads = rule ? ['标准值', `${pct}值`] : sections.map((sec) => `${BALANCE_SECTION_LABELS[sec]}标准值`);
  const numberWidth = fitWidth([...heads, ...cells.flat()], fontSize);
  const roundedNote = rounded.length ? `85%值按表中小数位数四舍五入列出（${rounded.join('，')}），判定按未经四舍五入的数值进行。` : '';
  return {
    type: 'table',
    caption,
    fontSize,
    columns: columnsInPoints(['flex', { width: fitWidth(['单位', ...r.profile.indicators.map((i) => i.unit)], fontSize) }, ...cells[0].map(() => ({ width: numberWidth }))], { align: 'left' }, TEXT_WIDTH_PT, 120),
    header: rule
      ? [
          [{ text: '指标', rowSpan: 2 }, { text: '单位', rowSpan: 2 }, ...sections.map((sec): TableCellInput => ({ text: BALANCE_SECTION_LABELS[sec], colSpan: 2 }))],
          sections.flatMap(() => heads),
        ]
      : [['指标', '单位', ...heads]],
    rows,
    note: rule
      ? `注：学校达标要求为至少${r.profile.indicators.length - rule.allowedBelowThreshold}项指标达到标准值，其余${rule.allowedBelowThreshold}项不低于标准值的${pct}。${roundedNote}`
      : '注：该标准未规定全国统一的学校标准值（“—”），本报告只判定差异系数。',
  };
}

function basisBlocks(r: BalanceResult, caption: string): Block[] {
  const notes = profileNotes(r.profile);
  return [
    { type: 'heading', level: 1, text: '测算依据和标准' },
    para(`本次测算依据${standardTitle(r.profile)}。${notes}各项指标的标准值和差异系数标准见${caption.split('\u3000')[0]}。`),
    standardsTable(r, caption),
  ];
}

const SOURCE_LABELS: Record<StatSourceKind | 'none', string> = {
  import: '由统计报表文件导入',
  manual: '逐校手工录入',
  grid: '在年度统计表格中录入',
  submission: '由学校填报',
  override: '经人工调整',
  demo: '为演示数据',
  legacy: '未记录来源',
  none: '未记录来源',
};

/** The manual figures the computation applied (人工调整), each with its unit and the office's reason. */
function appliedOverrides(r: BalanceResult): string[] {
  const units = new Map(r.profile.indicators.map((i) => [i.code, i.gap.unit]));
  return r.schools.flatMap((school) =>
    school.sections.flatMap((sec) =>
      sec.overrides.map((o) => {
        const unit = units.get(o.target) ?? STAT_FIELD_BY_KEY.get(o.target)?.unit ?? '';
        // A raw statistic: 元 and 平方米 with two decimals like every amount of the report; counts as given.
        const value = unit === '元' || unit === '平方米' ? amount(o.value, unit) : String(o.value);
        return `${school.schoolName}（${BALANCE_SECTION_LABELS[sec.section]}）${o.label}按${value}${unit}计${o.note ? `（${o.note}）` : ''}`;
      }),
    ),
  );
}

/** 数据来源与核查: the statistics year and date, where the values came from, how they were checked. */
function sourceBlocks(input: BalanceReportInput): Block[] {
  const d = input.dataSource;
  const total = d.byKind.reduce((n, k) => n + k.values, 0);
  const kinds = d.byKind.filter((k) => k.values > 0).map((k) => `${k.values}项${SOURCE_LABELS[k.kind]}`);
  const files = d.files.map((f) => `“${f.name}”（${chineseDate(f.on)}导入，${f.values}项）`).join('、');
  const when = d.referenceDateGiven ? '' : '（未另行填写，按学年初计）';
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: '数据来源和核查' },
    para(
      `测算数据为${input.year}年教育事业统计数据，统计时点为${chineseDate(d.referenceDate)}${when}。共${d.records}所学校（校区）的统计记录、${total}项数值，其中${kinds.join('，') || '没有数值'}。${files ? `导入的文件：${files}。` : ''}`,
    ),
  ];
  const checks = ['每项数值在保存时逐项检查：不得为负数，人数、教室数等计数须为整数，百分比不超过100；空白视为缺失，不按零计算。'];
  if (d.files.length > 0) {
    checks.push(
      '文件导入时另行核查：按学校名称或学校标识码与学校名册逐校对应；金额（元、万元）和面积单位按表头、单位行或单位列换算，单位不明的先经确认；与上年或全县中位数相差约一万倍的数值须经确认后导入；在校学生数、教师数与上年相比变化超过30%，或校舍面积、运动场地面积、仪器设备值比上年减少的，列为需要核实的提醒；覆盖手工录入数值的逐项列出。',
    );
  }
  checks.push('测算前逐校核对各项指标所需数据，缺少数据的学校（学段）不纳入相应指标的测算，不以零代替，并在“测算范围”中列明。');
  blocks.push(para(checks.join('')));
  const demo = d.byKind.find((k) => k.kind === 'demo' && k.values > 0);
  if (demo) blocks.push(para(`上述${demo.values}项演示数据仅供试用，不能作为正式测算的依据。`));
  const overrides = appliedOverrides(input.result);
  if (overrides.length > 0) blocks.push(para(`测算使用了${overrides.length}项人工调整的数值：${overrides.join('；')}。`));
  return blocks;
}

function methodBlocks(r: BalanceResult): Block[] {
  const p = r.profile;
  const limits = r.sections.map((s) => `${s.label}不高于${limit(p.cvLimits[s.section])}`).join('，');
  const tested = p.cvTest === 'composite' ? '综合差异系数' : '每项指标的差异系数';
  const split = r.options.split;
  const weights =
    split.mode === 'pupilRatio'
      ? '按各学段学生数比例分摊'
      : `按加权学生数分摊（九年一贯制学校小学 ${split.nineYear.primary}∶初中 ${split.nineYear.junior}，十二年一贯制学校小学 ${split.twelveYear.primary}∶初中 ${split.twelveYear.junior}∶高中 ${split.twelveYear.senior}，完全中学初中 ${split.completeMiddle.junior}∶高中 ${split.completeMiddle.senior}）`;
  return [
    { type: 'heading', level: 1, text: '测算方法' },
    { type: 'heading', level: 2, text: '计算公式' },
    ...formulaBlocks(p),
    para(
      `判定标准：${tested}${limits}。计算全程保留全部精度，与标准比较也按全部精度进行，仅在列出数值时四舍五入：${roundingSentence(
        p.indicators.map((i) => i.unit),
        { standards: p.perSchoolRule !== null, withAmounts: p.perSchoolRule !== null && r.gaps.items.length > 0 },
      )}`,
    ),
    { type: 'heading', level: 2, text: '指标口径' },
    ...p.indicators.map((i): Block => ({ type: 'paragraph', runs: [{ text: `${i.name}（${i.unit}）：`, font: 'kaiti' }, { text: formulaSentence(i.formula) }] })),
    { type: 'heading', level: 2, text: '分学段测算' },
    para(`九年一贯制、十二年一贯制学校和完全中学分学段参与测算。共享的校舍、场地和仪器设备${weights}；教师按分学段填报数计算，未分学段填报的按学生数比例分摊。`),
  ];
}

/** Under the per-unit basis, the campuses that were rows of their own (empty otherwise). */
function splitCampuses(r: BalanceResult): string {
  const names = r.schools.filter((s) => s.campusOf !== undefined).map((s) => s.schoolName);
  if (r.options.basis !== 'unit') return '';
  return names.length ? `本次单列的校区：${names.join('、')}。` : '本年度没有单独评估且有统计数据的校区，各校均按全校计算。';
}

function scopeBlocks(input: BalanceReportInput): Block[] {
  const r = input.result;
  const counts = r.sections.map((s) => `${s.label}${s.schoolCount}所（在校学生${s.pupils}人）`).join('，');
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: '测算范围' },
    para(`本次测算以${input.year}年教育事业统计数据为准，纳入测算的学校（学段）共${counts}。${describeBasis(r.options.basis)}${splitCampuses(r)}`),
  ];
  const excluded = [
    ...r.exclusions.map((e) => [e.schoolName, e.section ? BALANCE_SECTION_LABELS[e.section] : '全校', e.reason]),
    ...input.notInOperation.map((n) => [n.schoolName, '全校', n.reason]),
  ].map((row) => row.map(printed));
  if (excluded.length > 0) {
    blocks.push(para(`以下${excluded.length}所学校（学段）未纳入测算：`));
    blocks.push({
      type: 'table',
      fontSize: 10.5,
      columns: [{ width: 0.8 }, { width: 4, align: 'left' }, { width: 1.2 }, { width: 5, align: 'left' }],
      header: [['序号', '学校', '学段', '原因']],
      rows: excluded.map((e, i) => [String(i + 1), ...e]),
    });
  }
  const missing = r.warnings.filter((w) => w.kind !== 'undefinedCoefficient');
  if (missing.length > 0) {
    // The computation's messages name an indicator as “L4 生均…”: the report names it in words only.
    const words = (w: (typeof missing)[number]) => (w.code ? w.message.replace(`${w.code} `, '') : w.message).replace(/[。；]$/, '');
    blocks.push(para(`数据说明：${missing.map(words).join('；')}。`));
  }
  return blocks;
}

/** A section's verdict in words: the coefficients against the limit, indicators by name. */
function sectionVerdict(r: BalanceResult, s: BalanceResult['sections'][number]): string {
  const lim = limit(r.profile.cvLimits[s.section]);
  const head = `${s.label}纳入测算学校（学段）${s.schoolCount}所，在校学生${s.pupils}人。`;
  if (r.profile.cvTest === 'composite') {
    const c = s.composite;
    if (c.cv === null) return `${head}综合差异系数无法计算（${c.note ?? '数据不全'}），无法判定。`;
    return `${head}综合差异系数为${cv(c.cv)}，${c.pass ? `不高于${lim}，达到要求` : `高于${lim}，未达到要求`}；各单项差异系数仅供分析，不单独判定。`;
  }
  const failed = s.indicators.filter((i) => i.pass === false);
  const undecided = s.indicators.filter((i) => i.pass === null);
  const parts = [head];
  if (failed.length === 0 && undecided.length === 0) parts.push(`${s.indicators.length}项指标差异系数均不高于${lim}，达到要求。`);
  if (failed.length > 0) parts.push(`${failed.map((i) => `${i.name}（${cv(i.cv)}）`).join('、')}差异系数高于${lim}，未达到要求。`);
  if (undecided.length > 0) {
    const why = (i: (typeof undecided)[number]) => (i.missingSchools > 0 ? `${i.missingSchools}所学校（学段）缺少数据` : (i.note ?? '无法计算'));
    parts.push(`${undecided.map((i) => `${i.name}（${why(i)}）`).join('、')}无法判定。`);
  }
  return parts.join('');
}

/**
 * The report's DocModel. Tables and figures are numbered in order of appearance (表1 is the
 * standards table); the per-school tables and the shortfalls table are landscape attachments. Pure: no I/O.
 */
export function buildBalanceReport(input: BalanceReportInput): DocModel {
  const r = input.result;
  const regionYear = `${input.region}${input.year}年`;
  let tableNo = 0;
  let figureNo = 0;
  const tableCaption = (text: string) => `表${++tableNo}\u3000${text}`;
  const figureCaption = (text: string) => `图${++figureNo}\u3000${text}`;

  // The wide per-school tables go into landscape attachments so the body stays on portrait pages.
  // The key to the column codes goes above the table: read first, and never left alone on a page after it.
  const valueAttachments: Attachment[] = r.sections.map((s) => ({
    title: `${s.label}各校指标值`,
    landscape: true,
    blocks: [{ type: 'paragraph', text: schoolValuesKey(r) }, schoolValuesTable(r, s)],
  }));
  const body: Block[] = [
    ...openingBlocks(input),
    ...basisBlocks(r, tableCaption('资源配置指标标准值')),
    ...sourceBlocks(input),
    ...methodBlocks(r),
    ...scopeBlocks(input),
  ];
  // The shortfalls table is landscape too: an attachment, so the body (and the signature after it) stays on portrait pages.
  const gaps = gapAttachment(r);
  const attachments = [...valueAttachments, ...(gaps ? [gaps] : [])];
  const attachmentRef = (k: number) => `附件${attachments.length > 1 ? k + 1 : ''}`;

  body.push({ type: 'heading', level: 1, text: '各校指标值' });
  body.push(
    para(
      valueAttachments.length > 0
        ? `${valueAttachments.map((a, i) => `${a.title}见${attachmentRef(i)}`).join('，')}。${r.profile.perSchoolRule ? '表中带“*”的数值低于学校标准值（标准值见表1）。' : ''}`
        : '本年度没有纳入测算的学校。',
    ),
  );

  body.push({ type: 'heading', level: 1, text: '差异系数测算结果' });
  for (const s of r.sections) {
    body.push({ type: 'heading', level: 2, text: s.label }, para(sectionVerdict(r, s)));
    body.push(coefficientTable(r, s, tableCaption(`${s.label}差异系数测算结果`)));
  }
  if (r.sections.length > 0) body.push(coefficientChart(r, figureCaption('各项指标差异系数与标准')));

  body.push({ type: 'heading', level: 1, text: '差异来源分析' });
  body.push(para('某校对差异系数的贡献占比＝该校“在校学生数×（指标值－全县平均值）的平方”÷各校该项之和；占比越大，该校对校际差距的影响越大。'));
  for (const s of r.sections) body.push(contributionTable(r, s, tableCaption(`${s.label}各项指标差异的主要来源`)));
  // The indicator furthest over its limit (or, if none is over, the highest coefficient) gets a chart.
  const worst = r.sections
    .flatMap((s) => s.indicators.filter((i) => i.cv !== null).map((i) => ({ s, i, over: (i.cv ?? 0) / i.limit })))
    .sort((a, b) => b.over - a.over)[0];
  const worstTable = worst && r.contributions.find((t) => t.section === worst.s.section && t.code === worst.i.code);
  if (worst && worstTable) body.push(contributionChart(worstTable, figureCaption(`${worst.s.label}${worst.i.name}差异的主要来源`)));

  body.push({ type: 'heading', level: 1, text: '测算结论' });
  body.push(...conclusionParagraphs(r, regionYear).map(para));

  body.push({ type: 'heading', level: 1, text: '建议' });
  body.push(...recommendationBlocks(r, gaps ? attachmentRef(attachments.length - 1) : null));

  const title = `${regionYear}义务教育学校校际差异系数测算报告`;
  return {
    meta: { title, author: input.measurer, subject: '差异系数测算报告', keywords: ['差异系数', '均衡发展', String(input.year)] },
    title: [`${regionYear}义务教育学校`, '校际差异系数测算报告'],
    body,
    attachments,
    signature: { issuer: input.measurer, date: input.date, sealed: false },
  };
}
