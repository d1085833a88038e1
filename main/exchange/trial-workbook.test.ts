import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import county from '../../resources/presets/county-balance-100-points.json';
import national from '../../resources/presets/national-2017-quality-balance.json';
import partnership from '../../resources/presets/partnership-schooling-assessment.json';
import { evaluateSystem, flattenNodes, loadIndicatorSystem, resolveValues, type IndicatorSystem, type TrialInput } from '../../shared/domain/indicators/index.js';
import { exportIndicatorWorkbook } from './indicator-workbook';
import { buildTrialInputWorkbook, readTrialInputFile, TRIAL_SHEETS } from './trial-workbook';

const AT = new Date(2026, 10, 29, 20, 58);
const countySystem = loadIndicatorSystem(county);
const nationalSystem = loadIndicatorSystem(national);
const partnershipSystem = loadIndicatorSystem(partnership);

/** The county trial the e2e test enters: shared values (one typed as “90%”), points, a capped bonus, a veto with a note, a branch not applicable. */
const countyInput: TrialInput = {
  context: { section: 'primary', schoolType: '小学' },
  values: { cvPrimary: 0.5, cvJunior: 0.45, satisfaction: '90%' },
  items: {
    'd-1-1-1': { points: 3 },
    'd-1-1-2': { points: 2.5 },
    'd-2-1-3': { points: 1 },
    'd-3-3': { na: true },
    'd-4-3': { points: 3 },
    'd-5-1': { triggered: true, note: '审计发现挪用教育经费' },
    'd-5-2': { triggered: false },
  },
};

function nodeOf(system: IndicatorSystem, pick: (n: IndicatorSystem['nodes'][number]) => boolean) {
  return flattenNodes(system.nodes).find(({ node }) => pick(node))!.node;
}

/** A national trial: a formula with its own values, 达标 both ways, categories-free context. */
function nationalInput(): TrialInput {
  const formula = nodeOf(nationalSystem, (n) => n.scoring?.method === 'formula' && /\//.test(n.scoring.expression));
  const booleans = flattenNodes(nationalSystem.nodes).filter(({ node }) => node.scoring?.method === 'boolean').map(({ node }) => node);
  const vars = resolveValues(nationalSystem).filter((d) => formula.scoring?.method === 'formula' && formula.scoring.expression.includes(d.name));
  return {
    context: { section: 'junior' },
    values: Object.fromEntries(resolveValues(nationalSystem).map((d, i) => [d.name, d.scale === 'ratio' ? 0.9 : 10 + i])),
    items: {
      [formula.id]: { values: Object.fromEntries(vars.map((d, i) => [d.name, 100 + i])) },
      [booleans[0]!.id]: { met: true },
      [booleans[1]!.id]: { met: false },
    },
  };
}

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const toBuffer = async (wb: ExcelJS.Workbook) => Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);

/** Every cell of every sheet as text. */
function allText(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? ''))));
  return out;
}

function rowWith(ws: ExcelJS.Worksheet, first: string): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === first) return ws.getRow(r);
  throw new Error(`no row ${first}`);
}

