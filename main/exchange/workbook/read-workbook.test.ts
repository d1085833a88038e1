import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readDate } from '../register/cell-values';
import { cellAt, isMergedAcross, type Cell, type SheetTable } from '../register/table';
import { isCoveredByMerge } from './merges';
import { readWorkbook } from './read-workbook';
import { buildXlsx, formattedToLastRow, inlineCell, parts, textRow, worksheetHead, type TestBook } from './testing/xlsx-builder';
import { buildZip } from './testing/zip-builder';

async function read(book: TestBook) {
  return readWorkbook(await buildXlsx(book));
}

async function sheet(rows: string, extra: Partial<TestBook> = {}, after?: string): Promise<SheetTable> {
  const wb = await read({ sheets: [{ name: '表', rows, after }], ...extra });
  return wb.sheets[0];
}

const at = (t: SheetTable, ref: string): Cell => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return cellAt(t, Number(m[2]) - 1, m[1].charCodeAt(0) - 65);
};

describe('formula results', () => {
  it('takes the saved result: 0 is 0, FALSE is false, "" is blank, errors are errors', async () => {
    const t = await sheet(
      '<row r="1">' +
        '<c r="A1"><f>SUM(D1:F1)</f><v>0</v></c>' +
        '<c r="B1" t="b"><f>D1&gt;1</f><v>0</v></c>' +
        '<c r="C1" t="str"><f>IF(ISBLANK(J1),"",J1)</f><v></v></c>' +
        '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
        '<c r="E1" t="str"><f>"一"&amp;"小"</f><v>一小</v></c>' +
        '<c r="F1" t="b"><f>TRUE()</f><v>1</v></c>' +
        '<c r="G1"><f>0.1+0.2</f><v>0.30000000000000004</v></c>' +
        '</row>',
    );
    expect(t.rows[0]).toEqual([
      { t: 'number', v: 0 },
      { t: 'bool', v: false },
      { t: 'empty' },
      { t: 'error', v: '#DIV/0!' },
      { t: 'text', v: '一小' },
      { t: 'bool', v: true },
      { t: 'number', v: 0.30000000000000004 },
    ]);
    expect([...t.formulaCells!].sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 6]);
  });

  it('keeps a formula saved without a result as a formula (no <v>, or an empty <v> as openpyxl writes)', async () => {
    const t = await sheet('<row r="1"><c r="A1"><f>SUM(B1:C1)</f></c><c r="B1"><f>A1*2</f><v/></c><c r="C1" t="n"><f>A1*3</f><v></v></c></row>');
    expect(t.rows[0]).toEqual([
      { t: 'formula', formula: 'SUM(B1:C1)' },
      { t: 'formula', formula: 'A1*2' },
      { t: 'formula', formula: 'A1*3' },
    ]);
  });

  it('reads shared formulas: results on every cell, the text shifted where no result was saved', async () => {
    const t = await sheet(
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2+$A$1+"A1"</f><v>2</v></c></row>' +
        '<row r="3"><c r="A3"><v>0</v></c><c r="B3"><f t="shared" si="0"/><v>0</v></c></row>' +
        '<row r="4"><c r="B4"><f t="shared" si="0"/></c></row>',
    );
    expect(at(t, 'B2')).toEqual({ t: 'number', v: 2 });
    expect(at(t, 'B3')).toEqual({ t: 'number', v: 0 });
    expect(at(t, 'B4')).toEqual({ t: 'formula', formula: 'A4*2+$A$1+"A1"' });
  });
});

describe('strings', () => {
  it('reads shared strings, plain and rich, without phonetic guides, decoding _xHHHH_', async () => {
    const t = await sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>', {
      sharedStrings: [
        '学校名称',
        '<r><rPr><b/></rPr><t>7</t></r><r><t xml:space="preserve">年级学生数（人）</t></r>',
        '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>',
        '<t>第一行_x000D_\n第二行</t>',
      ],
    });
    expect(t.rows[0]).toEqual([
      { t: 'text', v: '学校名称' },
      { t: 'text', v: '7年级学生数（人）' },
      { t: 'text', v: '東京' },
      { t: 'text', v: '第一行\r\n第二行' },
    ]);
  });

  it('reads inline strings, plain and rich, and treats whitespace-only text as blank', async () => {
    const t = await sheet(
      '<row r="1">' +
        inlineCell('A1', '桃源镇中心小学') +
        '<c r="B1" t="inlineStr"><is><r><t>城关</t></r><r><rPr><i/></rPr><t>中学</t></r><rPh><t>じょう</t></rPh></is></c>' +
        '<c r="C1" t="inlineStr"><is><t xml:space="preserve">   </t></is></c>' +
        '<c r="D1" t="str"><v>plain str</v></c>' +
        '</row>',
    );
    expect(t.rows[0]).toEqual([{ t: 'text', v: '桃源镇中心小学' }, { t: 'text', v: '城关中学' }, { t: 'empty' }, { t: 'text', v: 'plain str' }]);
  });
});

