/**
 * 差异系数测算报告: a DocModel from one year's balance result (shared/domain/balance), so the report
 * prints exactly the figures the 差异系数 page shows: method, scope, per-school indicator values,
 * the coefficients against their limits, contributions, charts and conclusions in words.
 */
import { BALANCE_SECTION_LABELS, describeBasis, type BalanceResult } from '../../../shared/domain/balance';
import type { Attachment, Block, DocModel } from '../model';
import { coefficientChart, contributionChart } from './balance/charts';
import { conclusionParagraphs } from './balance/conclusions';
import { coefficientTable, contributionTable, schoolValuesTable } from './balance/tables';

export interface BalanceReportInput {
  /** County name for the title, e.g. 城关县; empty for none. */
  region: string;
  year: number;
  result: BalanceResult;
  /** Schools in the register that were closed before the year's census. */
  notInOperation: { schoolName: string; closedOn: string | null; reason: string }[];
  /** 署名 and date (ISO). */
  issuer: string;
  date: string;
}

const para = (text: string): Block => ({ type: 'paragraph', text });

function methodBlocks(r: BalanceResult): Block[] {
  const p = r.profile;
  const limits = r.sections.map((s) => `${s.label}${p.cvLimits[s.section].toFixed(2)}`).join('、');
  const split = r.options.split;
  const weights =
    split.mode === 'pupilRatio'
      ? '按各学段学生数比例分摊'
      : `按加权学生数分摊（九年一贯制学校小学 ${split.nineYear.primary}∶初中 ${split.nineYear.junior}，十二年一贯制学校小学 ${split.twelveYear.primary}∶初中 ${split.twelveYear.junior}∶高中 ${split.twelveYear.senior}，完全中学初中 ${split.completeMiddle.junior}∶高中 ${split.completeMiddle.senior}）`;
  return [
    { type: 'heading', level: 1, text: '测算依据和方法' },
    para(`依据${p.basis}，按“${p.name}”方案测算。${p.notes.join('')}`),
    { type: 'heading', level: 2, text: '计算方法' },
    para(
      '差异系数按学生数加权计算：全县平均值等于各校指标值与其学生数乘积之和除以学生总数；标准差等于各校学生数与（指标值减平均值）平方的乘积之和除以学生总数后开平方；差异系数等于标准差除以平均值。',
    ),
    para(`差异系数标准为${limits}（不高于）。计算全程保留全部精度，仅在列表时四舍五入，差异系数保留四位小数。`),
    { type: 'heading', level: 2, text: '指标口径' },
    // Plain paragraphs: a numbered heading would print "1.L1 …"; the code is the indicator's label.
    ...p.indicators.map((i): Block => ({ type: 'paragraph', runs: [{ text: `${i.code} ${i.name}（${i.unit}）：`, font: 'kaiti' }, { text: `${i.formula.replace(/[。.]$/, '')}。` }] })),
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
  ];
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
    blocks.push(para(`数据说明：${missing.map((w) => w.message.replace(/[。；]$/, '')).join('；')}。`));
  }
  return blocks;
}

export function buildBalanceReport(input: BalanceReportInput): DocModel {
  const r = input.result;
  const regionYear = `${input.region}${input.year}年`;
  let tableNo = 0;
  let figureNo = 0;
  const tableCaption = (text: string) => `表${++tableNo}\u3000${text}`;
  const figureCaption = (text: string) => `图${++figureNo}\u3000${text}`;

  // The wide per-school tables go into landscape attachments so the body stays on portrait pages.
  const attachments: Attachment[] = r.sections.map((s) => ({ title: `${s.label}各校指标值`, landscape: true, blocks: [schoolValuesTable(r, s)] }));
  const body: Block[] = [...methodBlocks(r), ...scopeBlocks(input)];

  body.push({ type: 'heading', level: 1, text: '各校指标值' });
  body.push(
    para(
      attachments.length > 0
        ? `${attachments.map((a, i) => `${a.title}见附件${attachments.length > 1 ? i + 1 : ''}`).join('，')}。${r.profile.perSchoolRule ? '表中带“*”的数值未达到学校标准。' : ''}`
        : '本年度没有纳入测算的学校。',
    ),
  );

  body.push({ type: 'heading', level: 1, text: '差异系数测算结果' });
  for (const s of r.sections) {
    body.push({ type: 'heading', level: 2, text: s.label }, para(s.verdictText.endsWith('。') ? s.verdictText : `${s.verdictText}。`));
    body.push(coefficientTable(r, s, tableCaption(`${s.label}差异系数测算结果`)));
  }
  if (r.sections.length > 0) body.push(coefficientChart(r, figureCaption('各项指标差异系数与标准')));

  body.push({ type: 'heading', level: 1, text: '差异来源分析' });
  body.push(para('各校对差异系数的贡献占比等于该校学生数与（指标值减全县平均值）平方的乘积占全部学校之和的比例；占比越大，该校对校际差距的影响越大。'));
  for (const s of r.sections) body.push(contributionTable(r, s, tableCaption(`${s.label}各项指标差异的主要来源`)));
  // The indicator furthest over its limit (or, if none is over, the highest coefficient) gets a chart.
  const worst = r.sections
    .flatMap((s) => s.indicators.filter((i) => i.cv !== null).map((i) => ({ s, i, over: (i.cv ?? 0) / i.limit })))
    .sort((a, b) => b.over - a.over)[0];
  const worstTable = worst && r.contributions.find((t) => t.section === worst.s.section && t.code === worst.i.code);
  if (worst && worstTable) body.push(contributionChart(worstTable, worst.s.label, figureCaption(`${worst.s.label}${worst.i.name}差异的主要来源`)));

  body.push({ type: 'heading', level: 1, text: '测算结论' });
  body.push(...conclusionParagraphs(r, regionYear).map(para));

  const title = `${regionYear}义务教育学校校际差异系数测算报告`;
  return {
    meta: { title, author: input.issuer, subject: '差异系数测算报告', keywords: ['差异系数', '均衡发展', String(input.year)] },
    title: [`${regionYear}义务教育学校`, '校际差异系数测算报告'],
    body,
    attachments,
    signature: { issuer: input.issuer, date: input.date, sealed: false },
  };
}
