/** The case files from offices (copied from ../shared/cases/imports into ../register/fixtures/), read as a user expects. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatsFile } from '../register/parse-stats';
import { cellAt } from '../register/table';
import { readWorkbook } from './read-workbook';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../register/fixtures', name));

describe('formula-result-zero.xlsx (formulas saved with results 0 and "")', () => {
  it('reads the result 0 as 0 and the empty result as blank', async () => {
    const [t] = (await readWorkbook(fixture('formula-result-zero.xlsx'))).sheets;
    expect(cellAt(t, 1, 6)).toEqual({ t: 'number', v: 0 }); // G2 =SUM(D2:F2) → 0
    expect(cellAt(t, 1, 7)).toEqual({ t: 'empty' }); // H2 =IF(ISBLANK(J2),"",J2) → ""
  });

  it('imports 初中在校生数 as 0, leaves 室内体育馆面积 missing, and says nothing about unsaved formulas', async () => {
    const r = await parseStatsFile(fixture('formula-result-zero.xlsx'), 'formula-result-zero.xlsx', { year: 2025 });
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].values.pupilsJunior).toBe(0);
    expect('gymArea' in r.rows[0].values).toBe(false);
  });
});

describe('formula-result-zero-and-empty.xlsx (the same, saved by LibreOffice)', () => {
  it('reads results 860, 0, 0 and "" from the formulas, and the rich-text headers as plain text', async () => {
    const [t] = (await readWorkbook(fixture('formula-result-zero-and-empty.xlsx'))).sheets;
    expect(cellAt(t, 0, 3)).toEqual({ t: 'text', v: '1年级学生数（人）' });
    expect([12, 13, 15].map((c) => cellAt(t, 1, c))).toEqual([
      { t: 'number', v: 860 },
      { t: 'number', v: 0 },
      { t: 'number', v: 0 },
    ]);
    expect(cellAt(t, 1, 16)).toEqual({ t: 'empty' });
    expect(t.formulaCells).toEqual(new Set([1 * 16384 + 12, 1 * 16384 + 13, 1 * 16384 + 15]));
  });

  it('imports the zeros as zeros and the empty result as missing, without errors', async () => {
    const r = await parseStatsFile(fixture('formula-result-zero-and-empty.xlsx'), 'formula-result-zero-and-empty.xlsx', { year: 2025 });
    expect(r.errors).toEqual([]);
    expect(r.rows[0].values).toMatchObject({ pupilsPrimary: 860, pupilsJunior: 0, gymArea: 0, sportsGroundArea: 5970 });
    expect('teachingAuxArea' in r.rows[0].values).toBe(false);
  });
});

describe('hidden-row-total-row-hidden-sheet.xlsx', () => {
  it('marks the hidden row and the hidden sheet, and keeps the 合计 row for the importer to judge', async () => {
    const { sheets } = await readWorkbook(fixture('hidden-row-total-row-hidden-sheet.xlsx'));
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['学校统计', false],
      ['2024备份', true],
    ]);
    const t = sheets[0];
    expect(t.hiddenRows).toEqual(new Set([2]));
    expect(cellAt(t, 2, 2)).toEqual({ t: 'text', v: '柳林乡河湾小学' });
    expect(t.rows).toHaveLength(5);
    expect(cellAt(t, 4, 2)).toEqual({ t: 'text', v: '合计' });
    expect(cellAt(t, 4, 4)).toEqual({ t: 'number', v: 1583 });
  });
});
