import { beforeAll, describe, expect, it } from 'vitest';
import { parseStatsFile } from '../register/parse-stats';
import { DEFAULT_LIMITS, WorkbookLimitError } from './limits';
import { readWorkbook } from './read-workbook';
import { CorruptZipError } from './zip';
import { parts, textRow, worksheetHead } from './testing/xlsx-builder';
import { buildZip, deflatePart, type Deflated, type ZipPartSpec } from './testing/zip-builder';

const MB = 1024 * 1024;
const ZEROS = Buffer.alloc(MB);

/** n MB of zeros, streamed: never more than one megabyte in memory. */
function* zeros(n: number): Iterable<Buffer> {
  for (let i = 0; i < n; i++) yield ZEROS;
}

const EMPTY_ROWS = Buffer.from('<row/>'.repeat(Math.floor(MB / 6)));

/** A well-formed worksheet of about n MB of empty rows: it deflates like zeros (about 1,000 : 1). */
function* xmlBomb(n: number): Iterable<Buffer | string> {
  yield worksheetHead();
  for (let i = 0; i < n; i++) yield EMPTY_ROWS;
  yield '</sheetData></worksheet>';
}

/** A valid one-sheet workbook whose sheet part is replaced by `sheet`. */
function bookWith(sheet: Omit<ZipPartSpec, 'name'>, extra: ZipPartSpec[] = []): Promise<Buffer> {
  const base = parts({ sheets: [{ name: '学校统计', rows: textRow(1, ['学校名称']) }] }).filter((p) => !p.name.startsWith('xl/worksheets/'));
  return buildZip([...base, { name: 'xl/worksheets/sheet1.xml', ...sheet }, ...extra]);
}

/** Peak resident memory of this process so far, in MB (a high-water mark: it never goes down). */
const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function refusal(buf: Buffer): Promise<string> {
  const e = await readWorkbook(buf).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WorkbookLimitError);
  return (e as Error).message;
}

