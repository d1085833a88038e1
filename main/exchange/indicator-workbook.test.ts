import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import national from '../../resources/presets/national-2017-quality-balance.json';
import school from '../../resources/presets/school-self-evaluation-five-sections.json';
import partnership from '../../resources/presets/partnership-schooling-assessment.json';
import county from '../../resources/presets/county-balance-100-points.json';
import { evaluateSystem, loadIndicatorSystem } from '../../shared/domain/indicators/index.js';
import { CATEGORY_SHEET, columnLetter, exportIndicatorWorkbook, importIndicatorWorkbook, META_SHEET, NODE_SHEET, VALUE_SHEET } from './indicator-workbook.js';

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('round trip', () => {
  it.each([
    ['national', national],
    ['school', school],
    ['partnership', partnership],
    ['county', county],
  ])('exports and re-imports the %s preset without loss', async (_name, json) => {
    const system = loadIndicatorSystem(json);
    const buf = await exportIndicatorWorkbook(system);
    const r = await importIndicatorWorkbook(buf, '指标体系.xlsx');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.system).toEqual(system);
  });

  it('merges ancestor cells over their descendants', async () => {
    const system = loadIndicatorSystem(county);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportIndicatorWorkbook(system)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(NODE_SHEET)!;
    expect(ws.getCell('A2').value).toBe('保障措施');
    expect(ws.getCell('A3').isMerged).toBe(true);
    expect(ws.getCell('A3').master.address).toBe('A2');
    expect(ws.getCell('B3').value).toBe('组织领导');
  });
});

describe('the export names values by their Chinese labels (issue 10)', () => {
  async function sheets(json: unknown) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportIndicatorWorkbook(loadIndicatorSystem(json))) as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const out: string[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
      return out;
    };
    return { wb, rows };
  }

  it('writes 数据项 as a table with Chinese 口径, and each formula read with the labels', async () => {
    const { rows } = await sheets(national);
    const values = rows(VALUE_SHEET);
    expect(values[0]).toEqual(['公式中的名称', '中文名称', '口径', '单位']);
    expect(values).toContainEqual(['pupils', '在校生数', '数值', '人']);
    expect(values).toContainEqual(['socialRecognition', '社会认可度', '比例', '']);
    const nodes = rows(NODE_SHEET);
    const head = nodes[0]!;
    const reading = head.indexOf('评分规则说明');
    const l1 = nodes.find((r) => r.includes('1.1.1'))!;
    expect(l1[reading]).toBe('公式：高于规定学历的专任教师数 ÷ 在校生数 × 100 ≥ 标准（小学 4.2，初中 5.3）');
    // No JSON for the values any more, and no key in the reading column.
    expect(rows(META_SHEET).some((r) => r[0] === '数据项')).toBe(false);
    for (const r of nodes.slice(1)) expect(r[reading] ?? '').not.toMatch(/pupils|teachersAboveDegree|socialRecognition|cvL\d/);
  });

  it('writes the 待核实 explanation users read, and the categories as a table', async () => {
    const { rows } = await sheets(national);
    const nodes = rows(NODE_SHEET);
    const col = nodes[0]!.indexOf('待核实说明');
    expect(nodes.find((r) => r.includes('2.7'))![col]).toContain('特殊教育学校生均公用经费不低于 6000 元');
    const cats = (await sheets(partnership)).rows(CATEGORY_SHEET);
    expect(cats).toEqual([['类别名称', '可选项', '适用的办学共同体类型'], ['紧密程度', '紧密型、松散型', '学区化、集团化']]);
  });

  it('still reads the 数据项 JSON row of workbooks written before the sheet existed', async () => {
    const system = loadIndicatorSystem(county);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportIndicatorWorkbook(system)) as unknown as ArrayBuffer);
    wb.removeWorksheet(wb.getWorksheet(VALUE_SHEET)!.id);
    wb.getWorksheet(META_SHEET)!.addRow(['数据项', JSON.stringify(system.values)]);
    const r = await importIndicatorWorkbook(await toBuffer(wb), '旧导出.xlsx');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.system.values).toEqual(system.values);
  });

  it('names the row of a bad 口径', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportIndicatorWorkbook(loadIndicatorSystem(county))) as unknown as ArrayBuffer);
    wb.getWorksheet(VALUE_SHEET)!.getCell('C2').value = '千分比';
    const r = await importIndicatorWorkbook(await toBuffer(wb), 'x.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('x.xlsx 工作表“数据项”第 2 行 C 列（口径）：“千分比”不是有效的口径（比例、百分数、数值）');
  });
});

