import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import national from '../../resources/presets/national-2017-quality-balance.json';
import school from '../../resources/presets/school-self-evaluation-five-sections.json';
import partnership from '../../resources/presets/partnership-schooling-assessment.json';
import county from '../../resources/presets/county-balance-100-points.json';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateSystem, flattenNodes, loadIndicatorSystem, type IndicatorSystem } from '../../shared/domain/indicators/index.js';
import { CATEGORY_SHEET, columnLetter, exportIndicatorWorkbook, importIndicatorWorkbook, MACHINE_SHEET, META_SHEET, NODE_SHEET, VALUE_SHEET } from './indicator-workbook.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/fixtures');

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

/** The export of `system`, opened with ExcelJS for editing as a user would. */
async function exported(system: IndicatorSystem): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportIndicatorWorkbook(system)) as unknown as ArrayBuffer);
  return wb;
}

/** The column of `header` in row 1 of `ws`. */
function columnOf(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === header) found = n;
  });
  if (!found) throw new Error(`no column ${header}`);
  return found;
}

/** The row of 评估细则 whose 编码 is `code`. */
function rowOfCode(ws: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  const col = columnOf(ws, '编码');
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).value === code) return ws.getRow(r);
  throw new Error(`no row ${code}`);
}

describe('no JSON and no internal identifiers where a user looks (issue 10)', () => {
  it.each([
    ['national', national],
    ['school', school],
    ['partnership', partnership],
    ['county', county],
  ])('keeps the ids, parameters and key of the %s preset in a very hidden sheet', async (_name, json) => {
    const system = loadIndicatorSystem(json);
    const wb = await exported(system);
    expect(wb.getWorksheet(MACHINE_SHEET)!.state).toBe('veryHidden');
    const visible = wb.worksheets.filter((ws) => ws.state === 'visible');
    expect(visible.map((ws) => ws.name)).toEqual(['评估细则', '体系信息', '等级划分', '数据项', '类别']);
    // Ids that differ from the 编码 users read (e.g. d-2-1-3) must not show; neither may the key.
    const ids = new Set(flattenNodes(system.nodes).filter(({ node }) => node.id !== node.code && node.id !== node.title).map(({ node }) => node.id));
    expect(ids.size).toBeGreaterThan(0);
    for (const ws of visible) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const text = String(cell.value ?? '').trim();
          const where = `${ws.name}!${cell.address} “${text}”`;
          expect(text, where).not.toMatch(/^[[{]/);
          expect(ids.has(text), where).toBe(false);
          expect(text, where).not.toContain(system.key);
        }),
      );
    }
    const headers = (name: string) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).map(String);
    for (const machine of ['方法参数', '节点ID']) expect(headers(NODE_SHEET)).not.toContain(machine);
    const metaKeys: string[] = [];
    wb.getWorksheet(META_SHEET)!.eachRow((r) => metaKeys.push(String(r.getCell(1).value)));
    expect(metaKeys).not.toContain('体系标识');
    expect(metaKeys).not.toContain('格式版本');
  });

  it('writes the pass rules in words in 体系信息', async () => {
    const wb = await exported(loadIndicatorSystem(county));
    let rules = '';
    wb.getWorksheet(META_SHEET)!.eachRow((r) => {
      if (r.getCell(1).value === '通过规则') rules = String(r.getCell(2).value);
    });
    expect(rules).toContain('差异程度');
    expect(rules).not.toMatch(/[{}[\]]|kind|nodeId/);
  });

  it('keeps ids and parameters when a title is edited or a row is added by hand', async () => {
    const system = loadIndicatorSystem(county);
    const wb = await exported(system);
    const ws = wb.getWorksheet(NODE_SHEET)!;
    const formula = flattenNodes(system.nodes).find(({ node }) => node.scoring?.method === 'formula')!.node;
    const row = rowOfCode(ws, formula.code);
    const titleCell = row.getCell(columnOf(ws, '三级指标')).value ? row.getCell(columnOf(ws, '三级指标')) : row.getCell(columnOf(ws, '二级指标'));
    titleCell.value = `${formula.title}（改）`;
    // A new top-level indicator at the end, typed by hand: read like a hand-made row.
    const added = ws.addRow([]);
    added.getCell(1).value = '附加指标';
    added.getCell(columnOf(ws, '编码')).value = '9';
    added.getCell(columnOf(ws, '分值')).value = 0;
    added.getCell(columnOf(ws, '评分方式')).value = '达标';
    const r = await importIndicatorWorkbook(await toBuffer(wb), '改过的细则.xlsx');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const byCode = new Map(flattenNodes(r.system.nodes).map(({ node }) => [node.code, node]));
    expect(byCode.get(formula.code)).toMatchObject({ id: formula.id, title: `${formula.title}（改）`, scoring: formula.scoring });
    expect(byCode.get('9')!.scoring).toEqual({ method: 'boolean' });
    expect(r.system.nodes.slice(0, -1).map((n) => n.id)).toEqual(system.nodes.map((n) => n.id));
    expect(r.system.key).toBe(system.key);
    expect(r.system.passRules).toEqual(system.passRules);
  });

  it('refuses scoring words or pass rules edited in Excel, naming the cell, instead of ignoring the edit', async () => {
    const system = loadIndicatorSystem(county);
    const wb = await exported(system);
    const ws = wb.getWorksheet(NODE_SHEET)!;
    const formula = flattenNodes(system.nodes).find(({ node }) => node.scoring?.method === 'formula')!.node;
    const row = rowOfCode(ws, formula.code);
    const readingCol = columnOf(ws, '评分规则说明');
    const original = String(row.getCell(readingCol).value);
    row.getCell(readingCol).value = original.replace(/0\.65/, '0.7');
    expect(row.getCell(readingCol).value).not.toBe(original);
    wb.getWorksheet(META_SHEET)!.eachRow((r) => {
      if (r.getCell(1).value === '通过规则') r.getCell(2).value = '总分达到 80 分';
    });
    const r = await importIndicatorWorkbook(await toBuffer(wb), 'x.xlsx');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const letter = columnLetter(readingCol);
    expect(r.errors.map((e) => e.message)).toEqual([
      `x.xlsx 工作表“评估细则”第 ${row.number} 行 ${letter} 列（评分规则说明）：评分规则说明与导出时不同，评分参数不能在 Excel 中修改：请在软件中修改评分参数，或把此格恢复为导出时的内容后再导入（原文：${original}）`,
      expect.stringMatching(/^x\.xlsx 工作表“体系信息”第 \d+ 行 B 列（通过规则）：通过规则与导出时不同，通过规则不能在 Excel 中修改：请在软件“规则与等级”中修改/),
    ]);
  });

  it('takes a changed 评分方式 with its default parameters, and explains what Excel cannot set', async () => {
    const system = loadIndicatorSystem(county);
    const wb = await exported(system);
    const ws = wb.getWorksheet(NODE_SHEET)!;
    const nodes = flattenNodes(system.nodes).map(({ node }) => node);
    const formula = nodes.find((n) => n.scoring?.method === 'formula')!;
    const points = nodes.find((n) => n.scoring?.method === 'points')!;
    const method = columnOf(ws, '评分方式');
    rowOfCode(ws, formula.code).getCell(method).value = '达标';
    const changed = await importIndicatorWorkbook(await toBuffer(wb), 'x.xlsx');
    if (!changed.ok) throw new Error(changed.errors.map((e) => e.message).join('\n'));
    expect(flattenNodes(changed.system.nodes).find(({ node }) => node.id === formula.id)!.node.scoring).toEqual({ method: 'boolean' });

    const pointsRow = rowOfCode(ws, points.code);
    pointsRow.getCell(method).value = '公式';
    const r = await importIndicatorWorkbook(await toBuffer(wb), 'x.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.message).toBe(
        `x.xlsx 工作表“评估细则”第 ${pointsRow.number} 行 ${columnLetter(method)} 列（评分方式）：评分方式“公式”的参数（公式未设置）无法在 Excel 中填写：请先用其他评分方式导入，再在软件中改为“公式”并设置参数`,
      );
    }
  });

  it.each(['county', 'national'])('reads a %s workbook written before 导入用数据 existed (方法参数 JSON and 节点ID visible)', async (name) => {
    const file = path.join(FIXTURES, `indicator-system-before-hidden-data-${name}.xlsx`);
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, `indicator-system-before-hidden-data-${name}.json`), 'utf8')) as IndicatorSystem;
    const old = new ExcelJS.Workbook();
    await old.xlsx.readFile(file);
    expect(old.getWorksheet(MACHINE_SHEET)).toBeUndefined();
    expect((old.getWorksheet(NODE_SHEET)!.getRow(1).values as unknown[]).map(String)).toEqual(expect.arrayContaining(['方法参数', '节点ID']));
    const r = await importIndicatorWorkbook(fs.readFileSync(file), `${name}.xlsx`);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.system).toEqual(expected);
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
