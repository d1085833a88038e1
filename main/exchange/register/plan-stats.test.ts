import { describe, expect, it } from 'vitest';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import type { ParsedStatsRow } from './parse-stats';
import { planStatsImport } from './plan-stats';
import { campus, school } from './test-fixtures';

const schools = [
  school(1, '4101000001', '城关第一小学', { campuses: [campus(11, 1, '本部'), campus(12, 1, '北校区')] }),
  school(2, null, '河口小学'),
];

const COLS = {
  schoolCode: { column: 'A', label: '学校标识码' },
  schoolName: { column: 'B', label: '学校名称' },
  campusName: { column: 'C', label: '校区' },
  pupilsPrimary: { column: 'E', label: '小学在校生数（人）' },
  teachingAuxArea: { column: 'F', label: '教学及辅助用房面积（平方米）' },
};

function row(n: number, who: Partial<ParsedStatsRow>, values: ParsedStatsRow['values']): ParsedStatsRow {
  return { sheet: '学校统计', row: n, schoolCode: null, schoolName: '', campusName: null, year: 2024, values, columns: COLS, hidden: false, derived: [], ...who };
}

const rec = (schoolId: number, campusId: number | null, year: number, values: StatRecord['values']): StatRecord => ({ schoolId, campusId, year, values, updatedAt: '' });

describe('planStatsImport', () => {
  it('matches by code, else name, and by campus; merges over stored values', () => {
    const current = [rec(1, null, 2024, { pupilsPrimary: 1000, books: 20000 }), rec(1, 12, 2024, { pupilsPrimary: 200 })];
    const plan = planStatsImport(
      [
        row(2, { schoolCode: '4101000001', schoolName: '城关第一小学' }, { pupilsPrimary: 1010 }),
        row(3, { schoolCode: '4101000001', campusName: '北校区' }, { pupilsPrimary: 200 }),
        row(4, { schoolName: '河口小学' }, { pupilsPrimary: 90, teachingAuxArea: 800 }),
        row(5, { schoolCode: '4101000001', campusName: '本部' }, {}),
      ],
      { schools, current, previousYear: [] },
      '统计表.xlsx',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => [r.label, r.status])).toEqual([
      ['城关第一小学', 'changed'],
      ['城关第一小学（北校区）', 'unchanged'],
      ['河口小学', 'new'],
      ['城关第一小学（本部）', 'unchanged'],
    ]);
    expect(plan.rows[0].changes).toEqual([{ field: 'pupilsPrimary', label: '小学在校生数', before: 1000, after: 1010 }]);
    expect(plan.ops).toEqual([
      { schoolId: 1, campusId: null, year: 2024, values: { pupilsPrimary: 1010, books: 20000 }, sheet: '学校统计', row: 2 },
      { schoolId: 2, campusId: null, year: 2024, values: { pupilsPrimary: 90, teachingAuxArea: 800 }, sheet: '学校统计', row: 4 },
    ]);
  });

  it('compares list fields by content', () => {
    const current = [rec(1, null, 2024, { classSizesPrimary: [45, 43] })];
    const same = planStatsImport([row(2, { schoolCode: '4101000001' }, { classSizesPrimary: [45, 43] })], { schools, current, previousYear: [] }, 'a.xlsx');
    expect(same.rows[0].status).toBe('unchanged');
    const other = planStatsImport([row(2, { schoolCode: '4101000001' }, { classSizesPrimary: [45, 44] })], { schools, current, previousYear: [] }, 'a.xlsx');
    expect(other.rows[0].status).toBe('changed');
  });

  it('reports unknown schools and campuses and a school+campus given twice', () => {
    const plan = planStatsImport(
      [
        row(2, { schoolCode: '4101000099', schoolName: '不存在小学' }, { pupilsPrimary: 1 }),
        row(3, { schoolName: '不存在中学' }, { pupilsPrimary: 1 }),
        row(4, { schoolCode: '4101000001', campusName: '南校区' }, { pupilsPrimary: 1 }),
        row(5, { schoolName: '河口小学', campusName: '本部' }, { pupilsPrimary: 1 }),
        row(6, { schoolCode: '4101000001', campusName: '北校区' }, { pupilsPrimary: 1 }),
        row(7, { schoolName: '城关第一小学', campusName: '北校区' }, { pupilsPrimary: 2 }),
      ],
      { schools, current: [], previousYear: [] },
      '统计表.xlsx',
    );
    const at = '统计表.xlsx 工作表“学校统计”';
    expect(plan.errors.map((e) => e.message)).toEqual([
      `${at}第 2 行 A 列（学校标识码）：学校名册中没有标识码为 4101000099 的学校（本行学校名称为“不存在小学”），请先在学校名册中登记`,
      `${at}第 3 行 B 列（学校名称）：学校名册中没有名为“不存在中学”的学校，请核对名称或先在学校名册中登记`,
      `${at}第 4 行 C 列（校区）：“城关第一小学”没有名为“南校区”的校区，已登记的校区有：“本部”、“北校区”`,
      `${at}第 5 行 C 列（校区）：“河口小学”没有名为“本部”的校区，该校尚未登记任何校区`,
      `${at}第 7 行 B 列（学校名称）：“城关第一小学”“北校区”校区 2024 年的数据与第 6 行重复`,
    ]);
  });

  it('warns when the name disagrees with the code, and on implausible figures, pointing at the column', () => {
    const previousYear = [rec(1, null, 2023, { pupilsPrimary: 1000, teachingAuxArea: 5000 })];
    const plan = planStatsImport(
      [row(2, { schoolCode: '4101000001', schoolName: '城关一小' }, { pupilsPrimary: 1400, teachingAuxArea: 4000 })],
      { schools, current: [], previousYear },
      '统计表.xlsx',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.warnings.map((w) => w.message)).toEqual([
      '统计表.xlsx 工作表“学校统计”第 2 行 B 列（学校名称）：学校名称“城关一小”与名册中标识码 4101000001 的学校“城关第一小学”不一致，已按标识码匹配',
      '统计表.xlsx 工作表“学校统计”第 2 行 E 列（小学在校生数（人））：小学在校生数由上一年的 1000 人变为 1400 人，增加了 40.0%，超过 30%，请核实',
      '统计表.xlsx 工作表“学校统计”第 2 行 F 列（教学及辅助用房面积（平方米））：教学及辅助用房面积由上一年的 5000 平方米减少为 4000 平方米，请核实（是否填错单位）',
    ]);
    expect(plan.ops).toHaveLength(1);
  });
});