describe('numbers, booleans, errors and dates', () => {
  it('reads numbers as numbers unless their format shows a date', async () => {
    const t = await sheet(
      '<row r="1"><c r="A1"><v>45536</v></c><c r="B1" s="1"><v>45536</v></c><c r="C1" s="2"><v>45536.5</v></c><c r="D1" s="3"><v>12.5</v></c>' +
        '<c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="d"><v>2024-09-01T08:30:00</v></c></row>',
    );
    expect(t.rows[0]).toEqual([
      { t: 'number', v: 45536 },
      { t: 'date', v: new Date('2024-09-01T00:00:00Z') },
      { t: 'date', v: new Date('2024-09-01T12:00:00Z') },
      { t: 'number', v: 12.5 },
      { t: 'bool', v: true },
      { t: 'error', v: '#N/A' },
      { t: 'date', v: new Date('2024-09-01T08:30:00Z') },
    ]);
    expect(t.date1904).toBe(false);
  });

  it('counts 1900 dates around Excel’s fictitious 1900-02-29', async () => {
    const t = await sheet('<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c><c r="C1" s="1"><v>60</v></c><c r="D1" s="1"><v>61</v></c></row>');
    expect(t.rows[0]).toEqual([
      { t: 'date', v: new Date('1900-01-01T00:00:00Z') },
      { t: 'date', v: new Date('1900-02-28T00:00:00Z') },
      { t: 'text', v: '1900-02-29' },
      { t: 'date', v: new Date('1900-03-01T00:00:00Z') },
    ]);
    // A day that never existed is refused by the date reader rather than moved to another day.
    expect(readDate(t.rows[0][2]).ok).toBe(false);
  });

  it('reads the 1904 date system, for date cells and for dates stored as plain serial numbers', async () => {
    const t = await sheet('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44074</v></c><c r="C1"><v>44074</v></c></row>', { date1904: true });
    expect(t.date1904).toBe(true);
    expect(t.rows[0][0]).toEqual({ t: 'date', v: new Date('1904-01-01T00:00:00Z') });
    expect(t.rows[0][1]).toEqual({ t: 'date', v: new Date('2024-09-01T00:00:00Z') });
    expect(readDate(t.rows[0][2], t.date1904)).toEqual({ ok: true, value: '2024-09-01' });
    // The same serial in the 1900 system is four years and a day earlier.
    expect(readDate(t.rows[0][2])).toEqual({ ok: true, value: '2020-08-31' });
    expect(readDate({ t: 'number', v: 45536 })).toEqual({ ok: true, value: '2024-09-01' });
  });
});