describe('试算录入 as a workbook a clerk reads and re-imports', () => {
  it.each([
    ['county', countySystem, countyInput],
    ['national', nationalSystem, nationalInput()],
    ['partnership', partnershipSystem, { context: { partnershipType: '集团化', categories: ['紧密型'] }, items: { [nodeOf(partnershipSystem, (n) => n.scoring?.method === 'grade').id]: { grade: 'B' } } } as TrialInput],
  ])('reads the %s export back as the same input and result', async (_name, system, input) => {
    const buffer = await buildTrialInputWorkbook(system, input, AT);
    const r = await readTrialInputFile(buffer, '试算录入.xlsx', system);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.notices).toEqual([]);
    expect(r.input).toEqual(input);
    expect(evaluateSystem(system, r.input)).toEqual(evaluateSystem(system, input));
  });

  it('writes Chinese headers and words only: no JSON, no node ids, no formula names', async () => {
    const wb = await open(await buildTrialInputWorkbook(nationalSystem, nationalInput(), AT));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['试算结果', '评估对象', '数据', '逐项录入']);
    expect(wb.getWorksheet(TRIAL_SHEETS.values)!.getRow(1).values).toEqual([undefined, '数据项名称（单位）', '取值', '填写说明']);
    expect(wb.getWorksheet(TRIAL_SHEETS.items)!.getRow(1).values).toEqual([undefined, '编码', '指标', '评分方式', '录入', '不适用', '情况说明', '得分', '说明']);
    const ids = flattenNodes(nationalSystem.nodes).filter(({ node }) => node.id !== node.code).map(({ node }) => node.id);
    const names = resolveValues(nationalSystem).map((d) => d.name);
    expect(ids.length).toBeGreaterThan(0);
    for (const text of allText(wb)) {
      expect(text).not.toMatch(/^\s*[[{]/);
      for (const id of ids) expect(text).not.toBe(id);
      for (const name of names) expect(text, text).not.toMatch(new RegExp(`(^|[^A-Za-z])${name}([^A-Za-z]|$)`));
    }
    const values = wb.getWorksheet(TRIAL_SHEETS.values)!;
    expect(rowWith(values, '在校生数（人）').getCell(3).value).toBe('数值（人）');
  });

  it('states the result on the first sheet, and the entry of each item in words', async () => {
    const wb = await open(await buildTrialInputWorkbook(countySystem, countyInput, AT));
    const result = evaluateSystem(countySystem, countyInput);
    const summary = wb.getWorksheet(TRIAL_SHEETS.result)!;
    expect(rowWith(summary, '指标体系').getCell(2).value).toBe('县域义务教育均衡发展督导评估（百分制）（第 1 版）');
    expect(rowWith(summary, '导出时间').getCell(2).value).toBe('2026-11-29 20:58');
    expect(rowWith(summary, '结论').getCell(2).value).toBe('未通过，等级 不合格');
    expect(rowWith(summary, '说明').getCell(2).value).toBe(result.explanation);
    expect(rowWith(summary, '提示').getCell(2).value).toContain('4.3 特色学校建设：加分 3 超过本项上限 2，按 2 计');
    const items = wb.getWorksheet(TRIAL_SHEETS.items)!;
    expect(rowWith(items, '5.1').values).toEqual([undefined, '5.1', '挤占、截留、挪用教育经费', '一票否决', '触发', undefined, '审计发现挪用教育经费', '否决', expect.any(String)]);
    expect(rowWith(items, '5.2').getCell(4).value).toBe('未触发');
    expect(rowWith(items, '3.3').getCell(5).value).toBe('是');
    expect(rowWith(items, '4.3').getCell(7).value).toBe('+2 / 2');
    expect(rowWith(wb.getWorksheet(TRIAL_SHEETS.context)!, '学段').getCell(2).value).toBe('小学');
    expect(rowWith(wb.getWorksheet(TRIAL_SHEETS.values)!, '问卷满意度（比例）').getCell(2).value).toBe('90%');
  });

  it('reads what a clerk changed in Excel, including “85%” typed for a ratio and full-width digits', async () => {
    const wb = await open(await buildTrialInputWorkbook(countySystem, {}, AT));
    rowWith(wb.getWorksheet(TRIAL_SHEETS.values)!, '问卷满意度（比例）').getCell(2).value = '85%';
    rowWith(wb.getWorksheet(TRIAL_SHEETS.values)!, '小学综合差异系数').getCell(2).value = '０.５';
    rowWith(wb.getWorksheet(TRIAL_SHEETS.context)!, '学段').getCell(2).value = '初中';
    const items = wb.getWorksheet(TRIAL_SHEETS.items)!;
    rowWith(items, '1.1.1').getCell(4).value = 2;
    rowWith(items, '1.1.2').getCell(4).value = '1.5';
    rowWith(items, '5.3').getCell(4).value = '触发';
    rowWith(items, '2.1.1').getCell(4).value = '小学综合差异系数：0.7';
    const r = await readTrialInputFile(await toBuffer(wb), '改过.xlsx', countySystem);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.input).toEqual({
      context: { section: 'junior' },
      values: { cvPrimary: 0.5, satisfaction: '85%' },
      items: { 'd-1-1-1': { points: 2 }, 'd-1-1-2': { points: 1.5 }, 'd-2-1-1': { values: { cvPrimary: 0.7 } }, 'd-5-3': { triggered: true } },
    });
  });

  it('refuses what it cannot read, naming sheet, row and column; leaves out what the system lacks with a notice', async () => {
    const wb = await open(await buildTrialInputWorkbook(partnershipSystem, {}, AT));
    const grade = nodeOf(partnershipSystem, (n) => n.scoring?.method === 'grade');
    const items = wb.getWorksheet(TRIAL_SHEETS.items)!;
    const gradeRow = rowWith(items, grade.code);
    gradeRow.getCell(4).value = '优';
    gradeRow.getCell(5).value = '不';
    rowWith(wb.getWorksheet(TRIAL_SHEETS.context)!, '紧密程度').getCell(2).value = '半紧密型';
    const bad = await readTrialInputFile(await toBuffer(wb), '录入.xlsx', partnershipSystem);
    expect(bad).toEqual({
      ok: false,
      errors: [
        '录入.xlsx 工作表“评估对象”第 5 行 B 列（取值）：“半紧密型”不是“紧密程度”的可选项（紧密型、松散型）',
        `录入.xlsx 工作表“逐项录入”第 ${gradeRow.number} 行 E 列（不适用）：“不”应为“是”或留空`,
        `录入.xlsx 工作表“逐项录入”第 ${gradeRow.number} 行 D 列（录入）：“优”不是本指标的等级（${(grade.scoring as { grades: { label: string }[] }).grades.map((g) => g.label).join('、')}）`,
      ],
    });

    const other = await open(await buildTrialInputWorkbook(partnershipSystem, {}, AT));
    const extra = other.getWorksheet(TRIAL_SHEETS.items)!.addRow(['9.9', '不存在的指标', '分值', 3]);
    other.getWorksheet(TRIAL_SHEETS.values)!.addRow(['生均图书（册）', 30]);
    rowWith(other.getWorksheet(TRIAL_SHEETS.result)!, '指标体系').getCell(2).value = '另一个体系（第 2 版）';
    const r = await readTrialInputFile(await toBuffer(other), '录入.xlsx', partnershipSystem);
    expect(r).toEqual({
      ok: true,
      input: {},
      notices: [
        '工作表“数据”第 2 行：本体系不使用数据“生均图书（册）”，其取值未读入',
        `工作表“逐项录入”第 ${extra.number} 行：本体系中找不到指标“9.9 不存在的指标”，该行录入未读入`,
        `文件是为“另一个体系（第 2 版）”录入的，已按编码读入“${partnershipSystem.name}（第 1 版）”`,
      ],
    });
  });

  it('still reads the JSON the earlier 导出本次录入 wrote', async () => {
    const json = Buffer.from(`\uFEFF${JSON.stringify(countyInput, null, 2)}`);
    expect(await readTrialInputFile(json, '试算输入-county-balance-100-points-第1版.json', countySystem)).toEqual({ ok: true, input: countyInput, notices: [] });
    const broken = await readTrialInputFile(Buffer.from('{"items": '), '坏.json', countySystem);
    expect(broken).toEqual({ ok: false, errors: ['坏.json 既不是 Excel 工作簿（.xlsx），也不是有效的试算录入（JSON）文件'] });
  });

  it('refuses another workbook (an indicator-system export) as not a 试算录入 file', async () => {
    const r = await readTrialInputFile(await exportIndicatorWorkbook(countySystem), '细则.xlsx', countySystem);
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^细则\.xlsx 不是试算录入文件/)] });
  });
});
