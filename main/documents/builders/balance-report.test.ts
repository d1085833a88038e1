import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PROFILES,
  composeYearRows,
  computeBalance,
  describeBasis,
  type BalanceResult,
  type CalculationBasis,
  type ProfileId,
  type SchoolBalanceInput,
  type YearRecord,
} from '../../../shared/domain/balance';
import type { UnitSchool } from '../../../shared/domain/schools/evaluated-units';
import { renderDocx } from '../docx/render-docx';
import type { Block, ChartBlock, DocModel, TableBlock, TableCellInput } from '../model';
import { buildBalanceReport, type BalanceDataSource, type BalanceReportInput } from './balance-report';
import { expectChartsAsWholeECharts } from '../testing/charts';

const SCHOOLS: UnitSchool[] = [
  { id: 1, name: '景行小学', type: '小学', status: '在办', closedOn: null, campuses: [{ id: 10, name: '本部', evaluatedSeparately: false }, { id: 11, name: '潭中校区', evaluatedSeparately: true }] },
  { id: 2, name: '公园路小学', type: '小学', status: '在办', closedOn: null, campuses: [] },
];
const RECORDS: YearRecord[] = [
  { schoolId: 1, campusId: null, values: { pupilsPrimary: 1000, teachingAuxArea: 5000 } },
  { schoolId: 1, campusId: 11, values: { pupilsPrimary: 200, teachingAuxArea: 600 } },
  { schoolId: 2, campusId: null, values: { pupilsPrimary: 500, teachingAuxArea: 3500 } },
];

const SOURCE: BalanceDataSource = {
  referenceDate: '2025-09-01',
  referenceDateGiven: false,
  records: 3,
  byKind: [
    { kind: 'import', values: 20 },
    { kind: 'manual', values: 7 },
  ],
  files: [{ name: '2025年办学条件统计.xlsx', on: '2025-10-08', values: 20 }],
};

function build(result: BalanceResult, extra: Partial<BalanceReportInput> = {}): DocModel {
  return buildBalanceReport({
    region: '城中区',
    year: 2025,
    result,
    notInOperation: [],
    commissioner: '城中区人民政府教育督导委员会办公室',
    measurer: '城中区教育评估中心',
    dataSource: SOURCE,
    date: '2025-12-01',
    ...extra,
  });
}

function report(basis: CalculationBasis) {
  const rows = composeYearRows(2025, SCHOOLS, RECORDS, basis).rows.map((r) => ({ id: r.id, name: r.name, type: r.type, stats: r.stats, campusOf: r.campusId === null ? undefined : String(r.schoolId) }));
  return build(computeBalance({ year: 2025, schools: rows }, { sections: ['primary'], basis }));
}

/**
 * Three primary schools, 1200 + 400 + 400 pupils, equal on six indicators (per pupil or per 100
 * pupils, all above the standard) and far apart on 生均教学仪器设备值: 4000, 300 and 2000 元/生.
 */
const PUPILS = [1200, 400, 400];
const EQUIPMENT_PER_PUPIL = [4000, 300, 2000];
const NAMES = ['甲小学', '乙小学', '丙小学'];
function school(k: number, equipmentPerPupil = EQUIPMENT_PER_PUPIL[k]): SchoolBalanceInput {
  const p = PUPILS[k];
  return {
    id: String(k + 1),
    name: NAMES[k],
    type: '小学',
    stats: {
      pupilsPrimary: p,
      teachersAboveDegreePrimary: (p * 5) / 100,
      backboneTeachersPrimary: (p * 1.5) / 100,
      peArtTeachersPrimary: (p * 1) / 100,
      teachingAuxArea: p * 5,
      sportsGroundArea: p * 8,
      gymArea: 0,
      equipmentValue: p * equipmentPerPupil,
      multimediaRooms: (p * 2.5) / 100,
    },
  };
}
const uneven = (profile: ProfileId = 'quality2017') => computeBalance({ year: 2025, schools: [0, 1, 2].map((k) => school(k)) }, { sections: ['primary'], profile });
const even = () => computeBalance({ year: 2025, schools: [0, 1, 2].map((k) => school(k, 2500)) }, { sections: ['primary'] });

