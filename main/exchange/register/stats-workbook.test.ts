import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import { buildStatsTemplate, exportStatsWorkbook } from './stats-workbook';
import { campus, school } from './test-fixtures';

async function rowsOf(buf: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('学校统计')!;
  const out: string[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    if (v[2] === undefined || v[2] === null) return;
    out.push([v[2], v[3] ?? '', v[5] ?? ''].join('|'));
  });
  return out;
}

const rec = (schoolId: number, campusId: number | null, year: number, pupilsPrimary: number): StatRecord => ({ schoolId, campusId, year, values: { pupilsPrimary }, updatedAt: '' });

describe('statistics export', () => {
  const unflagged = { ...campus(22, 2, '南校区'), evaluatedSeparately: false };
  const schools = [
    school(1, '4101000001', '城关第一小学', { campuses: [campus(11, 1, '本部'), campus(12, 1, '北校区')] }),
    school(2, '4101000002', '城关第二小学', { campuses: [unflagged] }),
    // Closed before the 2024 census (1 September), even though 2024 figures were recorded.
    school(3, '4101000003', '河湾小学', { status: '撤并', closedOn: '2024-08-31' }),
    // Closed after the census started: still in the 2024 sheet.
    school(4, '4101000004', '柳林小学', { status: '撤并', closedOn: '2024-09-01' }),
    school(5, '4101000005', '石门小学', { status: '撤并', closedOn: '2019-07-01' }),
  ];
  const stats = [rec(1, null, 2024, 600), rec(1, 12, 2024, 250), rec(1, 11, 2023, 300), rec(2, 22, 2024, 80), rec(3, null, 2024, 70), rec(4, null, 2024, 90)];

  it('leaves out campus rows without a record (flagged or not) and schools closed before the year', async () => {
    expect(await rowsOf(await exportStatsWorkbook(2024, schools, stats))).toEqual([
      '城关第一小学||600',
      // 本部 is marked 单独评估 but has only a 2023 record: no 2024 row.
      '城关第一小学|北校区|250',
      // A school row stays even without its own record (the file doubles as a form).
      '城关第二小学||',
      '城关第二小学|南校区|80',
      '柳林小学||90',
    ]);
  });

  it('in 2023 the school closed on 2024-08-31 is still in the census; the flagged campus with a record has its row', async () => {
    const rows = await rowsOf(await exportStatsWorkbook(2023, schools, stats));
    expect(rows).toContain('城关第一小学|本部|300');
    expect(rows).toContain('河湾小学||');
    expect(rows.some((r) => r.startsWith('石门小学'))).toBe(false);
  });

  it('the template has one row per school given and no campus rows', async () => {
    expect(await rowsOf(await buildStatsTemplate({ schools: [{ code: '4101000001', name: '城关第一小学' }] }))).toEqual(['城关第一小学||']);
  });
});
