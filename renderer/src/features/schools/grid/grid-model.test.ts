import { describe, expect, it } from 'vitest';
import type { StatRecord } from '../../../../../shared/api/contracts/statistics';
import { STAT_FIELD_BY_KEY } from '../../../../../shared/domain/schools/statistics-fields';
import {
  buildRows,
  campusOnlySchools,
  cellIssue,
  changedRows,
  copyPreviousYear,
  fieldApplies,
  gridIssues,
  ignoredPaste,
  ignoredPasteMessage,
  pasteTargets,
  readOnlyReason,
  rowValues,
  type GridSchool,
} from './grid-model';

const SCHOOLS: GridSchool[] = [
  { id: 1, name: '桃源小学', type: '小学', status: '在办', closedOn: null },
  { id: 2, name: '城关初中', type: '初中', status: '在办', closedOn: null },
  { id: 3, name: '白沙小学', type: '小学', status: '撤并', closedOn: '2024-07-01' },
  { id: 4, name: '安仁小学', type: '小学', status: '撤并', closedOn: '2024-07-01' },
  // Closed in the autumn of 2025: still in that year's census.
  { id: 5, name: '青石小学', type: '小学', status: '撤并', closedOn: '2025-10-15' },
];
const rec = (schoolId: number, year: number, values: StatRecord['values'], campusId: number | null = null): StatRecord => ({ schoolId, campusId, year, values, updatedAt: '2025-01-01T00:00:00Z' });
const def = (k: string) => STAT_FIELD_BY_KEY.get(k)!;

describe('year grid rows', () => {
  it('lists schools in operation and closed ones with a record, in pinyin order, values as cell text', () => {
    const rows = buildRows(SCHOOLS, [rec(1, 2025, { pupilsPrimary: 800, classSizesPrimary: [40, 41], equipmentValue: 1833700 }), rec(4, 2025, { books: 10 }), rec(1, 2025, { pupilsPrimary: 1 }, 9)], 2025);
    // 安仁 (an) < 城关 (cheng) < 青石 (qing) < 桃源 (tao); 白沙 closed before the year and has no
    // record; 青石 closed in October 2025 and is still in the 2025 census, as in the balance.
    expect(rows.map((r) => r._id)).toEqual(['4', '2', '5', '1']);
    const taoyuan = rows[3];
    expect(taoyuan.pupilsPrimary).toBe('800');
    expect(taoyuan.classSizesPrimary).toBe('40,41');
    expect(taoyuan.equipmentValue).toBe('1833700');
    expect(taoyuan.books).toBeNull();
  });

  it('asks only the fields of the sections a type runs, unless a value is stored', () => {
    expect(fieldApplies('小学', def('pupilsJunior'), null)).toBe(false);
    expect(fieldApplies('小学', def('pupilsJunior'), '12')).toBe(true);
    expect(fieldApplies('小学', def('pupilsPrimary'), null)).toBe(true);
    expect(fieldApplies('初中', def('books'), null)).toBe(true);
    expect(fieldApplies('九年一贯制', def('pupilsJunior'), null)).toBe(true);
  });

  it('marks refused cells with the shared message and leaves them out of the values', () => {
    const [row] = buildRows([SCHOOLS[0]], [], 2025);
    row.pupilsPrimary = '-5';
    row.books = '1,200';
    row.computers = '八十';
    row.classSizesPrimary = '45、43';
    expect(cellIssue(def('pupilsPrimary'), row.pupilsPrimary)).toBe('“小学在校生数”不能为负数（填写的是 -5）');
    expect(rowValues(row)).toEqual({ books: 1200, classSizesPrimary: [45, 43] });
    expect(gridIssues([row], new Map([[1, '桃源小学']]))).toEqual([
      { schoolId: 1, schoolName: '桃源小学', field: 'pupilsPrimary', label: '小学在校生数', message: '“小学在校生数”不能为负数（填写的是 -5）' },
      { schoolId: 1, schoolName: '桃源小学', field: 'computers', label: '计算机台数', message: '“计算机台数”填写的“八十”不是数字' },
    ]);
  });

  it('finds the rows changed since loading, ignoring spaces around a value', () => {
    const rows = buildRows(SCHOOLS.slice(0, 2), [rec(1, 2025, { books: 10 })], 2025);
    const original = new Map(rows.map((r) => [r._id, { ...r }]));
    const edited = rows.map((r) => (r._id === '1' ? { ...r, books: ' 10 ' } : r));
    expect(changedRows(edited, original)).toEqual([]);
    const edited2 = rows.map((r) => (r._id === '2' ? { ...r, books: '5' } : r));
    expect(changedRows(edited2, original).map((r) => r._id)).toEqual(['2']);
  });

  it('finds schools recorded per campus only', () => {
    expect([...campusOnlySchools([rec(1, 2025, { books: 1 }, 11), rec(2, 2025, { books: 1 }, 21), rec(2, 2025, { books: 3 })])]).toEqual([1]);
  });

  it('copies last year into the empty rows of schools without a record, and nowhere else', () => {
    const rows = buildRows(SCHOOLS.slice(0, 2), [rec(1, 2025, { books: 10 })], 2025);
    const previous = [rec(1, 2024, { books: 9 }), rec(2, 2024, { pupilsJunior: 300, classSizesJunior: [50, 49] })];
    const { rows: next, copied } = copyPreviousYear(rows, new Set([1]), previous);
    expect(copied).toEqual([2]);
    const city = next.find((r) => r._id === '2')!;
    expect(city.pupilsJunior).toBe('300');
    expect(city.classSizesJunior).toBe('50,49');
    expect(next.find((r) => r._id === '1')!.books).toBe('10');
    // A row the user already started is not overwritten.
    const started = rows.map((r) => (r._id === '2' ? { ...r, books: '1' } : r));
    expect(copyPreviousYear(started, new Set([1]), previous).copied).toEqual([]);
  });
});