/** Pupil-weighted mean, SD and CV from raw figures (domain.md §2.1), independent of the product's code. */
function weighted(values: number[], pupils: number[]) {
  const P = pupils.reduce((a, b) => a + b, 0);
  const mean = values.reduce((a, x, i) => a + pupils[i] * x, 0) / P;
  const sd = Math.sqrt(values.reduce((a, x, i) => a + pupils[i] * (x - mean) ** 2, 0) / P);
  const shares = values.map((x, i) => (pupils[i] * (x - mean) ** 2) / P / sd ** 2);
  return { mean, sd, cv: sd / mean, shares };
}
const L6 = weighted(EQUIPMENT_PER_PUPIL, PUPILS);

const paragraphText = (b: Block) => (b.type === 'paragraph' ? (b.text ?? (b.runs ?? []).map((r) => r.text).join('')) : '');
const texts = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'paragraph' ? [paragraphText(b)] : []));
const cellText = (c: TableCellInput) => (typeof c === 'string' ? c : c.text);
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table');
const tableRows = (t: TableBlock) => t.rows.map((r) => r.map(cellText));
/** The blocks under a level-1 heading, up to the next one. */
function chapter(doc: DocModel, heading: string): Block[] {
  const at = doc.body.findIndex((b) => b.type === 'heading' && b.level === 1 && b.text === heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const next = doc.body.findIndex((b, i) => i > at && b.type === 'heading' && b.level === 1);
  return doc.body.slice(at + 1, next < 0 ? undefined : next);
}
/** Every word a reader meets in the body: paragraphs, headings, table captions, headers, cells and notes, chart labels. */
function bodyWords(doc: DocModel): string[] {
  return doc.body.flatMap((b) => {
    if (b.type === 'paragraph') return [paragraphText(b)];
    if (b.type === 'heading') return [b.text];
    if (b.type === 'table') return [b.caption ?? '', b.note ?? '', ...b.header.flat().map(cellText), ...b.rows.flat().map(cellText)];
    if (b.type === 'chart') return [b.caption ?? '', JSON.stringify(b.option)];
    return [];
  });
}

async function docxText(doc: DocModel): Promise<string> {
  const { buffer } = await renderDocx(doc);
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

describe('差异系数测算报告: the calculation basis', () => {
  it('按学校: the scope paragraph states the national basis', async () => {
    const doc = report('school');
    const scope = texts(doc.body).find((t) => t.startsWith('本次测算以2025年'))!;
    expect(scope).toBe(`本次测算以2025年教育事业统计数据为准，纳入测算的学校（学段）共小学2所（在校学生1500人）。${describeBasis('school')}`);
    expect(await docxText(doc)).toContain('按学校计算（国家统计口径）：每个学校标识码计为一所学校，单独评估的校区并入所属学校计算。');
  });

  it('按评估单位: it states the basis and names the campuses that were rows of their own', async () => {
    const doc = report('unit');
    const scope = texts(doc.body).find((t) => t.startsWith('本次测算以2025年'))!;
    expect(scope).toContain('小学3所（在校学生1500人）');
    expect(scope).toContain(`${describeBasis('unit')}本次单列的校区：景行小学潭中校区。`);
    expect(await docxText(doc)).toContain('本次单列的校区：景行小学潭中校区。');
  });
});

describe('差异系数测算报告: as an evaluation institute writes it', () => {
  it('draws its charts with the parts of ECharts the engine loads, as the whole of ECharts would', async () => {
    expect(await expectChartsAsWholeECharts(build(uneven()))).toBeGreaterThanOrEqual(2);
  });

  it('opens with the basis by its official title, the 委托单位 and the 测算单位, who also signs', async () => {
    const doc = build(uneven());
    const opening = paragraphText(doc.body[0]);
    expect(opening).toBe(
      '受城中区人民政府教育督导委员会办公室委托，城中区教育评估中心依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号），以2025年教育事业统计数据（统计时点2025年9月1日）为基础，对城中区小学资源配置7项指标的校际差异系数进行了测算。现将测算情况报告如下。',
    );
    expect(doc.signature?.issuer).toBe('城中区教育评估中心');
    expect(await docxText(doc)).toContain('受城中区人民政府教育督导委员会办公室委托，城中区教育评估中心依据');
  });

  it('without a 委托单位 omits the 受……委托 clause and invents none: the opening begins with the 测算单位', () => {
    for (const commissioner of ['', '  ']) {
      const opening = paragraphText(build(uneven(), { commissioner }).body[0]);
      expect(opening).toBe(
        '城中区教育评估中心依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号），以2025年教育事业统计数据（统计时点2025年9月1日）为基础，对城中区小学资源配置7项指标的校际差异系数进行了测算。现将测算情况报告如下。',
      );
      expect(bodyWords(build(uneven(), { commissioner })).join('')).not.toMatch(/委托单位|受.{0,20}委托/);
    }
  });

  it('lists the schools left out, their reasons set as print sets Chinese (no spaces around figures)', () => {
    const doc = build(uneven(), { notInOperation: [{ schoolName: '柳林乡河湾小学', closedOn: '2024-08-31', reason: '已于 2024年8月31日 撤并，不在 2025 年统计范围内' }] });
    const table = tables(chapter(doc, '测算范围'))[0];
    expect(tableRows(table)).toEqual([['1', '柳林乡河湾小学', '全校', '已于2024年8月31日撤并，不在2025年统计范围内']]);
  });

  it('tabulates the standard values per indicator and section (domain.md §1.2), with the 85 % floors and the coefficient limits', () => {
    const both = computeBalance({ year: 2025, schools: [0, 1, 2].map((k) => school(k)) });
    const table = tables(chapter(build(both), '测算依据和标准'))[0];
    expect(table.caption).toBe('表1\u3000资源配置指标标准值');
    expect(table.header.map((r) => r.map(cellText))).toEqual([
      ['指标', '单位', '小学', '初中'],
      ['标准值', '85%值', '标准值', '85%值'],
    ]);
    expect(tableRows(table)).toEqual([
      ['每百名学生拥有高于规定学历教师数', '人/百名学生', '4.200', '3.570', '5.300', '4.505'],
      ['每百名学生拥有县级以上骨干教师数', '人/百名学生', '1.000', '0.850', '1.000', '0.850'],
      ['每百名学生拥有体育、艺术（美术、音乐）专任教师数', '人/百名学生', '0.900', '0.765', '0.900', '0.765'],
      ['生均教学及辅助用房面积', '平方米/生', '4.50', '3.83', '5.80', '4.93'],
      ['生均体育运动场馆面积', '平方米/生', '7.50', '6.38', '10.20', '8.67'],
      ['生均教学仪器设备值', '元/生', '2000.00', '1700.00', '2500.00', '2125.00'],
      ['每百名学生拥有网络多媒体教室数', '间/百名学生', '2.300', '1.955', '2.400', '2.040'],
      ['每项指标差异系数（不高于）', '0.50', '0.45'],
    ]);
    expect(table.note).toContain('至少6项指标达到标准值，其余1项不低于标准值的85%');
    // Areas print with two decimals: the two 85 % values that have three are named, with the exact rule.
    expect(table.note).toContain('85%值按表中小数位数四舍五入列出（生均教学及辅助用房面积小学3.825平方米/生列为3.83，生均体育运动场馆面积小学6.375平方米/生列为6.38），判定按未经四舍五入的数值进行。');
    // The attachment's marks refer to this table.
    expect(texts(chapter(build(both), '各校指标值'))[0]).toContain('标准值见表1');
  });

  it('states the data source, the 统计时点 and the checks the data went through', async () => {
    const doc = build(uneven());
    const [source, checks] = texts(chapter(doc, '数据来源和核查'));
    expect(source).toBe(
      '测算数据为2025年教育事业统计数据，统计时点为2025年9月1日（未另行填写，按学年初计）。共3所学校（校区）的统计记录、27项数值，其中20项由统计报表文件导入，7项逐校手工录入。导入的文件：“2025年办学条件统计.xlsx”（2025年10月8日导入，20项）。',
    );
    expect(checks).toContain('不得为负数');
    expect(checks).toContain('与上年或全县中位数相差约一万倍的数值须经确认后导入');
    expect(checks).toContain('缺少数据的学校（学段）不纳入相应指标的测算，不以零代替');
    // A date the user gave is printed as given, without the census explanation; no import, no import checks.
    const typed = build(uneven(), { dataSource: { ...SOURCE, referenceDate: '2025-08-31', referenceDateGiven: true, byKind: [{ kind: 'demo', values: 27 }], files: [] } });
    const [typedSource, typedChecks, demo] = texts(chapter(typed, '数据来源和核查'));
    expect(typedSource).toContain('统计时点为2025年8月31日。');
    expect(typedChecks).not.toContain('文件导入时');
    expect(demo).toBe('上述27项演示数据仅供试用，不能作为正式测算的依据。');
    expect(await docxText(typed)).toContain('统计时点2025年8月31日');
  });

  it('names indicators in words: codes appear only as the attachment columns, with their key above the table', () => {
    const doc = build(uneven());
    for (const w of bodyWords(doc)) expect(w).not.toMatch(/\bL[1-7]\b/);
    const chart = doc.body.find((b): b is ChartBlock => b.type === 'chart')!;
    expect((chart.option.xAxis as { data: string[] }).data.map((s) => s.replace(/\n/g, ''))).toEqual([
      '高于规定学历教师数',
      '县级以上骨干教师数',
      '体育、艺术专任教师数',
      '生均教学及辅助用房面积',
      '生均体育运动场馆面积',
      '生均教学仪器设备值',
      '网络多媒体教室数',
    ]);
    // The key to the codes stands above the table, under the attachment's title.
    const [key, attachment] = doc.attachments![0].blocks as [Block, TableBlock];
    expect(attachment.header[1].map(cellText)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(paragraphText(key)).toContain('L6为生均教学仪器设备值（元/生）');
    expect(attachment.note).toBeUndefined();
  });

  it('names every standard by its official title, never by the product profile name', async () => {
    const profileNames = [...Object.values(BUILT_IN_PROFILES).map((p) => p.name), '优质均衡（2017）'];
    for (const id of ['quality2017', 'basic2012', 'application2019'] as const) {
      const doc = build(uneven(id));
      const words = [...bodyWords(doc), await docxText(doc)].join('\n');
      for (const name of profileNames) expect(words, `${id}: ${name}`).not.toContain(name);
      expect(words).toContain(BUILT_IN_PROFILES[id].basis);
    }
    // The 2019 profile's note pointing at the quality profile now names the 2017 standard itself.
    expect(bodyWords(build(uneven('application2019'))).join('')).toContain('见《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）');
  });

  it('writes the pupil-weighted formula (domain.md §2.1) in characters both formats print', async () => {
    const doc = build(uneven());
    const method = texts(chapter(doc, '测算方法')).join('\n');
    expect(method).toContain('全县平均值＝各校“在校学生数×指标值”之和÷全县在校学生数');
    expect(method).toContain('标准差＝各校“在校学生数×（指标值－全县平均值）的平方”之和÷全县在校学生数，所得的商再开平方');
    expect(method).toContain('差异系数＝标准差÷全县平均值');
    expect(method).toContain('综合差异系数＝各项指标差异系数的算术平均值，仅供参考，不作为判定依据');
    // The catalogue's section-specific numerator reads as a division with its operand.
    expect(method).toContain('每百名学生拥有高于规定学历教师数（人/百名学生）：（小学：专科及以上学历专任教师数；初中：本科及以上学历专任教师数）÷ 在校生数 × 100。');
    expect(method).not.toMatch(/；\s*÷/);
    const docx = await docxText(doc);
    expect(docx).toContain('标准差＝各校“在校学生数×（指标值－全县平均值）的平方”之和÷全县在校学生数');
  });

  it('prints the coefficient table with units, traceable to the weighted computation', () => {
    const doc = build(uneven());
    const table = tables(chapter(doc, '差异系数测算结果'))[0];
    const row = tableRows(table).find((r) => r[0] === '生均教学仪器设备值（元/生）')!;
    // Mean and SD are in 元/生: two decimals, like every amount of money in the report.
    expect(row).toEqual(['生均教学仪器设备值（元/生）', L6.mean.toFixed(2), L6.sd.toFixed(2), L6.cv.toFixed(4), '≤0.50', '未达到']);
    expect(L6.cv.toFixed(4)).toBe('0.5231');
    expect(texts(chapter(doc, '差异系数测算结果'))[0]).toBe('小学纳入测算学校（学段）3所，在校学生2000人。生均教学仪器设备值（0.5231）差异系数高于0.50，未达到要求。');
  });

  it('recommends from the gaps: the coefficient over its limit, the schools that pull it, what each school lacks', async () => {
    const doc = build(uneven());
    const advice = chapter(doc, '建议');
    const [first, second] = texts(advice);
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    expect(first).toBe(
      `（一）缩小小学生均教学仪器设备值的校际差距。该项差异系数为${L6.cv.toFixed(4)}，标准为不高于0.50，超出${(L6.cv - 0.5).toFixed(4)}；全县平均值为${L6.mean.toFixed(2)}元/生。` +
        `低于全县平均值、对差异影响最大的是乙小学（300.00元/生，贡献${pct(L6.shares[1])}）、丙小学（2000.00元/生，贡献${pct(L6.shares[2])}）；` +
        `高于全县平均值较多的是甲小学（4000.00元/生，贡献${pct(L6.shares[0])}）。建议优先补足低于全县平均值学校的教学仪器设备值，其中乙小学同时未达到学校标准，需补足的数量见下文。`,
    );
    expect(pct(L6.shares[1])).toBe('58.56%');
    // 乙小学 needs 2000 × 400 − 300 × 400 = 680,000 元 to reach the standard.
    expect(second).toBe('（二）补齐学校办学条件短板。未达到学校标准的学校：小学1所。共有1所学校（学段）的1项指标低于标准值，逐项差额和需增加的数量见附件2；全县合计需增加小学教学仪器设备值680000.00元（1所）。');
    // The shortfalls are a landscape attachment, so the body and its signature stay on portrait pages.
    expect(tables(advice)).toEqual([]);
    const attachment = doc.attachments![1];
    expect(attachment).toMatchObject({ title: '未达到学校标准值的指标及需补足的数量', landscape: true });
    const [key, gap] = attachment.blocks as [Block, TableBlock];
    expect(gap.header.map((r) => r.map(cellText))).toEqual([['学校（学段）', '指标（单位）', '现值', '标准值', '差额', '需增加', '对照85%值']]);
    expect(tableRows(gap)).toEqual([['乙小学（小学）', '生均教学仪器设备值（元/生）', '300.00', '2000.00', '1700.00', '680000.00元', '低于']]);
    expect(paragraphText(key)).toContain('需增加为达到标准值需增加的教学仪器设备值');
    expect(texts(chapter(doc, '各校指标值'))[0]).toContain('小学各校指标值见附件1。');
    const docx = await docxText(doc);
    expect(docx).toContain('（一）缩小小学生均教学仪器设备值的校际差距。');
    expect(docx).toContain('全县合计需增加小学教学仪器设备值680000.00元（1所）');
  });

  it('when nothing falls short, it says so from the figures and names the highest coefficient to watch', () => {
    const r = even();
    const advice = texts(chapter(build(r), '建议'));
    const top = [...r.sections[0].indicators].sort((a, b) => (b.cv ?? 0) - (a.cv ?? 0))[0];
    expect(advice).toEqual([`（一）保持均衡水平。本次测算各项差异系数均达到要求，各校各项指标均达到学校标准值，建议按年度统计数据复测，重点关注差异系数最高的小学${top.name}（${(top.cv ?? 0).toFixed(4)}，标准0.50）。`]);
    expect(tables(chapter(build(r), '建议'))).toEqual([]);
  });

  it('asks for the missing figures, naming the school, instead of judging without them', () => {
    const schools = [0, 1, 2].map((k) => school(k, 2500));
    delete schools[1].stats.equipmentValue;
    const r = computeBalance({ year: 2025, schools }, { sections: ['primary'] });
    expect(texts(chapter(build(r), '建议'))).toEqual(['（一）补齐统计数据。1所学校（学段）共1处数据缺失，相应指标未纳入测算（乙小学（小学）），详见“测算范围”；补齐后应重新测算。']);
    expect(texts(chapter(build(r), '差异系数测算结果'))[0]).toContain('生均教学仪器设备值（1所学校（学段）缺少数据）无法判定。');
    // The computation's own message names the indicator by code; the report does not.
    expect(r.warnings[0].message).toContain('L6');
    const scope = texts(chapter(build(r), '测算范围')).find((t) => t.startsWith('数据说明'))!;
    expect(scope).toContain('乙小学（小学）生均教学仪器设备值：缺少');
    for (const w of bodyWords(build(r))) expect(w).not.toMatch(/\bL[1-7]\b/);
  });

  it('never says all is well when a section cannot be judged (no junior school here)', () => {
    const r = computeBalance({ year: 2025, schools: [0, 1, 2].map((k) => school(k, 2500)) });
    expect(r.sections.map((s) => s.pass)).toEqual([true, null]);
    const advice = texts(chapter(build(r), '建议'));
    expect(advice).toEqual(['（一）核实测算范围。初中没有纳入测算的学校，无法判定；请核实该学段的学校和统计数据后重新测算。']);
  });

  it('under a composite standard (教督〔2012〕3号), the advice names the composite and the single coefficients above the limit', () => {
    // Every figure of a school scaled by one factor: all eight coefficients equal that factor's weighted CV.
    const factor = [5, 0.1, 1];
    const base: Record<string, number> = { teachingAuxArea: 5, sportsGroundArea: 8, equipmentValue: 2500, computers: 0.15, books: 30, teachers: 0.06, teachersAboveDegreePrimary: 0.05, midTitleTeachers: 0.03 };
    const schools: SchoolBalanceInput[] = [0, 1, 2].map((k) => ({
      id: String(k + 1),
      name: NAMES[k],
      type: '小学',
      stats: { pupilsPrimary: PUPILS[k], gymArea: 0, ...Object.fromEntries(Object.entries(base).map(([key, v]) => [key, v * factor[k] * PUPILS[k]])) },
    }));
    const r = computeBalance({ year: 2025, schools }, { sections: ['primary'], profile: 'basic2012' });
    const expected = weighted(factor, PUPILS).cv;
    expect(expected.toFixed(4)).toBe('0.6828');
    const doc = build(r);
    const [advice, ...rest] = texts(chapter(doc, '建议'));
    expect(rest).toEqual([]);
    expect(advice).toContain(`（一）缩小小学校际差距。小学综合差异系数为${expected.toFixed(4)}，标准为不高于0.65。单项差异系数高于0.65的有`);
    for (const i of r.profile.indicators) expect(advice).toContain(`${i.name}（${expected.toFixed(4)}）`);
    expect(advice).toContain('对差异影响最大的是乙小学');
    // No per-school standard under this profile: no shortfalls, and the standards table says why.
    expect(advice).not.toContain('学校标准');
    const standards = tables(chapter(doc, '测算依据和标准'))[0];
    expect(tableRows(standards).at(-1)).toEqual(['综合差异系数（不高于）', '0.65']);
    expect(tableRows(standards)[0]).toEqual(['生均教学及辅助用房面积', '平方米/生', '—']);
    expect(standards.note).toBe('注：该标准未规定全国统一的学校标准值（“—”），本报告只判定差异系数。');
  });
});

/** Decimals a figure in `unit` must print with (the report's rule, stated in its 测算方法). */
const decimalsOf = (unit: string) => (/^(元|平方米)(\/|$)/.test(unit) ? 2 : 3);
const NUMBER = /^-?\d+(\.\d+)?$/;
const decimalsIn = (text: string) => text.split('.')[1]?.length ?? 0;

/** Every number cell of every table, body and attachments, checked against the decimals its unit says. */
function checkTableDecimals(doc: DocModel, result: BalanceResult): number {
  const unitByName = new Map(result.profile.indicators.map((i) => [i.name, i.unit]));
  const unitByCode = new Map(result.profile.indicators.map((i) => [i.code, i.unit]));
  const unitInName = (cell: string) => /（([^（）]+)）$/.exec(cell)?.[1] ?? '';
  let checked = 0;
  const expectFigure = (cell: string, decimals: number, where: string) => {
    if (cell === '—') return;
    expect(cell, where).toMatch(NUMBER);
    expect(decimalsIn(cell), `${where}: ${cell}`).toBe(decimals);
    checked++;
  };
  const all = [...doc.body, ...(doc.attachments ?? []).flatMap((a) => a.blocks)];
  for (const t of tables(all)) {
    const head = t.header.at(-1)!.map(cellText);
    const rows = tableRows(t);
    if (t.caption?.startsWith('表1\u3000')) {
      for (const r of rows.slice(0, -1)) for (const c of r.slice(2)) expectFigure(c, decimalsOf(r[1]), `${r[0]}标准值`);
      for (const c of rows.at(-1)!.slice(1)) expectFigure(c, 2, '差异系数标准');
    } else if (head[1] === '全县平均值') {
      for (const r of rows.slice(0, -1)) {
        const unit = unitInName(r[0]);
        expect(unitByName.get(r[0].replace(`（${unit}）`, ''))).toBe(unit);
        expectFigure(r[1], decimalsOf(unit), `${r[0]}平均值`);
        expectFigure(r[2], decimalsOf(unit), `${r[0]}标准差`);
        expectFigure(r[3], 4, `${r[0]}差异系数`);
        expect(r[4]).toMatch(/^≤\d\.\d{2}$/);
      }
      expectFigure(rows.at(-1)![1], 4, '综合差异系数');
    } else if (head[1] === '差异系数') {
      for (const r of rows) {
        expectFigure(r[1], 4, `${r[0]}差异系数`);
        for (const m of r[2].matchAll(/贡献(\d+(?:\.\d+)?)%/g)) expect(decimalsIn(m[1]), r[2]).toBe(2);
      }
    } else if (unitByCode.has(head[0])) {
      for (const r of rows) {
        expectFigure(r[2], 0, '学生数');
        head.forEach((code, k) => expectFigure(r[3 + k].replace(/\*$/, ''), decimalsOf(unitByCode.get(code)!), `${r[1]} ${code}`));
      }
    } else if (head[0] === '学校（学段）') {
      for (const r of rows) {
        const unit = unitInName(r[1]);
        for (const k of [2, 3, 4]) expectFigure(r[k], decimalsOf(unit), `${r[0]}${head[k]}`);
        for (const k of [5, 6].filter((k) => head[k]?.includes('需增加'))) {
          if (r[k] === '—') continue;
          const m = /^(\d+(?:\.\d+)?)(元|平方米|人|间|台|册)$/.exec(r[k]);
          expect(m, r[k]).not.toBeNull();
          expect(decimalsIn(m![1]), r[k]).toBe(m![2] === '元' || m![2] === '平方米' ? 2 : 0);
          checked++;
        }
      }
    } else if (head[0] !== '序号') {
      throw new Error(`unchecked table ${t.caption ?? head.join('|')}`);
    }
  }
  return checked;
}

/** A shortfall in area as well as money: 乙小学's teaching space drops to 3.9 m² a pupil (below 4.5, above 3.825). */
function unevenWithArea(): BalanceResult {
  const schools = [0, 1, 2].map((k) => school(k));
  schools[1].stats.teachingAuxArea = PUPILS[1] * 3.9;
  return computeBalance({ year: 2025, schools }, { sections: ['primary'] });
}

describe('差异系数测算报告: one rounding rule per quantity kind, as its method says', () => {
  const cases: [string, () => BalanceResult][] = [
    ['优质均衡, 小学', () => unevenWithArea()],
    ['优质均衡, 小学和初中', () => computeBalance({ year: 2025, schools: [0, 1, 2].map((k) => school(k)) })],
    ['基本均衡 (综合差异系数)', () => uneven('basic2012')],
  ];
  it.each(cases)('%s: every number cell of every table has the decimals its unit says', (_, make) => {
    const r = make();
    const doc = build(r);
    expect(checkTableDecimals(doc, r)).toBeGreaterThan(20);
  });

  it('sentences print figures with their unit by the same rule (元/生 and 平方米 two decimals, 人/百名学生 three)', () => {
    const doc = build(unevenWithArea());
    // The standards table's note names exact 85 % values (3.825平方米/生列为3.83) on purpose.
    const words = bodyWords(doc).join('\n').replace(/（[^（）]*列为[^（）]*）/g, '');
    expect(bodyWords(doc).join('')).toContain('3.825平方米/生列为3.83');
    const figures = [...words.matchAll(/(\d+(?:\.\d+)?)(元\/生|平方米\/生|人\/百名学生|间\/百名学生|平方米|元)(?![/\d])/g)];
    expect(figures.length).toBeGreaterThan(5);
    for (const [whole, n, unit] of figures) expect(decimalsIn(n), whole).toBe(decimalsOf(unit));
    // The shortfalls and the county totals: area and money with two decimals.
    expect(words).toContain('小学教学及辅助用房面积240.00平方米（1所）');
  });

  it('the 测算方法 states exactly the rules the tables use, and no other', () => {
    const method = texts(chapter(build(unevenWithArea()), '测算方法')).join('\n');
    expect(method).toContain(
      '仅在列出数值时四舍五入：差异系数保留四位小数（差异系数标准按文件所列数值列出）；金额（元/生、元）和面积（平方米/生、平方米）保留两位小数；单位为人/百名学生、间/百名学生的指标保留三位小数；全县平均值、标准差、学校标准值、85%值和差额与指标同单位，小数位数同该指标；贡献占比等百分数保留两位小数；需增加的人数、教室数等计数取整数。',
    );
    expect(method).not.toContain('平均值和标准差保留四位小数');
    expect(method).not.toContain('指标值和标准值保留三位小数');
    // Under 教督〔2012〕3号 there are no school standards: the sentence names the units that standard uses.
    const basic = texts(chapter(build(uneven('basic2012')), '测算方法')).join('\n');
    expect(basic).toContain('单位为台/百名学生、册/生、人/生的指标保留三位小数；全县平均值、标准差与指标同单位');
  });

  it('charts print their figures as the tables do, with the limits named in the legend', () => {
    const doc = build(uneven());
    const [coefficients, contributions] = doc.body.filter((b): b is ChartBlock => b.type === 'chart');
    type Series = { type: string; name: string; data: ({ value: number; label: { formatter: string } } | null)[]; markLine?: { label: { show: boolean } } };
    const series = coefficients.option.series as Series[];
    const bars = series.filter((s) => s.type === 'bar');
    expect(bars.map((s) => s.name)).toEqual(['小学']);
    bars.forEach((s, k) => {
      const table = tables(chapter(doc, '差异系数测算结果'))[k];
      expect(s.data.map((d) => d?.label.formatter)).toEqual(tableRows(table).slice(0, -1).map((row) => row[3]));
      for (const d of s.data) expect(d!.label.formatter).toMatch(/^\d\.\d{4}$/);
    });
    const lines = series.filter((s) => s.type === 'line');
    expect(lines.map((s) => s.name)).toEqual(['小学标准 ≤0.50']);
    for (const l of lines) expect(l.markLine!.label.show).toBe(false);
    // The value axis prints no tick labels of its own (0.5 instead of 0.50).
    expect((coefficients.option.yAxis as { axisLabel: { show: boolean } }).axisLabel.show).toBe(false);
    const shares = (contributions.option.series as Series[])[0].data.map((d) => d!.label.formatter);
    expect(shares.length).toBeGreaterThan(0);
    for (const s of shares) expect(s).toMatch(/^\d+\.\d{2}%$/);
    expect((contributions.option.xAxis as { axisLabel: { show: boolean } }).axisLabel.show).toBe(false);
  });
});