describe('sheets, rows and merges', () => {
  it('keeps sheet order, names and visibility, and marks hidden rows', async () => {
    const wb = await read({
      sheets: [
        { name: '学校统计', rows: textRow(1, ['学校名称']) + '<row r="2" hidden="1">' + inlineCell('A2', '已撤并小学') + '</row><row r="3" hidden="true"/>' + textRow(4, ['一小']) },
        { name: '2024备份', rows: textRow(1, ['旧']), state: 'hidden' },
        { name: '代码', rows: textRow(1, ['x']), state: 'veryHidden' },
      ],
    });
    expect(wb.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['学校统计', false],
      ['2024备份', true],
      ['代码', true],
    ]);
    expect([...wb.sheets[0].hiddenRows!]).toEqual([1, 2]);
    expect(wb.sheets[0].rows.map((r) => r.map((c) => (c.t === 'text' ? c.v : c.t)))).toEqual([['学校名称'], ['已撤并小学'], [], ['一小']]);
  });

  it('locates merged headers: covered cells repeat the value, mergedAcross and merges say where', async () => {
    const t = await sheet(
      textRow(1, ['2024 年统计表']) + textRow(2, ['学校名称', '在校生数', null]) + textRow(3, [null, '小学', '初中']) + textRow(4, ['一小', null, null]),
      {},
      '<mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="A2:A3"/><mergeCell ref="B2:C2"/></mergeCells>',
    );
    expect(t.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 2 },
      { top: 1, left: 0, bottom: 2, right: 0 },
      { top: 1, left: 1, bottom: 1, right: 2 },
    ]);
    expect(at(t, 'C1')).toEqual({ t: 'text', v: '2024 年统计表' });
    expect(at(t, 'A3')).toEqual({ t: 'text', v: '学校名称' });
    expect(isMergedAcross(t, 0, 1) && isMergedAcross(t, 0, 2) && isMergedAcross(t, 1, 2)).toBe(true);
    expect(isMergedAcross(t, 2, 0)).toBe(false);
    expect(isCoveredByMerge(t, 2, 0)).toBe(true);
    expect(isCoveredByMerge(t, 1, 0)).toBe(false);
  });

  it('ends the sheet at the last row with a value, however far the formatting reaches', async () => {
    const head = textRow(1, ['学校名称', '年份']) + '<row r="2">' + inlineCell('A2', '一小') + '<c r="B2"><v>2024</v></c></row>' + '<row r="3" hidden="1"><c r="A3" s="3"/></row>';
    const before = process.memoryUsage().rss;
    const wb = await read({ sheets: [{ name: '学校统计', rows: () => formattedToLastRow(head, 4, 2) }] });
    const t = wb.sheets[0];
    expect(t.rows).toHaveLength(2);
    expect(t.rows[1]).toEqual([{ t: 'text', v: '一小' }, { t: 'number', v: 2024 }]);
    // Row 3 is hidden but beyond the last value: not part of the table.
    expect(t.hiddenRows!.size).toBe(0);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('ignores styled empty cells, placeholders and cells without values in the used range', async () => {
    const t = await sheet('<row r="1" spans="1:5"><c r="A1" s="3"/><c r="B1" s="3"><v>1</v></c><c r="E1" s="1"/></row><row r="7"><c r="C7" s="2"/></row>');
    expect(t.rows).toEqual([[{ t: 'empty' }, { t: 'number', v: 1 }]]);
  });

  it('reads cells and rows without r attributes in order', async () => {
    const t = await sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="B2"><v>3</v></c><c><v>4</v></c></row><row><c r="C3" s="1"/><c s="1"/><c><v>5</v></c></row>');
    expect(t.rows.map((r) => r.map((c) => (c.t === 'number' ? c.v : null)))).toEqual([
      [1, 2],
      [null, 3, 4],
      [null, null, null, null, 5],
    ]);
  });
});

describe('packages as other writers make them', () => {
  it('reads namespace-prefixed XML, absolute targets and no sharedStrings or styles parts', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const buf = await buildZip([
      { name: '_rels/.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>' },
      { name: 'xl/workbook.xml', data: `<x:workbook xmlns:x="${ns}" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="S" sheetId="1" rel:id="a"/></x:sheets></x:workbook>` },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/xl/worksheets/s.xml"/></Relationships>' },
      { name: 'xl/worksheets/s.xml', data: `<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c><x:c r="B1"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>` },
    ]);
    const wb = await readWorkbook(buf);
    expect(wb.sheets[0].rows).toEqual([[{ t: 'text', v: '甲' }, { t: 'number', v: 5 }]]);
  });

  it('reads a package written by a general zip library (jszip) and skips chart sheets', async () => {
    const zip = new JSZip();
    for (const p of parts({ sheets: [{ name: 'A', rows: textRow(1, ['甲']) }] })) zip.file(p.name, p.data as string);
    const wbXml = (await zip.file('xl/workbook.xml')!.async('string')).replace('</sheets>', '<sheet name="图表" sheetId="9" r:id="rIdC"/></sheets>');
    zip.file('xl/workbook.xml', wbXml);
    const rels = (await zip.file('xl/_rels/workbook.xml.rels')!.async('string')).replace(
      '</Relationships>',
      '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
    );
    zip.file('xl/_rels/workbook.xml.rels', rels);
    const wb = await readWorkbook(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(wb.sheets.map((s) => s.name)).toEqual(['A']);
  });

  it('refuses malformed XML as a damaged file', async () => {
    const buf = await buildXlsx({ sheets: [{ name: 'A', rows: () => [`${worksheetHead()}<row r="1"><c r="A1"><v>1</c></row>`] }] });
    await expect(readWorkbook(buf)).rejects.toThrow(/sheet1\.xml/);
  });
});