describe('pasting onto read-only cells', () => {
  it('says why a cell is read-only: a field the type does not have, a school recorded per campus', () => {
    const school = { name: '桃源小学', type: '小学' as const };
    expect(readOnlyReason(school, def('pupilsJunior'), false, null)).toBe('小学不填初中在校生数');
    expect(readOnlyReason(school, def('pupilsPrimary'), false, null)).toBeNull();
    // A stored value of a field the type lacks stays editable, so it can be cleared.
    expect(readOnlyReason(school, def('pupilsJunior'), false, '5')).toBeNull();
    expect(readOnlyReason(school, def('pupilsPrimary'), true, null)).toBe('桃源小学本年按校区填报，请在该校的“统计数据”页修改');
  });

  it('finds the cells a block paste writes, stopping at the last row and column', () => {
    const data = [['1', '2'], ['3', '4'], ['5', '6']];
    expect(pasteTargets(data, { row: 1, col: 3 }, { row: 1, col: 3 }, 3, 4)).toEqual([
      { row: 1, col: 3, text: '1' },
      { row: 2, col: 3, text: '3' },
    ]);
  });

  it('fills every selected row with a single pasted row', () => {
    expect(pasteTargets([['7', '8']], { row: 0, col: 0 }, { row: 2, col: 1 }, 5, 5)).toEqual([
      { row: 0, col: 0, text: '7' },
      { row: 0, col: 1, text: '8' },
      { row: 1, col: 0, text: '7' },
      { row: 1, col: 1, text: '8' },
      { row: 2, col: 0, text: '7' },
      { row: 2, col: 1, text: '8' },
    ]);
  });

  it('counts the values that land on read-only cells (not blank ones) and names each reason once', () => {
    const targets = pasteTargets([['800', '50'], ['700', '60'], ['600', ' '], ['', '9']], { row: 0, col: 0 }, { row: 0, col: 0 }, 4, 2);
    // Column 1 is read-only in rows 0, 2 and 3 (小学), column 0 in row 1 (初中).
    const reason = ({ row, col }: { row: number; col: number }) => (row === 1 ? (col === 0 ? '初中不填小学在校生数' : null) : col === 1 ? '小学不填初中在校生数' : null);
    const ignored = ignoredPaste(targets, reason);
    expect(ignored).toEqual({ count: 3, reasons: ['小学不填初中在校生数', '初中不填小学在校生数'] });
    expect(ignoredPasteMessage(ignored)).toBe('3 个值粘贴到不适用的单元格，已忽略：小学不填初中在校生数；初中不填小学在校生数');
    expect(ignoredPasteMessage({ count: 0, reasons: [] })).toBeNull();
    expect(ignoredPasteMessage({ count: 5, reasons: ['甲', '乙', '丙', '丁'] })).toBe('5 个值粘贴到不适用的单元格，已忽略：甲；乙；丙 等');
  });
});
