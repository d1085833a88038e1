/** The indicator-system import reads through the same reader as the register: same sniffing, caps and cell semantics. */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { importIndicatorWorkbook } from '../indicator-workbook';
import { buildXlsx, inlineCell, textRow } from './testing/xlsx-builder';
import { buildZip, deflatePart } from './testing/zip-builder';

const messages = (r: Awaited<ReturnType<typeof importIndicatorWorkbook>>) => (r.ok ? [] : r.errors.map((e) => e.message));

describe('indicator-system import: what the file is', () => {
  it('gives the register’s messages for .xls, empty files and zips that are not workbooks', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect(messages(await importIndicatorWorkbook(ole, '细则.xls'))[0]).toMatch(/^细则\.xls：这是旧版 Excel 97-2003（\.xls）格式的文件.*另存为/);
    expect(messages(await importIndicatorWorkbook(Buffer.alloc(0), '细则.xlsx'))).toEqual(['细则.xlsx：文件是空的，没有任何内容']);
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    const docx = await zip.generateAsync({ type: 'nodebuffer' });
    expect(messages(await importIndicatorWorkbook(docx, '细则.xlsx'))[0]).toContain('不是 Excel 工作簿');
  });

  it('refuses text (a CSV saved as .xlsx): an indicator system needs its three sheets', async () => {
    const r = await importIndicatorWorkbook(Buffer.from('一级指标,编码\n资源配置,1\n'), '细则.xlsx');
    expect(messages(r)[0]).toMatch(/^细则\.xlsx 不是有效的 Excel（\.xlsx）文件/);
  });

  it('refuses a zip bomb with the reader’s message and keeps running', async () => {
    const EMPTY_ROWS = Buffer.from('<row/>'.repeat(174_762));
    const bomb = await deflatePart(function* () {
      for (let i = 0; i < 600; i++) yield EMPTY_ROWS;
    });
    const buf = await buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }, { name: 'xl/worksheets/sheet1.xml', data: bomb }]);
    expect(messages(await importIndicatorWorkbook(buf, '细则.xlsx'))[0]).toMatch(/^细则\.xlsx：文件解压后超过 512 MB.*可能已损坏或是恶意构造的文件/);
  });
});

describe('indicator-system import: cells', () => {
  const HEAD = textRow(1, ['一级指标', '二级指标', '编码', '分值', '评分方式']);

  it('takes formula results as saved: a 分值 of =2-2 saved as 0 is 0', async () => {
    const rows =
      HEAD +
      `<row r="2">${inlineCell('A2', '资源配置')}${inlineCell('B2', '生均面积')}${inlineCell('C2', '1.1')}<c r="D2"><f>2-2</f><v>0</v></c>${inlineCell('E2', '分值')}</row>` +
      `<row r="3">${inlineCell('B3', '师资')}${inlineCell('C3', '1.2')}<c r="D3" t="str"><f>"5"</f><v>5</v></c>${inlineCell('E3', '分值')}</row>`;
    const buf = await buildXlsx({ sheets: [{ name: '评估细则', rows, after: '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>' }] });
    const r = await importIndicatorWorkbook(buf, '某县.xlsx');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.system.name).toBe('某县');
    expect(r.system.nodes).toHaveLength(1);
    expect(r.system.nodes[0].children.map((n) => [n.code, n.points])).toEqual([
      ['1.1', 0],
      ['1.2', 5],
    ]);
  });

  it('names the place of a formula saved without a result as a missing value, never as a number', async () => {
    const rows = HEAD + `<row r="2">${inlineCell('A2', '资源配置')}${inlineCell('C2', '1')}<c r="D2"><f>SUM(X1:X9)</f></c>${inlineCell('E2', '分值')}</row>`;
    const r = await importIndicatorWorkbook(await buildXlsx({ sheets: [{ name: '评估细则', rows }] }), 'x.xlsx');
    expect(messages(r)).toEqual(['x.xlsx 工作表“评估细则”第 2 行：指标 1 资源配置：末级指标未设置分值（可填 0）']);
  });

  it('reads a workbook whose drop-down covers whole columns (validations are never loaded)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('评估细则');
    ws.addRow(['一级指标', '编码', '分值', '评分方式']);
    ws.addRow(['资源配置', '1', 10, '达标']);
    (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add('D2:D1048576', {
      type: 'list',
      allowBlank: true,
      formulae: ['"分值,达标,等级"'],
    });
    const r = await importIndicatorWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    if (!r.ok) throw new Error(messages(r).join('\n'));
    expect(r.system.nodes[0].scoring?.method).toBe('boolean');
  });
});