/** A workbook as an office might type it: 一级/二级 merged, titles in the first row of each group. */
async function handMade(rows: (string | number | null)[][], merges: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评估细则');
  ws.addRow(['一级指标', '二级指标', '三级指标', '编码', '分值', '评分方式', '评分标准', '评估内容', '佐证材料', '一票否决']);
  for (const r of rows) ws.addRow(r);
  for (const m of merges) ws.mergeCells(m);
  const meta = wb.addWorksheet('体系信息');
  meta.addRow(['项目', '内容']);
  meta.addRow(['名称', '某县评估细则']);
  meta.addRow(['评估对象', '县域']);
  meta.addRow(['通过规则', '[{"kind":"totalAtLeast","min":85}]']);
  return toBuffer(wb);
}

describe('import of hand-made workbooks', () => {
  it('accepts merged level cells and several levels in one row', async () => {
    const buf = await handMade(
      [
        ['保障措施', '经费投入', '三个增长', '1.1.1', 6, '分值', '每项 2 分', '', '财政决算\n预算文件', null],
        [null, null, '公用经费', '1.1.2', 4, '达标', '', '', '', null],
        [null, '教师队伍', '教师配备', '1.2.1', 10, '等级', '', '', '', null],
        ['一票否决', '挪用教育经费', null, '2.1', null, null, '', '', '', '是'],
      ],
      ['A2:A4', 'B2:B3'],
    );
    const r = await importIndicatorWorkbook(buf, '某县.xlsx');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const s = r.system;
    expect(s.name).toBe('某县评估细则');
    expect(s.level).toBe('county');
    expect(s.nodes.map((n) => n.title)).toEqual(['保障措施', '一票否决']);
    expect(s.nodes[0]!.children.map((n) => n.title)).toEqual(['经费投入', '教师队伍']);
    expect(s.nodes[0]!.children[0]!.children.map((n) => n.code)).toEqual(['1.1.1', '1.1.2']);
    expect(s.nodes[0]!.children[0]!.children[0]!.evidence).toEqual(['财政决算', '预算文件']);
    expect(s.nodes[1]!.children[0]!.scoring?.method).toBe('veto');
    // 等级 with no parameters gets A/B/C/D = 100/80/60/0.
    const res = evaluateSystem(s, { items: { '1.1.1': { points: 6 }, '1.1.2': { met: true }, '1.2.1': { grade: 'B' } } });
    expect(res.total).toBe(18);
    expect(res.passed).toBe(false);
  });

  it('accepts repeated ancestor titles instead of merges', async () => {
    const buf = await handMade([
      ['保障措施', '经费投入', '三个增长', '1', 6, '分值', '', '', '', null],
      ['保障措施', '经费投入', '公用经费', '2', 4, '分值', '', '', '', null],
    ]);
    const r = await importIndicatorWorkbook(buf, 'x.xlsx');
    expect(r.ok && r.system.nodes.length).toBe(1);
    expect(r.ok && r.system.nodes[0]!.children[0]!.children.length).toBe(2);
  });

  it('names sheet, row and column of a non-numeric points cell', async () => {
    const buf = await handMade([
      ['保障措施', '经费投入', '三个增长', '1.1.1', 6, '分值', '', '', '', null],
      [null, null, '公用经费', '1.1.2', '十分', '分值', '', '', '', null],
    ], ['A2:A3', 'B2:B3']);
    const r = await importIndicatorWorkbook(buf, '指标体系.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('指标体系.xlsx 工作表“评估细则”第 3 行 E 列（分值）：“十分”不是数字');
    if (!r.ok) expect(r.errors[0]).toMatchObject({ sheet: '评估细则', row: 3, column: 'E' });
  });

  it('reports unknown methods, orphans, veto conflicts and structural errors by row', async () => {
    const buf = await handMade([
      ['保障措施', null, null, '1', null, null, '', '', '', null],
      [null, null, '孤立三级', '1.0.1', 2, '分值', '', '', '', null],
      [null, '经费', null, '1.1', 2, '打分', '', '', '', null],
      [null, '班额', null, '1.2', 2, '达标', '', '', '', '是'],
    ], ['A2:A5']);
    const r = await importIndicatorWorkbook(buf, 'x.xlsx');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.map((e) => e.message).join('\n');
    expect(text).toContain('第 3 行 C 列（三级指标）：“孤立三级”没有对应的二级指标');
    expect(text).toContain('第 4 行 F 列（评分方式）：“打分”不是有效的评分方式');
    expect(text).toContain('第 5 行 J 列（一票否决）：标记为一票否决，但评分方式是“达标”');
  });

  it('reports validation errors at the node row', async () => {
    const buf = await handMade([
      ['保障措施', '经费投入', '三个增长', '1.1.1', null, '分值', '', '', '', null],
    ]);
    const r = await importIndicatorWorkbook(buf, 'x.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('x.xlsx 工作表“评估细则”第 2 行：指标 1.1.1 三个增长：末级指标未设置分值（可填 0）');
  });

  it('rejects a file that is not a workbook', async () => {
    const r = await importIndicatorWorkbook(Buffer.from('not a zip'), '坏文件.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toContain('坏文件.xlsx 不是有效的 Excel');
  });

  it('converts column numbers to letters', () => {
    expect([1, 5, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'E', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