describe('zip bombs', () => {
  let gigabyte: Deflated;
  beforeAll(async () => {
    // 1 GB of XML deflates to about 1 MB; made on the fly, never whole in memory.
    gigabyte = await deflatePart(() => xmlBomb(1024));
  });

  it('refuses a part that declares 1 GB, before inflating, and the import reports it in Chinese', async () => {
    expect(gigabyte.size).toBeGreaterThan(1023 * MB);
    expect(gigabyte.compressedSize).toBeLessThan(2 * MB);
    const buf = await bookWith({ data: gigabyte });
    const before = peakMb();
    expect(await refusal(buf)).toMatch(/^文件解压后超过 512 MB（其中“xl\/worksheets\/sheet1\.xml”一项为 1024 MB），可能已损坏或是恶意构造的文件/);
    const r = await parseStatsFile(buf, '炸弹.xlsx', { year: 2024 });
    expect(r.rows).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/^炸弹\.xlsx：文件解压后超过 512 MB.*可能已损坏或是恶意构造的文件/);
    expect(peakMb() - before).toBeLessThan(100);
  });

  it('refuses a part whose declared size is small but which inflates to 1 GB, stopping at the declared size', async () => {
    const buf = await bookWith({ data: gigabyte, declaredSize: 200 * 1024 });
    const before = peakMb();
    const t0 = performance.now();
    expect(await refusal(buf)).toMatch(/^文件解压后超过文件中声明的大小（“xl\/worksheets\/sheet1\.xml”声明为 0\.2 MB，实际更大）/);
    // It stopped early: inflating the whole gigabyte would take seconds and show in memory.
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(peakMb() - before).toBeLessThan(100);
  });

  it('refuses a part that expands more than 200 times, even under the size caps', async () => {
    const buf = await bookWith({ data: () => xmlBomb(100) });
    expect(await refusal(buf)).toMatch(/^文件解压后超过压缩前的 200 倍（其中“xl\/worksheets\/sheet1\.xml”由 0\.1 MB 解压为 100 MB）/);
  });

  it('refuses parts whose sizes add up beyond the total cap', async () => {
    const big = await deflatePart(() => zeros(300));
    const buf = await bookWith({ data: 'x' }, [
      { name: 'xl/media/a.bin', data: big },
      { name: 'xl/media/b.bin', data: big },
      { name: 'xl/media/c.bin', data: big },
      { name: 'xl/media/d.bin', data: big },
    ]);
    // Ratio caught first here; with the ratio cap lifted the total cap still holds.
    await expect(readWorkbook(buf)).rejects.toThrow(WorkbookLimitError);
    const e = await readWorkbook(buf, { limits: { maxRatio: 10_000 } }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/^文件解压后超过 1024 MB（各部分合计 1200 MB）/);
  });

  it('refuses a central directory that declares huge sizes for tiny parts', async () => {
    const buf = await bookWith({ data: '<worksheet/>', store: true }, [{ name: 'xl/media/huge.bin', data: 'tiny', declaredSize: 0xfffffff0 }]);
    expect(await refusal(buf)).toMatch(/^文件解压后超过 512 MB（其中“xl\/media\/huge\.bin”一项为 4096 MB）/);
  });

  it('refuses a zip of more parts than any workbook has', async () => {
    const many = Array.from({ length: DEFAULT_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `x/${i}.txt`, data: '', store: true }));
    const buf = await bookWith({ data: '<worksheet/>' }, many);
    expect(await refusal(buf)).toMatch(/^文件解压后超过 10000 个部分/);
  });

  it('refuses a single text node of 40 MB (the XML parser would hold it whole)', async () => {
    const spaces = Buffer.alloc(MB, 0x20);
    const buf = await bookWith({
      data: function* () {
        yield `${worksheetHead()}<row r="1"><c r="A1" t="inlineStr"><is><t>`;
        for (let i = 0; i < 40; i++) yield spaces;
        yield '</t></is></c></row></sheetData></worksheet>';
      },
    });
    // Spaces deflate like zeros, so the ratio cap would refuse this first: lift it to reach the parser's guard.
    const e = await readWorkbook(buf, { limits: { maxRatio: 100_000 } }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(WorkbookLimitError);
    expect((e as Error).message).toMatch(/^文件解压后“xl\/worksheets\/sheet1\.xml”中有超过 32 MB 的内容没有任何分隔/);
  });

  it('refuses a workbook with more cells holding values than the cap', async () => {
    const rows = Array.from({ length: 30 }, (_, r) => `<row r="${r + 1}">${'<c><v>1</v></c>'.repeat(10)}</row>`).join('');
    const buf = await buildZip(parts({ sheets: [{ name: 'A', rows }] }));
    const e = await readWorkbook(buf, { limits: { maxCells: 250 } }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(WorkbookLimitError);
    expect((e as Error).message).toContain('有内容的单元格超过');
  });

  it('reports damaged parts (bad deflate data, wrong checksum, fewer bytes than declared) as errors, never hangs', async () => {
    const xml = `${worksheetHead()}</sheetData></worksheet>`;
    const good = await deflatePart(xml);
    const garbage = { compressed: [Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13])], compressedSize: 6, crc: good.crc, size: good.size };
    for (const data of [garbage, { ...good, crc: good.crc ^ 1 }, { ...good, size: good.size + 10 }]) {
      const e = await readWorkbook(await bookWith({ data })).catch((x: Error) => x);
      expect(e).toBeInstanceOf(CorruptZipError);
    }
    const r = await parseStatsFile(await bookWith({ data: garbage }), '坏.xlsx', { year: 2024 });
    expect(r.errors.map((x) => x.message)).toEqual(['坏.xlsx：无法作为 Excel 工作簿（.xlsx）读取，文件可能已损坏。请在 Excel 中打开并重新保存后再导入']);
  });

  it('keeps working after a refusal', async () => {
    const good = await buildZip(parts({ sheets: [{ name: '学校统计', rows: textRow(1, ['学校名称']) + textRow(2, ['一小']) }] }));
    const wb = await readWorkbook(good);
    expect(wb.sheets[0].rows[1]).toEqual([{ t: 'text', v: '一小' }]);
  });
});
