import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text';
import { detectFileKind } from './file-kind';
import { parseSchoolsFile } from './parse-schools';
import { csvText, gbk, utf8Bom, xlsx } from './test-fixtures';

const HEAD = ['学校标识码', '学校名称', '类型', '城乡'];
const ROWS = [HEAD, ['4101000001', '城关第一小学', '小学', '城区'], ['4101000002', '城关中学', '初中', '镇区']];

describe('file type detection', () => {
  it('knows files by their bytes', () => {
    expect(detectFileKind(Buffer.alloc(0))).toBe('empty');
    expect(detectFileKind(Buffer.from('  \r\n'))).toBe('empty');
    expect(detectFileKind(Buffer.from('PK\x03\x04rest'))).toBe('xlsx');
    expect(detectFileKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe('xls');
    expect(detectFileKind(Buffer.from('a,b\n1,2'))).toBe('csv');
    expect(detectFileKind(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).toBe('binary');
  });

  it('decodes UTF-8 with and without BOM, and GBK', () => {
    expect(decodeText(utf8Bom('学校名称'))).toBe('学校名称');
    expect(decodeText(Buffer.from('学校名称', 'utf8'))).toBe('学校名称');
    expect(decodeText(gbk('学校名称（全称）'))).toBe('学校名称（全称）');
  });
});

describe('hostile files', () => {
  it('reports an empty file', async () => {
    const r = await parseSchoolsFile(Buffer.alloc(0), '学校.xlsx');
    expect(r.rows).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toBe('学校.xlsx：文件是空的，没有任何内容');
  });

  it('reports a CSV with only a BOM and blank lines as empty', async () => {
    const r = await parseSchoolsFile(utf8Bom('\r\n\r\n'), '学校.csv');
    expect(r.errors[0].message).toContain('文件是空的');
  });

  it('asks to resave a legacy .xls as .xlsx', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const r = await parseSchoolsFile(ole, '学校.xls');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toContain('.xls');
    expect(r.errors[0].message).toContain('另存为');
    expect(r.errors[0].message).toContain('.xlsx');
  });

  it('reads a “.xlsx” that is really a CSV by its content', async () => {
    const r = await parseSchoolsFile(utf8Bom(csvText(ROWS)), '学校.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.input.name)).toEqual(['城关第一小学', '城关中学']);
  });

  it('reads a “.csv” that is really an xlsx workbook by its content', async () => {
    const buf = await xlsx([{ name: '学校名册', rows: ROWS }]);
    const r = await parseSchoolsFile(buf, '学校.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0].sheet).toBe('学校名册');
  });

  it('refuses a binary file that is neither, naming the extension', async () => {
    const r = await parseSchoolsFile(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0x01, 0x02]), '学校.pdf');
    expect(r.errors[0].message).toContain('既不是 Excel 工作簿（.xlsx）也不是 CSV');
    expect(r.errors[0].message).toContain('.pdf');
  });

  it('refuses a zip that is not a workbook (e.g. a Word file renamed)', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    const buf = await zip.generateAsync({ type: 'nodebuffer' });
    const r = await parseSchoolsFile(buf, '学校.xlsx');
    expect(r.errors[0].message).toContain('不是 Excel 工作簿');
  });

  it('refuses a truncated xlsx', async () => {
    const good = await xlsx([{ name: '学校名册', rows: ROWS }]);
    const r = await parseSchoolsFile(good.subarray(0, 200), '学校.xlsx');
    expect(r.rows).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/损坏|不是 Excel/);
  });

  it('reports a workbook whose only sheet is blank', async () => {
    const r = await parseSchoolsFile(await xlsx([{ name: 'Sheet1', rows: [] }]), '学校.xlsx');
    expect(r.errors[0].message).toBe('学校.xlsx 工作表“Sheet1”：工作表是空的，没有任何数据');
  });

  it('reports a header with no data rows under it', async () => {
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows: [HEAD] }]), '学校.xlsx');
    expect(r.errors.map((e) => e.message)).toEqual(['学校.xlsx 工作表“学校名册”第 1 行：表头下面没有任何学校数据']);
  });

  it('reads a workbook whose drop-down covers a whole column without expanding it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校名册');
    ROWS.forEach((r) => ws.addRow(r));
    (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add('C2:C1048576', {
      type: 'list',
      allowBlank: true,
      formulae: ['"小学,初中"'],
    });
    const r = await parseSchoolsFile(Buffer.from(await wb.xlsx.writeBuffer()), '学校.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(2);
  });
});
